from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from komek.core import search as global_search
from komek.core.context_processors import navigation_entries
from komek.core.permissions import requires, user_can
from komek.core.roles import Capability


@requires(Capability.USE)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"modules": navigation_entries(request)})


@requires(Capability.USE)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    sections = [
        {"label": provider.label, "html": provider.render(request, query)}
        for provider in global_search.providers()
        if user_can(request.user, provider.capability)
    ]
    return render(request, "core/search.html", {"query": query, "sections": sections})
