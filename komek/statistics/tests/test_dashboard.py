"""The centre's indicators, the dashboard, small-count suppression and the advocacy
figures computed from data."""

import re
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from komek.cases.services import case_open
from komek.core import indicators
from komek.core.indicators import Indicator, Placement, Result, Scope
from komek.core.roles import Role
from komek.hotline.services import contact_log, topic_create
from komek.partners import demo as partners_demo
from komek.people.services import person_create
from komek.statistics import demo
from komek.statistics.dashboard import Breakdown, previous_period
from komek.statistics.disclosure import suppress
from komek.statistics.forms import quarter_of

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")


def quarter() -> Scope:
    """A new scope each time: a scope keeps the figures computed over it (its memo)."""
    return Scope(start=date(2026, 1, 1), end=date(2026, 3, 31))


def at(day: int, month: int = 2) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=ALMATY)


@pytest.fixture
def contacts(office, other_office, make_staff):
    """Seven contacts in the first quarter of 2026 (one anonymous, one in another office,
    two by the same woman) and one in December 2025."""
    operator = make_staff(Role.HOTLINE_OPERATOR)
    wages = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    documents = topic_create(created_by=None, code="docs", name_ru="Документы")
    aziza = person_create(
        created_by=None,
        office=office,
        given_name="Азиза",
        sex="F",
        citizenship="UZ",
        born_year=1990,
    )
    bakhrom = person_create(
        created_by=None,
        office=office,
        given_name="Бахром",
        sex="M",
        citizenship="TJ",
        born_year=2010,
    )
    aibek = person_create(
        created_by=None, office=office, given_name="Айбек", sex="M", citizenship="KG"
    )

    def log(person, when, channel="call", topics=(), contact_office=None):
        contact = contact_log(
            operator=operator,
            submission_key=uuid.uuid4(),
            person=person,
            channel=channel,
            outcome="answered",
            topics=list(topics),
            caller_phone="" if person else "+77010000000",
        )
        contact.at = when
        contact.office = contact_office or office
        contact.save(update_fields=["at", "office"])
        return contact

    log(aziza, at(1), topics=[wages, documents])
    log(aziza, at(2), channel="walk_in", topics=[wages])
    log(bakhrom, at(3), channel="walk_in")
    log(aibek, at(4), channel="message")
    log(None, at(5))
    log(aibek, at(6), contact_office=other_office)
    log(aziza, at(7, month=3))
    log(aziza, datetime(2025, 12, 20, 10, tzinfo=ALMATY))
    return {"office": office, "other_office": other_office, "wages": wages, "aziza": aziza}


def figures(code, scope=None, by=None) -> dict:
    result = indicators.evaluate(indicators.get(code), scope or quarter(), by)
    return {part.key: part.value for part in result.parts} if by else result.total


def test_contacts_by_every_dimension(contacts):
    assert figures("contacts") == 7
    assert figures("contacts", by="channel") == {"call": 4, "walk_in": 2, "message": 1}
    assert figures("contacts", by="sex") == {"F": 3, "M": 3, "": 1}
    assert figures("contacts", by="citizenship") == {"UZ": 3, "KG": 2, "TJ": 1, "": 1}
    assert figures("contacts", by="age_group") == {"30-44": 3, "0-17": 1, "": 3}
    assert figures("contacts", by="month") == {"2026-02": 6, "2026-03": 1}
    wages = str(contacts["wages"].pk)
    assert figures("contacts", by="topic")[wages] == 2


def test_people_served_and_repeat_contacts(contacts):
    assert figures("people_served") == 3
    assert figures("repeat_contacts") == 3
    assert figures("people_served", by="sex") == {"F": 1, "M": 2}


def test_an_office_sees_its_own_figures(contacts):
    scope = Scope(start=quarter().start, end=quarter().end, offices=(contacts["other_office"].pk,))
    assert figures("contacts", scope) == 1


def test_topic_shares_are_of_all_contacts_since_a_contact_may_have_two_topics(contacts):
    result = indicators.evaluate(indicators.get("contacts"), quarter(), "topic")
    assert result.total == 7
    assert [part.share for part in result.parts] == [round(2 / 7, 4), round(1 / 7, 4)]


def test_cases_opened_and_closed(contacts, office, make_staff):
    lawyer = make_staff(Role.LAWYER)
    case = case_open(
        opened_by=lawyer,
        client=contacts["aziza"],
        kind="legal",
        category=contacts["wages"],
        title="Зарплата",
    )
    case.opened_at = at(10)
    case.closed_at, case.outcome, case.amount_recovered = at(20), "wages", 150000
    case.save()
    assert figures("cases_opened", by="category") == {str(contacts["wages"].pk): 1}
    assert figures("cases_closed", by="outcome") == {"wages": 1}
    assert figures("amount_recovered") == 150000


def test_small_counts_are_hidden_with_the_cell_that_would_give_them_away():
    result = indicators.evaluate(
        indicators.Indicator(
            code="probe",
            name="probe",
            description="",
            computation="",
            breakdowns=("sex",),
            compute=lambda scope, by: {"F": 40, "M": 12, "X": 3},
        ),
        Scope(),
        "sex",
    )
    hidden = suppress(result)
    assert [part.value for part in hidden.parts] == [40, None, None]
    assert hidden.total == 55


def test_previous_period_is_as_long():
    assert previous_period(date(2026, 4, 1), date(2026, 6, 30)) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert previous_period(date(2026, 3, 10), date(2026, 3, 19)) == (
        date(2026, 2, 28),
        date(2026, 3, 9),
    )


def test_dashboard_shows_figures_charts_and_the_previous_period(client_for, contacts, make_staff):
    coordinator = make_staff(Role.COORDINATOR)
    page = client_for(coordinator).get(
        reverse("statistics:dashboard"),
        {"start": "2026-01-01", "end": "2026-03-31", "office": contacts["office"].pk},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 5
    assert "Узбекистан" in html
    # Six contacts in this office this quarter, one in the previous quarter.
    headline = page.context["headline"][0]
    assert (headline.value, headline.previous, headline.change) == (6, 1, 500.0)


def test_an_average_over_no_one_is_no_figure_rather_than_0_or_a_hidden_count(
    client_for, contacts, make_staff
):
    page = client_for(make_staff(Role.COORDINATOR)).get(
        reverse("statistics:dashboard"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    gain = next(f for f in page.context["headline"] if f.indicator.code.endswith("knowledge_gain"))
    assert (gain.value, gain.previous, gain.change) == (None, None, None)
    card = re.search(
        rf'{re.escape(gain.name)}</div>\s*<div class="fs-4 fw-semibold">(.*?)</div>\s*'
        r'<div class="small">[^:]*: (.*?)</div>',
        page.content.decode(),
    )
    assert card.groups() == ("—", "—")


@pytest.mark.parametrize(
    "start,end,refusal",
    [
        ("1100-01-01", "2026-03-31", "Период начинается не раньше 01.01.1991."),
        ("2000-01-01", "2026-03-31", "Период охватывает не более 20 лет."),
    ],
)
def test_a_period_of_centuries_is_refused_and_counts_nothing(
    client_for, contacts, make_staff, start, end, refusal
):
    from komek.hotline.models import TalliedDay

    page = client_for(make_staff(Role.COORDINATOR)).get(
        reverse("statistics:dashboard"),
        {"start": start, "end": end, "office": contacts["office"].pk},
    )
    assert page.status_code == 200
    assert refusal in page.content.decode()
    first_contact = min(TalliedDay.objects.values_list("day", flat=True), default=None)
    assert first_contact is None or first_contact.year >= 2025


def test_roles_without_access_to_people_see_small_counts_hidden(client_for, contacts, make_staff):
    administrator = make_staff(Role.ADMINISTRATOR)
    page = client_for(administrator).get(
        reverse("statistics:dashboard"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    assert page.status_code == 200
    assert page.context["aggregates_only"]
    channel = next(b for b in page.context["breakdowns"] if b.result.by == "channel")
    assert all(part.value is None for part in channel.result.parts)
    assert "&lt; 5" in page.content.decode()


@pytest.fixture
def trainings():
    """An indicator of a module the dashboard has never heard of, registered for the test
    only, as a module's ``AppConfig.ready()`` would."""
    indicator = Indicator(
        code="officials_trained",
        name="Обучено госслужащих",
        description="",
        computation="",
        breakdowns=("month",),
        compute=lambda scope, by: {"2026-02": 12, "2026-03": 30} if by else {"": 42},
        placement=Placement(order=85, headline=True, charts=("month",)),
    )
    indicators.register(indicator)
    yield indicator
    indicators.unregister(indicator.code)


def test_a_module_appears_on_the_dashboard_by_registering_a_placed_indicator(
    client_for, contacts, make_staff, trainings
):
    page = client_for(make_staff(Role.COORDINATOR)).get(
        reverse("statistics:dashboard"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    names = [figure.name for figure in page.context["headline"]]
    assert names[-2:] == ["Взыскано зарплат и компенсаций, тенге", "Обучено госслужащих"]
    assert page.context["headline"][-1].value == 42
    (chart,) = [b for b in page.context["breakdowns"] if b.result.indicator == trainings]
    assert [(part.key, part.value) for part in chart.result.parts] == [
        ("2026-02", 12),
        ("2026-03", 30),
    ]
    assert 'id="officials_trained-month-heading"' in page.content.decode()


def test_an_indicator_without_a_placement_stays_off_the_dashboard(client_for, contacts, make_staff):
    page = client_for(make_staff(Role.COORDINATOR)).get(
        reverse("statistics:dashboard"), {"start": "2026-01-01", "end": "2026-03-31"}
    )
    charted = {b.result.indicator.code for b in page.context["breakdowns"]}
    headline = {figure.name for figure in page.context["headline"]}
    median = indicators.get("median_days_to_answer")
    assert median.code not in charted
    assert str(median.name) not in headline


def test_a_coordinator_cannot_see_another_office(client_for, contacts, make_staff):
    coordinator = make_staff(Role.COORDINATOR)
    page = client_for(coordinator).get(
        reverse("statistics:dashboard"),
        {"start": "2026-01-01", "end": "2026-03-31", "office": contacts["other_office"].pk},
    )
    assert "office" in page.context["form"].errors


def test_advocacy_states_the_seed_from_data_alone(client_for, make_staff):
    partners_demo.seed()
    demo.seed()
    page = client_for(make_staff(Role.COORDINATOR)).get(reverse("statistics:advocacy"))
    html = " ".join(page.content.decode().replace("\xa0", " ").split())
    assert "Узбекистан: 70,5 % зарегистрированных" in html
    assert "18 875 из 26 770" in html
    assert "г. Астана: нет консульского учреждения страны Узбекистан." in html
    figures = page.context["territories"][0]
    uzbekistan = figures.citizenships[0]
    assert (uzbekistan.country, uzbekistan.offices_here) == ("UZ", [])
    assert uzbekistan.cities_elsewhere == ["Алматы"]
    tajikistan = next(row for row in figures.citizenships if row.country == "TJ")
    assert tajikistan.offices_here and tajikistan.per_office == 256


def test_advocacy_shows_how_long_each_partner_of_the_demo_takes_to_answer(client_for, make_staff):
    from komek.accounts import demo as accounts_demo
    from komek.cases import demo as cases_demo
    from komek.hotline import demo as hotline_demo
    from komek.people import demo as people_demo

    for module in (accounts_demo, partners_demo, people_demo, hotline_demo, cases_demo):
        module.seed()
    page = client_for(make_staff(Role.COORDINATOR)).get(reverse("statistics:advocacy"))
    rows = {(row.partner, row.city): row for row in page.context["partners"]}
    embassy = rows["Посольство Республики Узбекистан (консульский приём в Алматы)", "Алматы"]
    assert (embassy.sent, embassy.median_days) == (6, 38.5)
    medians = [row.median_days or 0 for row in page.context["partners"]]
    assert medians == sorted(medians, reverse=True)
    assert (
        f'<td>Алматы</td><td class="text-end">6</td><td class="text-end">{embassy.answered}</td>'
        '<td class="text-end">38,5</td>' in page.content.decode()
    )


def test_the_dashboard_shows_official_tables_for_the_office_city(client_for, office, make_staff):
    demo.seed()
    coordinator = make_staff(Role.COORDINATOR)
    page = client_for(coordinator).get(
        reverse("statistics:dashboard"),
        {"start": "2013-01-01", "end": "2013-12-31", "office": office.pk},
    )
    (official,) = page.context["official"]
    assert [part.key for part in official.result.parts] == ["UZ", "KG", "TJ"]
    assert official.result.total == 26770


def test_quarters():
    assert quarter_of(date(2026, 11, 25)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(date(2026, 2, 10)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_a_chart_split_by_a_header_with_spaces_and_quotes_has_a_one_word_id():
    by = 'the "kind" of it'
    shapes = Indicator(
        code="shapes",
        name="Shapes",
        description="",
        computation="",
        breakdowns=(by,),
        compute=lambda scope, by: {},
    )
    chart_id = Breakdown(
        result=Result(indicator=shapes, by=by, parts=[], total=0), title="", chart=None
    ).chart_id
    assert re.fullmatch(r"shapes-the--kind--of-it-[0-9a-f]{8}", chart_id)
