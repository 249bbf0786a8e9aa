"""Advice saved to a person's record: the answer kept as given with the rule versions it
came from, audited, the earlier advice that relied on a replaced version followed up, and
nothing of it for a user of another office."""

import pytest
from django.http import Http404
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.navigator import selectors, services
from komek.navigator.evaluation import evaluate
from komek.navigator.models import Advice, Document
from komek.navigator.tests.conftest import replace, situation
from komek.people.models import DocumentKind, DocumentStatus, RegistrationStatus
from komek.people.services import document_add

pytestmark = pytest.mark.usefixtures("shipped")


def test_saved_advice_keeps_the_situation_the_answer_and_the_rules_used(kyrgyz, operator):
    asked = situation("KG")
    advice = services.advice_save(person=kyrgyz, situation=asked, by=operator, note=" Звонил ")
    evaluation = evaluate(asked)
    assert advice.situation == asked.as_json()
    titles = advice.answer.pop("titles")
    assert advice.answer == evaluation.as_json()
    with translation.override("kk"):
        in_kazakh = evaluate(asked).as_json()
    assert titles["kk"]["obligations"] == [line["title"] for line in in_kazakh["obligations"]]
    assert set(titles) == {"ru", "kk", "en"}
    assert advice.status == evaluation.status
    assert set(advice.rules.all()) == set(evaluation.rules)
    assert evaluation.rules
    assert (advice.office, advice.given_by, advice.note) == (kyrgyz.office, operator, "Звонил")


def test_saving_advice_is_audited_as_a_write_of_the_persons_data(kyrgyz, operator):
    advice = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    entry = AuditEntry.objects.get(object_type="navigator.Advice", object_id=str(advice.pk))
    assert (entry.actor, entry.action) == (operator, Action.CREATE)
    assert f",{kyrgyz.pk}," in entry.people


def test_advice_that_relied_on_a_replaced_rule_is_followed_up_by_the_next(kyrgyz, uzbek, operator):
    first = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    elsewhere = services.advice_save(person=uzbek, situation=situation("UZ"), by=operator)
    replace(first.rules.order_by("pk").first())
    second = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    first.refresh_from_db()
    elsewhere.refresh_from_db()
    assert first.followed_up_by == second
    # Another person's advice is theirs to be called back about.
    assert elsewhere.followed_up_by is None
    third = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    second.refresh_from_db()
    first.refresh_from_db()
    # Advice on current rules needs no follow-up; advice followed up keeps its follow-up.
    assert second.followed_up_by is None
    assert first.followed_up_by == second
    assert third.followed_up_by is None


def test_a_user_of_another_office_gets_404_for_the_advice(kyrgyz, operator, outsider):
    advice = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    with pytest.raises(Http404):
        selectors.advice_get_for(user=outsider, pk=advice.pk)
    assert selectors.advice_for_person(user=outsider, person=kyrgyz) == []


def test_opening_advice_is_audited_as_a_read_of_the_person(kyrgyz, operator):
    advice = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    assert selectors.advice_get_for(user=operator, pk=advice.pk) == advice
    assert AuditEntry.objects.filter(
        actor=operator, action=Action.VIEW, object_id=str(advice.pk), people=f",{kyrgyz.pk},"
    ).exists()


def test_advice_for_a_person_is_newest_first(kyrgyz, operator):
    older = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    newer = services.advice_save(person=kyrgyz, situation=situation("KG"), by=operator)
    assert selectors.advice_for_person(user=operator, person=kyrgyz) == [newer, older]


def test_the_check_starts_from_the_latest_advice_corrected_by_the_record(kyrgyz, operator):
    asked = situation("KG", documents=frozenset({Document.PASSPORT, Document.REGISTRATION}))
    services.advice_save(person=kyrgyz, situation=asked, by=operator)
    # Since then the passport was lost and the registration expired, as the record says.
    document_add(
        person=kyrgyz,
        added_by=operator,
        kind=DocumentKind.PASSPORT,
        number="AC1234567",
        status=DocumentStatus.LOST,
    )
    kyrgyz.registration_status = RegistrationStatus.EXPIRED
    prefill = selectors.prefill_for(user=operator, person=kyrgyz)
    assert prefill["initial"]["entered"] == asked.entered
    assert prefill["initial"]["citizenship"] == "KG"
    assert prefill["initial"]["purpose"] == asked.purpose
    assert prefill["initial"]["documents"] == []
    assert prefill["stays"] == [{"entered": s.entered, "left": s.left} for s in asked.stays]


def test_a_person_without_advice_starts_from_their_record(uzbek, operator):
    uzbek.registration_status = RegistrationStatus.REGISTERED
    prefill = selectors.prefill_for(user=operator, person=uzbek)
    assert prefill == {
        "initial": {"citizenship": "UZ", "documents": [Document.REGISTRATION]},
        "stays": [],
    }
    assert Advice.objects.count() == 0
