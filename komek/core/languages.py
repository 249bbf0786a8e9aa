"""Language names in the interface language, from CLDR (Babel). Records store ISO 639-1."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# The languages of the centre's work: its migrants', the country's, and partners'.
WORKING_LANGUAGES = ("ru", "kk", "uz", "tg", "ky", "en", "tr", "zh", "fa", "ar", "de", "fr")


@cache
def _languages(language: str) -> dict[str, str]:
    return dict(Locale.parse((language or "ru").replace("-", "_")).languages)


def language_name(code: str) -> str:
    return _languages(get_language()).get(code, code)


def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


def working_language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in WORKING_LANGUAGES]
