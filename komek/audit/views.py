from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from komek.audit import selectors
from komek.audit.forms import AuditFilterForm
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability

PAGE_SIZE = 100


@requires(Capability.AUDIT_VIEW)
@shows_personal_data
def entry_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilterForm(request.GET or None)
    if filters.is_valid():
        entries = selectors.entry_list(user=request.user, **filters.cleaned_data)
    else:
        entries = selectors.entry_list(user=request.user)
        if filters.is_bound:
            entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.shown_changes(page, request.user)
    template = "audit/entry_list.html#entries" if request.htmx else "audit/entry_list.html"
    return render(request, template, {"filters": filters, "page": page})
