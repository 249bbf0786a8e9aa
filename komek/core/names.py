"""Names that records carry in more than one language: an office, its city, a partner, a
consultation topic, a migration rule.

A record keeps its primary name (Russian, as staff type it) in ``<field>`` and may keep
other forms in ``<field>_<language>``: Kazakh and English (``_kk``, ``_en``) for the staff
interface, and where migrants read the record on the public portal, Uzbek in both scripts,
Tajik and Kyrgyz (``_uz``, ``_uz_cyrl``, ``_tg``, ``_ky``). They are optional fields of the
model, edited in its form like any other; a page shows the form of its reader's language
through ``in_reader_language``, and the primary name where that form is not given.
"""

from collections.abc import Callable

from django.apps import apps
from django.utils.translation import get_language

# The staff interface's languages whose forms a record may carry besides its primary name.
OTHER_LANGUAGES = ("kk", "en")
# The migrants' languages of the public portal, as field suffixes.
MIGRANT_LANGUAGES = ("uz", "uz_cyrl", "tg", "ky")


def reader_language() -> str:
    """The language of the current request as a field suffix: ``kk``, ``uz_cyrl``."""
    language = (get_language() or "ru").lower().replace("-", "_")
    if language.startswith("uz_cyrl"):
        return "uz_cyrl"
    return language[:2]


def in_reader_language(obj, field: str, *, primary: str | None = None) -> str:
    """The form of ``field`` in the language of the current request, or the primary one
    (``primary``, when the record keeps it under another name than ``field``)."""
    language = reader_language()
    given = ""
    if language in OTHER_LANGUAGES + MIGRANT_LANGUAGES:
        given = getattr(obj, f"{field}_{language}", "")
    return given or getattr(obj, primary or field)


def named(label: str) -> Callable[[int], str]:
    """Shows a record of ``label`` kept in an audit entry by its id: by its name, in the
    reader's language where it has one (``history_display``)."""

    def shown(pk: int) -> str:
        found = apps.get_model(label)._default_manager.filter(pk=pk).first()
        return str(found) if found is not None else f"#{pk}"

    return shown


def named_each(label: str) -> Callable[[list[int]], str]:
    """Shows records of ``label`` kept in an audit entry as a list of ids, like ``named``."""

    def shown(pks: list[int]) -> str:
        found = apps.get_model(label)._default_manager.in_bulk(pks)
        return ", ".join(str(found[pk]) if pk in found else f"#{pk}" for pk in pks)

    return shown
