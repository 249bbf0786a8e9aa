from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.people.access import Access, access_level
from komek.people.forms import SearchForm
from komek.people.search import BirthQuery, Match, search_people

RESULT_LIMIT = 20


def _results(request: HttpRequest, query: str, born: BirthQuery | None) -> list[dict]:
    matches: list[Match] = search_people(query, born=born, limit=RESULT_LIMIT)
    if not matches:
        return []
    assigned = set(
        request.user.assigned_people.filter(
            pk__in=[match.person.pk for match in matches]
        ).values_list("pk", flat=True)
    )
    record(
        actor=request.user,
        action=Action.VIEW,
        detail=f"search: {query} {born or ''}".strip(),
    )
    return [
        {
            "match": match,
            "can_open": access_level(
                request.user, match.person, assigned=match.person.pk in assigned
            )
            >= Access.FULL,
        }
        for match in matches
    ]


def render_search_results(request: HttpRequest, query: str) -> str:
    """The global search box's people section."""
    return render_to_string(
        "people/search.html#results",
        {"results": _results(request, query, None), "query": query},
        request=request,
    )


@requires(Capability.PEOPLE_SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results, query = [], ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        results = _results(request, query, form.cleaned_data["born"]) if query else []
    template = "people/search.html#results" if request.htmx else "people/search.html"
    return render(request, template, {"form": form, "results": results, "query": query})
