"""The status check in a real browser: an operator on a call from a Kyrgyz migrant opens
the check from the caller's line on the call log (in a new tab, the call form kept),
then one from an Uzbek migrant from his record; each sees obligations with their sources,
different for the two, saves the advice, and the person's page shows it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import Office
from komek.navigator import shipped
from komek.navigator.evaluation import Situation, evaluate
from komek.navigator.models import Advice, Document, Purpose
from komek.people.services import person_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def ship_rules() -> None:
    """The rules shipped by the navigator's data migration, written again when a
    transactional test before flushed them."""
    shipped.ensure()


@pytest.fixture
def callers():
    ship_rules()
    accounts_demo.seed()
    astana = Office.objects.get(code="astana")
    kyrgyz = person_create(
        created_by=None, office=astana, surname="Турганбек уулу", given_name="Нурланбек",
        citizenship="KG", phones=["+996 555 123 456"],
    )  # fmt: skip
    uzbek = person_create(
        created_by=None, office=astana, surname="Каримов", given_name="Бахтиёр",
        citizenship="UZ", phones=["+998 90 765 43 21"],
    )  # fmt: skip
    return kyrgyz, uzbek


def fill_and_check(page, entered) -> None:
    page.locator("#id_entered").fill(entered.isoformat())
    page.locator("#id_purpose").select_option(Purpose.WORK)
    for document in (Document.PASSPORT, Document.MIGRATION_CARD):
        page.locator(f"label[for=id_documents_{list(Document.values).index(document)}]").click()
    page.get_by_role("button", name="Проверить статус").click()
    expect(page.locator("#result")).to_be_visible()


def expected_sources(citizenship: str, entered) -> set[str]:
    evaluation = evaluate(
        Situation(
            citizenship=citizenship,
            entered=entered,
            on=timezone.localdate(),
            purpose=Purpose.WORK,
            documents=frozenset({Document.PASSPORT, Document.MIGRATION_CARD}),
        )
    )
    return {line.rule.source_act for line in evaluation.obligations}


def shown_sources(page) -> list[str]:
    return page.locator("#obligations [data-source]").all_inner_texts()


def test_an_operator_checks_a_kyrgyz_and_an_uzbek_callers_status_and_saves_the_advice(
    live_server, page, callers
):
    kyrgyz, uzbek = callers
    entered = timezone.localdate() - timedelta(days=40)
    sign_in(page, live_server.url, "operator", demo_password("operator"))

    # The Kyrgyz caller: found by his number on the call log, checked in a new tab.
    page.goto(f"{live_server.url}/hotline/")
    page.locator("#id_caller_phone").press_sequentially("+996555123456", delay=10)
    line = page.locator("[data-caller-advice]")
    expect(line).to_contain_text("консультаций не сохранено")
    link = line.get_by_role("link", name="Проверить статус")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    check = opened.value
    expect(check.locator("#id_citizenship")).to_have_value("KG")
    fill_and_check(check, entered)
    kyrgyz_sources = shown_sources(check)
    assert kyrgyz_sources
    for source in expected_sources("KG", entered):
        expect(check.locator("#obligations")).to_contain_text(source)
    check.locator("#id_note").fill("Объяснили, до какого дня зарегистрироваться")
    check.get_by_role("button", name="Сохранить как данную консультацию").click()
    expect(check).to_have_url(f"{live_server.url}/people/{kyrgyz.pk}/")
    panel = check.locator("#person-advice")
    expect(panel.locator("[data-advice]")).to_have_count(1)
    expect(panel).to_contain_text("Объяснили, до какого дня зарегистрироваться")
    # The call form waited in its own tab.
    expect(page.locator("#id_caller_phone")).to_have_value("+996555123456")

    # The Uzbek caller: checked from his record.
    page.goto(f"{live_server.url}/people/{uzbek.pk}/")
    page.locator("#person-advice").get_by_role("link", name="Проверить статус").click()
    expect(page.locator("#id_citizenship")).to_have_value("UZ")
    fill_and_check(page, entered)
    for source in expected_sources("UZ", entered):
        expect(page.locator("#obligations")).to_contain_text(source)
    assert set(shown_sources(page)) != set(kyrgyz_sources)
    page.get_by_role("button", name="Сохранить как данную консультацию").click()
    expect(page.locator("#person-advice [data-advice]")).to_have_count(1)

    saved = {advice.person_id: advice for advice in Advice.objects.all()}
    assert set(saved) == {kyrgyz.pk, uzbek.pk}
    assert saved[kyrgyz.pk].situation["citizenship"] == "KG"
    assert saved[uzbek.pk].situation["entered"] == entered.isoformat()


@pytest.mark.usefixtures("callers")
def test_a_mistake_in_the_stays_is_named_and_another_stay_can_be_added(live_server, page):
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    page.goto(f"{live_server.url}/navigator/")
    rows = page.locator("[data-stay]")
    expect(rows).to_have_count(3)
    page.get_by_role("button", name="Добавить пребывание").click()
    expect(rows).to_have_count(4)
    page.locator("#id_citizenship").select_option("KG")
    page.locator("#id_entered").fill((timezone.localdate() - timedelta(days=10)).isoformat())
    page.locator("#id_stay-3-entered").fill("2025-10-10")
    page.locator("#id_stay-3-left").fill("2025-09-01")
    page.get_by_role("button", name="Проверить статус").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Прежнее пребывание 4, Выезд")
    expect(page.locator("#result")).to_have_count(0)
    assert Advice.objects.count() == 0
