"""The portal's languages, apart from the staff interface's (``settings.LANGUAGES``: ru,
kk, en): the migrants' own, each named in itself, in the order of the chooser.

A language has one code in the address (lower case, short enough for a QR code and an
SMS: ``/m/uz-cyrl/``) and one tag that is at once Django's language code (its catalog is
``komek/locale/uz_Cyrl``), the page's ``lang`` and the language of a booklet's edition
(``komek.publications.models.Language``)."""

from dataclasses import dataclass

from django.utils.translation.trans_real import parse_accept_lang_header


@dataclass(frozen=True)
class PortalLanguage:
    code: str
    tag: str
    name: str


LANGUAGES = (
    PortalLanguage("uz", "uz", "Oʻzbekcha"),
    PortalLanguage("uz-cyrl", "uz-Cyrl", "Ўзбекча"),
    PortalLanguage("tg", "tg", "Тоҷикӣ"),
    PortalLanguage("ky", "ky", "Кыргызча"),
    PortalLanguage("ru", "ru", "Русский"),
    PortalLanguage("kk", "kk", "Қазақша"),
    PortalLanguage("en", "en", "English"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
# The converter's pattern: the longer code first, so that "uz-cyrl" is not read as "uz".
URL_PATTERN = "|".join(sorted(BY_CODE, key=len, reverse=True))


def by_tag(tag: str) -> PortalLanguage | None:
    """The portal language of a language tag (``uz-Cyrl-UZ``, ``ru-RU``, ``tg``), if any.
    Uzbek without a script is the Latin one, the script of Uzbekistan's schools."""
    tag = tag.lower()
    if tag.startswith("uz-cyrl"):
        return BY_CODE["uz-cyrl"]
    return BY_CODE.get(tag.split("-")[0])


def from_accept_language(header: str) -> PortalLanguage | None:
    """The first of the browser's languages, by preference, that the portal speaks."""
    for tag, _quality in parse_accept_lang_header(header):
        if tag != "*" and (language := by_tag(tag)) is not None:
            return language
    return None
