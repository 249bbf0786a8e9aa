"""URL samples for the permission test (komek/core/url_samples.py): a food package handed
out from the office's stock and a ticket home requested, for the person of the samples."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from komek.aid import services
from komek.aid.models import (
    AidKind,
    ApprovalBand,
    BudgetLine,
    DistributionExport,
    Donor,
    EntitlementRule,
    Project,
)


def build(made: dict) -> dict[str, dict]:
    coordinator, office, person = made["coordinator"], made["office"], made["person"]
    food = AidKind.objects.create(
        code="food", name="Продуктовый набор", name_kk="Азық-түлік жиынтығы",
        name_en="Food package", unit="package", unit_value=Decimal("15000"),
    )  # fmt: skip
    ticket = AidKind.objects.create(
        code="ticket", name="Билет домой", name_kk="Үйге билет", name_en="Ticket home",
        unit="ticket", unit_value=Decimal("40000"), stocked=False, needs_approval=True,
    )  # fmt: skip
    donor = Donor.objects.create(code="iom", name="МОМ", name_kk="ХКҰ", name_en="IOM")
    project = Project.objects.create(
        donor=donor, code="iom-2026", name="Помощь", starts=date(2020, 1, 1), ends=date(2099, 1, 1)
    )
    line = BudgetLine.objects.create(
        project=project, code="relief", name="Помощь", amount=Decimal("1000000")
    )
    line.kinds.set([food, ticket])
    services.receive(office=office, kind=food, quantity=5, by=coordinator, budget_line=line)
    handed = services.distribute(
        person=person, office=office, items=[(food, 1)], by=coordinator, budget_line=line
    )
    requested = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=coordinator, budget_line=line
    )
    rule = EntitlementRule.objects.create(max_quantity=1, period_days=30, source="Положение, п. 4")
    rule.kinds.set([food])
    band = ApprovalBand.objects.create(up_to=Decimal("20000"), approvers=0)
    export = made["aid_export"] = DistributionExport(
        requested_by=coordinator, status="done", progress_total=1, progress_done=1
    )
    export.file.save("aid.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    export.save()
    return {
        "aid:request": {"person_pk": person.pk},
        "aid:detail": {"pk": handed.pk},
        "aid:receipt": {"pk": handed.pk},
        "aid:acknowledge": {"pk": handed.pk},
        "aid:reverse": {"pk": handed.pk},
        "aid:approve": {"pk": requested.pk},
        "aid:purchase": {"pk": requested.pk},
        "aid:hand_over": {"pk": requested.pk},
        "aid:kind_edit": {"pk": food.pk},
        "aid:rule_edit": {"pk": rule.pk},
        "aid:band_edit": {"pk": band.pk},
        "aid:donor_edit": {"pk": donor.pk},
        "aid:project_edit": {"pk": project.pk},
        "aid:line_edit": {"pk": line.pk},
        "aid:export_status": {"pk": export.pk},
        "aid:export_download": {"pk": export.pk},
    }


def grant(made: dict, user) -> None:
    DistributionExport.objects.filter(pk=made["aid_export"].pk).update(requested_by=user)
