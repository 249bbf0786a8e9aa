from django import forms
from django.utils.translation import gettext_lazy as _

from komek.audit.models import Action
from komek.core.forms import DateInput, StyledFormMixin


class PeriodForm(StyledFormMixin, forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class AuditFilterForm(PeriodForm):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        help_text=_("Registry number or name: what was done with this person's data."),
    )
    actor = forms.CharField(label=_("Username"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False)

    field_order = ["person", "actor", "action", "object_type", "object_id"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *Action.choices]
