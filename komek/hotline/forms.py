import uuid
from datetime import datetime, timedelta

from django import forms
from django.core import signing
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.core.forms import ChipsCheckboxes, ChipsRadio, StyledFormMixin
from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import (
    AttemptOutcome,
    Channel,
    ContactLanguage,
    Direction,
    Outcome,
    Topic,
)
from komek.people.forms import BornField, NameField, PersonField

SERVED_AT_SALT = "komek.hotline.ContactForm.started_at"
# A form open longer than this counts no duration: no call lasts half a day.
SERVED_AT_MAX_AGE = timedelta(hours=12)


def served_at_token(submission_key) -> str:
    """The signed moment a contact form is served, bound to its submission key."""
    return signing.dumps(
        {"at": timezone.now().isoformat(), "form": str(submission_key)}, salt=SERVED_AT_SALT
    )


class ContactForm(StyledFormMixin, forms.Form):
    caller_phone = forms.CharField(
        label=_("Caller's phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "tel",
                "type": "tel",
                # The caller's history appears while the operator types the number.
                "hx-get": reverse_lazy("hotline:lookup"),
                "hx-trigger": "keyup changed delay:300ms, change",
                "hx-target": "#history",
                "hx-swap": "outerHTML",
            }
        ),
    )
    caller_name = NameField(label=_("Caller's name"), max_length=100, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.CALL)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.INCOMING
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=ContactLanguage.choices, initial=ContactLanguage.RU
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=ChipsCheckboxes
    )
    question = forms.CharField(
        label=_("Question"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        initial=Outcome.ANSWERED,
        widget=ChipsRadio,
    )
    callback_due = forms.DateTimeField(
        label=_("Call back by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    # Asked only when a callback is requested (komek/hotline/static/hotline/callback.js).
    callback_safe = forms.TypedChoiceField(
        label=_("Is it safe to call back?"),
        choices=[("yes", _("yes, safe to call")), ("no", _("no, not safe to call"))],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        required=False,
        widget=ChipsRadio,
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=_("Leave empty to count from when the form was opened."),
    )
    person = PersonField(label=_("The caller's record"), required=False, widget=forms.HiddenInput)
    register = forms.BooleanField(label=_("Register the caller as a person"), required=False)
    new_surname = NameField(label=_("Surname"), max_length=100, required=False)
    new_given_name = NameField(label=_("Given name"), max_length=100, required=False)
    new_born = BornField(label=_("Date of birth"), required=False, max_length=10)
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # When the form was served, signed by the server for this form's submission key: the
    # duration counted from it is never the browser's word.
    started_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        if not self.is_bound:
            key = self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("started_at", served_at_token(key))

    def clean_started_at(self) -> datetime | None:
        """When the server served this form; None when the value is not the one it
        signed for this form, or is older than a call can last."""
        try:
            served = signing.loads(
                self.cleaned_data["started_at"], salt=SERVED_AT_SALT, max_age=SERVED_AT_MAX_AGE
            )
        except signing.BadSignature:
            return None
        if served.get("form") != str(self.cleaned_data.get("submission_key")):
            return None
        return datetime.fromisoformat(served["at"])

    def clean_caller_phone(self) -> str:
        phone = self.cleaned_data["caller_phone"].strip()
        if not phone:
            return ""
        try:
            return to_e164(phone)
        except InvalidPhone:
            raise forms.ValidationError(
                _("“%(phone)s” is not a phone number. Write it like +7 701 234 5678."),
                params={"phone": phone},
            ) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.CALLBACK:
            if not cleaned.get("callback_due"):
                self.add_error("callback_due", _("Say by when to call back."))
            if cleaned.get("callback_safe") is None:
                self.add_error("callback_safe", _("Ask whether it is safe to call back."))
        if cleaned.get("register"):
            if cleaned.get("person"):
                self.add_error("register", _("The caller is already chosen from the history."))
            if not cleaned.get("new_given_name"):
                self.add_error("new_given_name", _("A given name is needed to register a person."))
        return cleaned

    def contact_fields(self) -> dict:
        data = self.cleaned_data
        minutes = data.get("duration_minutes")
        return {
            "caller_phone": data["caller_phone"],
            "caller_name": data["caller_name"],
            "channel": data["channel"],
            "direction": data["direction"],
            "language": data["language"],
            "question": data["question"],
            "answer": data["answer"],
            "outcome": data["outcome"],
            "callback_due": data.get("callback_due"),
            "callback_safe": (
                data.get("callback_safe") if data["outcome"] == Outcome.CALLBACK else None
            ),
            "duration_seconds": minutes * 60 if minutes is not None else None,
        }

    def new_person(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("register"):
            return None
        born = data.get("new_born")
        return {
            "surname": data["new_surname"],
            "given_name": data["new_given_name"],
            "born_year": born.year if born else None,
            "born_month": born.month if born else None,
            "born_day": born.day if born else None,
        }


class CallbackAttemptForm(forms.Form):
    """One try at calling back: the button pressed says what came of it."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=AttemptOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CallbackAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Who calls back"),
        queryset=None,
        required=False,
        empty_label=_("anyone"),
    )

    def __init__(self, *args, assignees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class ContactFilterForm(StyledFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    anonymous = forms.BooleanField(label=_("Only unknown callers"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]
        self.fields["outcome"].choices = [("", _("All outcomes")), *Outcome.choices]


class TopicForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["code", "name_ru", "name_kk", "name_en", "order", "is_active"]


class LinkPersonForm(forms.Form):
    person = PersonField(label=_("Person"), widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user
