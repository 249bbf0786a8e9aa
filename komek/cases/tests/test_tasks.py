"""Tasks, reminders and referral follow-ups, run by the real database task worker."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from komek.cases import referrals, selectors, services
from komek.cases.evidence import partner_response_times
from komek.cases.models import ReferralStatus, Task
from komek.cases.tests.conftest import send
from komek.core.roles import Role
from komek.core.tests.worker import run_worker
from komek.notifications.models import Notification

ALMATY = ZoneInfo("Asia/Almaty")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY)


@pytest.fixture
def due_day() -> date:
    return date(2026, 3, 10)


@pytest.fixture
def todo(case, lawyer, due_day):
    with time_machine.travel(at(due_day - timedelta(days=5)), tick=False):
        return services.task_add(
            case=case, created_by=lawyer, title="Позвонить клиенту", assignee=lawyer, due_on=due_day
        )


@pytest.mark.django_db(transaction=True)
def test_a_task_reminds_its_assignee_on_the_morning_it_is_due_and_only_once(todo, lawyer, due_day):
    with time_machine.travel(at(due_day - timedelta(days=1)), tick=False):
        run_worker()
    assert not Notification.objects.exists()
    with time_machine.travel(at(due_day), tick=False):
        run_worker()
        call_command("send_reminders", stdout=StringIO())
        run_worker()
    notification = Notification.objects.get()
    assert notification.user == lawyer
    assert "Позвонить клиенту" in notification.text
    assert notification.url == reverse("cases:detail", args=[todo.case_id])
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_task_done_before_its_day_sends_no_reminder(todo, lawyer, due_day):
    services.task_done(case_task=todo, done_by=lawyer)
    with time_machine.travel(at(due_day), tick=False):
        run_worker()
    assert not Notification.objects.exists()
    assert todo.case.events.filter(kind="task", data__done=True).exists()


@pytest.mark.django_db(transaction=True)
def test_no_answer_by_the_expected_date_gives_the_sender_a_follow_up_task(
    case, lawyer, embassy, consented
):
    with time_machine.travel(at(date(2026, 2, 1)), tick=False):
        referral = send(case, lawyer, embassy, sent_on=date(2026, 2, 1), expected_days=14)
    assert referral.expected_by == date(2026, 2, 15)
    with time_machine.travel(at(date(2026, 2, 15)), tick=False):
        run_worker()
    assert not Task.objects.exists()
    with time_machine.travel(at(date(2026, 2, 16)), tick=False):
        run_worker()
        run_worker()
    follow_up = Task.objects.get()
    assert follow_up.referral == referral
    assert follow_up.assignee == lawyer
    assert follow_up.due_on == date(2026, 2, 16)
    assert "Посольство Республики Узбекистан" in follow_up.title
    assert Notification.objects.filter(user=lawyer).count() == 1
    with time_machine.travel(at(date(2026, 3, 20)), tick=False):
        referrals.referral_answer(
            referral=referral,
            recorded_by=lawyer,
            answered_on=date(2026, 3, 20),
            answer="Свидетельство готово",
            outcome="done",
        )
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


@pytest.mark.django_db(transaction=True)
def test_an_answer_in_time_means_no_follow_up(case, lawyer, embassy, consented):
    with time_machine.travel(at(date(2026, 2, 1)), tick=False):
        referral = send(case, lawyer, embassy, request="consular", sent_on=date(2026, 2, 1))
    with time_machine.travel(at(date(2026, 2, 5)), tick=False):
        referrals.referral_answer(
            referral=referral,
            recorded_by=lawyer,
            answered_on=date(2026, 2, 5),
            answer="Принято",
            outcome="done",
        )
    with time_machine.travel(at(date(2026, 3, 1)), tick=False):
        run_worker()
    assert not Task.objects.exists()


def test_a_referral_is_prepared_sent_answered_and_counts_only_once_sent(
    case, lawyer, embassy, consented
):
    referral = send(case, lawyer, embassy, sent_on=None)
    assert referral.status == ReferralStatus.PREPARED
    assert referral.expected_by is None
    assert partner_response_times() == []
    with pytest.raises(ValidationError, match="готовится"):
        referrals.referral_answer(
            referral=referral,
            recorded_by=lawyer,
            answered_on=date(2026, 2, 1),
            answer="x",
            outcome="done",
        )
    referral = referrals.referral_mark_sent(
        referral=referral, sent_by=lawyer, sent_on=date(2026, 1, 20)
    )
    assert referral.status == ReferralStatus.SENT
    assert referral.expected_by == date(2026, 2, 3)
    assert [row.sent for row in partner_response_times()] == [1]
    with pytest.raises(ValidationError):
        referrals.referral_mark_sent(referral=referral, sent_by=lawyer, sent_on=date(2026, 1, 21))


def test_a_withdrawn_referral_leaves_the_evidence_and_needs_a_reason(
    case, lawyer, embassy, consented
):
    referral = send(case, lawyer, embassy, request="consular", sent_on=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        referrals.referral_withdraw(referral=referral, withdrawn_by=lawyer, reason=" ")
    referrals.referral_withdraw(referral=referral, withdrawn_by=lawyer, reason="Клиент уехал")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    assert partner_response_times() == []
    assert referrals.referral_follow_up(referral) is None


def test_a_task_is_added_from_the_timeline_without_leaving_the_page(client_for, case, lawyer):
    url = reverse("cases:task_add", args=[case.pk])
    response = client_for(lawyer).post(
        url,
        {
            "task-title": "Запросить справку",
            "task-assignee": lawyer.pk,
            "task-due_on": "2026-12-01",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="timeline"' in body and "<html" not in body
    assert "Запросить справку" in body
    assert Task.objects.get().assignee == lawyer


def test_a_task_without_a_date_is_refused_and_nothing_is_saved(client_for, case, lawyer):
    response = client_for(lawyer).post(
        reverse("cases:task_add", args=[case.pk]),
        {"task-title": "Запросить справку", "task-assignee": lawyer.pk, "task-due_on": "завтра"},
        headers={"HX-Request": "true"},
    )
    assert "Введите правильную дату" in response.content.decode()
    assert not Task.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_task_cannot_go_to_someone_of_another_office(case, lawyer, make_staff, other_office):
    outsider = make_staff(Role.LAWYER, office=other_office)
    with pytest.raises(ValidationError):
        services.task_add(
            case=case, created_by=lawyer, title="x", assignee=outsider, due_on=date(2026, 5, 1)
        )


def test_my_tasks_and_the_overdue_list(client_for, case, lawyer, make_staff):
    coordinator = make_staff(Role.COORDINATOR)
    yesterday = date.today() - timedelta(days=1)
    services.task_add(
        case=case, created_by=lawyer, title="Просрочено", assignee=lawyer, due_on=yesterday
    )
    services.task_add(
        case=case,
        created_by=lawyer,
        title="На завтра",
        assignee=coordinator,
        due_on=date.today() + timedelta(days=1),
    )
    mine = client_for(lawyer).get(reverse("cases:tasks")).content.decode()
    assert "Просрочено" in mine and "На завтра" not in mine
    overdue = client_for(coordinator).get(reverse("cases:tasks"), {"show": "overdue"})
    assert "Просрочено" in overdue.content.decode()
    assert "На завтра" not in overdue.content.decode()
    assert [row.title for row in selectors.task_list(user=coordinator)] == ["На завтра"]


def test_an_outsider_cannot_see_or_tick_off_a_task_of_a_sensitive_case(
    client_for, case, lawyer, make_staff
):
    services.case_update(case=case, updated_by=lawyer, version=case.version, sensitive=True)
    todo = services.task_add(
        case=case, created_by=lawyer, title="Приют", assignee=lawyer, due_on=date(2026, 1, 1)
    )
    other = make_staff(Role.LAWYER)
    outsider = client_for(other)
    assert "Приют" not in outsider.get(reverse("cases:tasks"), {"show": "overdue"}).content.decode()
    response = outsider.post(reverse("cases:task_done", args=[case.pk, todo.pk]))
    assert response.status_code == 404
    todo.refresh_from_db()
    assert todo.done_at is None


def test_the_case_list_filters_overdue_cases_by_partner_and_sorts_by_priority(
    client_for, case, lawyer, embassy, consented, client_person, topic
):
    urgent = services.case_open(
        opened_by=lawyer,
        client=client_person,
        kind="social",
        category=topic,
        title="Приют",
        priority="urgent",
    )
    send(case, lawyer, embassy, sent_on=date.today() - timedelta(days=30))
    late = selectors.case_list(user=lawyer, overdue=True)
    assert list(late) == [case]
    assert list(selectors.case_list(user=lawyer, partner=embassy)) == [case]
    assert selectors.case_list(user=lawyer, sort="priority").first() == urgent
    assert list(selectors.case_list(user=lawyer, assignee=lawyer, sort="oldest")) == [case, urgent]
    page = client_for(lawyer).get(reverse("cases:list"), {"overdue": "on"}).content.decode()
    assert "Паспорт" in page and "Приют" not in page


def test_a_huge_list_says_there_are_more_instead_of_counting_them_all(
    client_for, case, lawyer, client_person, topic, monkeypatch
):
    from komek.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    services.case_open(
        opened_by=lawyer, client=client_person, kind="social", category=topic, title="Приют"
    )
    page = client_for(lawyer).get(reverse("cases:list")).content.decode()
    assert "Больше 1 дел" in page
    assert "Приют" in page and "Паспорт" in page


def test_a_later_page_reads_its_cases_by_their_keys_in_the_lists_order(
    case, lawyer, client_person, topic
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komek.core.pagination import CappedPaginator

    for title in ("Первое", "Второе", "Третье", "Четвёртое"):
        services.case_open(
            opened_by=lawyer, client=client_person, kind="social", category=topic, title=title
        )
    listed = selectors.case_list(user=lawyer)
    newest_first = [found.title for found in listed]
    with CaptureQueriesContext(connection) as queries:
        page = CappedPaginator(listed, 2).page(2)
        titles = [shown.title for shown in page]
    assert titles == newest_first[2:4]
    assert page.has_next() and page.paginator.count == 5
    # Only the query of the keys skips rows; the rows shown are read by their keys.
    offsets = [query["sql"] for query in queries.captured_queries if "OFFSET" in query["sql"]]
    assert len(offsets) == 1 and "people_person" not in offsets[0]


def test_sorting_by_priority_follows_a_changed_priority(case, lawyer):
    services.case_update(case=case, updated_by=lawyer, version=case.version, priority="urgent")
    case.refresh_from_db()
    assert case.priority_rank == 3


def test_a_long_timeline_shows_the_latest_entries_and_the_rest_on_request(
    client_for, case, lawyer, monkeypatch
):
    monkeypatch.setattr(selectors, "TIMELINE_LATEST", 3)
    for index in range(5):
        services.case_note(case=case, author=lawyer, text=f"Заметка {index}")
    url = reverse("cases:detail", args=[case.pk])
    page = client_for(lawyer).get(url).content.decode()
    assert "Заметка 2" in page and "Заметка 4" in page and "Заметка 1" not in page
    assert "Показать 3 более ранние записи" in page
    everything = client_for(lawyer).get(url, {"timeline": "all"}).content.decode()
    assert all(f"Заметка {index}" in everything for index in range(5))
    assert everything.index("Заметка 0") < everything.index("Заметка 4")


@pytest.mark.django_db(transaction=True)
def test_an_xlsx_export_is_written_in_the_background_and_only_its_requester_gets_it(
    client_for, case, make_staff
):
    import io

    from openpyxl import load_workbook

    from komek.audit.models import Action, AuditEntry
    from komek.cases.models import CaseExport

    case.title = "=HYPERLINK(1)"
    case.save()
    coordinator = make_staff(Role.COORDINATOR)
    client = client_for(coordinator)
    response = client.get(reverse("cases:export", args=["xlsx"]), {"status": "new"})
    export = CaseExport.objects.get()
    assert response["Location"] == reverse("cases:export_status", args=[export.pk])
    assert (export.status, export.progress_total, export.filters) == ("queued", 1, "status=new")
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page and "0 из 1" in page
    assert client.get(reverse("cases:export_download", args=[export.pk])).status_code == 404

    run_worker()
    export.refresh_from_db()
    assert (export.status, export.progress_done) == ("done", 1)
    page = client.get(reverse("cases:export_status", args=[export.pk])).content.decode()
    assert "every 2s" not in page and "Скачать XLSX" in page
    download = client.get(reverse("cases:export_download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Название", "'=HYPERLINK(1)"]
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=coordinator).count() == 2

    other = make_staff(Role.COORDINATOR)
    assert (
        client_for(other).get(reverse("cases:export_download", args=[export.pk])).status_code == 404
    )
    assert (
        client_for(other).get(reverse("cases:export_status", args=[export.pk])).status_code == 404
    )
