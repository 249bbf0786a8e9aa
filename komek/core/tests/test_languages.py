"""Every staff page, in Russian, Kazakh and English, shows what Komek stored in the
reader's language: a page whose visible text carries a stored string in another
language's script fails. Records keep codes, and names with their Kazakh and English
forms; what people wrote (a name, an address, a title, a reason) is theirs and is allowed.

Each route is opened (with the URL samples of test_permissions) as a user whose role may
see it. On an English page, Cyrillic is allowed only in what people wrote; on a Russian
or Kazakh page, Latin words are; and on a Russian page no choice's Kazakh label, on a
Kazakh page no choice's Russian label may appear: a label frozen in its writer's language.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from komek.conftest import make_user
from komek.core import url_samples
from komek.core.permissions import PUBLIC, SIGNED_IN, declared_permission
from komek.core.roles import Role, role_has
from komek.core.tests import test_permissions
from komek.core.tests.test_permissions import ROUTE_IDS, ROUTES, _url

made = test_permissions.made
_media_in_tmp = test_permissions._media_in_tmp

CYRILLIC_WORD = re.compile(r"\w*[а-яёәғқңөұүһі]\w*", re.IGNORECASE)
HTML_LANG = re.compile(r'<html lang="([^"]*)"')
LATIN_WORD = re.compile(r"(?<![\w./@-])[a-z]{2,}(?![\w./@-])", re.IGNORECASE)

# Records whose text Komek writes itself, in some language: what the test is about, so
# never allowed. Audit entries are the audit log's own (rendered by the audit app).
WRITTEN_BY_KOMEK = {"cases.caseevent", "notifications.notification", "audit.auditentry"}

# Latin words that are the same in every language: file formats, products, currencies,
# the keys of a keyboard, the language switcher's codes.
LATIN_EVERYWHERE = {
    "komek", "pdf", "docx", "csv", "xlsx", "json", "png", "jpeg", "email", "whatsapp",
    "telegram", "kzt", "url", "ctrl", "alt", "shift", "enter", "esc", "tab", "ru", "kk", "en",
    "id", "xliff", "po", "html", "markdown", "ics", "zip", "space", "http", "https",
    # The codes of the languages booklets are translated into, shown beside their names.
    "uz", "tg", "ky", "cyrl",
}  # fmt: skip

# The interface's own examples in their script: the patronymic's help text shows the
# Kazakh forms (ұлы/қызы) in every language, the letterhead's the offices' Latin codes,
# the answer grid's the letters typed for two answers of a question.
EXAMPLES = {"ұлы", "қызы", "AST", "ALA", "ac"}

# Pages that show an uploaded file as it is, for its columns to be confirmed: the file's
# own headers, in whatever language the statistics office wrote them.
SHOWS_AN_UPLOADED_FILE = {"statistics:preview"}


# Elements that have no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, no script or style, no hidden template; and no
    text the page marks as being in a language of its own (``lang="ru"`` on a name's
    primary form in a change history), as a screen reader would read it in that language.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs) -> None:
        hides = tag in ("script", "style", "template") or (
            tag != "html" and any(name == "lang" for name, _value in attrs)
        )
        if tag not in VOID:
            self._open.append(hides)
        self._hidden += hides

    def handle_startendtag(self, tag, attrs) -> None:
        """An element without content hides nothing."""

    def handle_endtag(self, tag) -> None:
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def written_by_people() -> set[str]:
    """Every text value people typed into a record: names, addresses, titles, reasons.
    A field with Kazakh and English forms is not among them (its reader sees their form),
    nor a choice (a code), nor what Komek writes itself."""
    allowed: set[str] = set()
    for model in apps.get_models():
        # Other tests' own models have no table here.
        if model._meta.label_lower in WRITTEN_BY_KOMEK or ".tests." in model.__module__:
            continue
        names = {field.name for field in model._meta.concrete_fields}
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and f"{field.name}_en" not in names
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            allowed.update(value.strip() for value in row if value and value.strip())
    return allowed


def named_in_themselves() -> set[str]:
    """The language switcher's names, in every language, and the choices that are the
    same in every language by design (a caller's language, named in itself)."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update(str(name) for _code, name in settings.LANGUAGES)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            names.update(label for _code, label in field.flatchoices if isinstance(label, str))
    return names


def choice_labels(language: str) -> set[str]:
    """The label of every choice in ``language``: the words a record's code becomes."""
    with translation.override(language):
        return {
            str(label)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            for _code, label in field.flatchoices
            if len(str(label)) >= 5
        }


def without(text: str, allowed: set[str]) -> str:
    """``text`` with every allowed string taken out where it stands as whole words."""
    if not allowed:
        return text
    pattern = "|".join(re.escape(item) for item in sorted(allowed, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", " ", text)


def foreign(text: str, language: str, allowed: set[str], labels: dict[str, set[str]]) -> list:
    """What in the visible ``text`` of a page in ``language`` is another language's."""
    rest = without(text, allowed)
    found = []
    if language == "en":
        found += CYRILLIC_WORD.findall(rest)
    else:
        found += [
            word for word in LATIN_WORD.findall(rest) if word.casefold() not in LATIN_EVERYWHERE
        ]
        for other in {"ru", "kk"} - {language}:
            found += [
                label
                for label in labels[other] - labels[language]
                if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", rest)
            ]
    return found


def test_the_check_finds_a_label_frozen_in_russian_on_an_english_page():
    page = "<h1>Case</h1><p>Embassy: консульская помощь · готовится</p><script>'Кириллица'</script>"
    assert foreign(visible_text(page), "en", set(), {}) == ["консульская", "помощь", "готовится"]
    assert foreign(visible_text(page), "en", {"консульская помощь · готовится"}, {}) == []


def test_the_check_finds_english_values_and_kazakh_labels_on_a_russian_page():
    page = "<p>активен: True · Алматы: жіберілді</p>"
    labels = {"ru": {"отправлено"}, "kk": {"жіберілді"}}
    assert foreign(visible_text(page), "ru", {"Алматы"}, labels) == ["True", "жіберілді"]


@pytest.fixture(scope="module")
def expected(made, django_db_blocker):
    with django_db_blocker.unblock():
        allowed = written_by_people() | named_in_themselves() | EXAMPLES
        labels = {code: choice_labels(code) for code, _name in settings.LANGUAGES}
    return allowed, labels


def _reader(role_needed, language: str, made):
    role = Role.COORDINATOR
    if role_needed not in (PUBLIC, SIGNED_IN) and not role_has(role, role_needed):
        role = next(role for role in Role.values if role_has(role, role_needed))
    user = make_user(f"reader-{role}-{language}", role, made["office"], language=language)
    url_samples.grant(made, user)
    return user


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("name,pattern", ROUTES, ids=ROUTE_IDS)
def test_a_page_shows_no_stored_words_of_another_language(
    client_for, made, expected, name, pattern, language
):
    if name in SHOWS_AN_UPLOADED_FILE:
        pytest.skip(f"{name} shows an uploaded file as written")
    user = _reader(declared_permission(pattern.callback), language, made)
    response = client_for(user).get(_url(name, pattern, made))
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        pytest.skip(f"{name} is not a page ({response.status_code})")
    page = response.content.decode()
    written_in = HTML_LANG.search(page)
    public = declared_permission(pattern.callback) == PUBLIC
    if public and written_in is not None and written_in[1] != language:
        # A public page in the language its address names (the migrants' portal, /m/tg/)
        # is no page in the reader's interface language.
        pytest.skip(f"{name} is written in {written_in[1]}, its address's language")
    allowed, labels = expected
    text = visible_text(page)
    found = foreign(text, language, allowed, labels)
    assert not found, f"{name} in {language} shows {found}: {text}"
