"""Referrals to partners from the case page: send, mark sent, answer, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.cases import referrals as referral_services
from komek.cases.forms import (
    AnswerForm,
    ReferralForm,
    SentForm,
    WithdrawForm,
    form_errors,
)
from komek.cases.models import Referral
from komek.cases.selectors import case_get_for
from komek.core.permissions import requires
from komek.core.roles import Capability


def _referral_step(
    request: HttpRequest, pk: int, referral_pk: int, form_class, step, *, done, incomplete
):
    """One step of a referral's workflow from its form on the case page: ``step`` is
    called with the referral and the cleaned data; refusals come back as messages."""
    case = case_get_for(user=request.user, pk=pk, purpose="change")
    referral = get_object_or_404(Referral, pk=referral_pk, case=case)
    form = form_class(request.POST, request.FILES, prefix=f"{form_class.prefix}-{referral.pk}")
    if not form.is_valid():
        messages.error(request, incomplete % {"errors": form_errors(form)})
        return redirect("cases:detail", pk=case.pk)
    try:
        step(referral, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_WORK)
@require_POST
def referral_send(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for(user=request.user, pk=pk, purpose="change")
    form = ReferralForm(request.POST, prefix="referral")
    if not form.is_valid():
        messages.error(
            request, _("The referral is incomplete: %(errors)s") % {"errors": form_errors(form)}
        )
        return redirect("cases:detail", pk=case.pk)
    try:
        referral_services.referral_send(case=case, sent_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referral recorded."))
    return redirect("cases:detail", pk=case.pk)


@requires(Capability.CASES_WORK)
@require_POST
def referral_answer(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        AnswerForm,
        lambda referral, data: referral_services.referral_answer(
            referral=referral, recorded_by=request.user, **data
        ),
        done=_("Answer recorded."),
        incomplete=_("The answer is incomplete: %(errors)s"),
    )


@requires(Capability.CASES_WORK)
@require_POST
def referral_sent(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        SentForm,
        lambda referral, data: referral_services.referral_mark_sent(
            referral=referral, sent_by=request.user, **data
        ),
        done=_("Referral marked as sent."),
        incomplete=_("Give the date the referral was sent."),
    )


@requires(Capability.CASES_WORK)
@require_POST
def referral_withdraw(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    return _referral_step(
        request,
        pk,
        referral_pk,
        WithdrawForm,
        lambda referral, data: referral_services.referral_withdraw(
            referral=referral, withdrawn_by=request.user, **data
        ),
        done=_("Referral withdrawn."),
        incomplete=_("Say why the referral is withdrawn."),
    )
