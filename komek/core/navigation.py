"""The main navigation, filled by the apps that provide each module.

Each app registers its entries in ``AppConfig.ready()``, so core never imports a higher
app and a module appears in the menu only when it is installed and the user may use it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    capability: str
    order: int


_entries: list[NavEntry] = []


def register(*, label: str | Promise, url_name: str, capability: str, order: int) -> None:
    entry = NavEntry(label=label, url_name=url_name, capability=capability, order=order)
    if entry not in _entries:
        _entries.append(entry)
        _entries.sort(key=lambda item: item.order)


def entries() -> tuple[NavEntry, ...]:
    return tuple(_entries)
