"""The XLSX export of distributions: written by the task, one formula-safe row per item
with the filters applied, audited when asked for and when downloaded, and only for the
coordinator who asked for it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from komek.aid import exports, services
from komek.aid.models import BudgetLine, DistributionExport, Project
from komek.audit.models import Action, AuditEntry
from komek.core.jobs import JobStatus
from komek.core.roles import Role


@pytest.fixture
def handed(person, office, food, line, stock, social):
    return services.distribute(
        person=person, office=office, items=[(food, 2)], by=social, budget_line=line
    )


def sheet_rows(job: DistributionExport) -> list[tuple]:
    with job.file.open("rb") as stored:
        book = load_workbook(stored, read_only=True)
        return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def ask(client, **filters):
    response = client.post(reverse("aid:export"), filters)
    assert response.status_code == 302
    job = DistributionExport.objects.latest("pk")
    assert response["Location"] == reverse("aid:export_status", args=[job.pk])
    exports.build_export.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return job


def test_a_coordinator_exports_the_distributions_and_both_steps_are_audited(
    client_for, coordinator, handed, person
):
    client = client_for(coordinator)
    job = ask(client)
    asked = AuditEntry.objects.get(action=Action.EXPORT, actor=coordinator)
    assert asked.people == f",{person.pk},"

    header, row = sheet_rows(job)
    assert list(header) == exports.header()
    assert row[0] == handed.pk
    assert row[1] == person.full_name
    assert (row[4], row[5], row[6]) == ("Продуктовый набор", 2, 30000)
    assert (row[7], row[8]) == ("iom-2026", "relief")

    response = client.get(reverse("aid:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=coordinator).count() == 2


def test_a_name_written_as_a_formula_is_exported_as_text(
    client_for, coordinator, make_person, office, food, line, stock, social
):
    schemer = make_person(given_name="Алишер", surname="=HYPERLINK(1)")
    services.distribute(person=schemer, office=office, items=[(food, 1)], by=social,
                        budget_line=line)  # fmt: skip
    _header, row = sheet_rows(ask(client_for(coordinator)))
    assert row[1].startswith("'=HYPERLINK(1)")


def test_the_filters_choose_the_rows(
    client_for, coordinator, handed, person, office, food, stock, monthly_food
):
    other = Project.objects.create(
        donor=handed.items.get().budget_line.project.donor, code="unhcr-2026", name="Другой",
        starts=date(2020, 1, 1), ends=date(2099, 1, 1),
    )  # fmt: skip
    second = BudgetLine.objects.create(
        project=other, code="food", name="Еда", amount=Decimal(10**6)
    )
    second.kinds.set([food])
    services.distribute(person=person, office=office, items=[(food, 1)], by=coordinator,
                        budget_line=second, override_reason="Семья из пяти человек")  # fmt: skip
    client = client_for(coordinator)

    rows = sheet_rows(ask(client, project=other.pk))[1:]
    assert [(row[7], row[10]) for row in rows] == [("unhcr-2026", "Семья из пяти человек")]
    assert len(sheet_rows(ask(client, office=office.pk))) == 3
    assert len(sheet_rows(ask(client, end="2001-01-01"))) == 1
    response = client.post(reverse("aid:export"), {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["end"]


def test_another_coordinators_export_is_not_found_and_nothing_of_another_office_is_written(
    client_for, coordinator, make_staff, other_office, handed
):
    job = ask(client_for(coordinator))
    outsider = make_staff(Role.COORDINATOR, office=other_office)
    client = client_for(outsider)
    assert client.get(reverse("aid:export_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("aid:export_download", args=[job.pk])).status_code == 404
    assert len(sheet_rows(ask(client))) == 1


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOTLINE_OPERATOR, Role.LAWYER])
def test_only_a_coordinator_may_export(client_for, make_staff, role, handed):
    client = client_for(make_staff(role))
    assert client.post(reverse("aid:export"), {}).status_code == 403
    assert not DistributionExport.objects.exists()


def test_the_budgets_page_offers_the_export_to_a_coordinator(client_for, coordinator, social):
    link = reverse("aid:export").encode()
    assert link in client_for(coordinator).get(reverse("aid:budgets")).content
    assert link not in client_for(social).get(reverse("aid:budgets")).content
