import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from komek.audit.models import Action, AuditEntry
from komek.cases import services, workflow
from komek.cases.models import Case, CaseEvent, Status
from komek.cases.tests.conftest import send
from komek.core.roles import Role
from komek.core.tests import files
from komek.hotline.services import contact_log
from komek.people.services import person_assign


def test_a_lawyer_opening_a_case_is_assigned_to_it_and_to_the_client(case, lawyer, client_person):
    assert list(case.assigned_to.all()) == [lawyer]
    assert client_person.assigned_to.filter(pk=lawyer.pk).exists()
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="cases.Case").exists()
    assert case.events.get().kind == "opened"


def test_a_hotline_contact_becomes_a_case_in_one_click(
    client_for, make_staff, client_person, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    contact = contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=client_person,
        topics=[topic],
        channel="call",
        outcome="lawyer",
        question="Потерял паспорт, нужен свидетельство на возвращение",
    )
    client = client_for(operator)
    page = client.get(reverse("cases:open", args=[client_person.pk]), {"contact": contact.pk})
    assert "Потерял паспорт" in page.content.decode()
    response = client.post(
        reverse("cases:open", args=[client_person.pk]) + f"?contact={contact.pk}",
        {
            "title": "Свидетельство на возвращение",
            "kind": "legal",
            "category": topic.pk,
            "priority": "high",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.opened_from == contact


def test_a_contact_of_another_office_does_not_fill_a_case_draft(
    client_for, make_staff, client_person, other_office, topic
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    contact = contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=client_person,
        topics=[topic],
        channel="call",
        outcome="lawyer",
        question="Работодатель бьёт, прячусь у сестры",
    )
    lawyer = make_staff(Role.LAWYER, office=other_office)
    person_assign(person=client_person, staff=lawyer, assigned_by=operator)
    page = client_for(lawyer).get(
        reverse("cases:open", args=[client_person.pk]), {"contact": contact.pk}
    )
    assert page.status_code == 200
    assert "прячусь" not in page.content.decode()


def test_an_assigned_lawyer_moves_the_case_and_closing_needs_an_outcome(case, lawyer):
    case = services.case_move(case=case, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
    with pytest.raises(ValidationError):
        services.case_move(case=case, moved_by=lawyer, to=Status.RESOLVED, assigned=True)
    with pytest.raises(ValidationError):
        services.case_move(
            case=case, moved_by=lawyer, to=Status.RESOLVED, assigned=True, outcome="wages"
        )
    case = services.case_move(
        case=case,
        moved_by=lawyer,
        to=Status.RESOLVED,
        assigned=True,
        outcome="wages",
        amount_recovered=Decimal("350000"),
    )
    assert (case.status, case.amount_recovered) == (Status.RESOLVED, Decimal("350000"))
    assert case.closed_at is not None
    assert CaseEvent.objects.filter(case=case, kind="status").count() == 2


def test_only_a_coordinator_reopens_a_closed_case(case, lawyer, make_staff):
    services.case_move(
        case=case, moved_by=lawyer, to=Status.UNRESOLVED, assigned=True, outcome="lost_contact"
    )
    case.refresh_from_db()
    with pytest.raises(workflow.TransitionRefused):
        services.case_move(case=case, moved_by=lawyer, to=Status.IN_PROGRESS, assigned=True)
    coordinator = make_staff(Role.COORDINATOR)
    case = services.case_move(
        case=case, moved_by=coordinator, to=Status.IN_PROGRESS, assigned=False
    )
    assert case.status == Status.IN_PROGRESS
    assert case.closed_at is None


def test_an_unassigned_lawyer_or_an_operator_cannot_move_a_case(case, make_staff):
    for user in (make_staff(Role.LAWYER), make_staff(Role.HOTLINE_OPERATOR)):
        with pytest.raises(workflow.TransitionRefused):
            services.case_move(case=case, moved_by=user, to=Status.IN_PROGRESS, assigned=False)


def test_a_lawyer_cannot_open_another_lawyers_sensitive_case_by_guessing_its_url(
    client_for, make_staff, case
):
    case.sensitive = True
    case.save()
    other = make_staff(Role.LAWYER)
    for name in ("cases:detail", "cases:edit"):
        assert client_for(other).get(reverse(name, args=[case.pk])).status_code == 404
    assert "Паспорт" not in client_for(other).get(reverse("cases:list")).content.decode()
    assert (
        client_for(make_staff(Role.COORDINATOR))
        .get(reverse("cases:detail", args=[case.pk]))
        .status_code
        == 200
    )


def test_a_case_of_another_office_is_not_found(client_for, make_staff, case, other_office):
    almaty = make_staff(Role.LAWYER, office=other_office)
    assert client_for(almaty).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_lost(
    client_for, case, lawyer, make_staff
):
    coordinator = make_staff(Role.COORDINATOR)
    form = {
        "title": "Паспорт",
        "kind": "legal",
        "category": case.category_id,
        "priority": "normal",
        "version": case.version,
    }
    client_for(lawyer).post(
        reverse("cases:edit", args=[case.pk]), {**form, "description": "Первая правка"}
    )
    response = client_for(coordinator).post(
        reverse("cases:edit", args=[case.pk]), {**form, "description": "Вторая правка"}
    )
    case.refresh_from_db()
    assert case.description == "Первая правка"
    html = response.content.decode()
    assert response.status_code == 200
    assert "Первая правка" in html and "Вторая правка" in html
    with pytest.raises(services.StaleEdit):
        services.case_update(case=case, updated_by=coordinator, version=1, description="x")


def test_a_note_is_added_from_the_timeline_without_leaving_the_page(client_for, case, lawyer):
    response = client_for(lawyer).post(
        reverse("cases:note", args=[case.pk]),
        {"note-text": "Звонил в посольство"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="timeline">')
    assert "Звонил в посольство" in html


def test_the_list_filters_my_open_cases_by_citizenship(client_for, case, lawyer, make_staff):
    html = (
        client_for(lawyer)
        .get(reverse("cases:list"), {"mine": "on", "open_only": "on", "citizenship": "uz"})
        .content.decode()
    )
    assert "Паспорт" in html
    html = client_for(lawyer).get(reverse("cases:list"), {"citizenship": "KG"}).content.decode()
    assert "Паспорт" not in html


def test_the_list_reads_the_same_queries_for_one_case_or_many(
    client_for, case, lawyer, client_person, topic
):
    """A page reads only the columns its rows show: a column it forgot would be read
    again for every row, one query each."""
    client = client_for(lawyer)
    client.get(reverse("cases:list"))
    with CaptureQueriesContext(connection) as one:
        html = client.get(reverse("cases:list")).content.decode()
    assert "Паспорт" in html and client_person.full_name in html and str(lawyer) in html
    for number in range(5):
        services.case_open(
            opened_by=lawyer, client=client_person, kind="legal", category=topic, title=f"№{number}"
        )
    with CaptureQueriesContext(connection) as six:
        html = client.get(reverse("cases:list")).content.decode()
    assert "№4" in html and topic.label in html
    assert len(six) == len(one)


def test_opening_a_case_page_is_audited_and_the_person_page_lists_it(
    client_for, case, lawyer, client_person
):
    client = client_for(lawyer)
    client.get(reverse("cases:detail", args=[case.pk]))
    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_type="cases.Case", actor=lawyer
    ).exists()
    assert (
        "Паспорт" in client.get(reverse("people:detail", args=[client_person.pk])).content.decode()
    )


def test_demo_cases_are_created_once(office, make_staff):
    from komek.accounts import demo as accounts_demo
    from komek.cases import demo
    from komek.hotline import demo as hotline_demo
    from komek.partners import demo as partners_demo
    from komek.people import demo as people_demo

    accounts_demo.seed()
    partners_demo.seed()
    people_demo.seed()
    hotline_demo.seed()
    assert demo.seed() == demo.seed() == Case.objects.count() == 6
    assert Case.objects.filter(sensitive=True).count() == 1


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_scan_is_attached_and_its_download_is_audited(client_for, case, lawyer):
    client = client_for(lawyer)
    client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"file": upload("паспорт.pdf", files.pdf("police certificate"))},
    )
    document = case.documents.get()
    assert document.original_name == "паспорт.pdf"
    assert document.file.name.endswith(".pdf") and "паспорт" not in document.file.name
    response = client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=lawyer).exists()


@pytest.mark.parametrize(
    "name,content",
    [("virus.pdf", b"MZ\x90\x00 not a pdf"), ("page.html", b"<script>alert(1)</script>")],
)
def test_a_file_that_is_not_a_document_is_refused(client_for, case, lawyer, name, content):
    client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]), {"file": upload(name, content)}
    )
    assert case.documents.count() == 0


ZERO_BOMB = files.docx({"word/media/zeros.bin": b"\0" * (50 * 1024 * 1024)})


@pytest.mark.parametrize(
    "name,content",
    [
        ("fake.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        ("fake.pdf", files.pdf()[:-40] + b"<script>alert(1)</script>" + files.pdf()[-40:]),
        ("page.docx", files.docx({"word/page.html": b"<html><script>x</script></html>"})),
        (
            "zip.docx",
            files.docx(without="word/document.xml"),
        ),
        ("bomb.docx", ZERO_BOMB),
        ("broken.png", files.image("PNG")[:40]),
        ("broken.jpg", files.image("JPEG")[:-200]),
    ],
    ids=[
        "html-after-header",
        "script-inside",
        "html-in-docx",
        "not-word",
        "zero-bomb",
        "png",
        "jpg",
    ],
)
def test_a_file_that_only_starts_like_a_document_is_refused(
    client_for, case, lawyer, name, content
):
    response = client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]),
        {"file": upload(name, content)},
        follow=True,
    )
    assert "не является" in response.content.decode() or "не" in response.content.decode()
    assert case.documents.count() == 0


@pytest.mark.parametrize(
    "name,content",
    [
        ("scan.docx", files.docx()),
        ("photo.png", files.image("PNG")),
        ("photo.jpg", files.image("JPEG")),
    ],
)
def test_a_real_document_photo_or_scan_is_attached(client_for, case, lawyer, name, content):
    client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]), {"file": upload(name, content)}
    )
    assert case.documents.get().original_name == name


def test_a_file_past_the_upload_limit_is_refused_while_it_is_received(
    client_for, case, lawyer, settings
):
    settings.UPLOAD_MAX_MB = 1
    response = client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]),
        {"file": upload("big.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))},
    )
    assert response.status_code == 413
    assert response.context["limit"] == 1
    assert case.documents.count() == 0


def test_a_file_over_the_limit_is_refused(client_for, case, lawyer, settings):
    settings.CASE_DOCUMENT_MAX_MB = 0
    client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]), {"file": upload("big.pdf", files.pdf())}
    )
    assert case.documents.count() == 0


def test_an_outsider_cannot_download_a_sensitive_cases_document(
    client_for, case, lawyer, make_staff
):
    client_for(lawyer).post(
        reverse("cases:document_upload", args=[case.pk]), {"file": upload("a.pdf", files.pdf())}
    )
    case.sensitive = True
    case.save()
    document = case.documents.get()
    other = make_staff(Role.LAWYER)
    url = reverse("cases:document_download", args=[case.pk, document.pk])
    assert client_for(other).get(url).status_code == 404


def test_sharing_without_consent_is_refused_to_a_lawyer(case, lawyer, embassy):
    with pytest.raises(ValidationError, match="согласия"):
        send(case, lawyer, embassy)


def test_a_coordinator_shares_without_consent_only_with_a_reason_and_it_is_audited(
    case, embassy, make_staff
):
    coordinator = make_staff(Role.COORDINATOR)
    with pytest.raises(ValidationError):
        send(case, coordinator, embassy)
    send(case, coordinator, embassy, without_consent_reason="detained, cannot sign")
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="people.Person")
    assert "without consent: detained, cannot sign" in entry.detail


def test_with_consent_a_lawyer_refers_and_records_the_answer_weeks_later(case, lawyer, embassy):
    from datetime import date

    from komek.cases.referrals import referral_answer
    from komek.people.services import consent_record

    with time_machine.travel(date(2026, 1, 1), tick=False):
        consent_record(
            person=case.client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2026, 1, 1),
            method="signed",
        )
    referral = send(case, lawyer, embassy)
    with pytest.raises(ValidationError):
        referral_answer(
            referral=referral,
            recorded_by=lawyer,
            answered_on=date(2026, 1, 1),
            answer="x",
            outcome="done",
        )
    referral = referral_answer(
        referral=referral,
        recorded_by=lawyer,
        answered_on=date(2026, 2, 20),
        answer="Свидетельство выдано",
        outcome="done",
    )
    assert referral.days_to_answer == 41
    assert case.events.filter(kind="referral").count() == 2


def test_response_times_show_the_slow_partner_from_data_alone(
    case, lawyer, embassy, office, capsys
):
    import json
    from datetime import date, timedelta

    from django.core.management import call_command

    from komek.cases.referrals import referral_answer
    from komek.partners.services import partner_create
    from komek.people.services import consent_record

    with time_machine.travel(date(2025, 1, 1), tick=False):
        consent_record(
            person=case.client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2025, 1, 1),
            method="signed",
        )
    fast = partner_create(
        created_by=None,
        office=office,
        name="Посольство Кыргызской Республики",
        kind="embassy",
        country="KG",
        city="Астана",
    )
    for partner, delays in ((embassy, [40, 50, None]), (fast, [3, 5, 7])):
        for index, delay in enumerate(delays):
            referral = send(case, lawyer, partner, sent_on=date(2026, 1, 1) + timedelta(days=index))
            if delay is not None:
                referral_answer(
                    referral=referral,
                    recorded_by=lawyer,
                    outcome="done",
                    answer="ok",
                    answered_on=referral.sent_on + timedelta(days=delay),
                )
    call_command("partner_response_times", "--from", "2026-01-01", "--to", "2026-06-30", "--json")
    rows = {row["country"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["UZ"]["median_days"] == 45.0
    assert rows["UZ"]["unanswered_30d_share"] == 1.0
    assert rows["KG"] == {
        "partner": "Посольство Кыргызской Республики",
        "country": "KG",
        "city": "Астана",
        "sent": 3,
        "answered": 3,
        "median_days": 5.0,
        "p90_days": 7.0,
        "unanswered_30d_share": 0.0,
    }


def test_the_response_times_page_lists_partners(client_for, make_staff):
    response = client_for(make_staff(Role.COORDINATOR)).get(reverse("cases:evidence"))
    assert response.status_code == 200


def test_the_case_list_exports_for_a_coordinator_and_the_export_is_audited(
    case, client_for, make_staff
):
    case.title = "=HYPERLINK(1)"
    case.save()
    coordinator = make_staff(Role.COORDINATOR)
    response = client_for(coordinator).get(reverse("cases:export", args=["csv"]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert "'=HYPERLINK(1)" in body.decode("utf-8")
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=coordinator).exists()


def test_a_lawyer_may_not_export_cases(client_for, lawyer):
    assert client_for(lawyer).get(reverse("cases:export", args=["csv"])).status_code == 403


def test_response_times_export_as_xlsx(client_for, make_staff):
    response = client_for(make_staff(Role.COORDINATOR)).get(reverse("cases:evidence_export"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
