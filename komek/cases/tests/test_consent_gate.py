"""The consent gate of referrals: a consent is dated by the server when it is recorded,
cannot be dated in the future or long before, and one the sender recorded to pass the
gate is flagged to the coordinators."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from komek.cases.tests.conftest import send
from komek.core.roles import Role
from komek.notifications.models import Notification
from komek.people.models import CONSENT_RECORDING_DAYS, Consent
from komek.people.services import consent_record


def record_consent(client, person, given_on) -> None:
    client.post(
        reverse("people:consent_add", args=[person.pk]),
        {
            "scope": "sharing",
            "given_on": given_on,
            "method": "oral",
            "recorded_at": "2000-01-01T09:00",
        },
    )


def test_the_refused_lawyer_cannot_pass_the_gate_with_an_oral_consent_of_2000_01_01(
    case, lawyer, embassy, client_for
):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        send(case, lawyer, embassy, sent_on=today)
    record_consent(client_for(lawyer), case.client, "2000-01-01")
    assert not Consent.objects.exists()
    with pytest.raises(ValidationError):
        send(case, lawyer, embassy, sent_on=today)
    assert not case.referrals.exists()


@pytest.mark.parametrize(
    "days_ago", [-1, CONSENT_RECORDING_DAYS + 1], ids=["in the future", "back-dated"]
)
def test_a_consent_dated_in_the_future_or_too_long_ago_is_refused(case, lawyer, days_ago):
    with pytest.raises(ValidationError) as refused:
        consent_record(
            person=case.client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=timezone.localdate() - timedelta(days=days_ago),
            method="signed",
        )
    assert "given_on" in refused.value.message_dict
    assert not Consent.objects.exists()


def test_a_consent_is_recorded_with_who_recorded_it_and_the_server_s_time(case, lawyer, client_for):
    given_on = timezone.localdate() - timedelta(days=CONSENT_RECORDING_DAYS)
    before = timezone.now()
    record_consent(client_for(lawyer), case.client, given_on.isoformat())
    consent = Consent.objects.get()
    assert consent.given_on == given_on
    assert consent.recorded_by == lawyer
    assert before <= consent.recorded_at <= timezone.now()


def test_a_consent_the_sender_recorded_passes_the_gate_but_is_flagged_to_the_coordinators(
    case, lawyer, embassy, client_for, make_staff, other_office
):
    coordinator = make_staff(Role.COORDINATOR)
    national = make_staff(Role.COORDINATOR, office=other_office, national_scope=True)
    elsewhere = make_staff(Role.COORDINATOR, office=other_office)
    client = client_for(lawyer)
    record_consent(client, case.client, timezone.localdate().isoformat())
    referral = send(case, lawyer, embassy, sent_on=timezone.localdate())
    assert referral.consent_recorded_by_sender is True
    notified = set(Notification.objects.values_list("user", flat=True))
    assert notified == {coordinator.pk, national.pk}
    assert elsewhere.pk not in notified
    page = client_for(coordinator).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "text-warning-emphasis" in page


def test_a_consent_recorded_by_someone_else_raises_no_flag(
    case, lawyer, embassy, client_for, make_staff
):
    make_staff(Role.COORDINATOR)
    operator = make_staff(Role.HOTLINE_OPERATOR)
    record_consent(client_for(operator), case.client, timezone.localdate().isoformat())
    record_consent(client_for(lawyer), case.client, timezone.localdate().isoformat())
    referral = send(case, lawyer, embassy, sent_on=timezone.localdate())
    assert referral.consent_recorded_by_sender is False
    assert not Notification.objects.exists()
