"""Display filters for codes Komek stores: countries, languages, phone numbers, shares."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats

from komek.core import phones
from komek.core.countries import country_name as _country_name
from komek.core.languages import language_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    return _country_name(code) if code else ""


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def phone(number: str) -> str:
    return phones.display(number)


@register.filter
def percent(share: float | None) -> str:
    """0.7051 → "70,5 %" in the language of the page."""
    if share is None:
        return ""
    return f"{formats.number_format(round(share * 100, 1), 1)} %"


@register.filter
def figure(value, indicator) -> str:
    """An indicator's figure as every page shows it: a share as a percentage, any other
    figure with up to two decimals and grouped thousands, and none as the indicator says
    (``Indicator.absent``)."""
    if value is None:
        return indicator.absent()
    if getattr(indicator, "is_share", False):
        return percent(value)
    return floatformat(value, "-2g")


@register.filter
def svg(chart, chart_id: str) -> str:
    """A chart (``komek.core.charts``) drawn as SVG, its ids starting with ``chart_id``."""
    return chart.svg(chart_id)
