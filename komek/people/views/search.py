from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.people.forms import SearchForm
from komek.people.search import BirthQuery
from komek.people.selectors import person_search

RESULT_LIMIT = 20


def _results(request: HttpRequest, query: str, born: BirthQuery | None) -> list[dict]:
    found = person_search(user=request.user, query=query, born=born, limit=RESULT_LIMIT)
    return [{"match": match, "can_open": can_open} for match, can_open in found]


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
