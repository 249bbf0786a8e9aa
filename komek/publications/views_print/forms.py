"""The forms of print runs and hand-outs: editions to choose among the current ones, offices
among those the user records for."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import Office
from komek.publications.models import Edition, EditionStatus, FileKind, Handout, PrintRun


class EditionChoice(forms.ModelChoiceField):
    def label_from_instance(self, edition: Edition) -> str:
        return f"{edition.title} · {edition.get_language_display()} · №{edition.number}"


class _CopiesForm(forms.ModelForm):
    """A form of copies of an edition at an office: the current editions only, and the
    user's own office unless they work with every office."""

    edition = EditionChoice(
        label=_("Edition"),
        queryset=Edition.objects.filter(status=EditionStatus.PUBLISHED).select_related("material"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.filter(is_active=True)
        if not user.spans_offices:
            offices = offices.filter(pk=user.office_id)
            self.fields["office"].initial = user.office_id
        self.fields["office"].queryset = offices


class PrintRunForm(_CopiesForm):
    class Meta:
        model = PrintRun
        fields = [
            "edition",
            "office",
            "quantity",
            "printer",
            "cost",
            "currency",
            "project_code",
            "printed_on",
        ]
        widgets = {"printed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["printed_on"].initial = timezone.localdate()


class HandoutForm(_CopiesForm):
    class Meta:
        model = Handout
        fields = [
            "edition",
            "office",
            "channel",
            "place",
            "partner",
            "quantity",
            "handed_out_on",
        ]
        widgets = {"handed_out_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handed_out_on"].initial = timezone.localdate()


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"), choices=FileKind.choices)
