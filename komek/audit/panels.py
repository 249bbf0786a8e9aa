"""The audit log's link on a person's page: the DPO's question, one click away."""

from django.http import HttpRequest
from django.template.loader import render_to_string


def render_person_trail_link(request: HttpRequest, person) -> str:
    return render_to_string("audit/person_panel.html", {"person": person}, request=request)
