"""Audit entries in the reader's language.

An entry keeps codes and data, never words of one language: the action is a code, the
record is its model's label and id, a change is the field's name with its raw values, and
the detail an app writes is a fixed phrase of code words followed by its data ("caller
lookup +77011234567", "letter 12 generated", "note added"). All of it is put into words
when read, in the reader's language: the action's label, the model's and the field's
verbose names, a value's choice label, and the detail through ``DETAILS``, the catalogue
of the phrases the apps write. Entries are never rewritten (append-only, hash-chained),
so this is also how the entries written before are shown; a phrase the catalogue does
not know is shown as it was kept.
"""

import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.core.history import language_of
from komek.core.names import in_reader_language

# (the phrase as the apps write it, with its data as named groups; the words for it).
DETAILS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(pattern, re.DOTALL), words)
    for pattern, words in [
        (r"caller lookup (?P<number>.+)", gettext_lazy("caller lookup: %(number)s")),
        (r"callbacks due", gettext_lazy("callbacks due")),
        (r"called back", gettext_lazy("called back")),
        (r"contact list: ?(?P<filters>.*)", gettext_lazy("contact list %(filters)s")),
        (r"case list: ?(?P<filters>.*)", gettext_lazy("case list %(filters)s")),
        (r"task list: own", gettext_lazy("own task list")),
        (r"task list: overdue", gettext_lazy("overdue task list")),
        (r"cases csv: ?(?P<filters>.*)", gettext_lazy("case list as CSV %(filters)s")),
        (r"cases xlsx: ?(?P<filters>.*)", gettext_lazy("case list as XLSX %(filters)s")),
        (
            r"cases xlsx downloaded: ?(?P<filters>.*)",
            gettext_lazy("case list XLSX downloaded %(filters)s"),
        ),
        (r"note added", gettext_lazy("note added")),
        (r"task added: (?P<title>.*)", gettext_lazy("task added: %(title)s")),
        (r"task done: (?P<title>.*)", gettext_lazy("task done: %(title)s")),
        (r"document added: (?P<name>.*)", gettext_lazy("document added: %(name)s")),
        (r"document downloaded: (?P<name>.*)", gettext_lazy("document downloaded: %(name)s")),
        (
            r"shared with (?P<partner>.*) for case (?P<case>\d+)",
            gettext_lazy("shared with %(partner)s for case %(case)s"),
        ),
        (
            r"shared with (?P<partner>.*) for case (?P<case>\d+); without consent: (?P<reason>.*)",
            gettext_lazy("shared with %(partner)s for case %(case)s without consent: %(reason)s"),
        ),
        (
            r"shared with (?P<partner>.*) for case (?P<case>\d+); on a consent the sender recorded",
            gettext_lazy(
                "shared with %(partner)s for case %(case)s on a consent the sender recorded"
            ),
        ),
        (r"letter draft: (?P<template>.*)", gettext_lazy("letter draft: %(template)s")),
        (r"letter (?P<number>\S+) generated", gettext_lazy("letter %(number)s generated")),
        (
            r"letter (?P<number>\S+) downloaded as (?P<format>\w+)",
            gettext_lazy("letter %(number)s downloaded as %(format)s"),
        ),
        (
            r"override \(entitlement\): (?P<reason>.*)",
            gettext_lazy("entitlement rule overridden: %(reason)s"),
        ),
        (
            r"override \(budget\): (?P<reason>.*)",
            gettext_lazy("budget line overridden: %(reason)s"),
        ),
        (
            r"override \((?:budget, entitlement|entitlement, budget)\): (?P<reason>.*)",
            gettext_lazy("entitlement rule and budget line overridden: %(reason)s"),
        ),
        (r"counted (?P<counted>\d+)", gettext_lazy("stock counted: %(counted)s")),
        (r"aid approval queue", gettext_lazy("aid approval queue")),
        (r"search: (?P<query>.*)", gettext_lazy("people search: %(query)s")),
        (r"audit log: ?(?P<filters>.*)", gettext_lazy("audit log %(filters)s")),
        (
            r"who saw this record: ?(?P<filters>.*)",
            gettext_lazy("who saw this record %(filters)s"),
        ),
        (
            r"who saw this record xlsx: ?(?P<filters>.*)",
            gettext_lazy("who saw this record, as XLSX %(filters)s"),
        ),
        (r"assigned (?P<username>\S+)", gettext_lazy("assigned to %(username)s")),
        (r"unlocked", gettext_lazy("unlocked")),
        (r"password", gettext_lazy("wrong password")),
        (r"code", gettext_lazy("wrong code")),
        (r"address (?P<address>\S+)", gettext_lazy("from the address %(address)s")),
        (r"enrolment link issued", gettext_lazy("enrolment link issued")),
        (r"enrolment link used", gettext_lazy("enrolment link used")),
        (r"access change requested", gettext_lazy("access change requested")),
        (r"access change approved", gettext_lazy("access change approved")),
        (r"access change rejected", gettext_lazy("access change rejected")),
        (r"report template saved", gettext_lazy("report template saved")),
        (r"report requested: (?P<report>.*)", gettext_lazy("report requested: %(report)s")),
        (r"report (?P<format>\w+) downloaded", gettext_lazy("report downloaded as %(format)s")),
        (r"partner response times", gettext_lazy("partner response times")),
        (r"person_merge (?P<merge>\d+)", gettext_lazy("people merged (merge %(merge)s)")),
        (
            r"person_merge_undo (?P<merge>\d+)",
            gettext_lazy("merge of people undone (merge %(merge)s)"),
        ),
    ]
]


# Data a detail keeps in its record's primary (Russian) form, where pages show the form of
# the reader's language: a partner's name, as it was when the entry was written.
KEPT_IN_RUSSIAN = {"partner"}


def _phrase(text: str) -> tuple[str, dict[str, str]] | None:
    for pattern, words in DETAILS:
        match = pattern.fullmatch(text)
        if match:
            return str(words), match.groupdict()
    return None


def detail(text: str) -> str:
    """The detail in the reader's language, or as kept when it is no known phrase."""
    phrase = _phrase(text)
    return (phrase[0] % phrase[1]).strip() if phrase else text


def detail_html(text: str) -> SafeString:
    """``detail`` for a page: the data kept in Russian marked as such (``lang``), so that
    a screen reader reads it, and a reader takes it, as written in that language."""
    phrase = _phrase(text)
    if phrase is None:
        return conditional_escape(text)
    words, data = phrase
    marked = {
        key: format_html('<span lang="ru">{}</span>', value)
        if key in KEPT_IN_RUSSIAN
        else conditional_escape(value)
        for key, value in data.items()
    }
    return mark_safe((conditional_escape(words) % marked).strip())  # escaped above


def name_records(entries) -> None:
    """Set ``entry.record_name``: the record as the entry named it when written, except a
    record whose name has Kazakh and English forms (an office, a partner), named as it is
    now in the reader's language; one query per kind of such record."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        entry.record_name = entry.object_repr
        model = model_of(entry.object_type)
        if _field(model, "name") is not None and _field(model, "name_en") is not None:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    for label, ids in wanted.items():
        model = model_of(label)
        found = model._default_manager.in_bulk([int(pk) for pk in ids if pk.isdigit()])
        for entry in entries:
            if entry.object_type == label and entry.object_id.isdigit():
                named = found.get(int(entry.object_id))
                if named is not None:
                    entry.record_name = in_reader_language(named, "name")


def value_language(label: str, name: str) -> str:
    """The language a field's values are in when it is not the reader's: a name's primary
    form or one of its other forms (``komek.core.history.language_of``)."""
    model = model_of(label)
    field = _field(model, name)
    if model is None or field is None:
        return ""
    return language_of(field, {each.name for each in model._meta.concrete_fields})


def model_of(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def record_type(label: str) -> str:
    """What kind of record ``label`` (``app.Model``) is, in words: "case", "contact"."""
    model = model_of(label)
    return str(model._meta.verbose_name) if model is not None else label


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


# What the apps record as changed that is no field of the record: the words for it.
CHANGES = {
    "callback_attempt": gettext_lazy("callback attempt"),
    "document": gettext_lazy("identity document"),
    "merged": gettext_lazy("record merged into this one"),
}


def field_label(label: str, name: str) -> str:
    """A field's name in words; for records kept apart (a person's phones, documents), the
    plural name of those records."""
    model = model_of(label)
    field = _field(model, name)
    if field is not None:
        return str(field.verbose_name)
    if name in CHANGES:
        return str(CHANGES[name])
    try:
        related = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return name
    if isinstance(related, models.ForeignObjectRel):
        return str(related.related_model._meta.verbose_name_plural)
    return name


def _choice(labels: dict, value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return labels.get(value, value)


def value_shower(label: str, name: str) -> Callable[[Any], Any]:
    """Shows a kept value of field ``name`` in words: a choice by its label (each of a
    list's), a yes/no in the reader's language; other values as kept."""
    model = model_of(label)
    field = _field(model, name)
    labels = {key: str(words) for key, words in field.flatchoices} if field is not None else {}
    shown_as = getattr(model, "history_display", {}).get(name)

    def shown(value: Any) -> Any:
        if shown_as is not None and value not in (None, "", []):
            return shown_as(value)
        if isinstance(value, list):
            return ", ".join(str(_choice(labels, item)) for item in value)
        return _choice(labels, value)

    return shown
