"""Referrals: a request sent to a partner for a case, and the partner's answer.

A referral is prepared (while its letter is written), sent, then answered; or withdrawn
before an answer. Sending it schedules a follow-up: with no answer by the expected date,
the sender gets a task to chase the partner.

Sharing a person's data with a partner needs the person's consent to sharing; without
it the sender needs the separate capability and a stated reason, and the audit log
says so. A consent the sender recorded themselves passes the gate but is flagged on the
referral and to the coordinators who may share without consent: a sender refused by
the gate could otherwise record an "oral consent" and retry, unseen."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.models import User
from komek.audit.models import Action
from komek.audit.services import record
from komek.cases import documents, evidence, reminders, services, timeline
from komek.cases.models import Case, Referral, ReferralStatus, Task
from komek.core.permissions import role_can
from komek.core.roles import Capability, roles_with
from komek.notifications.services import notify
from komek.people.models import Consent, ConsentMethod, ConsentScope

# Days an answer is expected within when the partner's own answers do not tell.
DEFAULT_DAYS = 14


def sharing_consent(person, on: date, *, sender) -> Consent | None:
    """The person's consent to sharing in force on ``on``: one recorded by someone other
    than ``sender`` if there is one."""
    consents = (
        Consent.objects.filter(person=person, scope=ConsentScope.SHARING_PARTNERS, given_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .order_by("-given_on", "-pk")
    )
    return consents.exclude(recorded_by=sender).first() or consents.first()


def _flag_own_consent(referral: Referral, consent: Consent) -> None:
    """Tell the coordinators of the case's office (and the national ones) who may share
    without consent that the sender relied on a consent they recorded themselves."""
    coordinators = User.objects.filter(
        Q(office=referral.case.office_id) | Q(national_scope=True),
        is_active=True,
        role__in=roles_with(Capability.CASES_SHARE_WITHOUT_CONSENT),
    ).exclude(pk=referral.sent_by_id)
    for coordinator in coordinators:
        notify(
            user=coordinator,
            key=f"referral-own-consent:{referral.pk}",
            message=OWN_CONSENT_MESSAGE,
            params={
                "sender": referral.sent_by,
                "case": referral.case_id,
                "method": ConsentMethod(consent.method).label,
                "date": consent.given_on,
            },
            url=reverse("cases:detail", args=[referral.case_id]),
        )


OWN_CONSENT_MESSAGE = gettext_lazy(
    "Check the consent: %(sender)s shared data with a partner for case №%(case)s relying on "
    "a consent they recorded themselves (%(method)s, given on %(date)s)."
)


@transaction.atomic
def referral_send(
    *,
    case: Case,
    sent_by,
    partner,
    request: str,
    channel: str,
    sent_on: date | None,
    expected_days: int | None = None,
    details: str = "",
    without_consent_reason: str = "",
):
    """Record a referral: sent on ``sent_on``, or prepared (to be sent) when it is None.

    Its answer is expected within ``expected_days``; by default within the partner's own
    median answer time, or the usual fortnight when the partner has answered too few
    referrals to tell: chasing the Uzbek embassy after 14 days when it takes six weeks
    only makes work."""
    consent = sharing_consent(case.client, sent_on or timezone.localdate(), sender=sent_by)
    if consent is None:
        if not role_can(sent_by, Capability.CASES_SHARE_WITHOUT_CONSENT):
            raise ValidationError(
                _(
                    "%(name)s has not consented to sharing data with partners. Record the "
                    "consent first, or ask a coordinator."
                )
                % {"name": case.client.full_name}
            )
        if not without_consent_reason.strip():
            raise ValidationError(_("Say why the data is shared without consent."))
    referral = Referral(
        case=case,
        partner=partner,
        request=request,
        channel=channel,
        status=ReferralStatus.PREPARED,
        response_days=expected_days or evidence.partner_typical_days(partner) or DEFAULT_DAYS,
        details=details,
        sent_by=sent_by,
        without_consent_reason="" if consent else without_consent_reason.strip(),
        consent_recorded_by_sender=consent is not None and consent.recorded_by_id == sent_by.pk,
    )
    referral.full_clean()
    referral.save()
    if referral.consent_recorded_by_sender:
        _flag_own_consent(referral, consent)
    if sent_on is not None:
        _mark_sent(referral, sent_on, sent_by)
    _on_timeline(referral, sent_by, request=referral.request)
    # Sharing the person's data is the audited act here, not the change to the case.
    record(
        actor=sent_by,
        action=Action.EXPORT,
        obj=case.client,
        detail=f"shared with {partner} for case {case.pk}"
        + ("" if consent else f"; without consent: {referral.without_consent_reason}")
        + ("; on a consent the sender recorded" if referral.consent_recorded_by_sender else ""),
    )
    return referral


def _mark_sent(referral: Referral, sent_on: date, sent_by) -> None:
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("The sending date is in the future.")})
    referral.status = ReferralStatus.SENT
    referral.sent_on = sent_on
    referral.expected_by = sent_on + timedelta(days=referral.response_days)
    referral.save(update_fields=["status", "sent_on", "expected_by"])
    services.case_deadline_refresh(referral.case)
    reminders.schedule_follow_up(referral)
    services.case_status_follow_work(
        case=referral.case,
        by=sent_by,
        because=timeline.BECAUSE_REFERRAL_SENT,
        partner=referral.partner_id,
    )


def _locked(referral: Referral, *allowed: str) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the referral is “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    return current


def _on_timeline(referral: Referral, actor, *, text: str = "", **codes: str) -> None:
    """The referral's partner and new status, and ``codes`` (its request, the answer's
    outcome), kept as codes: the timeline words them in its reader's language."""
    services.case_event_add(
        case=referral.case,
        author=actor,
        kind=timeline.REFERRAL,
        text=text,
        data={
            "referral": referral.pk,
            "partner": referral.partner_id,
            "status": referral.status,
            **codes,
        },
    )


def _logged(referral: Referral, actor, change: str, *, text: str = "", **codes: str) -> Referral:
    """Put a change of the referral on its case's timeline and in the audit log."""
    _on_timeline(referral, actor, text=text, **codes)
    record(
        actor=actor,
        action=Action.CHANGE,
        obj=referral.case,
        detail=f"referral {referral.pk} {change}",
    )
    return referral


def _close_follow_ups(referral: Referral, closed_by) -> None:
    """The referral awaits no answer any more: nor do its chasing tasks."""
    referral.follow_ups.filter(done_at__isnull=True).update(
        done_at=timezone.now(), done_by=closed_by
    )
    services.case_deadline_refresh(referral.case)


@transaction.atomic
def referral_mark_sent(*, referral: Referral, sent_by, sent_on: date) -> Referral:
    current = _locked(referral, ReferralStatus.PREPARED)
    _mark_sent(current, sent_on, sent_by)
    return _logged(current, sent_by, "sent")


@transaction.atomic
def referral_withdraw(*, referral: Referral, withdrawn_by, reason: str) -> Referral:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is withdrawn.")})
    current = _locked(referral, ReferralStatus.PREPARED, ReferralStatus.SENT)
    current.status = ReferralStatus.WITHDRAWN
    current.save(update_fields=["status"])
    _close_follow_ups(current, withdrawn_by)
    return _logged(current, withdrawn_by, "withdrawn", text=reason.strip())


@transaction.atomic
def referral_follow_up(referral: Referral) -> Task | None:
    """A task to chase a partner that has not answered by the expected date; None when
    the referral was answered, withdrawn, is not yet late, or already has one."""
    current = (
        Referral.objects.select_for_update().select_related("case", "partner").get(pk=referral.pk)
    )
    today = timezone.localdate()
    if (
        current.status != ReferralStatus.SENT
        or current.expected_by >= today
        or current.follow_ups.exists()
    ):
        return None
    assignee = current.sent_by
    if not assignee.is_active:
        assignee = current.case.assigned_to.filter(is_active=True).first() or assignee
    with translation.override(assignee.language or settings.LANGUAGE_CODE):
        title = _("No answer from %(partner)s since %(date)s: follow up") % {
            "partner": current.partner.short_name or current.partner.name,
            "date": formats.date_format(current.sent_on, "SHORT_DATE_FORMAT"),
        }
    return services.task_add(
        case=current.case,
        created_by=None,
        title=title,
        assignee=assignee,
        due_on=today,
        referral=current,
    )


@transaction.atomic
def referral_answer(
    *,
    referral,
    recorded_by,
    answered_on: date,
    answer: str,
    outcome: str,
    reply: UploadedFile | None = None,
):
    """Record the partner's answer, with ``reply`` (the partner's letter, scanned) kept
    among the case's documents and on the referral; the case is back in progress when no
    other answer is awaited."""
    referral = _locked(referral, ReferralStatus.SENT)
    if answered_on < referral.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the request.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer date is in the future.")})
    referral.status = ReferralStatus.ANSWERED
    referral.answered_on = answered_on
    referral.answer = answer
    referral.outcome = outcome
    if reply is not None:
        referral.reply = documents.document_attach(
            case=referral.case, uploaded_by=recorded_by, upload=reply
        )
    referral.full_clean()
    referral.save()
    _close_follow_ups(referral, recorded_by)
    _logged(referral, recorded_by, "answered", text=answer, outcome=outcome)
    services.case_status_follow_work(
        case=referral.case,
        by=recorded_by,
        because=timeline.BECAUSE_REFERRAL_ANSWERED,
        partner=referral.partner_id,
    )
    return referral
