"""The rule pages: who may open and change what, forms that refuse wrong input without
writing, and the list of people to call back after a rule changed, scoped to what the
user may see."""

from datetime import date

import pytest
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.conftest import make_user
from komek.core.roles import Role
from komek.navigator import affected, editing
from komek.navigator.models import CalendarDay, DayKind, GroupMember, Rule, RuleKind
from komek.navigator.tests.rule_data import make_advice, make_rule, ours
from komek.people.services import person_assign, person_create

pytestmark = pytest.mark.django_db

CASEWORK = [Role.HOTLINE_OPERATOR, Role.LAWYER, Role.SOCIAL_WORKER, Role.COORDINATOR]
NOT_CASEWORK = [Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def rule(coordinator):
    return make_rule(coordinator)


def _revision(rule: Rule, **changes) -> dict:
    """The revision form as a browser submits it: the rule's values, changed."""
    values = {
        "change_reason": "Постановление № 5",
        "expected_version": rule.version,
        "kind": rule.kind,
        "name": rule.name,
        "countries": ", ".join(rule.countries),
        "precedence": rule.precedence,
        "days": rule.days or "",
        "window_days": rule.window_days or "",
        "counting": rule.counting,
        "count_from": rule.count_from,
        "entry_day_counts": "on",
        "exit_day_counts": "on",
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else "",
        "judged_by": rule.judged_by,
        "source_act": rule.source_act,
        "source_article": rule.source_article,
        "source_url": rule.source_url,
        "confidence": rule.confidence,
    }
    return {**values, **changes}


def _row(page: str, name: str) -> str:
    """The row of the rules table that names ``name``."""
    start = page.index(name)
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


@pytest.mark.parametrize("role", CASEWORK)
def test_every_casework_role_reads_the_rules(client_for, make_staff, rule, role):
    client = client_for(make_staff(role))
    for url in (
        reverse("navigator:rules"),
        reverse("navigator:rule", args=[rule.pk]),
        reverse("navigator:groups"),
        reverse("navigator:calendar"),
        reverse("navigator:affected"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", NOT_CASEWORK)
def test_other_roles_may_not_read_the_rules(client_for, make_staff, rule, role):
    client = client_for(make_staff(role))
    assert client.get(reverse("navigator:rules")).status_code == 403
    assert client.get(reverse("navigator:affected")).status_code == 403


@pytest.mark.parametrize("role", [Role.HOTLINE_OPERATOR, Role.SOCIAL_WORKER])
def test_an_operator_or_social_worker_may_not_change_a_rule(client_for, make_staff, rule, role):
    client = client_for(make_staff(role))
    assert client.get(reverse("navigator:rule_new")).status_code == 403
    assert client.get(reverse("navigator:rule_revise", args=[rule.pk])).status_code == 403
    response = client.post(reverse("navigator:rule_revise", args=[rule.pk]), _revision(rule))
    assert response.status_code == 403
    assert ours().count() == 1
    assert (
        "Написать новую версию"
        not in client.get(reverse("navigator:rule", args=[rule.pk])).content.decode()
    )


def test_the_list_shows_each_rule_with_its_source_and_says_it_is_not_verified(
    client_for, lawyer, rule
):
    page = _row(client_for(lawyer).get(reverse("navigator:rules")).content.decode(), rule.name)
    assert "Узбекистан" in page
    assert "90 дней в любые 180" in page
    assert "Правила въезда и пребывания иммигрантов, п. 9" in page
    assert "https://adilet.zan.kz/rus/docs/P1100000148" in page
    assert "не проверено юристом" in page


def test_a_verified_rule_says_who_verified_it(client_for, lawyer, rule):
    editing.rule_verify(rule=rule, by=lawyer)
    page = _row(client_for(lawyer).get(reverse("navigator:rules")).content.decode(), rule.name)
    assert "не проверено юристом" not in page
    assert f"проверено: {lawyer}" in page


def test_the_list_filters_by_citizenship_through_groups_kind_date_and_verification(
    client_for, lawyer, coordinator, rule
):
    eaeu = editing.group_create(by=coordinator, code="test-eaeu", name="ЕАЭС")
    editing.member_add(by=coordinator, group=eaeu, country="KG", valid_from=date(2015, 8, 12))
    eaeu_rule = make_rule(
        coordinator,
        code="test-eaeu",
        name="Тест: без регистрации 30 дней",
        kind=RuleKind.STAY_UNREGISTERED,
        countries=[],
        groups=[eaeu],
        days=30,
        window_days=None,
        valid_from=date(2015, 8, 12),
    )
    editing.rule_verify(rule=eaeu_rule, by=lawyer)
    client = client_for(lawyer)

    def names(**query) -> set[str]:
        page = client.get(reverse("navigator:rules"), query).content.decode()
        return {
            name
            for name in ("Тест: 90 дней в 180", "Тест: без регистрации 30 дней")
            if name in page
        }

    assert names(citizenship="KG") == {"Тест: без регистрации 30 дней"}
    assert names(citizenship="KG", on="2014-01-01") == set()
    assert names(citizenship="UZ") == {"Тест: 90 дней в 180"}
    assert names(kind=RuleKind.ROLLING_WINDOW) == {"Тест: 90 дней в 180"}
    assert names(on="2020-01-01") == {"Тест: без регистрации 30 дней"}
    assert names(verified="yes") == {"Тест: без регистрации 30 дней"}
    assert names(verified="no") == {"Тест: 90 дней в 180"}


def test_a_lawyer_writes_a_new_version_and_is_shown_the_people_to_call_back(
    client_for, lawyer, rule
):
    response = client_for(lawyer).post(
        reverse("navigator:rule_revise", args=[rule.pk]), _revision(rule, days="60")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('navigator:affected')}?rule=test-window"
    new = ours().get(replaced_by=None)
    assert (new.version, new.days, new.change_reason) == (2, 60, "Постановление № 5")
    assert Rule.objects.get(pk=rule.pk).days == 90


def test_the_rule_page_shows_its_versions_what_changed_and_the_advice_that_relied_on_them(
    client_for, lawyer, coordinator, rule, office
):
    person = person_create(created_by=None, office=office, surname="Каримов", given_name="Бахтиёр")
    make_advice(person, [rule], coordinator)
    new = editing.rule_revise(
        rule=rule, by=lawyer, reason="Постановление № 5", expected_version=1, days=60
    )
    page = client_for(lawyer).get(reverse("navigator:rule", args=[new.pk])).content.decode()
    assert "версия 2" in page and "версия 1" in page
    assert "Постановление № 5" in page
    assert "<del>90</del> → <ins>60</ins>" in page
    assert "1 сохранённая консультация" in page
    old_page = client_for(lawyer).get(reverse("navigator:rule", args=[rule.pk])).content.decode()
    assert "Открыть версию 2" in old_page
    assert reverse("navigator:rule_revise", args=[rule.pk]) not in old_page


def test_a_revision_without_a_reason_shows_the_error_and_writes_nothing(client_for, lawyer, rule):
    response = client_for(lawyer).post(
        reverse("navigator:rule_revise", args=[rule.pk]), _revision(rule, change_reason="")
    )
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert ours().count() == 1


def test_a_revision_with_a_wrong_window_names_the_field_and_writes_nothing(
    client_for, lawyer, rule
):
    response = client_for(lawyer).post(
        reverse("navigator:rule_revise", args=[rule.pk]), _revision(rule, window_days="60")
    )
    assert response.status_code == 400
    assert "Окно должно быть длиннее" in response.content.decode()
    assert ours().count() == 1


def test_a_revision_of_a_version_replaced_meanwhile_is_refused(client_for, lawyer, rule):
    form = _revision(rule, days="45")
    editing.rule_revise(rule=rule, by=lawyer, reason="Другая правка", expected_version=1, days=60)
    response = client_for(lawyer).post(reverse("navigator:rule_revise", args=[rule.pk]), form)
    assert response.status_code == 400
    assert "версию 2" in response.content.decode()
    assert list(ours().values_list("version", "days")) == [(2, 60), (1, 90)]


def test_a_new_rule_with_an_unknown_country_is_refused(client_for, coordinator):
    form = _revision(
        Rule(
            kind=RuleKind.STAY_UNREGISTERED,
            name="Новое правило",
            days=5,
            source_act="Постановление № 148",
        ),
        code="test-new",
        countries="KG, XQ",
    )
    response = client_for(coordinator).post(reverse("navigator:rule_new"), form)
    assert response.status_code == 400
    assert "XQ" in response.content.decode()
    assert not ours().exists()
    form["countries"] = "kg"
    response = client_for(coordinator).post(reverse("navigator:rule_new"), form)
    created = ours().get()
    assert response["Location"] == reverse("navigator:rule", args=[created.pk])
    assert (created.countries, created.version, created.created_by) == (["KG"], 1, coordinator)


def test_only_a_lawyer_marks_a_rule_verified(client_for, lawyer, coordinator, rule):
    url = reverse("navigator:rule_verify", args=[rule.pk])
    assert client_for(coordinator).post(url).status_code == 403
    assert client_for(lawyer).post(url).status_code == 302
    assert Rule.objects.get(pk=rule.pk).verified_by == lawyer
    client_for(lawyer).post(reverse("navigator:rule_unverify", args=[rule.pk]))
    assert not Rule.objects.get(pk=rule.pk).verified


def test_a_replaced_version_is_not_verified(client_for, lawyer, rule):
    editing.rule_revise(rule=rule, by=lawyer, reason="Правка", expected_version=1, days=60)
    response = client_for(lawyer).post(
        reverse("navigator:rule_verify", args=[rule.pk]), follow=True
    )
    assert "заменена" in response.content.decode()
    assert not Rule.objects.get(pk=rule.pk).verified


def test_the_calendar_shows_a_year_and_adds_changes_and_deletes_days(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("navigator:day_new"),
        {"date": "2031-03-10", "kind": DayKind.DAY_OFF, "name": "Перенос", "source": ""},
    )
    assert response.status_code == 400
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    response = client.post(
        reverse("navigator:day_new"),
        {"date": "2031-03-10", "kind": DayKind.DAY_OFF, "name": "Перенос", "source": "ПП № 1"},
    )
    assert response["Location"] == f"{reverse('navigator:calendar')}?year=2031"
    day = CalendarDay.objects.get(date__year=2031)
    assert "Перенос" in client.get(reverse("navigator:calendar"), {"year": 2031}).content.decode()
    assert (
        "Перенос" not in client.get(reverse("navigator:calendar"), {"year": 2030}).content.decode()
    )
    client.post(
        reverse("navigator:day_edit", args=[day.pk]),
        {"date": "2031-03-10", "kind": DayKind.HOLIDAY, "name": "Перенос", "source": "ПП № 1"},
    )
    assert CalendarDay.objects.get(date__year=2031).kind == DayKind.HOLIDAY
    client.post(reverse("navigator:day_delete", args=[day.pk]))
    assert not CalendarDay.objects.filter(date__year=2031).exists()


def test_an_operator_may_not_delete_a_calendar_day(client_for, make_staff, coordinator):
    day = editing.day_add(by=coordinator, date=date(2031, 1, 1), kind=DayKind.HOLIDAY, source="ТК")
    operator = make_staff(Role.HOTLINE_OPERATOR)
    assert (
        client_for(operator).post(reverse("navigator:day_delete", args=[day.pk])).status_code == 403
    )
    assert CalendarDay.objects.filter(date__year=2031).exists()


def test_a_membership_ending_before_it_starts_is_refused(client_for, coordinator):
    eaeu = editing.group_create(by=coordinator, code="test-eaeu", name="ЕАЭС")
    response = client_for(coordinator).post(
        reverse("navigator:member_new", args=[eaeu.pk]),
        {"country": "KG", "valid_from": "2015-08-12", "valid_to": "2015-01-01", "source": ""},
    )
    assert response.status_code == 400
    assert not GroupMember.objects.filter(group__code__startswith="test-").exists()
    response = client_for(coordinator).post(
        reverse("navigator:member_new", args=[eaeu.pk]),
        {"country": "KG", "valid_from": "2015-08-12", "source": "Договор"},
    )
    assert response.status_code == 302
    page = client_for(coordinator).get(reverse("navigator:groups")).content.decode()
    assert "Кыргызстан" in page


@pytest.fixture
def advised(office, other_office, coordinator, rule, lawyer):
    """People advised from the rule, which then changed: one to call back, one advised
    from the new version, one advised again since, one of another office."""

    def person(surname, at=office):
        return person_create(
            created_by=None, office=at, surname=surname, given_name="Тест", phones=["+77011234567"]
        )

    waiting, current, followed, elsewhere = (
        person("Ждущий"),
        person("Новый"),
        person("Перепроверенный"),
        person("Далёкий", other_office),
    )
    to_call = make_advice(waiting, [rule], coordinator)
    old_followed = make_advice(followed, [rule], coordinator)
    make_advice(elsewhere, [rule], coordinator)
    new = editing.rule_revise(
        rule=rule, by=lawyer, reason="Постановление № 5", expected_version=1, days=60
    )
    make_advice(current, [new], coordinator)
    old_followed.followed_up_by = make_advice(followed, [new], coordinator)
    old_followed.save()
    return {"waiting": waiting, "advice": to_call, "elsewhere": elsewhere}


SURNAMES = ("Ждущий", "Новый", "Перепроверенный", "Далёкий")


def _listed(page: str) -> set[str]:
    return {surname for surname in SURNAMES if surname in page}


def test_the_affected_list_names_exactly_the_people_advised_from_the_old_version(
    client_for, coordinator, advised
):
    response = client_for(coordinator).get(reverse("navigator:affected"))
    page = response.content.decode()
    assert _listed(page) == {"Ждущий"}
    waiting, advice = advised["waiting"], advised["advice"]
    assert reverse("people:detail", args=[waiting.pk]) in page
    assert "+7 701 123 4567" in page
    assert "версия 1 → 2" in page and "Постановление № 5" in page
    check = f"{reverse('navigator:check')}?person={waiting.pk}&amp;advice={advice.pk}"
    assert check in page
    entry = AuditEntry.objects.filter(actor=coordinator, action=Action.VIEW).latest("pk")
    assert entry.people == f",{waiting.pk},"


def test_the_affected_list_filters_by_rule(client_for, coordinator, advised):
    client = client_for(coordinator)
    assert (
        _listed(client.get(reverse("navigator:affected"), {"rule": "other"}).content.decode())
        == set()
    )
    page = client.get(reverse("navigator:affected"), {"rule": "test-window"}).content.decode()
    assert _listed(page) == {"Ждущий"}


def test_a_user_of_another_office_sees_none_of_them(client_for, other_office, advised):
    outsider = make_user("outsider", Role.COORDINATOR, other_office)
    page = client_for(outsider).get(reverse("navigator:affected")).content.decode()
    assert _listed(page) == {"Далёкий"}


def test_a_lawyer_sees_only_the_people_assigned_to_them(client_for, lawyer, advised):
    assert _listed(client_for(lawyer).get(reverse("navigator:affected")).content.decode()) == set()
    person_assign(person=advised["waiting"], staff=lawyer, assigned_by=None)
    page = client_for(lawyer).get(reverse("navigator:affected")).content.decode()
    assert _listed(page) == {"Ждущий"}


def test_the_affected_list_comes_a_page_at_a_time_and_audits_the_people_shown(
    client_for, coordinator, advised, office, monkeypatch
):
    monkeypatch.setattr(affected, "PER_PAGE", 1)
    second = person_create(created_by=None, office=office, surname="Второй", given_name="Тест")
    make_advice(second, [Rule.objects.get(code="test-window", version=1)], coordinator)
    client = client_for(coordinator)
    first_page = client.get(reverse("navigator:affected")).content.decode()
    assert "Второй" in first_page and "Ждущий" not in first_page
    assert AuditEntry.objects.filter(actor=coordinator).latest("pk").people == f",{second.pk},"
    page = client.get(reverse("navigator:affected"), {"page": 2}).content.decode()
    assert "Ждущий" in page and "Второй" not in page


def test_a_new_version_is_written_from_the_current_one(client_for, lawyer, rule):
    editing.rule_revise(rule=rule, by=lawyer, reason="Правка", expected_version=1, days=60)
    response = client_for(lawyer).get(reverse("navigator:rule_revise", args=[rule.pk]))
    current = ours().get(replaced_by=None)
    assert response["Location"] == reverse("navigator:rule_revise", args=[current.pk])
