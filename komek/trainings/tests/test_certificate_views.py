"""The organisers' certificates pages and the public verification page: what each role
reaches, what another office's staff do not, what is audited, and that the public page
says valid, revoked or not valid and nothing more."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.core.jobs import JobStatus
from komek.core.roles import Role
from komek.trainings import certificate_files, certificates
from komek.trainings.models import Certificate, CertificateBatch


@pytest.fixture
def certified(seminar, coordinator, present) -> Certificate:
    (certificate,) = certificates.certificates_issue(event=seminar, issued_by=coordinator)
    return certificate


@pytest.fixture
def outsider(make_staff, other_office):
    return make_staff(Role.COORDINATOR, username="outsider", office=other_office)


def test_the_event_certificates_page_shows_the_figures_and_is_audited(
    client_for, coordinator, seminar, certified
):
    response = client_for(coordinator).get(
        reverse("trainings:event_certificates", args=[seminar.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert certified.number in page and "Ахметов Ерлан" in page
    assert reverse("trainings:certificates_generate", args=[seminar.pk]) in page
    assert AuditEntry.objects.filter(actor=coordinator, action=Action.VIEW).count() == 1


def test_a_lawyer_sees_the_certificates_without_the_organisers_buttons(
    client_for, lawyer, seminar, certified
):
    page = client_for(lawyer).get(reverse("trainings:event_certificates", args=[seminar.pk]))
    content = page.content.decode()
    assert certified.number in content
    assert reverse("trainings:certificates_generate", args=[seminar.pk]) not in content
    assert reverse("trainings:certificate_revoke", args=[certified.pk]) not in content


def test_the_section_on_the_event_page_renders_from_the_event_alone(
    coordinator, seminar, certified
):
    request = RequestFactory().get("/")
    request.user = coordinator
    # What django_otp's middleware gives a request that passed the second factor.
    coordinator.is_verified = lambda: True
    html = Template('{% include "trainings/event/_certificates.html" %}').render(
        Context({"event": seminar, "request": request, "enrolments": []})
    )
    assert certified.number in html
    assert 'id="certificates-eligible">1 / 1<' in html


def test_generating_issues_the_certificates_and_leads_to_the_zip_s_progress(
    client_for, coordinator, seminar, present
):
    client = client_for(coordinator)
    response = client.post(reverse("trainings:certificates_generate", args=[seminar.pk]))
    batch = CertificateBatch.objects.get()
    assert response["Location"] == reverse("trainings:certificate_batch", args=[batch.pk])
    assert Certificate.objects.filter(enrolment=present).exists()

    page = client.get(response["Location"]).content.decode()
    assert "0 of 1 certificates" in page and 'hx-trigger="every 2s"' in page
    CertificateBatch.objects.filter(pk=batch.pk).update(status=JobStatus.DONE, progress_done=1)
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert reverse("trainings:certificate_batch_download", args=[batch.pk]) in partial
    assert "<h1" not in partial


def test_generating_with_nobody_present_says_why(client_for, coordinator, seminar):
    client = client_for(coordinator)
    response = client.post(
        reverse("trainings:certificates_generate", args=[seminar.pk]), follow=True
    )
    assert "2 day(s)" in response.content.decode()
    assert not CertificateBatch.objects.exists()


def test_only_the_organiser_who_asked_downloads_the_zip(
    client_for, coordinator, make_staff, seminar, present, needs_pdf_tools
):
    batch = certificate_files.batch_request(user=coordinator, event=seminar)
    certificate_files.batch_write.call(batch.pk)
    colleague = make_staff(Role.COORDINATOR, username="colleague")
    download = reverse("trainings:certificate_batch_download", args=[batch.pk])
    assert client_for(colleague).get(download).status_code == 404
    assert (
        client_for(colleague)
        .get(reverse("trainings:certificate_batch", args=[batch.pk]))
        .status_code
        == 404
    )
    response = client_for(coordinator).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.zip"')
    assert (
        AuditEntry.objects.filter(
            actor=coordinator, action=Action.EXPORT, object_type="trainings.CertificateBatch"
        ).count()
        == 2
    )  # asked for, then downloaded


def test_a_certificate_s_pdf_is_downloaded_and_audited(
    client_for, lawyer, certified, needs_pdf_tools
):
    response = client_for(lawyer).get(reverse("trainings:certificate_pdf", args=[certified.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.get(actor=lawyer, action=Action.EXPORT).object_id == str(certified.pk)


def test_revoking_from_the_page_needs_a_reason(client_for, coordinator, seminar, certified):
    client = client_for(coordinator)
    url = reverse("trainings:certificate_revoke", args=[certified.pk])
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Say why the certificate is revoked." in refused.content.decode()
    certified.refresh_from_db()
    assert certified.revoked_at is None

    response = client.post(url, {"reason": "Выдан по ошибке"})
    assert response["Location"] == reverse("trainings:event_certificates", args=[seminar.pk])
    certified.refresh_from_db()
    assert certified.revoked_reason == "Выдан по ошибке"
    assert client.get(reverse("trainings:certificate_pdf", args=[certified.pk])).status_code == 404


def test_a_lawyer_may_not_revoke(client_for, lawyer, certified):
    response = client_for(lawyer).post(
        reverse("trainings:certificate_revoke", args=[certified.pk]), {"reason": "Нет"}
    )
    assert response.status_code == 403
    certified.refresh_from_db()
    assert certified.revoked_at is None


@pytest.mark.parametrize(
    "name,method",
    [
        ("trainings:event_certificates", "get"),
        ("trainings:certificates_generate", "post"),
        ("trainings:certificate_pdf", "get"),
        ("trainings:certificate_revoke", "post"),
    ],
)
def test_another_office_s_coordinator_finds_nothing(
    client_for, outsider, seminar, certified, name, method
):
    argument = seminar.pk if "event" in name or "generate" in name else certified.pk
    response = getattr(client_for(outsider), method)(
        reverse(name, args=[argument]), {"reason": "x"}
    )
    assert response.status_code == 404
    certified.refresh_from_db()
    assert certified.revoked_at is None
    assert not CertificateBatch.objects.exists()


def test_a_zip_of_an_event_the_owner_no_longer_reaches_is_not_found(
    client_for, coordinator, other_office, seminar, present
):
    batch = certificate_files.batch_request(user=coordinator, event=seminar)
    coordinator.office = other_office
    coordinator.save()
    response = client_for(coordinator).get(reverse("trainings:certificate_batch", args=[batch.pk]))
    assert response.status_code == 404


def verify(client, certificate_or_token, **params):
    token = (
        certificate_or_token
        if isinstance(certificate_or_token, str)
        else certificates.certificate_token(certificate_or_token)
    )
    return client.get(reverse("trainings:certificate_verify", args=[token]), params)


# What the verification page must never show: the holder's agency, unit, phone, the office.
UNSAID = ("+77011234567", "УМП", "migration police", "миграционная полиция", "Астана")


def test_the_verification_page_confirms_name_event_and_dates_and_nothing_more(
    client, seminar, certified
):
    response = verify(client, certified)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in page
    assert "Ахметов Ерлан Серикович" in page and seminar.title in page
    assert certified.number in page
    assert not any(secret in page for secret in UNSAID)
    # No staff chrome, no script of any kind.
    assert "<script" not in page and "navbar" not in page
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]


def test_the_verification_page_says_a_revoked_certificate_was_revoked_and_when(
    client, coordinator, certified
):
    certificates.certificate_revoke(
        certificate=certified, revoked_by=coordinator, reason="Подделка подписи"
    )
    page = verify(client, certified, lang="en").content.decode()
    assert "This certificate was revoked on" in page
    assert "This certificate is valid." not in page
    assert "Подделка" not in page  # the reason stays with the organisers


def test_an_altered_identifier_is_not_valid_and_names_nobody(client, certified):
    token = certificates.certificate_token(certified)
    response = verify(client, token[:-2] + "xx")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Not valid." in page
    assert "Ахметов" not in page and certified.number not in page


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_verification_page_speaks_the_language_asked_for(client, certified, language):
    page = verify(client, certified, lang=language).content.decode()
    assert f'<html lang="{language}">' in page
    assert 'aria-current="page">' in page


def test_revoking_an_already_revoked_certificate_changes_nothing(coordinator, certified):
    certificates.certificate_revoke(certificate=certified, revoked_by=coordinator, reason="Раз")
    with pytest.raises(ValidationError):
        certificates.certificate_revoke(certificate=certified, revoked_by=coordinator, reason="Два")
    certified.refresh_from_db()
    assert certified.revoked_reason == "Раз"
