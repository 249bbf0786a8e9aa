from django import forms
from django.utils.translation import gettext_lazy as _

from komek.core.countries import country_choices
from komek.core.forms import PhonesField, StyledFormMixin
from komek.core.languages import working_language_choices
from komek.partners.models import Partner, PartnerKind


class PartnerForm(StyledFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country represented"), required=False)
    phones = PhonesField(label=_("Phones"), required=False, help_text=_("One per line."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "name_kk",
            "name_en",
            "short_name",
            "kind",
            "country",
            "city",
            "address",
            "address_checked",
            "phones",
            "email",
            "website",
            "working_languages",
            "contact_person",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["country"].help_text = Partner._meta.get_field("country").help_text
        self.fields["working_languages"].choices = working_language_choices()


class PartnerFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or city"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country represented"), required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *PartnerKind.choices]
        self.fields["country"].choices = [("", _("All countries")), *country_choices()]
