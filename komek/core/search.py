"""The global search box. Apps that hold searchable records register a provider; the
box shows what the signed-in user's providers return, so core needs no knowledge of them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchProvider:
    label: str | Promise
    capability: str
    # Renders the results for a query as HTML (the app's own partial template).
    render: Callable[[HttpRequest, str], str]


_providers: list[SearchProvider] = []


def register(provider: SearchProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def providers() -> tuple[SearchProvider, ...]:
    return tuple(_providers)
