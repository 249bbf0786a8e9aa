"""The forms of a coordinator's aid kinds, entitlement rules and approval bands, and of the
donors, projects and budget lines. They parse and offer choices; ``komek.aid.editing``
validates and writes."""

import copy
from collections.abc import Callable
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from komek.aid import editing
from komek.aid.editing import (
    BAND_FIELDS,
    DONOR_FIELDS,
    KIND_FIELDS,
    LINE_FIELDS,
    PROJECT_FIELDS,
    RULE_FIELDS,
)
from komek.aid.models import AidKind, ApprovalBand, BudgetLine, Donor, EntitlementRule, Project
from komek.core.forms import DateInput, StyledFormMixin
from komek.hotline.models import Topic
from komek.people.models import Vulnerability


class CheckedForm(StyledFormMixin, forms.ModelForm):
    """A form whose values pass the service's checks, so that a refusal shows on the field
    it names (the database's constraints alone would name none)."""

    checker: ClassVar[Callable[[Model], None]]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            # A field left empty or malformed is named already; the checks need them all.
            return data
        probe = copy.copy(self.instance)
        # A many-to-many (a rule's kinds) is set once the row is saved; its own field
        # says when nothing is chosen.
        many = {field.name for field in probe._meta.many_to_many}
        for name, value in data.items():
            if name not in many:
                setattr(probe, name, value)
        try:
            type(self).checker(probe)
        except ValidationError as refused:
            self.add_error(None, refused)
        return data


def _kinds_as_checkboxes(form: forms.ModelForm) -> None:
    """Offer the aid kinds of a rule or a budget line as a list of checkboxes."""
    field = form.fields["kinds"]
    field.queryset = AidKind.objects.order_by("code")
    field.widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    field.widget.choices = field.choices


class KindForm(CheckedForm):
    checker = staticmethod(editing.check_kind)

    class Meta:
        model = AidKind
        fields = KIND_FIELDS


class RuleForm(CheckedForm):
    checker = staticmethod(editing.check_rule)
    qualifies_vulnerabilities = forms.MultipleChoiceField(
        label=_("For people with one of these vulnerabilities"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    qualifies_case_categories = forms.MultipleChoiceField(
        label=_("Or with an open case of one of these categories"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Nothing chosen in either list: everyone qualifies."),
    )

    class Meta:
        model = EntitlementRule
        fields = RULE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _kinds_as_checkboxes(self)
        self.fields["qualifies_case_categories"].choices = [
            (topic.code, topic.label) for topic in Topic.objects.all()
        ]


class BandForm(CheckedForm):
    checker = staticmethod(editing.check_band)
    approvers = forms.TypedChoiceField(
        label=_("Approvers"),
        coerce=int,
        choices=[
            (0, _("the social worker alone")),
            (1, _("a coordinator")),
            (2, _("two coordinators")),
        ],
    )

    class Meta:
        model = ApprovalBand
        fields = BAND_FIELDS
        help_texts = {"up_to": _("Leave empty for the band of any value above the others.")}


class DonorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Donor
        fields = DONOR_FIELDS


class ProjectForm(CheckedForm):
    checker = staticmethod(editing.check_project)

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"starts": DateInput(), "ends": DateInput()}


class LineForm(CheckedForm):
    checker = staticmethod(editing.check_line)

    class Meta:
        model = BudgetLine
        fields = LINE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _kinds_as_checkboxes(self)
