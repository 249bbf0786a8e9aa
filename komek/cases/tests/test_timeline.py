"""The case timeline: one writer of events, kinds registered by the apps that write them,
each event shown through its kind's template."""

from datetime import date
from importlib import import_module

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.loader import get_template
from django.urls import reverse

from komek.cases import services, timeline
from komek.cases.models import CaseEvent, Status
from komek.cases.referrals import referral_answer, referral_mark_sent
from komek.cases.tests.conftest import send as send_referral
from komek.core.roles import Role
from komek.partners.services import partner_update


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
    assert "задача: Позвонить в посольство · erzhan, срок 01.02.2026" in content
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


def _timeline_of(client, case) -> str:
    content = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return content[content.index('id="timeline"') :]


def test_a_referral_on_the_timeline_reads_in_the_readers_language(
    client_for, case, lawyer, embassy, consented, make_staff
):
    partner_update(partner=embassy, updated_by=None, name_en="Embassy of Uzbekistan")
    referral = send_referral(case, lawyer, embassy, request="consular", sent_on=None)
    with time_machine.travel(date(2026, 1, 20), tick=False):
        referral_mark_sent(referral=referral, sent_by=lawyer, sent_on=date(2026, 1, 10))
        referral_answer(
            referral=referral,
            recorded_by=lawyer,
            answered_on=date(2026, 1, 20),
            answer="Свидетельство выдано",
            outcome="done",
        )
    english = make_staff(Role.COORDINATOR, username="reader-en", language="en")
    page = _timeline_of(client_for(english), case)
    assert "<strong>Embassy of Uzbekistan</strong>: consular assistance · being prepared" in page
    assert "<strong>Embassy of Uzbekistan</strong>: answered · request fulfilled" in page
    assert "Свидетельство выдано" in page
    assert "консульская" not in page
    russian = _timeline_of(client_for(lawyer), case)
    assert "<strong>Посольство Республики Узбекистан</strong>: консульская помощь" in russian


def test_an_edit_on_the_timeline_names_the_fields_and_values_in_the_readers_language(
    client_for, case, lawyer, make_staff
):
    services.case_update(case=case, updated_by=lawyer, version=case.version, kind="social")
    english = make_staff(Role.COORDINATOR, username="reader-en", language="en")
    page = _timeline_of(client_for(english), case)
    assert "Kind: <del>legal</del> → <ins>social</ins>" in page
    assert CaseEvent.objects.get(kind="edited").data == {"changes": {"kind": ["legal", "social"]}}


def test_old_referral_and_edit_events_become_codes(case, lawyer, embassy, topic, consented):
    """The data migration reads back the sentences events held before they kept codes."""
    from django.apps import apps

    migration = import_module("komek.cases.migrations.0013_timeline_events_as_codes")
    referral = send_referral(case, lawyer, embassy)
    CaseEvent.objects.filter(kind="referral").delete()
    written = [
        f"{embassy.name}: свидетельство на возвращение · отправлено, ждём ответа",
        f"{embassy.name}: request fulfilled — Выдано",
        f"{embassy.name}: что-то иное",
    ]
    for text in written:
        services.case_event_add(case=case, author=lawyer, kind="referral", text=text)
    services.case_event_add(
        case=case,
        author=lawyer,
        kind="edited",
        data={"changes": {"category": ["", "Документы"], "title": ["А", "Б"]}},
    )
    migration.forwards(apps, None)
    events = list(CaseEvent.objects.filter(kind="referral").order_by("pk"))
    assert [(event.data, event.text) for event in events] == [
        (
            {
                "referral": referral.pk,
                "partner": embassy.pk,
                "request": "return_certificate",
                "status": "sent",
            },
            "",
        ),
        (
            {
                "referral": referral.pk,
                "partner": embassy.pk,
                "outcome": "done",
                "status": "answered",
            },
            "Выдано",
        ),
        ({}, written[2]),
    ]
    edited = CaseEvent.objects.get(kind="edited")
    assert edited.data["changes"] == {"category": ["", topic.pk], "title": ["А", "Б"]}
