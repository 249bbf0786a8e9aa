"""The calendar that working-day counts follow, by year: public holidays, weekdays off
carried over and weekend days worked instead, each with the act that set it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komek.core.permissions import requires, user_can
from komek.core.roles import Capability
from komek.navigator import editing
from komek.navigator.forms_editing import DayForm
from komek.navigator.models import CalendarDay
from komek.navigator.views.rules import edit_page

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request: HttpRequest) -> int:
    """The year asked for (``?year=2026``), this year when none or none sensible is."""
    text = request.GET.get("year", "")
    if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return timezone.localdate().year


def _year_page(day: Model) -> str:
    return f"{reverse('navigator:calendar')}?{urlencode({'year': day.date.year})}"  # type: ignore[attr-defined]


@requires(Capability.NAVIGATOR_USE)
def calendar(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    context = {
        "year": year,
        "previous": year - 1 if year > FIRST_YEAR else None,
        "next": year + 1 if year < LAST_YEAR else None,
        "days": CalendarDay.objects.filter(date__year=year),
        "can_edit": user_can(request.user, Capability.NAVIGATOR_EDIT),
    }
    return render(request, "navigator/rules/calendar.html", context)


@requires(Capability.NAVIGATOR_EDIT)
def day_new(request: HttpRequest) -> HttpResponse:
    return edit_page(
        request,
        form=DayForm(request.POST or None),
        save=editing.day_add,
        title=_("New calendar day"),
        back=reverse("navigator:calendar"),
        done=_year_page,
    )


@requires(Capability.NAVIGATOR_EDIT)
def day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)

    def save(**fields) -> Model:
        return editing.day_update(day=day, **fields)

    return edit_page(
        request,
        form=DayForm(request.POST or None, instance=day),
        save=save,
        title=str(day),
        back=_year_page(day),
        done=_year_page,
        history_of=day,
    )


@requires(Capability.NAVIGATOR_EDIT)
@require_POST
def day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(CalendarDay, pk=pk)
    editing.day_delete(day=day, by=request.user)
    messages.success(request, _("The day is an ordinary one again."))
    return redirect(_year_page(day))
