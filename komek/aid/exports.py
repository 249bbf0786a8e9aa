"""The distributions as a spreadsheet for donors and audits: one row per item handed out,
requested or reversed (person, office, kind, quantity, value, project, line, status,
override reason, who, when), written to XLSX by the task worker through
``komek.core.exports`` (formula-safe cells). Asking for it is audited as an export of the
people it names; downloading it is audited again (``komek.core.jobs.download``)."""

from collections.abc import Iterator
from datetime import datetime, time

from django import forms
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.models import Office
from komek.aid.forms import reachable_offices
from komek.aid.models import DistributionExport, DistributionItem, Project
from komek.audit.models import Action
from komek.audit.services import record
from komek.core import exports, jobs
from komek.core.forms import DateInput, StyledFormMixin

# Rows written between two progress updates.
PROGRESS_EVERY = 2000


class ExportFilterForm(StyledFormMixin, forms.Form):
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"),
        queryset=Office.objects.none(),
        required=False,
        empty_label=gettext_lazy("every office"),
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)
    project = forms.ModelChoiceField(
        label=gettext_lazy("Project"),
        queryset=Project.objects.all(),
        required=False,
        empty_label=gettext_lazy("every project"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = reachable_offices(user)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


def header() -> list[str]:
    return [
        _("Distribution"),
        _("Person"),
        _("Registry number"),
        _("Office"),
        _("Aid kind"),
        _("Quantity"),
        _("Value, KZT"),
        _("Project"),
        _("Budget line"),
        _("Status"),
        _("Reason for the override"),
        _("Handed out or recorded by"),
        _("When"),
    ]


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def rows(items: QuerySet[DistributionItem]) -> Iterator[list]:
    for item in items.iterator(chunk_size=PROGRESS_EVERY):
        distribution = item.distribution
        by = distribution.handed_by or distribution.created_by
        yield [
            distribution.pk,
            distribution.person.full_name,
            distribution.person.ref,
            str(distribution.office),
            str(item.kind),
            item.quantity,
            item.value,
            item.budget_line.project.code,
            item.budget_line.code,
            distribution.get_status_display(),
            distribution.override_reason,
            by.get_full_name() or by.get_username(),
            _local(distribution.handed_at or distribution.created_at),
        ]


def filtered_items(user, filters: QueryDict) -> QuerySet[DistributionItem]:
    """The items of the distributions the filters choose, among those of the people whose
    records ``user`` may open: of their offices, or assigned to them."""
    form = ExportFilterForm(filters or None, user=user)
    criteria = form.cleaned_data if form.is_valid() else {}
    items = DistributionItem.objects.select_related(
        "kind",
        "budget_line__project",
        "distribution__person",
        "distribution__office",
        "distribution__handed_by",
        "distribution__created_by",
    ).order_by("distribution__created_at", "pk")
    if not user.spans_offices:
        items = items.filter(
            Q(distribution__person__office_id=user.office_id)
            | Q(distribution__person__in=user.assigned_people.all())
        )
    if criteria.get("office"):
        items = items.filter(distribution__office=criteria["office"])
    if criteria.get("project"):
        items = items.filter(budget_line__project=criteria["project"])
    if criteria.get("start"):
        start = timezone.make_aware(datetime.combine(criteria["start"], time.min))
        items = items.filter(distribution__created_at__gte=start)
    if criteria.get("end"):
        end = timezone.make_aware(datetime.combine(criteria["end"], time.max))
        items = items.filter(distribution__created_at__lte=end)
    return items


@transaction.atomic
def export_request(*, user, filters: QueryDict) -> DistributionExport:
    """Queue an XLSX export of the chosen distributions; the request is audited as the
    export, with the people it names."""
    items = filtered_items(user, filters)
    export = DistributionExport.objects.create(
        requested_by=user, filters=filters.urlencode()[:500], progress_total=items.count()
    )
    jobs.enqueue(build_export, export)
    people = items.order_by().values_list("distribution__person_id", flat=True).distinct()
    record(
        actor=user,
        action=Action.EXPORT,
        obj=export,
        detail=f"aid distributions xlsx: {export.filters}"[:500],
        people=list(people),
    )
    return export


def _progress(export: DistributionExport, written: Iterator[list]) -> Iterator[list]:
    for count, row in enumerate(written, start=1):
        yield row
        if count % PROGRESS_EVERY == 0:
            export.set_progress(count)


@jobs.task(DistributionExport)
def build_export(export_pk: int) -> str:
    with jobs.run(DistributionExport, export_pk) as export:
        items = filtered_items(export.requested_by, QueryDict(export.filters))
        with exports.xlsx_file(header(), _progress(export, rows(items))) as written:
            export.write(File(written), suffix=".xlsx")
    return export.file.name
