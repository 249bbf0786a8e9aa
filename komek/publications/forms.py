"""The forms of the publication pages. Their fields are what the services take, so a
view passes ``cleaned_data`` on as it is."""

from django import forms
from django.utils.translation import gettext_lazy as _

from komek.core.forms import ChipsCheckboxes, DateInput, StyledFormMixin
from komek.publications.models import (
    Audience,
    Kind,
    Language,
    SegmentKind,
    State,
    Topic,
)

# The kinds a writer adds: a material has one title, made with it.
BODY_KINDS = [(value, label) for value, label in SegmentKind.choices if value != SegmentKind.TITLE]


class MaterialForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    target_languages = forms.MultipleChoiceField(
        label=_("Translated into"),
        choices=Language.choices,
        required=False,
        widget=ChipsCheckboxes,
    )


class MaterialNewForm(MaterialForm):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Latin letters, digits and hyphens; it is part of the page's address."),
    )
    source_language = forms.ChoiceField(
        label=_("Written in"), choices=Language.choices, initial=Language.RU
    )
    field_order = ["title", "slug", "kind", "audience", "topic", "source_language"]

    def clean(self) -> dict:
        cleaned = super().clean()
        source = cleaned.get("source_language")
        cleaned["target_languages"] = [
            code for code in cleaned.get("target_languages", []) if code != source
        ]
        return cleaned


class ReferenceForm(StyledFormMixin, forms.Form):
    act = forms.CharField(label=_("Legal act"), max_length=300)
    article = forms.CharField(label=_("Article"), max_length=60, required=False)
    effective_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    link = forms.URLField(label=_("Link to the text"), required=False, assume_scheme="https")
    rule_code = forms.CharField(
        label=_("Navigator rule"),
        max_length=60,
        required=False,
        help_text=_("The code of the migration rule built on this article, if there is one."),
    )


class SegmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BODY_KINDS)
    source = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Markdown: **bold**, *italic*, lists with '- ', tables with '|'. HTML is not allowed."
        ),
    )


class SourceForm(StyledFormMixin, forms.Form):
    source = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class TranslationForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 4}))
    origin = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_origin(self) -> str:
        # Only the suggestion button says otherwise; a typed text is the default.
        return "memory" if self.cleaned_data.get("origin") == "memory" else "typed"


class ReviewForm(StyledFormMixin, forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Send back"))])
    text = forms.CharField(label=_("Translation"), required=False, widget=forms.Textarea)
    note = forms.CharField(label=_("Note to the translator"), required=False, max_length=500)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say what is to be corrected when sending a segment back."))
        return cleaned


class StateFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("every segment")), *State.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class PublishForm(StyledFormMixin, forms.Form):
    law_as_of = forms.DateField(
        label=_("The law as of"),
        widget=DateInput(),
        help_text=_("The date of the legal texts this edition reflects; printed on the cover."),
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is withdrawn"), max_length=300)


class GlossaryForm(StyledFormMixin, forms.Form):
    term = forms.CharField(label=_("Term"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    rendering = forms.CharField(label=_("Rendering"), max_length=200, required=False)
    approved = forms.BooleanField(label=_("Approved"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("xliff", "XLIFF 1.2"), ("po", "PO (gettext)")])


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Translated file"), help_text=_("XLIFF 1.2 (.xlf, .xliff) or PO (.po).")
    )
    approve = forms.BooleanField(
        label=_("Approve the imported segments (I have reviewed them)"), required=False
    )

    def __init__(self, *args, may_review: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_review:
            del self.fields["approve"]
