"""The callback request: a person leaves a name, a number, a language, a topic and a time
to be called, and the request lands in the hotline's callback queue
(``hotline.web_requests``) behind the form's protection (``portal.protection``)."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import phonenumbers
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import ContactLanguage, Topic
from komek.hotline.web_requests import PreferredTime, callback_request
from komek.people.forms import NameField
from komek.portal import protection
from komek.portal.languages import PortalLanguage
from komek.portal.page import portal_page, render_page

# Kazakhstan (and Russia, which shares +7), Uzbekistan, Tajikistan, Kyrgyzstan.
COUNTRY_CODES = frozenset({7, 998, 992, 996})
# The languages an operator can call back in.
LANGUAGES = [(code, label) for code, label in ContactLanguage.choices if code != "other"]


def contact_language(portal_language: str) -> str:
    """The callback language closest to the page's: Uzbek in either script is Uzbek."""
    code = portal_language.split("-")[0].split("_")[0]
    return code if code in dict(LANGUAGES) else ContactLanguage.RU


class CallbackForm(forms.Form):
    caller_name = NameField(
        label=_("Your name"),
        max_length=100,
        help_text=_("In any alphabet, as you like to be called."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    caller_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        help_text=_("With the country code: +7, +998, +992 or +996."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language to speak in"), choices=LANGUAGES)
    topic = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Topic.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    preferred = forms.ChoiceField(
        label=_("When may we call you?"),
        choices=PreferredTime.choices,
        initial=PreferredTime.SOON,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, portal_language: str, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", contact_language(portal_language))
        super().__init__(*args, **kwargs)

    def clean_caller_phone(self) -> str:
        try:
            number = to_e164(self.cleaned_data["caller_phone"])
        except InvalidPhone:
            raise ValidationError(
                _("Write the number with its country code, as +998 90 123 45 67."),
                code="invalid",
            ) from None
        if phonenumbers.parse(number).country_code not in COUNTRY_CODES:
            raise ValidationError(
                _("Please give a number of Kazakhstan, Uzbekistan, Tajikistan or Kyrgyzstan."),
                code="country",
            )
        return number


# The reference page's signed address: the short reference and the time asked for, for a
# day (a page kept in the history says nothing after that).
SENT_SALT = "komek.portal.callback.sent"
SENT_MAX_AGE = timedelta(days=1)


def _widget_strings() -> str:
    """The proof-of-work widget's words (``portal/callback.js`` gives them to it)."""
    return json.dumps(
        {
            "label": gettext("I am not a robot"),
            "verifying": gettext("Checking…"),
            "waitAlert": gettext("Checking… please wait."),
            "verified": gettext("Checked"),
            "verificationRequired": gettext("Please wait for the check to finish."),
            "error": gettext("The check failed. Please try again."),
            "expired": gettext("The check expired. Please try again."),
        },
        ensure_ascii=False,
    )


def _form_page(
    request: HttpRequest,
    language: PortalLanguage,
    form: CallbackForm,
    refusal: protection.Refusal | None = None,
) -> HttpResponse:
    proof = None
    if protection.proof_required(request):
        proof = {"challenge": protection.proof_challenge(), "strings": _widget_strings()}
    context = {
        "form": form,
        "refusal": refusal,
        "served_at": protection.served_at_token(),
        "proof": proof,
        "names": {
            "served_at": protection.SERVED_AT,
            "honeypot": protection.HONEYPOT,
            "proof": protection.PROOF,
        },
    }
    status = refusal.status if refusal is not None else 200
    response = render_page(
        request, "portal/callback.html", context, language=language, status=status
    )
    # A form served is good for one person once: no cache may keep it.
    add_never_cache_headers(response)
    return response


# No CSRF cookie: the portal keeps nothing in the browser, and the form acts on nobody's
# account; the signed time it is served with, the limits and the proof of work guard it.
@csrf_exempt
@portal_page
def request_callback(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, language, CallbackForm(portal_language=language.tag))
    form = CallbackForm(request.POST, portal_language=language.tag)
    submission = protection.admit(request)
    if submission.refusal is not None:
        return _form_page(request, language, form, submission.refusal)
    if not form.is_valid():
        return _form_page(request, language, form)
    data = form.cleaned_data
    refusal = protection.phone_refusal(data["caller_phone"])
    if refusal is not None:
        return _form_page(request, language, form, refusal)
    try:
        contact = callback_request(
            caller_name=data["caller_name"],
            caller_phone=data["caller_phone"],
            language=data["language"],
            topic=data["topic"],
            preferred=data["preferred"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _form_page(request, language, form)
    submission.accept(phone=data["caller_phone"])
    sent = signing.dumps({"ref": contact.reference, "when": data["preferred"]}, salt=SENT_SALT)
    url = reverse("portal:callback_sent", kwargs={"lang": language.code})
    return redirect(f"{url}?{urlencode({'r': sent})}")


@portal_page
def callback_sent(request: HttpRequest, language: PortalLanguage) -> HttpResponse:
    """The reference and what happens next; the form again when the address is not one
    this site gave (or is a day old)."""
    try:
        sent = signing.loads(request.GET.get("r", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE)
        when = PreferredTime(sent["when"]).label
        reference = sent["ref"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return redirect("portal:callback", lang=language.code)
    context = {"reference": reference, "when": when}
    response = render_page(request, "portal/callback_sent.html", context, language=language)
    add_never_cache_headers(response)
    return response
