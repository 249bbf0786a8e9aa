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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def detail(text: str) -> str:
    """The detail in the reader's language, or as kept when it is no known phrase."""
    for pattern, words in DETAILS:
        match = pattern.fullmatch(text)
        if match:
            return (str(words) % match.groupdict()).strip()
    return text


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


def field_label(label: str, name: str) -> str:
    field = _field(model_of(label), name)
    return str(field.verbose_name) if field is not None else name


def _choice(labels: dict, value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return labels.get(value, value)


def value_shower(label: str, name: str) -> Callable[[Any], Any]:
    """Shows a kept value of field ``name`` in words: a choice by its label (each of a
    list's), a yes/no in the reader's language; other values as kept."""
    field = _field(model_of(label), name)
    labels = {key: str(words) for key, words in field.flatchoices} if field is not None else {}

    def shown(value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(_choice(labels, item)) for item in value)
        return _choice(labels, value)

    return shown
