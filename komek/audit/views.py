from datetime import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit import selectors
from komek.audit.forms import AuditFilterForm, PeriodForm
from komek.core import exports
from komek.core.permissions import requires, shows_personal_data
from komek.core.roles import Capability

PAGE_SIZE = 100


def _period_query(cleaned: dict) -> str:
    return urlencode({key: cleaned[key] for key in ("date_from", "date_to") if cleaned.get(key)})


@requires(Capability.AUDIT_VIEW)
@shows_personal_data
def entry_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilterForm(request.GET or None)
    people = None
    if filters.is_valid():
        criteria = dict(filters.cleaned_data)
        named = criteria.pop("person")
        entries = selectors.entry_list(user=request.user, person=named, **criteria)
        if named:
            people = selectors.people_named(user=request.user, text=named)
            if not people:
                filters.add_error("person", _("No person has this registry number or name."))
            entries = entries.none()
    else:
        entries = selectors.entry_list(user=request.user)
        if filters.is_bound:
            entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.shown_changes(page, request.user)
    context = {
        "filters": filters,
        "page": page,
        "people": people,
        "period": _period_query(filters.cleaned_data) if filters.is_valid() else "",
    }
    template = "audit/entry_list.html#entries" if request.htmx else "audit/entry_list.html"
    return render(request, template, context)


def _this_month() -> str:
    today = timezone.localdate()
    return urlencode({"date_from": today.replace(day=1), "date_to": today})


@requires(Capability.AUDIT_VIEW)
@shows_personal_data
def person_trail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who looked at or changed this person's data: the DPO's question, in one page."""
    period = PeriodForm(request.GET)
    valid = period.is_valid()
    person, entries = selectors.person_trail(
        user=request.user, pk=pk, **(period.cleaned_data if valid else {})
    )
    if not valid:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.shown_changes(page, request.user)
    context = {
        "person": person,
        "reference": selectors.reference(person),
        "period": period,
        "page": page,
        "export_query": _period_query(period.cleaned_data) if valid else "",
        "this_month": _this_month(),
    }
    return render(request, "audit/person_trail.html", context)


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


@requires(Capability.AUDIT_VIEW)
@shows_personal_data
def person_trail_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The page as a spreadsheet, for a subject access request; audited as an export."""
    period = PeriodForm(request.GET)
    if not period.is_valid():
        return redirect(f"{reverse('audit:person_trail', args=[pk])}?{request.GET.urlencode()}")
    person, entries = selectors.person_trail_export(user=request.user, pk=pk, **period.cleaned_data)
    header = [
        _("When"),
        _("Who"),
        _("IP address"),
        _("Action"),
        _("Detail"),
        _("Record"),
        _("Fields changed"),
    ]

    def rows():
        for entry in entries.iterator():
            selectors.shown_changes([entry], request.user)
            yield [
                _local(entry.at),
                entry.actor_username,
                entry.ip,
                entry.get_action_display(),
                entry.shown_detail,
                f"{entry.record_type} #{entry.object_id} {entry.object_repr}".strip()
                if entry.object_type
                else "",
                ", ".join(change.label for change in entry.shown_changes),
            ]

    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return exports.xlsx_response(f"komek-audit-person-{person.pk}-{stamp}.xlsx", header, rows())
