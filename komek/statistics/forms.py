from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import Office
from komek.core import indicators
from komek.core.forms import DateInput, StyledFormMixin
from komek.statistics.importing import DIMENSION, IGNORE, ROLES
from komek.statistics.models import Dataset, Measure, Report, ReportSection, ReportTemplate

# Larger tables go through `komek import_stats`, which shows its progress.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
DATE = DateInput()


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        following = date(day.year + 1, 1, 1)
    else:
        following = date(day.year, first_month + 3, 1)
    return start, following - timedelta(days=1)


def offices_for(user):
    offices = Office.objects.filter(is_active=True)
    return offices if user.spans_offices else offices.filter(pk=user.office_id)


# A period's figures are compared with the previous period of the same length, and past
# days are counted into tallies: a period of centuries would do both for nothing.
EARLIEST_START = date(1991, 1, 1)
LONGEST_PERIOD_YEARS = 20


class PeriodMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        if start and start < EARLIEST_START:
            raise ValidationError(
                _("A period starts on %(date)s at the earliest.")
                % {"date": formats.date_format(EARLIEST_START, "SHORT_DATE_FORMAT")}
            )
        if start and end and (end - start).days > round(365.25 * LONGEST_PERIOD_YEARS):
            raise ValidationError(
                _("A period covers at most %(years)s years.") % {"years": LONGEST_PERIOD_YEARS}
            )
        return cleaned


class DashboardForm(PeriodMixin, StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False
    )

    def __init__(self, data=None, *, user) -> None:
        start, end = quarter_of(timezone.localdate())
        super().__init__(data, initial={"start": start, "end": end})
        self.user = user
        self.fields["office"].queryset = offices_for(user)
        if user.spans_offices:
            self.fields["office"].empty_label = _("All offices")
        else:
            self.fields["office"].required = True
            self.fields["office"].empty_label = None
            self.fields["office"].initial = user.office_id

    def period(self) -> dict:
        """The period and office asked, or the current quarter of the user's scope."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {
            "start": self.initial["start"],
            "end": self.initial["end"],
            "office": None if self.user.spans_offices else self.user.office,
        }


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Table (CSV or XLSX)"),
        help_text=_("One row per figure. CSV in UTF-8 or cp1251, or XLSX; at most 10 MB."),
    )
    code = forms.SlugField(
        label=_("Dataset code"),
        max_length=50,
        help_text=_("A new code creates a dataset; an existing one adds a version."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    measure = forms.ChoiceField(label=_("What it counts"), choices=Measure.choices)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(TABLE_SUFFIXES):
            raise ValidationError(_("Only CSV and XLSX tables can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than 10 MB: import it with the komek import_stats command.")
            )
        return upload


class TargetForm(StyledFormMixin, forms.Form):
    """Where a table goes when it looks like a dataset already imported: a new version of
    that dataset, or a new dataset under the code given at the upload. The user chooses;
    nothing is chosen for them."""

    target = forms.ChoiceField(label=_("Import this table as"), widget=forms.RadioSelect)

    def __init__(self, data=None, *, similar: list[Dataset], new_code: str) -> None:
        super().__init__(data)
        self.fields["target"].choices = [
            *(
                (
                    dataset.code,
                    _("a new version of “%(title)s” (%(code)s)")
                    % {"title": dataset.title, "code": dataset.code},
                )
                for dataset in similar
            ),
            (new_code, _("a new dataset, %(code)s") % {"code": new_code}),
        ]


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=300,
        help_text=_("Say why its figures are no longer to be used; everyone will see it."),
    )


class MappingForm(StyledFormMixin, forms.Form):
    """One choice per header of the table: which role the column plays."""

    def __init__(self, data=None, *, mapping: dict[str, str]) -> None:
        super().__init__(data)
        self.headers = list(mapping)
        for position, (header, role) in enumerate(mapping.items()):
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header, choices=list(ROLES.items()), initial=role
            )

    def clean(self):
        cleaned = super().clean()
        roles = [cleaned.get(f"column_{position}") for position in range(len(self.headers))]
        for role in set(roles) - {DIMENSION, IGNORE, None}:
            if roles.count(role) > 1:
                raise ValidationError(
                    _("Only one column can hold “%(role)s”.") % {"role": ROLES[role]}
                )
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{position}"]
            for position, header in enumerate(self.headers)
        }


class ReportForm(PeriodMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["template", "start", "end", "office", "language", "external"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, user, **kwargs) -> None:
        # The last whole quarter: what a quarterly donor report covers.
        start, _end = quarter_of(timezone.localdate())
        last_start, last_end = quarter_of(start - timedelta(days=1))
        kwargs.setdefault("initial", {"start": last_start, "end": last_end})
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user)
        self.fields["office"].empty_label = _("All offices")
        self.fields["office"].required = not user.spans_offices
        self.fields["external"].help_text = _("Counts under 5 are hidden in this report.")
        self.fields["template"].empty_label = None


class TemplateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["name", "title_ru", "title_en"]


class SectionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = [
            "order",
            "heading_ru",
            "heading_en",
            "text_ru",
            "text_en",
            "indicator",
            "breakdown",
            "chart",
        ]
        widgets = {
            "text_ru": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, registry: dict[str, indicators.Indicator], **kwargs) -> None:
        """``registry``: the indicators by code, read once for the whole formset."""
        super().__init__(*args, **kwargs)
        self.registry = registry
        choices = [(code, indicator.name) for code, indicator in registry.items()]
        self.fields["indicator"] = forms.ChoiceField(
            label=_("Indicator"), choices=[("", _("Text only")), *choices], required=False
        )

    def clean(self):
        cleaned = super().clean()
        code, by = cleaned.get("indicator"), cleaned.get("breakdown")
        if by and not code:
            raise ValidationError(_("Choose the indicator to break down."))
        indicator = self.registry.get(code)
        if indicator and by and by not in indicator.breakdowns:
            raise ValidationError(
                _("%(indicator)s cannot be broken down by “%(by)s”; it can by: %(choices)s.")
                % {
                    "indicator": indicator.name,
                    "by": by,
                    "choices": ", ".join(indicator.breakdowns) or "—",
                }
            )
        return cleaned


SectionFormSet = inlineformset_factory(
    ReportTemplate, ReportSection, form=SectionForm, extra=2, can_delete=True
)
