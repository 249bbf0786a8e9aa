"""Every URL × every role (and anonymous): the declared permission is what decides.

A new view must be listed in ``SAMPLE_KWARGS`` if its URL takes arguments, and must
declare a permission; otherwise this module fails.
"""

import uuid
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from komek.cases.documents import document_attach
from komek.cases.models import CaseExport
from komek.cases.referrals import referral_send
from komek.cases.services import case_open, task_add
from komek.conftest import make_user
from komek.core.permissions import PUBLIC, SIGNED_IN, declared_permission
from komek.core.roles import Role, role_has
from komek.hotline.services import contact_log, topic_create
from komek.letters.models import Letter, LetterTemplate
from komek.notifications.models import Notification
from komek.partners.services import partner_create
from komek.people.services import person_assign, person_create
from komek.statistics.models import (
    Dataset,
    DatasetVersion,
    Report,
    ReportTemplate,
    StagedTable,
)

EXEMPT_NAMESPACES = {"admin"}


def walk(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


ROUTES = [
    (name, pattern)
    for name, pattern in walk(get_resolver().url_patterns)
    if name.split(":")[0] not in EXEMPT_NAMESPACES
]


def sample_kwargs(name: str, objects: dict) -> dict:
    """Arguments for URLs that take them, pointing at real objects made by ``objects``."""
    samples = {
        "accounts:user_edit": {"pk": objects["user"].pk},
        "accounts:user_reset_2fa": {"pk": objects["user"].pk},
        "accounts:user_unlock": {"pk": objects["user"].pk},
        "accounts:office_edit": {"pk": objects["office"].pk},
        "partners:detail": {"pk": objects["partner"].pk},
        "partners:edit": {"pk": objects["partner"].pk},
        "hotline:contact_detail": {"pk": objects["contact"].pk},
        "hotline:link_person": {"pk": objects["contact"].pk},
        "hotline:callback_done": {"pk": objects["contact"].pk},
        "hotline:topic_edit": {"pk": objects["topic"].pk},
        "cases:open": {"person_pk": objects["person"].pk},
        "cases:detail": {"pk": objects["case"].pk},
        "cases:edit": {"pk": objects["case"].pk},
        "cases:note": {"pk": objects["case"].pk},
        "cases:move": {"pk": objects["case"].pk},
        "cases:document_upload": {"pk": objects["case"].pk},
        "cases:export": {"fmt": "csv"},
        "cases:referral_send": {"pk": objects["case"].pk},
        "cases:referral_answer": {"pk": objects["case"].pk, "referral_pk": objects["referral"].pk},
        "cases:task_add": {"pk": objects["case"].pk},
        "cases:export_status": {"pk": objects["export"].pk},
        "cases:export_download": {"pk": objects["export"].pk},
        "cases:task_done": {"pk": objects["case"].pk, "task_pk": objects["task"].pk},
        "cases:referral_sent": {"pk": objects["case"].pk, "referral_pk": objects["referral"].pk},
        "cases:referral_withdraw": {
            "pk": objects["case"].pk,
            "referral_pk": objects["referral"].pk,
        },
        "letters:template_edit": {"pk": objects["letter_template"].pk},
        "letters:letterhead": {"office_pk": objects["office"].pk},
        "letters:write": {"case_pk": objects["case"].pk},
        "letters:download": {"pk": objects["letter"].pk, "fmt": "pdf"},
        "notifications:open": {"pk": objects["notification"].pk},
        "cases:document_download": {
            "pk": objects["case"].pk,
            "document_pk": objects["document"].pk,
        },
        "people:detail": {"pk": objects["person"].pk},
        "people:edit": {"pk": objects["person"].pk},
        "people:document_add": {"pk": objects["person"].pk},
        "people:consent_add": {"pk": objects["person"].pk},
        "people:family_add": {"pk": objects["person"].pk},
        "statistics:dataset": {"code": objects["dataset"].code},
        "statistics:preview": {"pk": objects["staged"].pk},
        "statistics:discard": {"pk": objects["staged"].pk},
        "statistics:report": {"pk": objects["report"].pk},
        "statistics:report_download": {"pk": objects["report"].pk, "kind": "pdf"},
        "statistics:template_edit": {"pk": objects["report"].template_id},
    }
    return samples[name]


@pytest.fixture
def objects(office):
    target = make_user("target", Role.HOTLINE_OPERATOR, office)
    person = person_create(created_by=None, office=office, surname="Хусанов", given_name="Шерзод")
    partner = partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Таджикистан",
        kind="embassy",
        country="TJ",
        city="Астана",
    )
    topic = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    contact = contact_log(
        operator=target,
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_phone="+77012345678",
    )
    coordinator = make_user("case-opener", Role.COORDINATOR, office)
    case = case_open(
        opened_by=coordinator, client=person, kind="legal", category=topic, title="Паспорт"
    )
    document = document_attach(
        case=case,
        uploaded_by=coordinator,
        upload=SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
    )
    referral = referral_send(
        case=case,
        sent_by=coordinator,
        partner=partner,
        request="consular",
        channel="letter",
        sent_on=date(2026, 1, 10),
        without_consent_reason="urgent detention",
    )
    case_task = task_add(
        case=case,
        created_by=coordinator,
        title="Позвонить",
        assignee=coordinator,
        due_on=date.today(),
    )
    letter_template = LetterTemplate.objects.create(
        name="Запрос", language="ru", subject="О {{ person.full_name }}", body="Текст"
    )
    # Stored as generated; made here without WeasyPrint, which the letters tests exercise.
    letter = Letter(
        case=case,
        number="AST-2026/1",
        language="ru",
        addressee="Посольство",
        subject="Запрос",
        body="Текст",
        created_by=coordinator,
    )
    letter.pdf.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    letter.docx.save("letter.docx", ContentFile(b"PK\x03\x04 letter"), save=False)
    letter.save()
    notification = Notification.objects.create(user=target, key="probe", text="Проверка")
    export = CaseExport(requested_by=coordinator, status="done", progress_total=1, progress_done=1)
    export.file.save("cases.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    export.save()
    dataset = Dataset.objects.create(code="probe", title="Регистрации")
    DatasetVersion.objects.create(dataset=dataset, number=1, file_name="t.csv", sha256="0", rows=0)
    staged = StagedTable(
        original_name="t.csv", sha256="0", uploaded_by=coordinator, dataset_code="t"
    )
    table = "period_from,period_to,territory,value\n2026-01-01,2026-03-31,Астана,5\n"
    staged.file.save("t.csv", ContentFile(table.encode()))
    template = ReportTemplate.objects.create(name="МОМ", title_ru="Отчёт", title_en="Report")
    report = Report(template=template, start=date(2026, 1, 1), end=date(2026, 3, 31))
    report.requested_by, report.status = coordinator, "done"
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report.xlsx.save("report.xlsx", ContentFile(b"PK\x03\x04 xlsx"), save=False)
    report.save()
    return {
        "dataset": dataset,
        "staged": staged,
        "report": report,
        "export": export,
        "task": case_task,
        "letter_template": letter_template,
        "letter": letter,
        "notification": notification,
        "referral": referral,
        "case": case,
        "document": document,
        "user": target,
        "office": office,
        "person": person,
        "partner": partner,
        "topic": topic,
        "contact": contact,
    }


def grant(objects: dict, user) -> None:
    """Give the probe user the per-record access that its role's work would give it."""
    person_assign(person=objects["person"], staff=user, assigned_by=None)
    objects["case"].assigned_to.add(user)
    CaseExport.objects.filter(pk=objects["export"].pk).update(requested_by=user)
    StagedTable.objects.filter(pk=objects["staged"].pk).update(uploaded_by=user)
    Report.objects.filter(pk=objects["report"].pk).update(requested_by=user)


def test_every_route_declares_a_permission():
    missing = [name for name, pattern in ROUTES if declared_permission(pattern.callback) is None]
    assert missing == []


def test_every_route_is_named():
    assert [str(pattern.pattern) for name, pattern in ROUTES if not name] == []


def _url(name: str, pattern, objects) -> str:
    if pattern.pattern.converters or "<" in str(pattern.pattern):
        return reverse(name, kwargs=sample_kwargs(name, objects))
    return reverse(name)


@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_anonymous_is_sent_to_sign_in_unless_public(client, objects, name, pattern):
    permission = declared_permission(pattern.callback)
    response = client.get(_url(name, pattern, objects))
    if permission == PUBLIC:
        assert response.status_code in (200, 302, 405)
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_each_role_gets_exactly_what_its_capabilities_allow(
    client_for, office, objects, role, name, pattern
):
    permission = declared_permission(pattern.callback)
    user = make_user(f"probe-{role}", role, office)
    grant(objects, user)
    response = client_for(user).get(_url(name, pattern, objects))
    if permission in (PUBLIC, SIGNED_IN) or role_has(role, permission):
        assert response.status_code in (200, 302, 405), response.status_code
    else:
        assert response.status_code == 403


def test_a_view_without_a_declared_permission_is_refused(client_for, office, settings):
    from django.http import HttpResponse
    from django.urls import path

    def undeclared(request):
        return HttpResponse("secret")

    import komek.urls

    settings.ROOT_URLCONF = type(
        "Urls", (), {"urlpatterns": [*komek.urls.urlpatterns, path("undeclared/", undeclared)]}
    )
    user = make_user("coord", Role.COORDINATOR, office)
    assert client_for(user).get("/undeclared/").status_code == 403


def test_a_password_alone_reaches_only_the_second_factor_page(client, office):
    from komek.conftest import PASSWORD

    make_user("half", Role.COORDINATOR, office)
    client.login(username="half", password=PASSWORD)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:second_factor")
