"""Referrals: a request sent to a partner for a case, and the partner's answer.

Sharing a person's data with a partner needs the person's consent to sharing; without
it the sender needs the separate capability and a stated reason, and the audit log
says so."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.models import Case, CaseEvent, EventKind, Referral
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.models import Consent, ConsentScope


def has_sharing_consent(person, on: date) -> bool:
    return (
        Consent.objects.filter(person=person, scope=ConsentScope.SHARING_PARTNERS, given_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .exists()
    )


@transaction.atomic
def referral_send(
    *,
    case: Case,
    sent_by,
    partner,
    request: str,
    channel: str,
    sent_on: date,
    expected_days: int = 14,
    details: str = "",
    without_consent_reason: str = "",
):
    consent = has_sharing_consent(case.client, sent_on)
    if not consent:
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
        sent_on=sent_on,
        expected_by=sent_on + timedelta(days=expected_days),
        details=details,
        sent_by=sent_by,
        without_consent_reason="" if consent else without_consent_reason.strip(),
    )
    referral.full_clean()
    referral.save()
    CaseEvent.objects.create(
        case=case,
        author=sent_by,
        kind=EventKind.REFERRAL,
        text=f"{partner}: {referral.get_request_display()}",
    )
    record(
        actor=sent_by,
        action=Action.EXPORT,
        obj=case.client,
        detail=f"shared with {partner} for case {case.pk}"
        + ("" if consent else f"; without consent: {referral.without_consent_reason}"),
    )
    return referral


@transaction.atomic
def referral_answer(*, referral, recorded_by, answered_on: date, answer: str, outcome: str):
    if answered_on < referral.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the request.")})
    referral.answered_on = answered_on
    referral.answer = answer
    referral.outcome = outcome
    referral.full_clean()
    referral.save()
    CaseEvent.objects.create(
        case=referral.case,
        author=recorded_by,
        kind=EventKind.REFERRAL,
        text=f"{referral.partner}: {referral.get_outcome_display()} — {answer}",
    )
    record(
        actor=recorded_by,
        action=Action.CHANGE,
        obj=referral.case,
        detail=f"referral {referral.pk} answered",
    )
    return referral
