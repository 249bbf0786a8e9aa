"""Country names in the interface language, from CLDR (Babel). Records store ISO 3166
alpha-2 codes; names are never typed by hand."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# CLDR territory codes that are groupings or placeholders, not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})

# The centre's own countries first in every list: origin countries and Kazakhstan.
FIRST = ("KZ", "UZ", "TJ", "KG", "RU")

# The formal names of the states of the region in Russian, as letters to their embassies
# and to state bodies write them ("гражданину Республики Узбекистан").
FORMAL_NAMES_RU = {
    "KZ": "Республика Казахстан",
    "UZ": "Республика Узбекистан",
    "TJ": "Республика Таджикистан",
    "KG": "Кыргызская Республика",
    "RU": "Российская Федерация",
    "TM": "Туркменистан",
    "AZ": "Азербайджанская Республика",
    "AM": "Республика Армения",
    "BY": "Республика Беларусь",
    "MD": "Республика Молдова",
    "AF": "Исламская Республика Афганистан",
}

# Names that official tables of the region use and CLDR does not give: the countries'
# own forms ("Кыргызстан", not CLDR's "Киргизия") and their formal names.
OFFICIAL_NAMES = {name.casefold(): code for code, name in FORMAL_NAMES_RU.items()} | {
    "кыргызстан": "KG",
    "киргизская республика": "KG",
    "киргизия": "KG",
    "kyrgyz republic": "KG",
    "republic of tajikistan": "TJ",
    "republic of uzbekistan": "UZ",
    "russian federation": "RU",
}


# Shown instead of CLDR's name where the country's own usage, and Kazakhstan's official
# one, differ from it.
OWN_NAMES = {"ru": {"KG": "Кыргызстан"}}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse((language or "ru").replace("-", "_"))


@cache
def _names(language: str) -> dict[str, str]:
    names = {
        code: name
        for code, name in _locale(language).territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    return names | OWN_NAMES.get(_locale(language).language, {})


def is_country(code: str) -> bool:
    return code in _names("en")


def country_name(code: str) -> str:
    return _names(get_language()).get(code, code)


def formal_country_name(code: str) -> str:
    """The state's formal name in a Russian letter, its usual name in any other language."""
    if get_language() == "ru" and code in FORMAL_NAMES_RU:
        return FORMAL_NAMES_RU[code]
    return country_name(code)


def country_choices() -> list[tuple[str, str]]:
    names = _names(get_language())
    rest = sorted((code for code in names if code not in FIRST), key=names.__getitem__)
    return [(code, names[code]) for code in (*FIRST, *rest)]


def country_code(text: str) -> str | None:
    """The ISO code for a code or a country name in Russian, Kazakh or English, in CLDR's
    form or in an official one (``OFFICIAL_NAMES``)."""
    cleaned = text.strip()
    if cleaned.upper() in _names("en"):
        return cleaned.upper()
    folded = " ".join(cleaned.casefold().replace("ё", "е").split())
    if folded in OFFICIAL_NAMES:
        return OFFICIAL_NAMES[folded]
    for language in ("ru", "kk", "en"):
        for code, name in _names(language).items():
            if name.casefold().replace("ё", "е") == folded:
                return code
    return None
