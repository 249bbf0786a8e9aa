"""The status check's form: one situation as an operator hears it on a call, with the
earlier stays as a small formset. It parses and refuses what cannot be true (an entry
after the day asked about, a stay that ends before it begins, stays that overlap); the
evaluation decides the rest."""

from datetime import date
from itertools import pairwise

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from komek.core.countries import country_choices
from komek.core.forms import ChipsCheckboxes, DateInput, StyledFormMixin
from komek.navigator.evaluation import Situation, Stay
from komek.navigator.models import Document, Purpose

# The citizenships of most callers come first; Kazakh citizens are not migrants here.
FIRST = ("UZ", "TJ", "KG")
STAYS_MAX = 20
# Rows offered for earlier stays before the operator asks for another.
STAY_ROWS = 3
STAYS_PREFIX = "stay"


def citizenship_choices() -> list[tuple[str, str]]:
    names = dict(country_choices())
    rest = [(code, name) for code, name in names.items() if code not in (*FIRST, "KZ")]
    return [("", "—"), *((code, names[code]) for code in FIRST), *rest]


def _shown(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


class StayForm(StyledFormMixin, forms.Form):
    """An earlier stay in Kazakhstan; a row left empty is no stay."""

    entered = forms.DateField(label=_("Entered"), required=False, widget=DateInput())
    left = forms.DateField(label=_("Left"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        entered, left = data.get("entered"), data.get("left")
        if entered and not left and "left" not in self.errors:
            self.add_error("left", _("Give the day this stay ended."))
        elif left and not entered and "entered" not in self.errors:
            self.add_error("entered", _("Give the day this stay began."))
        elif entered and left and left < entered:
            self.add_error("left", _("The exit is before the entry of this stay."))
        return data

    def stay(self) -> Stay | None:
        entered, left = self.cleaned_data.get("entered"), self.cleaned_data.get("left")
        return Stay(entered=entered, left=left) if entered and left else None


class BaseStayFormSet(BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("At most %(num)d earlier stays can be counted."),
    }

    def stays(self) -> list[Stay]:
        return sorted(
            (stay for row in self.forms if (stay := row.stay()) is not None),
            key=lambda stay: stay.entered,
        )


StayFormSet = formset_factory(
    StayForm,
    formset=BaseStayFormSet,
    extra=0,
    max_num=STAYS_MAX,
    absolute_max=STAYS_MAX,
    validate_max=True,
)


class CheckForm(StyledFormMixin, forms.Form):
    """The situation to evaluate. ``stays`` is the formset of earlier stays, validated with
    the form."""

    citizenship = forms.ChoiceField(
        label=_("Citizenship"),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a country in the list: choose one from it.")
        },
    )
    entered = forms.DateField(label=_("Date of entry"), widget=DateInput())
    on = forms.DateField(
        label=_("Status on"),
        widget=DateInput(),
        help_text=_("Today, unless the caller asks about another day."),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose on the migration card"),
        choices=[("", _("not known")), *Purpose.choices],
        required=False,
    )
    registered = forms.DateField(
        label=_("Registered on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty if not registered during this stay."),
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents held"),
        choices=Document.choices,
        required=False,
        widget=ChipsCheckboxes,
    )

    def __init__(self, data=None, *, initial=None, stays: list[dict] | None = None) -> None:
        initial = {"on": timezone.localdate(), **(initial or {})}
        super().__init__(data, initial=initial)
        self.fields["citizenship"].choices = citizenship_choices()
        rows = list(stays or [])
        rows += [{}] * max(0, STAY_ROWS - len(rows))
        self.stays = StayFormSet(data, initial=None if data else rows, prefix=STAYS_PREFIX)

    @classmethod
    def with_another_stay(cls, data) -> "CheckForm":
        """The form as submitted, unchecked, with one more empty row for an earlier stay."""
        fields = {name: data.get(name, "") for name in cls.base_fields}
        fields["documents"] = data.getlist("documents")
        try:
            total = min(int(data.get(f"{STAYS_PREFIX}-TOTAL_FORMS", 0)), STAYS_MAX)
        except ValueError:
            total = 0
        rows = [
            {
                "entered": data.get(f"{STAYS_PREFIX}-{index}-entered", ""),
                "left": data.get(f"{STAYS_PREFIX}-{index}-left", ""),
            }
            for index in range(total)
        ]
        return cls(initial=fields, stays=rows + [{}] * (total < STAYS_MAX))

    def is_valid(self) -> bool:
        # Both are checked, so that every mistake is listed at once.
        valid = super().is_valid()
        return self.stays.is_valid() and valid

    def clean(self):
        data = super().clean()
        entered, on, registered = data.get("entered"), data.get("on"), data.get("registered")
        if entered and on and entered > on:
            self.add_error(
                "entered",
                _("The entry (%(entered)s) is after the day to check the status on (%(on)s).")
                % {"entered": _shown(entered), "on": _shown(on)},
            )
        if registered and entered and registered < entered:
            self.add_error("registered", _("The registration is before the entry of this stay."))
        if registered and on and registered > on:
            self.add_error(
                "registered", _("The registration is after the day to check the status on.")
            )
        if entered and self.stays.is_valid():
            self._check_stays(self.stays.stays(), entered)
        return data

    def _check_stays(self, stays: list[Stay], entered: date) -> None:
        # A stay may end the day the next begins (out and back in the same day).
        for earlier, later in pairwise(stays):
            if later.entered < earlier.left:
                self.add_error(
                    None,
                    _(
                        "Earlier stays overlap: %(first)s–%(first_left)s and "
                        "%(second)s–%(second_left)s."
                    )
                    % {
                        "first": _shown(earlier.entered),
                        "first_left": _shown(earlier.left),
                        "second": _shown(later.entered),
                        "second_left": _shown(later.left),
                    },
                )
        for stay in stays:
            if stay.left > entered:
                self.add_error(
                    None,
                    _(
                        "The earlier stay %(start)s–%(end)s overlaps the current one "
                        "(entry %(entered)s)."
                    )
                    % {
                        "start": _shown(stay.entered),
                        "end": _shown(stay.left),
                        "entered": _shown(entered),
                    },
                )

    def situation(self) -> Situation:
        data = self.cleaned_data
        return Situation(
            citizenship=data["citizenship"],
            entered=data["entered"],
            on=data["on"],
            stays=tuple(self.stays.stays()),
            purpose=data["purpose"],
            registered=data["registered"],
            documents=frozenset(data["documents"]),
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("What else the caller was told, if anything."),
    )
