from django import forms
from django.utils.translation import gettext_lazy as _

from komek.core.forms import StyledFormMixin
from komek.letters.models import Letterhead, LetterLanguage, LetterTemplate


class TemplateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "language", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class LetterheadForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = [
            "organisation_ru",
            "organisation_kk",
            "address",
            "address_kk",
            "contacts",
            "signatory",
            "signatory_title_ru",
            "signatory_title_kk",
            "number_prefix",
        ]


class ChooseTemplateForm(StyledFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=LetterTemplate.objects.filter(is_active=True)
    )
    referral = forms.ModelChoiceField(label=_("Referral"), queryset=None, required=False)

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = case.referrals.select_related("partner")


class LetterForm(StyledFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LetterLanguage.choices)
    addressee = forms.CharField(
        label=_("Addressee"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paragraphs are separated by an empty line."),
    )


class MissingValuesForm(StyledFormMixin, forms.Form):
    """The values a template needs that the case does not have, asked before the letter
    is filled in. They go into this letter only."""

    def __init__(self, *args, missing, **kwargs) -> None:
        self.base_fields = {
            placeholder.name: forms.CharField(label=placeholder.label, max_length=300)
            for placeholder in missing
        }
        super().__init__(*args, prefix="value", **kwargs)
