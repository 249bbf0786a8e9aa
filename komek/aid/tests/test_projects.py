"""A coordinator enters the donors, their projects and budget lines: a grant entered through
the forms pays for the aid handed out, what is saved is audited and kept in the record's
history, a refusal names its field and writes nothing, and nobody else may open the forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from komek.aid import editing, services
from komek.aid.models import BudgetLine, Donor, Project
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role

DONOR = {"code": "unhcr", "name": "УВКБ ООН", "name_kk": "БҰҰ БЖКБ", "name_en": "UNHCR"}
PROJECT = {"code": "unhcr-2027", "name": "Зимняя помощь", "starts": "2026-01-01",
           "ends": "2027-12-31", "currency": "KZT"}  # fmt: skip


def _entered(client, food, ticket) -> BudgetLine:
    """A donor, its project and a line paying for food and tickets, entered in the forms."""
    assert client.post(reverse("aid:donor_create"), DONOR).status_code == 302
    donor = Donor.objects.get(code="unhcr")
    response = client.post(reverse("aid:project_create"), {**PROJECT, "donor": donor.pk})
    assert response.status_code == 302
    project = Project.objects.get(code="unhcr-2027")
    line_form = {"project": project.pk, "code": "winter", "name": "Зима",
                 "kinds": [food.pk, ticket.pk], "amount": "500000"}  # fmt: skip
    assert client.post(reverse("aid:line_create"), line_form).status_code == 302
    return BudgetLine.objects.get(project=project, code="winter")


def test_a_grant_entered_by_a_coordinator_pays_for_the_aid_handed_out(
    client_for, coordinator, office, person, food, ticket
):
    line = _entered(client_for(coordinator), food, ticket)
    assert set(line.kinds.all()) == {food, ticket}
    assert line.amount == Decimal("500000")

    services.receive(office=office, kind=food, quantity=3, by=coordinator, budget_line=line)
    handed = services.distribute(
        person=person, office=office, items=[(food, 2)], by=coordinator, budget_line=line
    )
    assert handed.items.get().budget_line == line
    line.refresh_from_db()
    assert line.spent == Decimal("30000")

    page = client_for(coordinator).get(reverse("aid:budgets")).content.decode()
    assert reverse("aid:line_edit", args=[line.pk]) in page
    assert reverse("aid:project_edit", args=[line.project.pk]) in page
    assert reverse("aid:donor_edit", args=[line.project.donor.pk]) in page


def test_each_record_entered_is_audited_and_kept_in_its_history(
    client_for, coordinator, food, ticket
):
    client = client_for(coordinator)
    line = _entered(client, food, ticket)
    project, donor = line.project, line.project.donor
    for obj in (donor, project, line):
        entry = AuditEntry.objects.get(
            action=Action.CREATE, actor=coordinator, object_id=str(obj.pk),
            object_type=obj._meta.label,
        )  # fmt: skip
        assert entry.changes["code"] == [None, obj.code]
    kinds = AuditEntry.objects.get(action=Action.CHANGE, object_type="aid.BudgetLine")
    assert kinds.changes == {"kinds": [[], ["food", "ticket-bus"]]}

    edit = reverse("aid:project_edit", args=[project.pk])
    form = {**PROJECT, "donor": donor.pk, "ends": "2028-06-30"}
    assert client.post(edit, form).status_code == 302
    change = AuditEntry.objects.get(action=Action.CHANGE, object_type="aid.Project")
    assert change.changes["ends"] == ["2027-12-31", "2028-06-30"]
    assert project.history.count() == 2
    assert donor.history.get().history_user == coordinator
    assert "2028" in client.get(edit).content.decode()


def test_a_project_ending_before_it_starts_is_refused_on_the_end_and_nothing_is_written(
    client_for, coordinator, project
):
    form = {**PROJECT, "donor": project.donor.pk, "starts": "2027-01-01", "ends": "2026-12-31"}
    response = client_for(coordinator).post(reverse("aid:project_create"), form)
    assert response.status_code == 400
    assert response.context["form"].errors["ends"]
    assert not Project.objects.filter(code="unhcr-2027").exists()

    with pytest.raises(ValidationError) as refused:
        editing.project_update(project=project, by=coordinator, ends=date(2019, 12, 31))
    assert list(refused.value.message_dict) == ["ends"]
    project.refresh_from_db()
    assert project.ends == date(2099, 12, 31)
    assert not AuditEntry.objects.filter(object_type="aid.Project").exists()


def test_a_negative_amount_is_refused_on_the_amount_and_no_line_is_written(
    client_for, coordinator, project, food
):
    form = {"project": project.pk, "code": "x", "name": "X", "kinds": [food.pk], "amount": "-1"}
    response = client_for(coordinator).post(reverse("aid:line_create"), form)
    assert response.status_code == 400
    assert response.context["form"].errors["amount"]
    response = client_for(coordinator).post(reverse("aid:line_create"), {**form, "kinds": []})
    assert response.status_code == 400
    assert response.context["form"].errors["kinds"]
    assert not BudgetLine.objects.filter(code="x").exists()
    assert not AuditEntry.objects.filter(object_type="aid.BudgetLine").exists()


def test_a_line_never_falls_below_what_it_committed_and_spent(
    client_for, coordinator, office, person, food, ticket, line, stock, bands
):
    services.distribute(
        person=person, office=office, items=[(food, 1)], by=coordinator, budget_line=line
    )
    services.request(
        person=person, office=office, kind=ticket, quantity=1, by=coordinator, budget_line=line
    )
    line.refresh_from_db()
    assert (line.committed, line.spent) == (Decimal("40000"), Decimal("15000"))

    form = {"project": line.project.pk, "code": line.code, "name": line.name,
            "kinds": [food.pk, ticket.pk], "amount": "54999"}  # fmt: skip
    edit = reverse("aid:line_edit", args=[line.pk])
    response = client_for(coordinator).post(edit, form)
    assert response.status_code == 400
    assert "55 000" in response.context["form"].errors["amount"][0].replace("\xa0", " ")
    line.refresh_from_db()
    assert line.amount == Decimal("1000000")
    changes = AuditEntry.objects.filter(action=Action.CHANGE, object_type="aid.BudgetLine")
    assert not changes.exists()

    assert client_for(coordinator).post(edit, {**form, "amount": "55000"}).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("55000")


def test_a_change_of_a_line_keeps_the_totals_the_services_counted_meanwhile(
    coordinator, office, person, food, line, stock
):
    read_before = BudgetLine.objects.get(pk=line.pk)
    services.distribute(
        person=person, office=office, items=[(food, 1)], by=coordinator, budget_line=line
    )
    editing.line_update(line=read_before, by=coordinator, name="Продукты")
    line.refresh_from_db()
    assert (line.name, line.spent) == ("Продукты", Decimal("15000"))


def test_a_project_keeps_its_code_once_aid_is_charged_to_a_line_of_it(
    coordinator, office, person, food, project, line
):
    editing.project_update(project=project, by=coordinator, code="iom-2026-a")
    services.receive(office=office, kind=food, quantity=1, by=coordinator, budget_line=line)
    with pytest.raises(ValidationError) as refused:
        editing.project_update(project=project, by=coordinator, code="iom-2026-b")
    assert list(refused.value.message_dict) == ["code"]
    assert Project.objects.get(pk=project.pk).code == "iom-2026-a"


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOTLINE_OPERATOR])
def test_a_social_worker_or_an_operator_may_not_enter_grants(client_for, make_staff, role, line):
    client = client_for(make_staff(role))
    project, donor = line.project, line.project.donor
    urls = [
        reverse("aid:donor_create"),
        reverse("aid:donor_edit", args=[donor.pk]),
        reverse("aid:project_create"),
        reverse("aid:project_edit", args=[project.pk]),
        reverse("aid:line_create"),
        reverse("aid:line_edit", args=[line.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {**DONOR, "amount": "1"}).status_code == 403
    assert list(Donor.objects.values_list("code", flat=True)) == ["iom"]
    assert list(BudgetLine.objects.values_list("amount", flat=True)) == [Decimal("1000000")]


def test_the_budgets_page_offers_the_forms_to_a_coordinator_only(
    client_for, coordinator, social, line
):
    links = [reverse("aid:project_create"), reverse("aid:line_edit", args=[line.pk])]
    coordinator_page = client_for(coordinator).get(reverse("aid:budgets")).content.decode()
    social_page = client_for(social).get(reverse("aid:budgets")).content.decode()
    for link in links:
        assert link in coordinator_page
        assert link not in social_page


def test_a_charged_line_stays_in_its_project_under_its_code(
    coordinator, office, food, project, line
):
    other = editing.project_create(by=coordinator, donor=project.donor, code="iom-2027",
                                   name="Помощь 2027", starts=date(2027, 1, 1),
                                   ends=date(2027, 12, 31))  # fmt: skip
    editing.line_update(line=line, by=coordinator, code="relief-food")
    services.receive(office=office, kind=food, quantity=1, by=coordinator, budget_line=line)
    for name, value in (("project", other), ("code", "relief-2")):
        with pytest.raises(ValidationError) as refused:
            editing.line_update(line=line, by=coordinator, **{name: value})
        assert list(refused.value.message_dict) == [name]
    stored = BudgetLine.objects.get(pk=line.pk)
    assert (stored.project, stored.code) == (project, "relief-food")
