"""Who earns a certificate, how certificates are numbered and revoked, and what the signed
identifier of the verification page says."""

import datetime

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from komek.audit.models import Action, AuditEntry
from komek.trainings import certificates
from komek.trainings.models import Attendance, Certificate, EventStatus
from komek.trainings.tests.factories import enrol, make_event, make_participant


def present_on(enrolment, *days: datetime.date) -> None:
    for day in days:
        Attendance.objects.create(enrolment=enrolment, day=day, marked_by=enrolment.enrolled_by)


@pytest.mark.parametrize(
    "days_present,days_required,earns",
    [(0, 1, False), (1, 1, True), (1, 2, False), (2, 2, True), (2, 3, False), (3, 3, True)],
)
def test_a_participant_earns_a_certificate_by_attending_the_days_required(
    office, coordinator, days_present, days_required, earns
):
    event = make_event(office=office, user=coordinator, days=3, days_required=days_required)
    enrolment = enrol(event, make_participant(), user=coordinator, attended=False)
    present_on(
        enrolment, *(event.starts_on + datetime.timedelta(days=n) for n in range(days_present))
    )
    assert list(certificates.eligible(event)) == ([enrolment] if earns else [])


def test_a_day_outside_the_event_does_not_count(seminar, coordinator):
    enrolment = enrol(seminar, make_participant(), user=coordinator, attended=False)
    present_on(enrolment, seminar.starts_on, seminar.ends_on + datetime.timedelta(days=1))
    assert list(certificates.eligible(seminar)) == []


def test_certificates_are_issued_once_to_those_due_with_numbers_of_the_year(
    seminar, coordinator, present
):
    absent = enrol(seminar, make_participant(surname="Бекова"), user=coordinator, attended=False)
    issued = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    assert [certificate.enrolment for certificate in issued] == [present]
    year = datetime.date.today().year
    assert issued[0].number == f"KMK-{year}-000001"
    assert certificates.certificates_issue(event=seminar, issued_by=coordinator) == []

    present_on(absent, seminar.starts_on, seminar.ends_on)
    (second,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    assert second.number == f"KMK-{year}-000002"
    created = AuditEntry.objects.filter(action=Action.CREATE, object_type="trainings.Certificate")
    assert created.count() == 2


def test_a_cancelled_event_gives_no_certificates(seminar, coordinator, present):
    seminar.status = EventStatus.CANCELLED
    seminar.save()
    with pytest.raises(ValidationError, match="cancelled"):
        certificates.certificates_issue(event=seminar, issued_by=coordinator)
    assert not Certificate.objects.exists()


def test_revoking_needs_a_reason_and_is_audited(seminar, coordinator, present):
    (certificate,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_revoke(certificate=certificate, revoked_by=coordinator, reason=" ")
    assert "reason" in refused.value.message_dict
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    certificates.certificate_revoke(
        certificate=certificate, revoked_by=coordinator, reason="Не присутствовал во второй день"
    )
    certificate.refresh_from_db()
    assert certificate.revoked_by == coordinator
    assert certificate.revoked_reason == "Не присутствовал во второй день"
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_id=str(certificate.pk))
    assert set(entry.changes) == {"revoked_at", "revoked_by", "revoked_reason"}


def test_a_certificate_is_revoked_only_once(seminar, coordinator, present):
    (certificate,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    certificates.certificate_revoke(
        certificate=certificate, revoked_by=coordinator, reason="Ошибка"
    )
    with pytest.raises(ValidationError, match="already"):
        certificates.certificate_revoke(
            certificate=certificate, revoked_by=coordinator, reason="Ещё"
        )


def test_a_revoked_certificate_is_not_issued_again(seminar, coordinator, present):
    (certificate,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    certificates.certificate_revoke(
        certificate=certificate, revoked_by=coordinator, reason="Ошибка"
    )
    assert certificates.certificates_issue(event=seminar, issued_by=coordinator) == []
    assert list(certificates.standing(seminar)) == []


def test_the_signed_identifier_says_whether_the_certificate_stands(seminar, coordinator, present):
    (certificate,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    token = certificates.certificate_token(certificate)
    valid = certificates.certificate_verify(token)
    assert (valid.status, valid.name, valid.event) == (
        "valid",
        "Ахметов Ерлан Серикович",
        seminar.title,
    )
    assert (valid.starts_on, valid.ends_on) == (seminar.starts_on, seminar.ends_on)

    certificates.certificate_revoke(
        certificate=certificate, revoked_by=coordinator, reason="Ошибка"
    )
    revoked = certificates.certificate_verify(token)
    assert revoked.status == "revoked"
    assert revoked.revoked_at is not None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token.replace("000001", "000002"),
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0],
        lambda token: signing.Signer().sign(token.split(":")[0]),
        lambda token: signing.Signer(salt="komek.other").sign(token.split(":")[0]),
    ],
    ids=["other-number", "altered-signature", "no-signature", "no-salt", "other-salt"],
)
def test_a_forged_or_altered_identifier_is_not_valid(seminar, coordinator, present, forge):
    enrol(seminar, make_participant(surname="Бекова"), user=coordinator)
    first, _second = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    token = certificates.certificate_token(first)
    assert certificates.certificate_verify(forge(token)).status == "invalid"


def test_a_number_taken_by_another_issuer_at_the_same_moment_is_not_given_twice(
    office, seminar, coordinator, present, monkeypatch
):
    elsewhere = make_event(office=office, user=coordinator, title="Круглый стол")
    enrol(elsewhere, make_participant(surname="Бекова"), user=coordinator)
    (taken,) = certificates.certificates_issue(event=elsewhere, issued_by=coordinator)
    # The other issuer's number is not yet seen when this one looks for the next free one.
    stale = iter([1])
    fresh = certificates._next_serial
    monkeypatch.setattr(
        certificates, "_next_serial", lambda prefix: next(stale, None) or fresh(prefix)
    )
    (issued,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    assert taken.number.endswith("-000001") and issued.number.endswith("-000002")
