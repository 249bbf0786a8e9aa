"""The map of the officials trained by region, with the table of its figures."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.scoping import in_scope
from komek.core.forms import StyledFormMixin
from komek.core.permissions import requires
from komek.core.roles import Capability
from komek.trainings import maps
from komek.trainings.models import Agency, Event


class MapFilterForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    agency = forms.ChoiceField(
        label=gettext_lazy("Agency"),
        choices=[("", gettext_lazy("every agency")), *Agency.choices],
        required=False,
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            ("", gettext_lazy("every year")),
            *((year, str(year)) for year in years),
        ]


def _years(user) -> list[int]:
    """The years the user's events began in, and this one, latest first."""
    dates = in_scope(Event.objects.all(), user).dates("starts_on", "year")
    return sorted({day.year for day in dates} | {timezone.localdate().year}, reverse=True)


@requires(Capability.TRAININGS_VIEW)
def training_map(request: HttpRequest) -> HttpResponse:
    form = MapFilterForm(request.GET or None, years=_years(request.user))
    chosen = form.cleaned_data if form.is_valid() else {}
    year = chosen.get("year") or None
    scope = maps.scope_of(user=request.user, year=year)
    figures = maps.region_figures(scope, agency=chosen.get("agency", ""))
    title = (
        _("Officials trained by region, %(year)s") % {"year": year}
        if year
        else _("Officials trained by region")
    )
    context = {
        "form": form,
        "map": maps.tile_map(figures, title=title),
        "figures": figures,
        "totals": {
            "events": sum(row.events for row in figures),
            "trained": sum(row.trained for row in figures),
            "men": sum(row.men for row in figures),
            "women": sum(row.women for row in figures),
        },
    }
    return render(request, "trainings/map.html", context, status=400 if form.errors else 200)
