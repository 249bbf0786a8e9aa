"""The forms of the migration rules, country groups, their members and calendar days. They
parse and offer choices; ``komek.navigator.editing`` validates and writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from komek.core.countries import country_choices
from komek.core.forms import DateInput, StyledFormMixin
from komek.navigator import editing
from komek.navigator.editing import DAY_FIELDS, GROUP_FIELDS, PUBLIC_NAME_FIELDS, RULE_FIELDS
from komek.navigator.models import (
    CalendarDay,
    CountryGroup,
    Document,
    GroupMember,
    Purpose,
    Rule,
)


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def _formfield(field, **kwargs) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CountriesField(forms.CharField):
    """Citizenships as ISO 3166-1 codes separated by commas or spaces ("KG, UZ"); cleaned to
    a sorted list of upper-case codes, which the service checks are countries."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def clean(self, value) -> list[str]:
        text = super().clean(value) or ""
        return sorted({code.upper() for code in text.replace(",", " ").split()})


def _groups_after_countries(names: list[str]) -> list[str]:
    """The form's fields in the rule's order, the groups beside the citizenships."""
    at = names.index("countries") + 1
    return [*names[:at], "groups", *names[at:]]


def _rule_fields(names: list[str], *, revising: bool) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    if revising:
        fields["change_reason"] = forms.CharField(
            label=_("Why it changes"),
            max_length=500,
            help_text=_("The new act or article, or what was wrong. Kept with the version."),
        )
        fields["expected_version"] = forms.IntegerField(widget=forms.HiddenInput)
    fields.update(
        fields_for_model(
            Rule,
            fields=_groups_after_countries(names),
            widgets={
                "note": forms.Textarea(attrs={"rows": 3}),
                "valid_from": DateInput(),
                "valid_to": DateInput(),
                "groups": _checkboxes(),
            },
            formfield_callback=_formfield,
        )
    )
    fields["countries"] = CountriesField(
        label=_("Citizenships"),
        required=False,
        help_text=_(
            "Two-letter country codes separated by commas, such as KG, UZ. "
            "No citizenship and no group: the rule applies to everyone."
        ),
    )
    for name, choices in (
        ("purposes", Purpose.choices),
        ("requires", Document.choices),
        ("excludes", Document.choices),
    ):
        fields[name] = forms.MultipleChoiceField(
            label=capfirst(Rule._meta.get_field(name).verbose_name),
            choices=choices,
            required=False,
            widget=_checkboxes(),
        )
    fields["purposes"].help_text = _("Nothing chosen: any purpose.")
    return fields


class RuleForm(StyledFormMixin, forms.Form):
    """A rule's version: every field the service writes, the code only for a new rule; a
    revision also asks why and carries the version it started from."""

    def __init__(self, *args, rule: Rule | None = None, **kwargs) -> None:
        names = RULE_FIELDS if rule is None else [name for name in RULE_FIELDS if name != "code"]
        if rule is not None:
            kwargs.setdefault(
                "initial",
                {
                    **model_to_dict(rule, fields=[*names, "groups"]),
                    "expected_version": rule.version,
                },
            )
        # The fields depend on whether a rule is revised: given here, before the form (and
        # its styling) copies them.
        self.base_fields = _rule_fields(names, revising=rule is not None)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            # A field left empty or malformed is named already; the checks need them all.
            return data
        probe = Rule(**{name: value for name, value in data.items() if name in RULE_FIELDS})
        try:
            editing.check_rule(probe)
        except ValidationError as refused:
            self.add_error(None, refused)
        return data


class RuleNamesForm(StyledFormMixin, forms.ModelForm):
    """The rule's name in the migrants' languages, shown on the public portal."""

    class Meta:
        model = Rule
        fields = PUBLIC_NAME_FIELDS


class GroupForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CountryGroup
        fields = GROUP_FIELDS


class MemberForm(StyledFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), choices=())

    class Meta:
        model = GroupMember
        fields = ["country", "valid_from", "valid_to", "source"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {
            "valid_from": _("Empty: a member from the start."),
            "valid_to": _("The last day of membership; empty: still a member."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()

    def clean(self) -> dict:
        data = super().clean()
        try:
            editing.check_period(data.get("valid_from"), data.get("valid_to"))
        except ValidationError as refused:
            self.add_error(None, refused)
        return data


class DayForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = DAY_FIELDS
        widgets = {"date": DateInput()}
        help_texts = {"source": _("The act that set the day, such as a government decree.")}
