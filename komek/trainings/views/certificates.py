"""The organisers' certificates pages (an event's certificates, the ZIP being written,
one certificate's PDF, revoking) and the public page that verifies a certificate."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from komek.core import jobs
from komek.core.permissions import public, requires, shows_personal_data, user_can
from komek.core.roles import Capability
from komek.trainings import certificate_files, certificates, selectors

# The languages of the public verification page: those of the staff interface, in which
# the centre's partners and employers read.
VERIFY_LANGUAGES = (("ru", "Русский"), ("kk", "Қазақша"), ("en", "English"))


@requires(Capability.TRAININGS_VIEW)
@shows_personal_data
def event_certificates(request: HttpRequest, event_pk: int) -> HttpResponse:
    section = certificates.event_certificates_read(user=request.user, pk=event_pk)
    return render(
        request,
        "trainings/certificates/event.html",
        {
            "section": section,
            "event": section.event,
            "can_manage": user_can(request.user, Capability.TRAININGS_MANAGE),
        },
    )


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def certificates_generate(request: HttpRequest, event_pk: int) -> HttpResponse:
    event = selectors.event_get_for(user=request.user, pk=event_pk, purpose="change")
    try:
        batch = certificate_files.batch_request(user=request.user, event=event)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("trainings:event_certificates", event_pk=event.pk)
    return redirect("trainings:certificate_batch", pk=batch.pk)


@requires(Capability.TRAININGS_MANAGE)
def certificate_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = certificate_files.batch_get_for(user=request.user, pk=pk)
    return jobs.status_page(
        request,
        batch,
        template="trainings/certificates/batch.html",
        event=batch.event,
        downloads=[
            (reverse("trainings:certificate_batch_download", args=[batch.pk]), _("Download ZIP"))
        ],
        failure=_(
            "The certificates could not be written. Try again; if it fails again, tell the "
            "administrator."
        ),
    )


@requires(Capability.TRAININGS_MANAGE)
def certificate_batch_download(request: HttpRequest, pk: int) -> FileResponse:
    batch = certificate_files.batch_get_for(user=request.user, pk=pk)
    return jobs.download(
        request,
        batch,
        filename=certificate_files.batch_file_name(batch),
        detail=f"certificates of training event {batch.event_id} downloaded",
    )


@requires(Capability.TRAININGS_VIEW)
@shows_personal_data
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = certificates.certificate_get_for(user=request.user, pk=pk)
    if certificate.revoked_at is not None:
        # A revoked certificate is not printed again; its page says it was revoked.
        raise Http404
    content = certificate_files.certificate_pdf(certificate)
    certificates.certificate_export(user=request.user, certificate=certificate)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate_files.file_name(certificate)}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.TRAININGS_MANAGE)
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = certificates.certificate_get_for(user=request.user, pk=pk, purpose="change")
    try:
        certificates.certificate_revoke(
            certificate=certificate,
            revoked_by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _("Certificate № %(number)s is revoked: its verification page now says so.")
            % {"number": certificate.number},
        )
    return redirect("trainings:event_certificates", event_pk=certificate.enrolment.event_id)


def _verify_language(request: HttpRequest) -> str:
    """The language asked for in the address, else the browser's if the page speaks it."""
    codes = [code for code, _name in VERIFY_LANGUAGES]
    asked = request.GET.get("lang", "")
    if asked in codes:
        return asked
    current = (translation.get_language() or "")[:2]
    return current if current in codes else codes[0]


@public
@never_cache
def certificate_verify(request: HttpRequest, token: str) -> HttpResponse:
    language = _verify_language(request)
    with translation.override(language):
        verification = certificates.certificate_verify(token)
        response = render(
            request,
            "trainings/certificates/verify.html",
            {
                "verification": verification,
                "language": language,
                "languages": VERIFY_LANGUAGES,
                "centre": settings.KOMEK_CENTRE_NAME,
            },
            status=404 if verification.status == "invalid" else 200,
        )
    response["X-Robots-Tag"] = "noindex"
    return response
