"""The queue of callers the hotline referred to a lawyer, waiting for a case."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from komek.cases import handover
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability

# The queue is meant to be emptied daily; a longer one shows its longest-waiting callers.
QUEUE_LENGTH = 200


@requires(Capability.CASES_WORK)
@shows_personal_data
def lawyer_queue(request: HttpRequest) -> HttpResponse:
    contacts = handover.lawyer_queue(user=request.user, limit=QUEUE_LENGTH)
    context = {"contacts": contacts, "length": QUEUE_LENGTH}
    return render(request, "cases/lawyer_queue.html", context)
