"""A quantity of aid with its unit agreeing with the number: ``{{ 5|in_units:kind }}``
gives "5 пакетов" in Russian, "5 packages" in English."""

from django import template

from komek.aid.models import AidKind

register = template.Library()


@register.filter
def in_units(quantity: int, kind: AidKind) -> str:
    return kind.in_units(quantity)
