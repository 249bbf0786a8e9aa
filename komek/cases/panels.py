"""What cases show on lower pages: the person page's list of their cases."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from komek.cases import selectors


def render_person_cases(request: HttpRequest, person) -> str:
    return render_to_string(
        "cases/person_cases.html",
        {"cases": selectors.person_cases(user=request.user, person=person), "person": person},
        request=request,
    )
