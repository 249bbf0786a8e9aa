from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from komek.core import search as global_search
from komek.core.context_processors import navigation_entries
from komek.core.permissions import requires, signed_in, user_can
from komek.core.roles import Capability


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect(settings.KOMEK_SECOND_FACTOR_URL)
    modules = navigation_entries(request)
    if not user_can(request.user, Capability.USE):
        # Someone from outside the centre (a translator) starts at the one place they work.
        if not modules:
            raise PermissionDenied
        return redirect(modules[0]["url"])
    return render(request, "core/home.html", {"modules": modules})


@requires(Capability.USE)
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    sections = [
        {"label": provider.label, "html": provider.render(request, query)}
        for provider in global_search.providers()
        if user_can(request.user, provider.capability)
    ]
    return render(request, "core/search.html", {"query": query, "sections": sections})
