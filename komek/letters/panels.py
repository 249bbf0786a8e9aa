"""What letters show on the case page: the case's letters, "Write a letter", and on a
referral being prepared, "Write the letter" for it."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from komek.cases.models import Case, Referral, ReferralStatus
from komek.core.permissions import user_can
from komek.core.roles import Capability


def render_case_letters(request: HttpRequest, case: Case) -> str:
    context = {
        "case": case,
        "letters": case.letters.select_related("referral__partner"),
        "can_write": user_can(request.user, Capability.CASES_WORK),
    }
    return render_to_string("letters/case_letters.html", context, request=request)


def write_for_referral(request: HttpRequest, referral: Referral) -> str | None:
    """The letter that goes with a referral is written while it is being prepared."""
    if referral.status != ReferralStatus.PREPARED:
        return None
    writing = reverse("letters:write", args=[referral.case_id])
    return f"{writing}?{urlencode({'referral': referral.pk})}"
