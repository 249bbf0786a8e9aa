"""The status check's pages: errors named and nothing kept, the result with each
obligation's rule and source, the check started from a person's record and saved to it,
the panels on the person page and beside a caller, and who may do what."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from komek.audit.models import AuditEntry
from komek.core.roles import Capability, Role, role_has
from komek.navigator import services
from komek.navigator.evaluation import evaluate
from komek.navigator.models import Advice
from komek.navigator.panels import render_caller_advice
from komek.navigator.tests.conftest import replace, situation
from komek.people.services import person_assign

pytestmark = pytest.mark.usefixtures("shipped")

CHECK = reverse("navigator:check")


def form_data(asked=None, **changes) -> dict:
    """The check form's fields as the browser posts them."""
    asked = asked or situation("KG")
    data = {
        "citizenship": asked.citizenship,
        "entered": asked.entered.isoformat(),
        "on": asked.on.isoformat(),
        "purpose": asked.purpose,
        "registered": asked.registered.isoformat() if asked.registered else "",
        "documents": sorted(asked.documents),
        "stay-TOTAL_FORMS": str(len(asked.stays) + 1),
        "stay-INITIAL_FORMS": "0",
    }
    for index, stay in enumerate(asked.stays):
        data[f"stay-{index}-entered"] = stay.entered.isoformat()
        data[f"stay-{index}-left"] = stay.left.isoformat()
    return {**data, **changes}


def test_the_standalone_check_shows_the_obligations_with_their_rules_and_sources(
    client_for, operator
):
    response = client_for(operator).post(CHECK, form_data())
    evaluation = evaluate(situation("KG"))
    page = response.content.decode()
    assert response.status_code == 200
    assert evaluation.obligations
    for line in evaluation.obligations:
        assert line.title in page
        assert line.rule.source_act in page
        assert reverse("navigator:rule", args=[line.rule.pk]) in page
    if any(not line.rule.verified for line in evaluation.obligations):
        assert "data-unverified" in page
    assert 'id="obligations"' in page


def test_the_standalone_check_keeps_nothing_and_audits_nothing_personal(client_for, operator):
    client = client_for(operator)
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.post(CHECK, form_data())
    assert Advice.objects.count() == 0
    assert not AuditEntry.objects.filter(pk__gt=before).exclude(people="").exists()


def test_kyrgyz_and_uzbek_callers_get_different_obligations(client_for, operator):
    client = client_for(operator)
    kyrgyz = client.post(CHECK, form_data(situation("KG"))).context["evaluation"]
    uzbek = client.post(CHECK, form_data(situation("UZ"))).context["evaluation"]
    assert {line.rule.pk for line in kyrgyz.obligations} != {
        line.rule.pk for line in uzbek.obligations
    }


@pytest.mark.parametrize(
    "changes,named",
    [
        ({"entered": "2026-03-05"}, "Дата въезда"),
        ({"citizenship": "XX"}, "Гражданство"),
        ({"stay-0-entered": "2025-10-10", "stay-0-left": "2025-09-01"}, "Прежнее пребывание 1"),
        ({"stay-0-left": ""}, "Прежнее пребывание 1"),
    ],
)
def test_bad_input_is_named_in_the_error_summary_and_nothing_is_evaluated(
    client_for, operator, kyrgyz, changes, named
):
    url = reverse("navigator:advice_save", args=[kyrgyz.pk])
    client = client_for(operator)
    for target in (CHECK, url):
        response = client.post(target, form_data(**changes))
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="error-summary"' in page
        assert named in page
        assert "evaluation" not in response.context
    assert Advice.objects.count() == 0


def test_overlapping_stays_are_refused(client_for, operator):
    data = form_data(
        **{
            "stay-TOTAL_FORMS": "2",
            "stay-1-entered": "2025-10-01",
            "stay-1-left": "2025-11-01",
        }
    )
    response = client_for(operator).post(CHECK, data)
    assert "Прежние пребывания пересекаются" in response.content.decode()
    assert "evaluation" not in response.context


def test_a_stay_overlapping_the_current_one_is_refused(client_for, operator):
    data = form_data(**{"stay-0-entered": "2026-01-01", "stay-0-left": "2026-01-20"})
    response = client_for(operator).post(CHECK, data)
    assert "пересекается с текущим" in response.content.decode()


def test_add_a_stay_gives_one_more_row_and_keeps_what_was_typed(client_for, operator):
    response = client_for(operator).post(
        CHECK, {**form_data(), "add_stay": "1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.count("data-stay") == 3
    assert 'value="2025-09-01"' in page
    assert 'id="stays"' in page and "<h1" not in page


def test_the_check_of_a_person_starts_from_their_record_and_latest_advice(
    client_for, operator, kyrgyz
):
    services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    response = client_for(operator).get(reverse("navigator:check_person", args=[kyrgyz.pk]))
    page = response.content.decode()
    assert 'value="2026-01-15"' in page
    assert 'value="2025-09-01"' in page and 'value="2025-10-10"' in page
    assert '<option value="KG" selected>' in page


def test_the_person_link_of_the_brief_leads_to_the_persons_check(client_for, operator, kyrgyz):
    response = client_for(operator).get(CHECK, {"person": kyrgyz.pk})
    assert response["Location"] == reverse("navigator:check_person", args=[kyrgyz.pk])


def test_saving_the_advice_from_the_check_puts_it_on_the_persons_page(client_for, operator, kyrgyz):
    client = client_for(operator)
    url = reverse("navigator:advice_save", args=[kyrgyz.pk])
    response = client.post(url, {**form_data(), "note": "Объяснили про регистрацию"})
    assert response["Location"] == reverse("people:detail", args=[kyrgyz.pk])
    advice = Advice.objects.get(person=kyrgyz)
    assert advice.note == "Объяснили про регистрацию"
    assert advice.situation == situation("KG").as_json()
    page = client.get(response["Location"]).content.decode()
    assert 'id="person-advice"' in page
    assert f'data-advice="{advice.pk}"' in page
    assert "Объяснили про регистрацию" in page


def test_a_save_through_htmx_sends_the_browser_to_the_persons_page(client_for, operator, kyrgyz):
    url = reverse("navigator:advice_save", args=[kyrgyz.pk])
    response = client_for(operator).post(url, form_data(), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("people:detail", args=[kyrgyz.pk])


def test_a_user_of_another_office_can_neither_check_nor_save_for_the_person(
    client_for, outsider, kyrgyz
):
    client = client_for(outsider)
    assert client.get(reverse("navigator:check_person", args=[kyrgyz.pk])).status_code == 404
    url = reverse("navigator:advice_save", args=[kyrgyz.pk])
    assert client.post(url, form_data()).status_code == 404
    assert Advice.objects.count() == 0


def test_the_person_page_warns_of_a_rule_changed_since_the_advice(client_for, operator, kyrgyz):
    advice = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    client = client_for(operator)
    page = client.get(reverse("people:detail", args=[kyrgyz.pk])).content.decode()
    assert "data-changed" not in page
    replace(advice.rules.order_by("pk").first())
    page = client.get(reverse("people:detail", args=[kyrgyz.pk])).content.decode()
    assert "data-changed" in page
    assert f"?advice={advice.pk}" in page


def test_the_kept_answer_is_shown_not_a_new_one(client_for, operator, kyrgyz):
    advice = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    answer = {**advice.answer}
    answer["obligations"] = [
        {**answer["obligations"][0], "title": "Так было сказано тогда", "due": None}
    ]
    Advice.objects.filter(pk=advice.pk).update(answer=answer)
    page = client_for(operator).get(reverse("people:detail", args=[kyrgyz.pk])).content.decode()
    assert "Так было сказано тогда" in page


def test_the_caller_panel_shows_the_latest_status_and_opens_the_check_in_a_new_tab(
    client_for, operator, kyrgyz
):
    services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    response = client_for(operator).get(
        reverse("hotline:lookup"), {"caller_phone": "+996555123456"}
    )
    page = response.content.decode()
    link = reverse("navigator:check_person", args=[kyrgyz.pk])
    assert f'href="{link}" target="_blank" rel="noopener"' in page
    assert "data-status=" in page


@pytest.mark.parametrize("assigned", [True, False])
def test_the_lookup_shows_a_lawyer_the_status_of_a_caller_assigned_to_them_only(
    client_for, make_staff, operator, kyrgyz, assigned
):
    lawyer = make_staff(Role.LAWYER, username="lawyer")
    if assigned:
        person_assign(person=kyrgyz, staff=lawyer, assigned_by=operator)
    services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    page = (
        client_for(lawyer)
        .get(reverse("hotline:lookup"), {"caller_phone": "+996555123456"})
        .content.decode()
    )
    assert ("data-status=" in page) is assigned


def test_the_caller_panel_is_empty_for_a_caller_the_user_may_not_open(make_staff, kyrgyz):
    lawyer = make_staff(Role.LAWYER, username="lawyer")
    request = RequestFactory().get("/")
    request.user = lawyer
    assert render_caller_advice(request, kyrgyz) == ""


@pytest.mark.parametrize("role", Role.values)
def test_each_role_may_check_exactly_as_its_capabilities_say(client_for, make_staff, role):
    user = make_staff(role)
    response = client_for(user).post(CHECK, form_data())
    allowed = role_has(role, Capability.NAVIGATOR_USE)
    assert response.status_code == (200 if allowed else 403)


def test_the_check_is_in_the_work_menu_for_an_operator(client_for, operator):
    page = client_for(operator).get(reverse("core:home")).content.decode()
    assert f'href="{CHECK}"' in page


def test_a_recheck_starts_from_the_advice_named(client_for, operator, kyrgyz):
    older = services.advice_save(
        person=kyrgyz, situation=situation("KG", entered=date(2025, 12, 1)), by=operator
    )
    services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    url = reverse("navigator:check_person", args=[kyrgyz.pk])
    page = client_for(operator).get(url, {"advice": older.pk}).content.decode()
    assert 'value="2025-12-01"' in page
    assert 'value="2026-01-15"' not in page


def test_no_more_than_twenty_earlier_stays_are_taken(client_for, operator):
    data = form_data(**{"stay-TOTAL_FORMS": "21"})
    response = client_for(operator).post(CHECK, data)
    assert "Можно учесть не больше 20 прежних пребываний" in response.content.decode()
    assert "evaluation" not in response.context


def test_a_recheck_from_another_persons_advice_is_refused(client_for, operator, kyrgyz, uzbek):
    theirs = services.advice_save(person=uzbek, situation=situation("UZ"), by=operator)
    url = reverse("navigator:check_person", args=[kyrgyz.pk])
    assert client_for(operator).get(url, {"advice": theirs.pk}).status_code == 404
