"""The foundation, as a coordinator and an operator use it in a real browser."""

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.partners import demo as partners_demo
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()


def switch_language(page, code: str) -> None:
    page.locator(f"nav button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_a_coordinator_works_in_three_languages_and_adds_a_partner(live_server, page, demo):
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("nav").get_by_role("button", name="Справочники")).to_be_visible()

    switch_language(page, "kk")
    expect(page.locator("nav").get_by_role("button", name="Анықтама")).to_be_visible()
    switch_language(page, "en")
    expect(page.locator("nav").get_by_role("button", name="Reference")).to_be_visible()
    switch_language(page, "ru")

    open_page(page, "Справочники", "Партнёры")
    page.get_by_role("link", name="Новый партнёр").click()
    page.locator("#id_name").fill("Генеральное консульство Республики Таджикистан")
    page.locator("#id_kind").select_option("consulate")
    page.locator("#id_country").select_option("TJ")
    page.locator("#id_city").fill("Алматы")
    page.locator("#id_phones").fill("+7 727 250 12 34")
    page.locator("input[name=working_languages][value=tg]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Генеральное консульство Республики Таджикистан")
    expect(page.get_by_text("Таджикистан").first).to_be_visible()

    open_page(page, "Справочники", "Партнёры")
    page.locator("#id_q").fill("генеральное")
    page.locator("#id_q").press("Enter")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Генеральное консульство")).to_be_visible()
    expect(results.get_by_role("link", name="Посольство Кыргызской")).to_have_count(0)

    results.get_by_role("link", name="Генеральное консульство").click()
    page.get_by_role("link", name="Изменить").click()
    page.locator("#id_city").fill("Астана")
    page.locator("main form button[type=submit]").click()
    history = page.locator("#history")
    expect(history.get_by_role("heading")).to_have_text("История изменений")
    latest_change = history.locator("li").first.locator(".history-change")
    expect(latest_change).to_have_text("город: Алматы → Астана")
    expect(history.locator("li")).to_have_count(2)


def test_a_hotline_operator_is_refused_the_audit_log(live_server, page, demo):
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    expect(page.locator("nav").get_by_role("link", name="Журнал аудита")).to_have_count(0)
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Доступ запрещён")


def test_a_wrong_password_shows_the_error_summary_and_labels_are_present(live_server, page, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_label("Имя пользователя")).to_be_visible()
    expect(page.get_by_label("Пароль")).to_be_visible()
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("wrong-password")
    page.locator("main form:has(#id_password) button[type=submit]").click()
    expect(page.locator("#error-summary")).to_contain_text("Неверное имя пользователя или пароль")
