from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import Office
from komek.accounts.scoping import in_scope
from komek.core.countries import country_choices
from komek.core.forms import DateInput, PhonesField, StyledFormMixin
from komek.core.languages import working_language_choices
from komek.people.birth import validate_born
from komek.people.models import (
    INVISIBLE_NAME,
    Consent,
    DocumentKind,
    FamilyLink,
    IdentityDocument,
    Person,
    Vulnerability,
)
from komek.people.names import visible_name
from komek.people.search import BirthQuery
from komek.people.selectors import person_get_for
from komek.people.similar import similar_people


class BornField(forms.CharField):
    """A date of birth as far as it is known: YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY;
    one that cannot be anyone's (before 1900, in the future) is refused."""

    def clean(self, value):
        text = super().clean(value) or ""
        try:
            born = BirthQuery.parse(text)
        except ValueError:
            raise forms.ValidationError(
                _("Write the date of birth as 1990-05-17, 1990-05 or 1990 (or 17.05.1990).")
            ) from None
        validate_born(born)
        return born


class NameField(forms.CharField):
    """A name as people write it, without the characters that draw nothing; one made
    only of them is refused (as ``Person.clean`` does for the person forms)."""

    def clean(self, value) -> str:
        try:
            return visible_name(super().clean(value))
        except ValueError:
            raise forms.ValidationError(INVISIBLE_NAME, code="invisible") from None


class PersonField(forms.IntegerField):
    """A person chosen by record number, cleaned to the record through the permission-aware
    getter: a form can link only a record its user may open and change, never one of
    another office. The form sets ``user`` before it is cleaned."""

    default_error_messages = {
        "unknown": _("There is no record with this number that you may open."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
        self.user = None

    def clean(self, value) -> Person | None:  # type: ignore[override]
        pk = super().clean(value)
        if pk is None:
            return None
        try:
            return person_get_for(user=self.user, pk=pk, purpose="change")
        except Http404:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown") from None


def different_person_field() -> forms.BooleanField:
    """The confirmation that a new record is not one of the similar people shown."""
    return forms.BooleanField(
        label=_("This is a different person: register anyway"), required=False
    )


def refuse_if_similar(form: forms.Form, *, user, phones=(), **name) -> list[Person]:
    """The people registered already who may be the one ``form`` is about to register
    (``name``: surname, given_name and the date of birth's parts), refusing the form
    while the user has not confirmed that this is someone else; [] once they have."""
    if form.cleaned_data.get("different_person"):
        return []
    similar = similar_people(user=user, phones=phones, **name)
    if similar:
        form.add_error(
            "different_person",
            _(
                "Possibly the same person is registered already. Open their record, or "
                "confirm that this is someone else."
            ),
        )
    return similar


class PersonForm(StyledFormMixin, forms.ModelForm):
    born = BornField(label=_("Date of birth"), required=False, help_text=_("Year only is fine."))
    phones = PhonesField(label=_("Phones"), required=False, help_text=_("One per line."))
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        required=False,
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    different_person = different_person_field()
    # The version the edit is made on; a new record has none.
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = [
            "surname",
            "given_name",
            "patronymic",
            "latin_surname",
            "latin_given_name",
            "sex",
            "citizenship",
            "languages",
            "address",
            "registration_status",
            "registration_until",
            "vulnerabilities",
            "ref",
            "notes",
        ]
        widgets = {
            "registration_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, vulnerability_choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [("", "—"), *country_choices()]
        self.fields["languages"].choices = working_language_choices()
        if vulnerability_choices is not None:
            self.fields["vulnerabilities"].choices = vulnerability_choices
        person = self.instance
        if not person.pk:
            del self.fields["version"]
        else:
            del self.fields["different_person"]
            self.initial.setdefault("version", person.version)
            self.initial.setdefault("born", person.born)
            self.initial.setdefault("phones", list(person.phones.values_list("number", flat=True)))

    def person_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        born = self.cleaned_data.get("born")
        data["born_year"] = born.year if born else None
        data["born_month"] = born.month if born else None
        data["born_day"] = born.day if born else None
        return data


class DocumentForm(StyledFormMixin, forms.ModelForm):
    issuing_country = forms.ChoiceField(label=_("Issuing country"), required=False)

    class Meta:
        model = IdentityDocument
        fields = ["kind", "number", "issuing_country", "valid_until", "status"]
        widgets = {"valid_until": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuing_country"].choices = [("", "—"), *country_choices()]
        self.fields["kind"].initial = DocumentKind.PASSPORT


class ConsentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["scope", "given_on", "method"]
        widgets = {"given_on": DateInput()}


class FamilyLinkForm(StyledFormMixin, forms.ModelForm):
    # Only a record the user may open can be linked: the link shows the relative.
    relative = PersonField(label=_("Relative's record number in Komek"))

    class Meta:
        model = FamilyLink
        fields = ["kind"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relative"].user = user


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, phone, document or registry number"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
    )
    born = BornField(label=_("Date of birth"), required=False, max_length=10)


class MergeForm(StyledFormMixin, forms.Form):
    """Which of two records of one person to keep, and why they are one person."""

    keep = forms.TypedChoiceField(label=_("Keep"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why they are one person"),
        help_text=_("For example: the same passport number, the person confirmed it on the phone."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(person.pk, person.full_name) for person in people]
        self.initial.setdefault("keep", people[0].pk)


class QueueFilterForm(StyledFormMixin, forms.Form):
    """The review queue's filters: an office (for those who work with more than one) and
    the lowest score shown."""

    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=_("All offices"),
    )
    min_score = forms.DecimalField(
        label=_("Lowest score"),
        min_value=0,
        max_value=1,
        decimal_places=2,
        required=False,
        help_text=_("From 0 to 1: how sure the search is that the two are one person."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = in_scope(Office.objects.filter(is_active=True), user, "pk")


class SearchRequestForm(StyledFormMixin, forms.Form):
    """Where to search for duplicates: one of the user's offices, or the whole registry for
    those who work with every office. Prefixed: it shares its page with the queue's filter."""

    prefix = "search"

    office = forms.ModelChoiceField(
        label=_("Search"), queryset=Office.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        field.queryset = in_scope(Office.objects.filter(is_active=True), user, "pk")
        self.spans_offices = user.spans_offices
        if self.spans_offices:
            field.empty_label = _("the whole registry")
        else:
            field.required, field.empty_label = True, None

    def clean_office(self):
        office = self.cleaned_data["office"]
        if office is None and not self.spans_offices:
            raise forms.ValidationError(_("Choose your office."))
        return office
