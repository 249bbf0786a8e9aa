"""The case timeline: one writer of events, kinds registered by the apps that write them,
each event shown through its kind's template."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.loader import get_template
from django.urls import reverse

from komek.cases import services, timeline
from komek.cases.models import CaseEvent, Status


def templates_used(response) -> set[str]:
    return {template.name for template in response.templates}


def test_an_event_of_an_unregistered_kind_is_refused_and_nothing_is_stored(case, lawyer):
    with pytest.raises(ValidationError, match="vaccination"):
        services.case_event_add(case=case, author=lawyer, kind="vaccination", text="Привит")
    assert not CaseEvent.objects.filter(kind="vaccination").exists()


def test_every_registered_kind_has_a_label_and_a_template_that_exists():
    for kind in timeline._kinds.values():
        assert str(kind.label)
        get_template(kind.template)


def test_a_kind_cannot_be_registered_twice_with_another_template():
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        timeline.register_event_kind(
            code=timeline.NOTE, label="note", template="elsewhere/note.html"
        )


def test_the_case_page_shows_each_event_through_its_kinds_template(client_for, case, lawyer):
    services.case_move(case=case, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
    services.task_add(
        case=case,
        created_by=lawyer,
        title="Позвонить в посольство",
        assignee=lawyer,
        due_on=date(2026, 2, 1),
    )
    services.case_note(case=case, author=lawyer, text="Клиент принёс копию паспорта")
    page = client_for(lawyer).get(reverse("cases:detail", args=[case.pk]))
    content = page.content.decode()
    assert {"cases/events/status.html", "cases/events/task.html", "cases/events/text.html"} <= (
        templates_used(page)
    )
    assert "новое → <strong>в работе</strong>" in content
    assert "задача: Позвонить в посольство · erzhan, срок 2026-02-01" in content
    assert "Клиент принёс копию паспорта" in content


def test_an_event_whose_kind_is_no_longer_registered_still_shows_its_text(
    client_for, case, lawyer, monkeypatch
):
    monkeypatch.setitem(
        timeline._kinds,
        "aid",
        timeline.EventKind(code="aid", label="помощь", template="elsewhere/aid.html"),
    )
    services.case_event_add(case=case, author=lawyer, kind="aid", text="Выдан продуктовый набор")
    monkeypatch.delitem(timeline._kinds, "aid")
    page = client_for(lawyer).get(reverse("cases:detail", args=[case.pk]))
    assert "Выдан продуктовый набор" in page.content.decode()
