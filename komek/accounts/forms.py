from django import forms
from django.contrib.auth import password_validation
from django.utils.dates import WEEKDAYS
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from komek.accounts.hours import DAYS, hours_row
from komek.accounts.models import Office, User
from komek.core.forms import StyledFormMixin
from komek.core.roles import Role


class LoginForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code is six digits."))
        return token


class EnrolmentForm(TokenForm):
    """The enrolment link's page: the account's password (or a new one when it has none)
    and the first code of the new authenticator."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["password", "new_password1", "new_password2", "token"]

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["token"].widget.attrs.pop("autofocus", None)
        unused = (
            ("password",) if not user.has_usable_password() else ("new_password1", "new_password2")
        )
        for name in unused:
            del self.fields[name]

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1", "")
        second = self.cleaned_data["new_password2"]
        if first != second:
            raise forms.ValidationError(_("The two passwords differ. Type the same one twice."))
        password_validation.validate_password(second, self.user)
        return second


class UserForm(StyledFormMixin, forms.ModelForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "office",
            "national_scope",
            "language",
            "is_active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["role"].choices = [("", "---------"), *Role.choices]
        self.fields["office"].required = True
        self.fields["office"].queryset = Office.objects.filter(is_active=True)
        if self.instance.pk is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = _("At least 10 characters.")

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if password:
            password_validation.validate_password(password, self.instance)
        return password


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )


# A pair of times for each weekday; both empty: closed that day.
OpeningHoursFields = type(
    "OpeningHoursFields",
    (forms.Form,),
    {
        name: _time_field(format_lazy(label, day=WEEKDAYS[day]))
        for day in DAYS
        for name, label in (
            (f"opens_{day}", _("{day}: opens at")),
            (f"closes_{day}", _("{day}: closes at")),
        )
    },
)


class OfficeForm(StyledFormMixin, OpeningHoursFields, forms.ModelForm):
    """The office, its place on the map and its hours, which the form gathers into the
    ``hours`` the services take (komek/accounts/hours.py)."""

    class Meta:
        model = Office
        fields = [
            "code",
            "name",
            "name_kk",
            "name_en",
            "name_uz",
            "name_uz_cyrl",
            "name_tg",
            "name_ky",
            "city",
            "city_kk",
            "city_en",
            "city_uz",
            "city_uz_cyrl",
            "city_tg",
            "city_ky",
            "address",
            "latitude",
            "longitude",
            "is_active",
        ]

    # The hours before "active", which stays last as in the other forms.
    field_order = [
        *(name for name in Meta.fields if name != "is_active"),
        *(f"{time}_{day}" for day in DAYS for time in ("opens", "closes")),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for day, opens, closes in self.instance.hours:
            self.initial.setdefault(f"opens_{day}", opens)
            self.initial.setdefault(f"closes_{day}", closes)

    def clean(self) -> dict:
        cleaned = super().clean()
        hours = []
        for day in DAYS:
            opens, closes = cleaned.pop(f"opens_{day}", None), cleaned.pop(f"closes_{day}", None)
            if opens is None and closes is None:
                continue
            if opens is None or closes is None:
                self.add_error(
                    f"opens_{day}" if opens is None else f"closes_{day}",
                    _("Give both times, or neither for a day the office is closed."),
                )
            elif opens >= closes:
                self.add_error(f"closes_{day}", _("The office must close after it opens."))
            else:
                hours.append(hours_row(day, opens, closes))
        cleaned["hours"] = hours
        return cleaned


class UserFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or username"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
