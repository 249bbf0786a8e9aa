"""The DPO's question in a real browser: an operator opens a person and their case; the
data protection officer opens the same person, asks who saw the record this month, finds
the operator's reads with their Almaty time and address, and downloads them as XLSX."""

import pytest
from django.utils import formats, timezone, translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import User
from komek.audit.models import Action, AuditEntry
from komek.cases.services import case_open
from komek.hotline.services import topic_create
from komek.people.services import person_create
from tests.e2e.conftest import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case():
    accounts_demo.seed()
    lawyer = User.objects.get(username="lawyer")
    person = person_create(
        created_by=lawyer,
        office=lawyer.office,
        ref="KM-0042",
        surname="Хусанов",
        given_name="Шерзод",
        phones=["+998901234567"],
    )
    topic = topic_create(created_by=None, code="documents", name_ru="Документы")
    return case_open(
        opened_by=lawyer, client=person, kind="legal", category=topic, title="Паспорт утерян"
    )


def open_person(page, name: str) -> None:
    page.locator("nav").get_by_role("link", name="Люди").click()
    page.locator("#id_q").fill(name)
    page.locator("#results").get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_contain_text(name)


def test_the_dpo_finds_who_saw_a_person_this_month_and_downloads_it(
    live_server, page, case, tmp_path
):
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    open_person(page, "Хусанов Шерзод")
    page.get_by_role("link", name="Паспорт утерян").click()
    expect(page.locator("h1")).to_contain_text("Паспорт утерян")
    sign_out(page)

    sign_in(page, live_server.url, "dpo", demo_password("dpo"))
    open_person(page, "Хусанов Шерзод")
    page.get_by_role("link", name="Кто видел эту запись").click()
    expect(page.locator("h1")).to_have_text("Кто просматривал или изменял данные этого человека")
    page.get_by_role("link", name="Этот месяц").click()
    today = timezone.localdate()
    expect(page.locator("#id_date_from")).to_have_value(today.replace(day=1).isoformat())

    case_read = AuditEntry.objects.get(
        actor__username="operator",
        action=Action.VIEW,
        object_type="cases.Case",
        object_id=str(case.pk),
    )
    with translation.override("ru"):
        when = formats.date_format(timezone.localtime(case_read.at), "SHORT_DATETIME_FORMAT")
    row = page.locator("tr.audit-entry", has_text="Паспорт утерян").filter(has_text="operator")
    expect(row.first).to_contain_text(when)
    expect(row.first).to_contain_text(case_read.ip)
    person_read = page.locator("tr.audit-entry", has_text="operator").filter(
        has_text="Хусанов Шерзод"
    )
    expect(person_read.first).to_be_visible()

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Скачать XLSX").click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert any(row[1] == "operator" and "Паспорт утерян" in (row[5] or "") for row in rows[1:])
    assert AuditEntry.objects.filter(
        actor__username="dpo",
        action=Action.EXPORT,
        object_type="people.Person",
        object_id=str(case.client_id),
    ).exists()
