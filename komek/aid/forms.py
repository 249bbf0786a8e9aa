"""The aid pages' forms: they parse and offer choices; the services decide and write."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import Office
from komek.accounts.scoping import in_scope
from komek.aid.models import AidKind, BudgetLine, WriteOffReason
from komek.cases.models import Case
from komek.core import uploads
from komek.core.forms import DateInput, StyledFormMixin

# A purchase document is a PDF or a photo of the invoice or ticket: the kind is read from
# its first bytes, then the whole file is checked to be of that kind (core/uploads.py).
DOCUMENT_IMAGES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


def reachable_offices(user):
    """The offices whose stock the user may move: their own, or every one if national."""
    return in_scope(Office.objects.filter(is_active=True), user, field="pk")


class LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.project.code} · {obj.code}: {obj.name}"


def _lines():
    return BudgetLine.objects.select_related("project").order_by("project__code", "code")


class DaySetupForm(StyledFormMixin, forms.Form):
    """What a distribution day hands out, chosen once and kept for the session."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    kind = forms.ModelChoiceField(label=_("Aid kind"), queryset=AidKind.objects.none())
    quantity = forms.IntegerField(label=_("Quantity per person"), min_value=1, initial=1)
    budget_line = LineChoice(
        label=_("Budget line"),
        queryset=BudgetLine.objects.none(),
        required=False,
        empty_label=_("the running project that ends first"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Leave empty in the office; name the outreach point otherwise."),
    )
    household = forms.BooleanField(
        label=_("For the household"),
        required=False,
        help_text=_("Each package is for the person and the relatives linked to them."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = reachable_offices(user)
        self.fields["kind"].queryset = AidKind.objects.filter(is_active=True, needs_approval=False)
        self.fields["budget_line"].queryset = _lines()

    def clean(self) -> dict:
        data = super().clean()
        kind, line = data.get("kind"), data.get("budget_line")
        if kind and line and not line.kinds.filter(pk=kind.pk).exists():
            self.add_error("budget_line", _("This budget line does not pay for this aid kind."))
        return data

    def to_session(self) -> dict:
        data = self.cleaned_data
        return {
            "office": data["office"].pk,
            "kind": data["kind"].pk,
            "quantity": data["quantity"],
            "budget_line": data["budget_line"].pk if data["budget_line"] else None,
            "place": data["place"],
            "household": data["household"],
        }


class FindForm(forms.Form):
    q = forms.CharField(
        label=_("Registry number or name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )


class GiveForm(forms.Form):
    """One hand-out on a distribution day. ``key`` is new each time the form is drawn, so a
    second submission of the same form records nothing more."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("key", uuid.uuid4())


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(StyledFormMixin, forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for the override"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestForm(StyledFormMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Aid kind"), queryset=AidKind.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    budget_line = LineChoice(label=_("Budget line"), queryset=BudgetLine.objects.none())
    case = forms.ModelChoiceField(label=_("Case"), queryset=None, required=False)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("key", uuid.uuid4())
        self.fields["kind"].queryset = AidKind.objects.filter(is_active=True, needs_approval=True)
        self.fields["budget_line"].queryset = _lines()
        self.fields["case"].queryset = Case.objects.filter(pk__in=[case.pk for case in cases])

    def clean(self) -> dict:
        data = super().clean()
        kind, line = data.get("kind"), data.get("budget_line")
        if kind and line and not line.kinds.filter(pk=kind.pk).exists():
            self.add_error("budget_line", _("This budget line does not pay for this aid kind."))
        return data


class PurchaseForm(StyledFormMixin, forms.Form):
    document = forms.FileField(label=_("Purchase document (invoice, ticket)"))
    amount = forms.DecimalField(label=_("Amount, KZT"), min_value=1, decimal_places=2)

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > settings.CASE_DOCUMENT_MAX_MB * uploads.MB:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": settings.CASE_DOCUMENT_MAX_MB}
            )
        head = document.read(16)
        kind = "PDF" if head.startswith(b"%PDF-") else None
        kind = kind or next(
            (k for sign, k in DOCUMENT_IMAGES.items() if head.startswith(sign)), None
        )
        if kind is None:
            raise forms.ValidationError(_("Attach the document as a PDF, JPEG or PNG file."))
        if kind == "PDF":
            uploads.check_pdf(document, document.size)
        else:
            uploads.check_image(document, kind)
        document.seek(0)
        # Stored under a name nobody can guess, never the one the browser sent.
        document.name = f"{uuid.uuid4().hex}.{kind.lower()}"
        return document


class StockForm(StyledFormMixin, forms.Form):
    """A stock change in one of the user's offices."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    kind = forms.ModelChoiceField(label=_("Aid kind"), queryset=AidKind.objects.none())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = reachable_offices(user)
        self.fields["kind"].queryset = AidKind.objects.filter(is_active=True, stocked=True)


QUANTITY = {"label": _("Quantity"), "min_value": 1}


class ReceiveForm(StockForm):
    prefix = "receive"
    quantity = forms.IntegerField(**QUANTITY)
    budget_line = LineChoice(
        label=_("Budget line"), queryset=BudgetLine.objects.none(), required=False
    )
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    expires = forms.DateField(label=_("Expires"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = _lines()


class TransferForm(StockForm):
    prefix = "transfer"
    quantity = forms.IntegerField(**QUANTITY)
    to_office = forms.ModelChoiceField(
        label=_("To office"), queryset=Office.objects.filter(is_active=True)
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("office") and data.get("office") == data.get("to_office"):
            self.add_error("to_office", _("Choose another office than the one it leaves."))
        return data


class WriteOffForm(StockForm):
    prefix = "write_off"
    quantity = forms.IntegerField(**QUANTITY)
    reason = forms.ChoiceField(label=_("Reason"), choices=WriteOffReason.choices)


class CountForm(StockForm):
    prefix = "count"
    counted = forms.IntegerField(label=_("Counted"), min_value=0)
