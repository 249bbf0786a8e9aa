import uuid
from datetime import datetime, timedelta

from django import forms
from django.core import signing
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.core.countries import country_choices
from komek.core.dimensions import Sex
from komek.core.forms import ChipsCheckboxes, ChipsRadio, DateInput, StyledFormMixin
from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import (
    AttemptOutcome,
    Channel,
    Contact,
    ContactLanguage,
    Direction,
    Outcome,
    Topic,
)
from komek.people.forms import BornField, NameField, PersonField, different_person_field

SERVED_AT_SALT = "komek.hotline.ContactForm.started_at"
# A form open longer than this counts no duration: no call lasts half a day.
SERVED_AT_MAX_AGE = timedelta(hours=12)


def served_at_token(submission_key) -> str:
    """The signed moment a contact form is served, bound to its submission key."""
    return signing.dumps(
        {"at": timezone.now().isoformat(), "form": str(submission_key)}, salt=SERVED_AT_SALT
    )


def caller_lookup(other_field: str) -> dict:
    """The attributes that show the caller's history, or the people so named, while the
    operator types the number or the name: once per value typed (``input changed``; a
    ``change`` on leaving the field would look the same value up, and audit it, twice)."""
    return {
        "hx-get": reverse_lazy("hotline:lookup"),
        "hx-trigger": "input changed delay:400ms",
        "hx-include": other_field,
        "hx-target": "#history",
        "hx-swap": "outerHTML",
        "hx-sync": "closest form:replace",
        "data-caller-lookup": True,
    }


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
                **caller_lookup("#id_caller_name"),
            }
        ),
    )
    caller_name = NameField(
        label=_("Caller's name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", **caller_lookup("#id_caller_phone")}),
    )
    # The web form's requests come from the public site, never from an operator's hand.
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.WEB_FORM],
        initial=Channel.CALL,
    )
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
        help_text=_("Leave empty to count from the first key typed for the call."),
    )
    person = PersonField(label=_("The caller's record"), required=False, widget=forms.HiddenInput)
    register = forms.BooleanField(label=_("Register the caller as a person"), required=False)
    new_surname = NameField(
        label=_("Surname"),
        max_length=100,
        required=False,
        help_text=_("Leave the names empty to take them from the caller's name."),
    )
    new_given_name = NameField(label=_("Given name"), max_length=100, required=False)
    new_patronymic = NameField(label=_("Patronymic"), max_length=100, required=False)
    new_latin_surname = NameField(
        label=_("Surname as in the passport"), max_length=100, required=False
    )
    new_latin_given_name = NameField(
        label=_("Given name as in the passport"), max_length=100, required=False
    )
    new_sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, required=False, widget=ChipsRadio
    )
    new_citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    new_born = BornField(label=_("Date of birth"), required=False, max_length=10)
    new_consent = forms.BooleanField(
        label=_("The caller agrees that the centre keeps and uses their data (said orally)"),
        required=False,
    )
    different_person = different_person_field()
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # When the form was served, signed by the server for this form's submission key: the
    # duration counted from it is never the browser's word.
    started_at = forms.CharField(widget=forms.HiddenInput, required=False)
    # How long after the form was served the operator typed its first key (the call's
    # start), as the browser measured it; bounded by the signed serving time above.
    first_key_ms = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["new_citizenship"].choices = [("", "—"), *country_choices()]
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
        said = ("caller_phone", "caller_name", "person", "register", "question", "answer")
        if not any(cleaned.get(name) for name in said) and not cleaned.get("topics"):
            raise forms.ValidationError(
                _(
                    "The contact is empty: write at least the caller's number or name, a "
                    "topic or the question."
                ),
                code="empty",
            )
        if cleaned.get("outcome") == Outcome.CALLBACK:
            if not cleaned.get("callback_due"):
                self.add_error("callback_due", _("Say by when to call back."))
            if cleaned.get("callback_safe") is None:
                self.add_error("callback_safe", _("Ask whether it is safe to call back."))
        served, first_key_ms = cleaned.get("started_at"), cleaned.get("first_key_ms")
        if served is not None and first_key_ms is not None:
            cleaned["started_at"] = served + timedelta(milliseconds=first_key_ms)
        if cleaned.get("register"):
            self._clean_registration(cleaned)
        return cleaned

    def _clean_registration(self, cleaned) -> None:
        """The caller's name is typed once: the new record's names, when left empty, are
        the caller's name (surname, given name, patronymic in that order), and the
        caller's name, when left empty, is the new record's."""
        if cleaned.get("person"):
            self.add_error("register", _("The caller is already chosen from the history."))
        caller_name = cleaned.get("caller_name", "")
        if caller_name and not (cleaned.get("new_surname") or cleaned.get("new_given_name")):
            words = caller_name.split()
            if len(words) == 1:
                cleaned["new_given_name"] = words[0]
            else:
                cleaned["new_surname"], cleaned["new_given_name"] = words[0], words[1]
                cleaned["new_patronymic"] = " ".join(words[2:])
        if not cleaned.get("new_given_name"):
            self.add_error("new_given_name", _("A given name is needed to register a person."))
        elif not caller_name:
            cleaned["caller_name"] = " ".join(
                part for part in (cleaned.get("new_surname"), cleaned["new_given_name"]) if part
            )

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
            "patronymic": data.get("new_patronymic", ""),
            "latin_surname": data["new_latin_surname"],
            "latin_given_name": data["new_latin_given_name"],
            "sex": data["new_sex"],
            "citizenship": data["new_citizenship"],
            "born_year": born.year if born else None,
            "born_month": born.month if born else None,
            "born_day": born.day if born else None,
        }


class ContactCorrectForm(StyledFormMixin, forms.ModelForm):
    """A saved contact as its author or a coordinator corrects it."""

    caller_name = NameField(label=_("Caller's name"), max_length=100, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=ChipsCheckboxes
    )

    class Meta:
        model = Contact
        fields = ["caller_name", "channel", "direction", "language", "question", "answer"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        contact = self.instance
        # The topics offered are the active ones and those the contact already has.
        self.fields["topics"].queryset = Topic.objects.filter(
            Q(is_active=True) | Q(pk__in=contact.topics.values("pk"))
        )
        self.initial.setdefault("topics", list(contact.topics.all()))

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


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
    q = forms.CharField(
        label=_("Phone or name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
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
        fields = [
            "code",
            "name_ru",
            "name_kk",
            "name_en",
            "name_uz",
            "name_uz_cyrl",
            "name_tg",
            "name_ky",
            "order",
            "is_active",
        ]


class LinkPersonForm(forms.Form):
    person = PersonField(label=_("Person"), widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user
