from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from komek.audit import selectors
from komek.audit.forms import AuditFilterForm
from komek.core.permissions import requires
from komek.core.roles import Capability

PAGE_SIZE = 100


@requires(Capability.AUDIT_VIEW)
def entry_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilterForm(request.GET or None)
    entries = selectors.entry_list(**filters.cleaned_data) if filters.is_valid() else None
    if entries is None:
        entries = selectors.entry_list() if not filters.is_bound else selectors.entry_list().none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "audit/entry_list.html#entries" if request.htmx else "audit/entry_list.html"
    return render(request, template, {"filters": filters, "page": page})
