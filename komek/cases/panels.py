"""What cases show on lower pages: the person page's list of their cases, and the open
cases of a caller in the hotline's caller history."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from komek.cases import selectors


def render_person_cases(request: HttpRequest, person) -> str:
    return render_to_string(
        "cases/person_cases.html",
        {"cases": selectors.person_cases(user=request.user, person=person), "person": person},
        request=request,
    )


def render_caller_cases(request: HttpRequest, person) -> str:
    """The caller's open cases and who works on them; nothing when there are none."""
    cases = selectors.person_open_cases(user=request.user, person=person)
    if not cases:
        return ""
    return render_to_string("cases/caller_cases.html", {"cases": cases}, request=request)
