"""Certificates of training events: who has earned one (present on at least the event's
``days_required`` days), issuing them under numbers of their own (``KMK-2026-000123``),
revoking one with a reason, and the signed identifier behind the public verification page.

The identifier is the certificate's number signed with the site's secret key under a salt
of its own: a number typed by hand, an altered one, or another signed value of Komek does
not verify. It stays short enough for a QR code an old phone reads."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.core.permissions import role_can
from komek.trainings import selectors
from komek.trainings.models import Certificate, CertificateBatch, Enrolment, Event, EventStatus

SALT = "komek.trainings.certificate"
NUMBER_PREFIX = "KMK"
# Two organisers issuing at once may both pick the next free number; the second tries again.
NUMBERING_ATTEMPTS = 5
REVOKE_FIELDS = ("revoked_at", "revoked_by", "revoked_reason")


def certificate_get_for(
    *, user, pk: int, purpose: Literal["view", "change"] = "view"
) -> Certificate:
    """The certificate if ``user`` may see (or, for "change", organise) its event; 404
    otherwise."""
    if not role_can(user, selectors.capability_for(purpose)):
        raise Http404
    certificates = Certificate.objects.select_related(
        "enrolment__participant", "enrolment__event", "revoked_by"
    )
    certificate = in_scope(certificates, user, "enrolment__event__office").filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def with_days_attended(enrolments: QuerySet[Enrolment], event: Event) -> QuerySet[Enrolment]:
    """``enrolments`` of ``event`` with ``days_attended``: the event's days they were present."""
    on_event_days = Q(attendance__day__range=(event.starts_on, event.ends_on))
    return enrolments.annotate(
        days_attended=Count("attendance__day", filter=on_event_days, distinct=True)
    )


def eligible(event: Event) -> QuerySet[Enrolment]:
    """The enrolments of ``event`` that earned a certificate: present on at least
    ``days_required`` of its days. None for a cancelled event."""
    if event.status == EventStatus.CANCELLED:
        return Enrolment.objects.none()
    # A Q object: the type checker does not see the annotation a keyword would name.
    return with_days_attended(event.enrolments.all(), event).filter(
        Q(days_attended__gte=event.days_required)
    )


def due(event: Event) -> QuerySet[Enrolment]:
    """The enrolments that earned a certificate and have none yet (a revoked one counts:
    revoking is not undone by issuing again)."""
    return eligible(event).filter(certificate__isnull=True)


def standing(event: Event) -> QuerySet[Certificate]:
    """The certificates of ``event`` that stand (not revoked), by participant's name."""
    return (
        Certificate.objects.filter(enrolment__event=event, revoked_at__isnull=True)
        .select_related("enrolment__participant", "enrolment__event")
        .order_by("enrolment__participant__surname", "enrolment__participant__given_name", "pk")
    )


def _next_serial(prefix: str) -> int:
    last = Certificate.objects.filter(number__startswith=prefix).aggregate(n=Max("number"))["n"]
    return int(last.removeprefix(prefix)) + 1 if last else 1


def _numbered(enrolments: list[Enrolment], issued_by) -> list[Certificate]:
    prefix = f"{NUMBER_PREFIX}-{timezone.localdate():%Y}-"
    attempt = 1
    while True:
        serial = _next_serial(prefix)
        try:
            with transaction.atomic():
                return [
                    create_audited(
                        obj=Certificate(
                            enrolment=enrolment,
                            number=f"{prefix}{serial + offset:06d}",
                            issued_by=issued_by,
                        ),
                        actor=issued_by,
                        fields=("number", "enrolment", "issued_by"),
                    )
                    for offset, enrolment in enumerate(enrolments)
                ]
        except (IntegrityError, ValidationError):
            if attempt == NUMBERING_ATTEMPTS:
                raise
            attempt += 1


@transaction.atomic
def certificates_issue(*, event: Event, issued_by) -> list[Certificate]:
    """Certificates for every participant of ``event`` who earned one and has none yet;
    the ones issued now, in the order of their numbers."""
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event was cancelled: it gives no certificates."))
    # One issuer at a time per event, so that nobody gets two numbers.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    enrolments = list(
        due(event)
        .select_related("participant")
        .order_by("participant__surname", "participant__given_name", "pk")
    )
    return _numbered(enrolments, issued_by) if enrolments else []


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, revoked_by, reason: str) -> Certificate:
    """Revoke ``certificate`` for ``reason``: its verification page says so from now on."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    try:
        return update_audited(
            obj=certificate,
            actor=revoked_by,
            changes={
                "revoked_at": timezone.now(),
                "revoked_by": revoked_by,
                "revoked_reason": reason,
            },
            fields=REVOKE_FIELDS,
        )
    except ValidationError as invalid:
        # The only field the user typed is the reason: name it as the form does.
        raise ValidationError({"reason": invalid.message_dict.get("revoked_reason", [])}) from None


def certificate_export(*, user, certificate: Certificate) -> None:
    """Record that ``user`` takes a copy of ``certificate`` (its PDF)."""
    record(
        actor=user,
        action=Action.EXPORT,
        obj=certificate,
        detail=f"certificate pdf, participant {certificate.enrolment.participant_id}",
    )


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def certificate_token(certificate: Certificate) -> str:
    return _signer().sign(certificate.number)


def verify_url(certificate: Certificate, *, base_url: str | None = None) -> str:
    """The address of ``certificate``'s public verification page, under ``base_url``
    (``KOMEK_BASE_URL`` by default)."""
    base = settings.KOMEK_BASE_URL if base_url is None else base_url
    path = reverse("trainings:certificate_verify", args=[certificate_token(certificate)])
    return f"{base.rstrip('/')}{path}"


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say, and nothing more."""

    status: Literal["valid", "revoked", "invalid"]
    name: str = ""
    event: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    number: str = ""
    revoked_at: datetime | None = None


def certificate_verify(token: str) -> Verification:
    """Whether the signed identifier ``token`` names a certificate, and whether it stands."""
    try:
        number = _signer().unsign(token)
    except signing.BadSignature:
        return Verification(status="invalid")
    certificate = (
        Certificate.objects.select_related("enrolment__participant", "enrolment__event")
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return Verification(status="invalid")
    event = certificate.enrolment.event
    return Verification(
        status="revoked" if certificate.revoked_at else "valid",
        name=str(certificate.enrolment.participant),
        event=event.title,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        number=certificate.number,
        revoked_at=certificate.revoked_at,
    )


@dataclass(frozen=True)
class Section:
    """An event's certificates as its organisers see them."""

    event: Event
    enrolled: int
    eligible: int
    due: int
    certificates: list[Certificate]
    batch: CertificateBatch | None

    @property
    def revoked(self) -> int:
        return sum(1 for certificate in self.certificates if certificate.revoked_at)

    @property
    def issued(self) -> int:
        return len(self.certificates) - self.revoked


def certificates_section(*, event: Event, user) -> Section:
    """The figures and certificates of ``event``, and the ZIP ``user`` last asked for. The
    caller has checked that ``user`` may see the event."""
    certificates = list(
        Certificate.objects.filter(enrolment__event=event)
        .select_related("enrolment__participant", "revoked_by")
        .order_by("enrolment__participant__surname", "enrolment__participant__given_name", "pk")
    )
    batch = CertificateBatch.objects.filter(event=event, requested_by=user).first()
    return Section(
        event=event,
        enrolled=event.enrolments.count(),
        eligible=eligible(event).count(),
        due=due(event).count(),
        certificates=certificates,
        batch=batch,
    )


def event_certificates_read(*, user, pk: int) -> Section:
    """The certificates page of an event, whose names the reading is audited for."""
    event = selectors.event_get_for(user=user, pk=pk)
    section = certificates_section(event=event, user=user)
    record(actor=user, action=Action.VIEW, obj=event, detail="certificates")
    return section
