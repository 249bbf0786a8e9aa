"""The case pages that show a whole record, or a list of cases, are audited as reads."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.cases import services
from komek.core.roles import Role


def test_opening_a_cases_edit_page_is_audited_as_a_read(client_for, case, lawyer):
    response = client_for(lawyer).get(reverse("cases:edit", args=[case.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(actor=lawyer, action=Action.VIEW)
    assert (entry.object_type, entry.object_id) == ("cases.Case", str(case.pk))


def test_the_overdue_task_list_is_audited_as_a_read(client_for, make_staff, case, lawyer):
    services.task_add(
        case=case,
        created_by=lawyer,
        title="Запрос в посольство",
        due_on=timezone.localdate() - timedelta(days=2),
        assignee=lawyer,
    )
    coordinator = make_staff(Role.COORDINATOR)
    response = client_for(coordinator).get(reverse("cases:tasks"), {"show": "overdue"})
    assert "Запрос в посольство" in response.content.decode()
    entry = AuditEntry.objects.get(actor=coordinator, action=Action.VIEW)
    assert entry.detail == "task list: overdue"
