"""Advocacy says exactly what the data says: a statement names its table's population,
period and age; a table like one already imported is offered as its new version; a
withdrawn table feeds nothing; and "answered", "sent" and "no answer in 30 days" are the
same figures, rounded the same way, on every page that shows them."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.cases.models import Referral
from komek.cases.services import case_open
from komek.core import indicators
from komek.core.indicators import Scope
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.partners.services import partner_create
from komek.people.services import person_create
from komek.statistics import advocacy, demo
from komek.statistics import indicators as statistics_indicators
from komek.statistics.disclosure import suppress
from komek.statistics.models import Dataset, StagedTable

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(response.content.decode().replace("\xa0", " ").split())


@pytest.fixture
def seeded(db):
    demo.seed()
    return Dataset.objects.get(code=demo.DATASET)


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_the_statement_names_the_tables_population_period_and_age(client_for, coordinator, seeded):
    page = text_of(client_for(coordinator).get(reverse("statistics:advocacy")))
    assert (
        "Узбекистан: 70,5 % зарегистрированных граждан стран (Узбекистан, Кыргызстан и "
        "Таджикистан) — г. Астана, 18 875 из 26 770; данные 2013 года, 12 лет назад." in page
    )
    assert "% зарегистрированных иностранных граждан" not in page
    with translation.override("en"):
        figures = advocacy.registration_figures(Scope())[0]
        assert figures.population_text() == "Uzbekistan, Kyrgyzstan and Tajikistan"
        assert figures.data_age_text() == "data of 2013, 12 years old"


def test_a_table_of_many_citizenships_counts_them_rather_than_listing_them(seeded):
    figures = advocacy.registration_figures(Scope())[0]
    many = advocacy.TerritoryFigures(
        **{**figures.__dict__, "population": ["UZ", "KG", "TJ", "TM", "AF", "RU"]}
    )
    with translation.override("en"):
        assert many.population_text() == "the 6 countries in the table"


def test_a_withdrawn_dataset_feeds_nothing_but_stays_viewable(client_for, coordinator, seeded):
    client = client_for(coordinator)
    url = reverse("statistics:withdraw", args=[seeded.code])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    seeded.refresh_from_db()
    assert not seeded.is_withdrawn

    assert client.post(url, {"reason": "Год в источнике не указан"}).status_code == 302
    seeded.refresh_from_db()
    assert seeded.is_withdrawn and seeded.withdrawn_by == coordinator
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, object_id=str(seeded.pk), detail="dataset withdrawn"
    ).exists()
    assert advocacy.registration_figures(Scope()) == []
    assert seeded.code not in [i.code for i in statistics_indicators.datasets()]
    assert "18 875" not in text_of(client.get(reverse("statistics:advocacy")))
    dashboard = client.get(
        reverse("statistics:dashboard"), {"start": "2013-01-01", "end": "2013-12-31"}
    )
    assert dashboard.context["official"] == []
    detail = text_of(client.get(reverse("statistics:dataset", args=[seeded.code])))
    assert "Год в источнике не указан" in detail and "18 875" in detail


def test_only_a_statistics_manager_withdraws_a_dataset(client_for, make_staff, seeded):
    lawyer = client_for(make_staff(Role.LAWYER))
    response = lawyer.post(
        reverse("statistics:withdraw", args=[seeded.code]), {"reason": "не нравится"}
    )
    assert response.status_code == 403
    seeded.refresh_from_db()
    assert not seeded.is_withdrawn


MAPPING = {
    f"column_{i}": role
    for i, role in enumerate(["period_from", "period_to", "territory", "citizenship", "value"])
}


def upload(client, *, code: str, title: str):
    return client.post(
        reverse("statistics:upload"),
        {
            "file": SimpleUploadedFile("t.csv", demo.FIXTURE.read_bytes()),
            "code": code,
            "title": title,
            "measure": "registered",
        },
    )


def test_a_table_like_an_imported_dataset_is_offered_as_its_new_version(
    client_for, coordinator, seeded, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "komek.statistics.services.jobs.enqueue", lambda task, job: queued.append(job)
    )
    client = client_for(coordinator)
    preview_url = upload(client, code="astana_2", title=demo.TITLE)["Location"]
    preview = client.get(preview_url)
    assert [code for code, _label in preview.context["target"].fields["target"].choices] == [
        demo.DATASET,
        "astana_2",
    ]
    assert "похожа на уже импортированный набор" in text_of(preview)
    # The user chooses: an import without the choice is refused.
    unchosen = client.post(preview_url, {**MAPPING, "import": "1"})
    assert unchosen.status_code == 400 and not queued
    chosen = client.post(preview_url, {**MAPPING, "import": "1", "target": demo.DATASET})
    assert chosen.status_code == 302
    assert StagedTable.objects.get().dataset_code == demo.DATASET


def test_a_table_under_its_datasets_code_or_unlike_any_is_not_asked_about(
    client_for, coordinator, seeded
):
    client = client_for(coordinator)
    for code, title in ((demo.DATASET, "Другое название"), ("other", "Совсем другая таблица")):
        preview = client.get(upload(client, code=code, title=title)["Location"])
        assert preview.context["target"] is None


@pytest.fixture
def referrals(office, make_staff):
    """Seven referrals to one embassy in the first quarter of 2026, five answered (two of
    them after more than 30 days), and one sent in December 2025, answered in January."""
    lawyer = make_staff(Role.LAWYER)
    client = person_create(created_by=None, office=office, given_name="Шерзод")
    topic = topic_create(created_by=None, code="docs", name_ru="Документы")
    case = case_open(opened_by=lawyer, client=client, kind="legal", category=topic, title="П")
    embassy = partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Узбекистан",
        kind="embassy",
        country="UZ",
        city="Астана",
    )
    sent_and_delays = [(date(2025, 12, 20), 21)] + [
        (date(2026, 1, 5) + timedelta(days=index), delay)
        for index, delay in enumerate([3, 10, 20, 45, 60, None, None])
    ]
    for sent, delay in sent_and_delays:
        Referral.objects.create(
            case=case,
            partner=embassy,
            request="passport",
            channel="letter",
            status="answered" if delay else "sent",
            sent_on=sent,
            expected_by=sent + timedelta(days=14),
            sent_by=lawyer,
            answered_on=sent + timedelta(days=delay) if delay else None,
        )
    return embassy


QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_sent_answered_and_unanswered_are_the_same_figures_on_every_page(
    client_for, coordinator, referrals, office
):
    client = client_for(coordinator)
    # All time: the response-times page and the advocacy page.
    evidence = client.get(reverse("cases:evidence"))
    (row,) = evidence.context["partners"]
    advocacy_page = client.get(reverse("statistics:advocacy"))
    (advocated,) = advocacy_page.context["partners"]
    assert (row.sent, row.answered) == (advocated.sent, advocated.answered) == (8, 6)
    # No answer within 30 days: 4 of 8 (two late, two never), one text on both pages.
    assert row.unanswered_30d_share == advocated.unanswered_30d_share == 0.5
    for page in (evidence, advocacy_page):
        assert '<td class="text-end">50,0 %</td>' in text_of(page)

    # The first quarter: "answered 5 of 7" is of the seven sent in it, on the response-times
    # page, the dashboard and in reports (the answer in January to December's is not one).
    (in_quarter,) = client.get(reverse("cases:evidence"), QUARTER).context["partners"]
    dashboard = client.get(reverse("statistics:dashboard"), {**QUARTER, "office": office.pk})
    headline = {figure.name: figure.value for figure in dashboard.context["headline"]}
    quarter = Scope(start=date(2026, 1, 1), end=date(2026, 3, 31))
    sent, answered = (
        indicators.evaluate(indicators.get(code), quarter).total
        for code in ("referrals_sent", "referrals_answered")
    )
    assert (in_quarter.sent, in_quarter.answered) == (sent, answered) == (7, 5)
    assert (headline["Отправлено запросов партнёрам"], headline["Получено ответов на запросы"]) == (
        7,
        5,
    )
    assert in_quarter.unanswered_30d_share == 0.571
    assert "57,1 %" in text_of(client.get(reverse("cases:evidence"), QUARTER))


def test_a_share_or_a_median_is_not_hidden_as_a_small_count(referrals):
    """A share of 0.571 and a median of 15 days are no count of people: an external report
    shows them (it used to print "< 5" for every share)."""
    quarter = Scope(start=date(2026, 1, 1), end=date(2026, 6, 30))
    share = indicators.evaluate(indicators.get("unanswered_in_30_days"), quarter, "partner")
    assert share.parts[0].value == 0.571
    assert suppress(share) == share
