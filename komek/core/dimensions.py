"""The dimensions figures are split by, and the ones every module counts by.

A dimension has a code, a name and the labels of its values. Apps register the
dimensions of their own data in ``AppConfig.ready()`` (hotline: channel, topic; cases:
kind, outcome, partner...). Office, month, citizenship, sex and age group are shared by
every module that counts people or records (hotline, cases, aid, trainings), so they are
defined here once, with the sex values and the age bands they count by.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.core.countries import country_name

Labels = Callable[[list[str]], dict[str, str]]


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str | Promise
    # The labels shown for values of the dimension ({"UZ": "Узбекистан"}), all at once.
    labels: Labels = lambda keys: {key: key for key in keys}
    # Months and age groups read in their own order; the rest, largest first.
    in_key_order: bool = False
    # A record may count under several values (a contact about two topics): the parts
    # then add up to more than the total.
    overlapping: bool = False


class Sex(models.TextChoices):
    MALE = "M", gettext_lazy("male")
    FEMALE = "F", gettext_lazy("female")


# Age in the year of the event, by year of birth: the bands of the donor's reports.
AGE_GROUPS = ((17, "0-17"), (29, "18-29"), (44, "30-44"), (59, "45-59"), (None, "60+"))


def with_age_group(records: QuerySet, *, born_year: str, on: str) -> QuerySet:
    """``records`` annotated with ``age_group``: a key of ``AGE_GROUPS`` for someone born in
    the year ``born_year`` at the date-time ``on``, "" when the year of birth is unknown."""
    age = ExpressionWrapper(ExtractYear(on) - F(born_year), IntegerField())
    bands = [
        When(Q(age__lte=top) if top is not None else Q(age__isnull=False), then=Value(label))
        for top, label in AGE_GROUPS
    ]
    return records.annotate(age=age).annotate(age_group=Case(*bands, default=Value("")))


def not_recorded(labels: dict[str, str]) -> dict[str, str]:
    return {key: label or _("not recorded") for key, label in labels.items()}


def choice_labels(choices: type[models.Choices]) -> Labels:
    return lambda keys: not_recorded(
        {key: str(dict(choices.choices).get(key, key)) for key in keys}
    )


def country_labels(keys: list[str]) -> dict[str, str]:
    return not_recorded({key: country_name(key) if key else "" for key in keys})


def office_labels(keys: list[str]) -> dict[str, str]:
    # The office model is the one staff belong to: core reaches it through the user model,
    # as it reaches users, without naming the accounts app.
    offices = get_user_model()._meta.get_field("office").related_model
    names = {
        office.pk: str(office)
        for office in offices.objects.filter(pk__in=[key for key in keys if key.isdigit()])
    }
    return {key: names.get(int(key), key) if key.isdigit() else key for key in keys}


def month_labels(keys: list[str]) -> dict[str, str]:
    def label(key: str) -> str:
        year, month = key.split("-")
        return formats.date_format(date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")

    return {key: label(key) for key in keys}


def age_labels(keys: list[str]) -> dict[str, str]:
    return not_recorded({key: key for key in keys})


OFFICE = Dimension("office", gettext_lazy("office"), office_labels)
MONTH = Dimension("month", gettext_lazy("month"), month_labels, in_key_order=True)
CITIZENSHIP = Dimension("citizenship", gettext_lazy("citizenship"), country_labels)
SEX = Dimension("sex", gettext_lazy("sex"), choice_labels(Sex))
AGE_GROUP = Dimension("age_group", gettext_lazy("age group"), age_labels, in_key_order=True)
SHARED = (OFFICE, MONTH, CITIZENSHIP, SEX, AGE_GROUP)

_dimensions: dict[str, Dimension] = {dimension.code: dimension for dimension in SHARED}


def register(dimension: Dimension) -> None:
    """Adds an app's dimension; registering it again is harmless, but another dimension
    under a code already taken is a mistake that would relabel someone else's figures."""
    registered = _dimensions.setdefault(dimension.code, dimension)
    if registered != dimension:
        raise ImproperlyConfigured(
            f"A dimension with the code {dimension.code!r} is already registered."
        )


def unregister(code: str) -> None:
    _dimensions.pop(code, None)


def get(code: str) -> Dimension:
    """The dimension registered under ``code``; an unknown one is named by its code."""
    try:
        return _dimensions[code]
    except KeyError:
        return Dimension(code=code, name=code)
