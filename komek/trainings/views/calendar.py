"""The calendar of training events: a month on the page, and every event the user sees as
an iCalendar file to subscribe to or import."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.trainings import ics, selectors
from komek.trainings.forms_events import EventFilterForm


def _month(text: str) -> datetime.date:
    """The first day of the month ``YYYY-MM``; this month for anything else (or for a
    year at the ends of the calendar, whose neighbouring months do not exist)."""
    try:
        first = datetime.date.fromisoformat(f"{text}-01")
    except ValueError:
        first = None
    if first is None or not 1900 <= first.year <= 2999:
        return timezone.localdate().replace(day=1)
    return first


@requires(Capability.TRAININGS_VIEW)
def calendar(request: HttpRequest) -> HttpResponse:
    first = _month(request.GET.get("month", ""))
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=31)).replace(day=1)
    context = {
        "month": first,
        "previous": previous,
        "following": following,
        "weeks": selectors.month_calendar(user=request.user, year=first.year, month=first.month),
    }
    return render(request, "trainings/calendar.html", context)


@requires(Capability.TRAININGS_VIEW)
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The events of the list's filters (all the user sees, without any) as ICS."""
    filters = EventFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    events = selectors.event_list(
        user=request.user, **{key: value for key, value in criteria.items() if value}
    ).order_by("starts_on", "pk")
    response = HttpResponse(
        ics.calendar(events, now=timezone.now()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="komek-trainings.ics"'
    return response
