"""A case's status follows the work on it: a referral sent leaves it waiting for the
partner, the last awaited answer puts it back in progress; the lawyer may still move it.
A new referral expects its answer within the partner's own usual time, and the
partner's reply is kept with the referral."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.cases import evidence, referrals, services, timeline
from komek.cases.models import CaseDocument, Referral, ReferralStatus, Status
from komek.cases.tests.conftest import send
from komek.core.roles import Role
from komek.core.tests import files
from komek.partners.services import partner_create

TODAY = date(2026, 3, 2)


def answer(referral, user, **extra):
    return referrals.referral_answer(
        referral=referral,
        recorded_by=user,
        answered_on=extra.pop("answered_on", TODAY),
        answer="Свидетельство выдано",
        outcome="done",
        **extra,
    )


def status_events(case):
    return [event.data for event in case.events.filter(kind="status").order_by("pk")]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_sending_a_referral_leaves_a_new_case_waiting_and_the_answer_puts_it_in_progress(
    case, lawyer, embassy, consented
):
    referral = send(case, lawyer, embassy)
    case.refresh_from_db()
    assert case.status == Status.WAITING
    answer(referral, lawyer)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    partner = embassy.pk
    assert status_events(case) == [
        {
            "old": "new",
            "new": "waiting",
            "outcome": "",
            "because": "referral_sent",
            "partner": partner,
        },
        {
            "old": "waiting",
            "new": "in_progress",
            "outcome": "",
            "because": "referral_answered",
            "partner": partner,
        },
    ]


def test_the_timeline_says_what_moved_the_case_in_the_readers_language(
    client_for, case, lawyer, embassy, consented
):
    send(case, lawyer, embassy)
    event = case.events.get(kind="status")
    timeline.prepare([event])
    with translation.override("en"):
        assert event.status_because == f"moved by the referral sent to {embassy}"
    page = client_for(lawyer).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "ожидает ответа партнёра" in page
    assert f"{embassy}" in page


def test_a_prepared_referral_moves_nothing_until_it_is_sent(case, lawyer, embassy, consented):
    referral = send(case, lawyer, embassy, sent_on=None)
    case.refresh_from_db()
    assert case.status == Status.NEW
    referrals.referral_mark_sent(referral=referral, sent_by=lawyer, sent_on=TODAY)
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_the_case_stays_waiting_while_another_partner_has_not_answered(
    case, lawyer, embassy, consented, office
):
    ministry = partner_create(
        created_by=None, office=office, name="Министерство труда", kind="state_body", city="Астана"
    )
    first = send(case, lawyer, embassy)
    send(case, lawyer, ministry)
    answer(first, lawyer)
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_the_lawyer_overrides_the_status_and_a_closed_case_is_left_alone(
    case, lawyer, embassy, consented
):
    first = send(case, lawyer, embassy)
    case = services.case_move(case=case, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
    case = services.case_move(
        case=case, moved_by=lawyer, to=Status.RESOLVED, assigned=True, outcome="documents"
    )
    answer(first, lawyer)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert [event["because"] for event in status_events(case) if "because" in event] == [
        "referral_sent"
    ]


def test_a_new_case_may_be_moved_to_waiting_by_hand(case, lawyer):
    case = services.case_move(case=case, moved_by=lawyer, to=Status.WAITING, assigned=True)
    assert case.status == Status.WAITING


def answered_in(case, lawyer, partner, days: list[int]) -> None:
    sent_on = date(2026, 1, 1)
    for delay in days:
        referral = send(case, lawyer, partner, sent_on=sent_on)
        answer(referral, lawyer, answered_on=sent_on + timedelta(days=delay))


def test_a_new_referral_expects_the_answer_within_the_partners_median_time(
    case, lawyer, embassy, consented
):
    answered_in(case, lawyer, embassy, [30, 40, 42, 45, 60])
    assert evidence.partner_typical_days(embassy) == 42
    referral = send(case, lawyer, embassy, sent_on=TODAY)
    assert referral.response_days == 42
    assert referral.expected_by == TODAY + timedelta(days=42)
    given = send(case, lawyer, embassy, sent_on=TODAY, expected_days=10)
    assert given.expected_by == TODAY + timedelta(days=10)


def test_a_partner_with_too_few_answers_gets_the_usual_fortnight(case, lawyer, embassy, consented):
    answered_in(case, lawyer, embassy, [30, 40, 42, 45])
    assert evidence.partner_typical_days(embassy) is None
    referral = send(case, lawyer, embassy, sent_on=TODAY)
    assert referral.expected_by == TODAY + timedelta(days=referrals.DEFAULT_DAYS)


def test_the_form_leaves_the_expected_time_to_the_partner(
    client_for, case, lawyer, embassy, consented
):
    answered_in(case, lawyer, embassy, [30, 40, 42, 45, 60])
    client_for(lawyer).post(
        reverse("cases:referral_send", args=[case.pk]),
        {
            "referral-partner": embassy.pk,
            "referral-request": "passport",
            "referral-channel": "letter",
            "referral-sent_on": TODAY.isoformat(),
        },
    )
    assert Referral.objects.get(request="passport").response_days == 42


def test_the_partners_reply_is_attached_to_the_referral_and_audited(
    client_for, case, lawyer, embassy, consented
):
    referral = send(case, lawyer, embassy)
    prefix = f"answer-{referral.pk}"
    client = client_for(lawyer)
    client.post(
        reverse("cases:referral_answer", args=[case.pk, referral.pk]),
        {
            f"{prefix}-answered_on": TODAY.isoformat(),
            f"{prefix}-outcome": "done",
            f"{prefix}-answer": "Свидетельство выдано",
            f"{prefix}-reply": SimpleUploadedFile("ответ.pdf", files.pdf(), "application/pdf"),
        },
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANSWERED
    assert referral.reply.original_name == "ответ.pdf"
    assert referral.reply.case == case
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, detail="document added: ответ.pdf"
    ).exists()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:document_download", args=[case.pk, referral.reply.pk]) in page


def test_a_reply_that_is_not_a_document_refuses_the_whole_answer(case, lawyer, embassy, consented):
    referral = send(case, lawyer, embassy)
    with pytest.raises(ValidationError):
        answer(referral, lawyer, reply=SimpleUploadedFile("reply.pdf", b"MZ\x90\x00 not a pdf"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert not CaseDocument.objects.exists()


def test_an_outsider_cannot_record_an_answer_on_a_case_of_another_office(
    client_for, case, lawyer, embassy, consented, make_staff, other_office
):
    referral = send(case, lawyer, embassy)
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    prefix = f"answer-{referral.pk}"
    response = client_for(outsider).post(
        reverse("cases:referral_answer", args=[case.pk, referral.pk]),
        {
            f"{prefix}-answered_on": TODAY.isoformat(),
            f"{prefix}-outcome": "done",
            f"{prefix}-answer": "x",
        },
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
