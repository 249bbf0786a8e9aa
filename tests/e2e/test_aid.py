"""Humanitarian aid in a real browser: a distribution day at the Astana office (a food
package handed out with one key, a second one refused by the monthly rule with the date
of the next, given anyway by the coordinator's override), and a ticket home for the
undocumented Uzbek client through the approval chain, with the receipt's PDF read back."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import Office, User
from komek.aid import services
from komek.aid.models import (
    AidKind,
    ApprovalBand,
    BudgetLine,
    Distribution,
    Donor,
    EntitlementRule,
    Project,
    Status,
)
from komek.conftest import needs_pdf_tools, pdf_text  # noqa: F401 - a fixture
from komek.core.tests import files
from komek.people import demo as people_demo
from komek.people.models import Person
from komek.people.services import person_assign
from tests.e2e.conftest import open_page, sign_in, sign_out

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_pdf_tools"),
]


@pytest.fixture
def aid():
    accounts_demo.seed()
    people_demo.seed()
    astana = Office.objects.get(code="astana")
    coordinator = User.objects.get(username="coordinator")
    client = Person.objects.get(ref="AST-0001")
    # The social worker's caseload: the client is theirs.
    person_assign(person=client, staff=User.objects.get(username="social"), assigned_by=None)
    food = AidKind.objects.create(
        code="food", name="Продуктовый набор", name_kk="Азық-түлік жиынтығы",
        name_en="Food package", unit="package", unit_value=Decimal("15000"),
    )  # fmt: skip
    ticket = AidKind.objects.create(
        code="ticket-bus", name="Билет домой (автобус)", name_kk="Үйге билет (автобус)",
        name_en="Ticket home (bus)", unit="ticket", unit_value=Decimal("40000"),
        stocked=False, needs_approval=True,
    )  # fmt: skip
    donor = Donor.objects.create(code="iom", name="МОМ", name_kk="ХКҰ", name_en="IOM")
    project = Project.objects.create(
        donor=donor,
        code="iom-2026",
        name="Помощь мигрантам в трудной ситуации",
        starts=timezone.localdate() - timedelta(days=100),
        ends=timezone.localdate() + timedelta(days=300),
    )
    line = BudgetLine.objects.create(
        project=project, code="relief", name="Продукты и билеты", amount=Decimal("1000000")
    )
    line.kinds.set([food, ticket])
    EntitlementRule.objects.create(
        max_quantity=1, period_days=30, source="Положение о помощи, п. 4"
    ).kinds.set([food])
    ApprovalBand.objects.create(up_to=Decimal("20000"), approvers=0)
    ApprovalBand.objects.create(up_to=None, approvers=1)
    services.receive(office=astana, kind=food, quantity=10, by=coordinator, budget_line=line)
    return client


def find(page, reference: str) -> None:
    page.locator("#id_q").fill(reference)
    page.locator("#id_q").press("Enter")


def test_a_distribution_day_a_refusal_an_override_and_a_ticket_home_through_approval(
    live_server, page, aid
):
    client = aid
    next_possible = formats.date_format(
        timezone.localdate() + timedelta(days=30), "SHORT_DATE_FORMAT"
    )

    # The social worker sets up the day once, then finds the client by the number.
    sign_in(page, live_server.url, "social", demo_password("social"))
    open_page(page, "Работа", "День раздачи")
    page.locator("#id_kind").select_option(label="Продуктовый набор")
    page.get_by_role("button", name="Начать раздачу").click()
    expect(page.locator("#day-setup")).to_contain_text("Продуктовый набор × 1")
    expect(page.locator("#id_q")).to_be_focused()
    find(page, "AST-0001")
    expect(page.locator("#outcome")).to_contain_text("Положено.")
    # One key records it, and the reference field waits for the next person.
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Выдано: Хусанов Шерзод Бахтиёрович")
    expect(page.locator("#id_q")).to_be_focused()
    assert Distribution.objects.filter(person=client, status=Status.HANDED_OVER).count() == 1

    # A second package the same month is refused, with the rule and the next date.
    find(page, "AST-0001")
    outcome = page.locator("#outcome")
    expect(outcome).to_contain_text("Отказ (правило выдачи)")
    expect(outcome).to_contain_text("Положение о помощи, п. 4")
    expect(outcome).to_contain_text(f"Следующая выдача возможна: {next_possible}")
    expect(page.get_by_role("button", name="Выдать")).to_have_count(0)

    # The ticket home is requested from the client's record.
    page.goto(f"{live_server.url}/people/{client.pk}/")
    page.get_by_role("link", name="Запросить дорогостоящую помощь").click()
    page.locator("#id_kind").select_option(label="Билет домой (автобус)")
    page.locator("#id_budget_line").select_option(index=1)
    page.get_by_role("button", name="Отправить на согласование").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "requested")
    ticket = Distribution.objects.get(status=Status.REQUESTED)
    sign_out(page)

    # The coordinator overrides the refusal with a reason.
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    open_page(page, "Работа", "День раздачи")
    page.locator("#id_kind").select_option(label="Продуктовый набор")
    page.get_by_role("button", name="Начать раздачу").click()
    find(page, "AST-0001")
    expect(page.locator("#outcome")).to_contain_text("Отказ (правило выдачи)")
    page.locator("#id_override_reason").fill("Семья с ребёнком без еды")
    page.locator("#id_override_reason").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Выдано: Хусанов Шерзод Бахтиёрович")
    overridden = Distribution.objects.exclude(override_reason="").get()
    assert overridden.override_reason == "Семья с ребёнком без еды"

    # The ticket goes through the approval chain: approved, bought, handed over.
    open_page(page, "Работа", "Помощь на согласование")
    row = page.locator("tr", has_text="Хусанов Шерзод")
    expect(row).to_contain_text("Билет домой (автобус) × 1")
    row.get_by_role("button", name="Одобрить").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "approved")
    page.locator("#id_document").set_input_files(
        {"name": "билет.pdf", "mimeType": "application/pdf", "buffer": files.pdf("ticket")}
    )
    page.locator("#id_amount").fill("38000")
    page.get_by_role("button", name="Записать покупку").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "purchased")
    page.get_by_role("button", name="Вручить").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "handed_over")
    ticket.refresh_from_db()
    assert ticket.status == Status.HANDED_OVER
    assert ticket.purchases.get().amount == Decimal("38000")

    # The receipt names the client as written, the ticket, the project and the signature.
    with page.expect_download() as download:
        page.get_by_role("link", name="Расписка (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path())).split())
    assert "Хусанов Шерзод Бахтиёрович (XUSANOV SHERZOD)" in text
    assert "Билет домой (автобус)" in text
    assert "iom-2026" in text
    assert "Подпись получателя" in text
    page.get_by_role("button", name="Человек расписался в получении").click()
    expect(page.locator("#acknowledged")).not_to_have_text("—")

    # The client's record shows all three; the stock shows the two packages gone.
    page.goto(f"{live_server.url}/people/{client.pk}/")
    panel = page.locator("#person-aid")
    expect(panel.locator("li", has_text="Продуктовый набор × 1")).to_have_count(2)
    expect(panel.locator("li", has_text="Билет домой (автобус) × 1")).to_have_count(1)
    expect(panel.get_by_text("исключение")).to_have_count(1)
    open_page(page, "Работа", "Склад помощи")
    level = page.locator("#stock-levels tr", has_text="Продуктовый набор").locator("td").last
    expect(level).to_have_text(re.compile(r"^8\b"))
