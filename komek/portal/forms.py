"""The navigator's status check as a migrant asks it on the portal: the navigator's own
form and checks (``CheckForm``), sent by GET so that nothing is posted or kept, in words
for the person rather than for an operator on a call."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.navigator.forms import STAYS_PREFIX, CheckForm
from komek.navigator.models import Document

# The documents a migrant is asked about; registration is its own field.
DOCUMENTS = [(value, label) for value, label in Document.choices if value != Document.REGISTRATION]


class PublicCheckForm(CheckForm):
    def __init__(self, data=None) -> None:
        if data is not None and f"{STAYS_PREFIX}-TOTAL_FORMS" not in data:
            # A short address (an SMS, a QR code) may leave the earlier stays out.
            data = data.copy()
            data.update({f"{STAYS_PREFIX}-TOTAL_FORMS": "0", f"{STAYS_PREFIX}-INITIAL_FORMS": "0"})
        super().__init__(data)
        for field in self.fields.values():
            field.widget.attrs.pop("class", None)
        self.fields["on"].required = False
        self.fields["on"].label = _("On which day")
        self.fields["on"].help_text = _("Empty for today.")
        self.fields["entered"].label = _("The day you entered Kazakhstan")
        self.fields["purpose"].label = _("Purpose of the trip on your migration card")
        self.fields["registered"].label = _("The day you were registered")
        self.fields["registered"].help_text = _("Empty if you are not registered.")
        self.fields["documents"].label = _("Documents you have")
        self.fields["documents"].choices = DOCUMENTS
        self.fields["documents"].widget = forms.CheckboxSelectMultiple(choices=DOCUMENTS)

    def clean_on(self):
        return self.cleaned_data["on"] or timezone.localdate()
