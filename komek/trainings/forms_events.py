"""The forms of training events and their participants. They parse and offer choices;
``komek.trainings.services`` validates and writes."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from komek.aid.models import BudgetLine
from komek.core import regions
from komek.core.dimensions import Sex
from komek.core.forms import DateInput, StyledFormMixin
from komek.partners.models import Partner
from komek.trainings import services
from komek.trainings.models import Agency, Event, EventStatus, Format, Participant, Topic


def _checkboxes(field: forms.ModelMultipleChoiceField) -> None:
    field.widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    field.widget.choices = field.choices


class EventForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "format",
            "status",
            "starts_on",
            "ends_on",
            "region",
            "city",
            "venue",
            "topics",
            "organisers",
            "trainers",
            "hours",
            "days_required",
            "budget",
            "budget_line",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        _checkboxes(self.fields["topics"])
        self.fields["organisers"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        _checkboxes(self.fields["organisers"])
        self.fields["budget_line"].queryset = BudgetLine.objects.select_related("project")
        self.fields["budget_line"].required = False

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        probe = copy.copy(self.instance)
        for name, value in data.items():
            if name not in ("topics", "organisers"):
                setattr(probe, name, value)
        try:
            services.event_check(probe)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                self.add_error(field, messages)
        return data


def _year_choices() -> list[tuple[str, str]]:
    years = Event.objects.dates("starts_on", "year", order="DESC")
    return [("", _("All years")), *((str(day.year), str(day.year)) for day in years)]


class EventFilterForm(StyledFormMixin, forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *EventStatus.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *Format.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions.choices()]
        self.fields["year"].choices = _year_choices()


class ParticipantForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = services.PARTICIPANT_FIELDS

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            return services.participant_clean(data)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                self.add_error(field, messages)
        return data


class ParticipantFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name, phone or email"), required=False)
    agency = forms.ChoiceField(
        label=_("Agency"), required=False, choices=[("", _("All agencies")), *Agency.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All")), *Sex.choices])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions.choices()]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The agency's list (XLSX or CSV)"),
        help_text=_("The whole list is refused if any row has a problem."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    agency = forms.ChoiceField(
        label=_("Agency of rows that name none"),
        required=False,
        choices=[("", "—"), *Agency.choices],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload the list as XLSX or CSV."))
        return upload
