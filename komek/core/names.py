"""Names that records carry in more than one language: an office, its city, a partner.

A record keeps its primary name (Russian, as staff type it) in ``<field>`` and may keep the
Kazakh and English forms in ``<field>_kk`` and ``<field>_en`` (optional fields of the
model, edited in its form like any other); a page shows the form of its reader's language
through ``in_reader_language``, and the primary name where that form is not given.
"""

from django.utils.translation import get_language

# The interface languages whose forms a record may carry besides its primary name.
OTHER_LANGUAGES = ("kk", "en")


def in_reader_language(obj, field: str) -> str:
    """The form of ``field`` in the language of the current request, or the primary one."""
    language = (get_language() or "ru")[:2]
    if language in OTHER_LANGUAGES:
        return getattr(obj, f"{field}_{language}", "") or getattr(obj, field)
    return getattr(obj, field)
