"""The callback queue in a real browser: a callback asked for at intake with whether it is
safe to call back, seen on the home page, then tried (no answer), a mis-click undone,
reached and gone from the queue; on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.hotline.models import CallbackAttempt, Contact
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.seed()


def log_callback(page, *, phone: str, name: str, safe: bool) -> None:
    open_page(page, "Работа", "Горячая линия")
    page.locator("#id_caller_phone").fill(phone)
    page.locator("#id_caller_name").fill(name)
    page.locator("#id_question").fill("Перезвоните, когда будет ответ из посольства")
    question = page.locator("#callback-safe")
    expect(question).to_be_hidden()
    page.locator("label", has_text="нужно перезвонить").click()
    expect(question).to_be_visible()
    due = timezone.localtime() + timedelta(hours=1)
    page.locator("#id_callback_due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    question.locator("label", has_text="да, звонить" if safe else "нет, звонить").click()
    page.locator("main form#contact-form button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("Обращение записано.")


def test_a_callback_is_tried_then_reached_and_the_queue_fits_a_phone(live_server, page, demo):
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    log_callback(page, phone="+7 707 111 22 33", name="Зухра", safe=False)
    log_callback(page, phone="+7 707 444 55 66", name="Дильшод", safe=True)

    page.goto(f"{live_server.url}/")
    today = page.locator("[data-home-callbacks]")
    expect(today).to_contain_text("Зухра")
    expect(today).to_contain_text("Дильшод")

    open_page(page, "Работа", "Перезвонить")
    hidden = page.locator("article", has_text="Зухра")
    expect(hidden.locator("[data-not-safe]")).to_be_visible()
    expect(hidden.locator("a[href^='tel:']")).to_have_count(0)
    card = page.locator("article", has_text="Дильшод")
    expect(card.locator("a[href^='tel:']")).to_have_attribute("href", "tel:+77074445566")

    card.get_by_placeholder("Заметка (необязательно)").fill("Длинные гудки")
    card.get_by_role("button", name="Не ответил").click()
    expect(page.get_by_role("status")).to_contain_text("не ответил")
    card = page.locator("article", has_text="Дильшод")
    expect(card.locator("[data-attempts]")).to_have_attribute("data-attempts", "1")
    expect(card).to_contain_text("Длинные гудки")

    # A mis-click (wrong number) is taken back: the callback waits again.
    card.get_by_role("button", name="Неверный номер").click()
    expect(page.locator("article", has_text="Дильшод")).to_have_count(0)
    page.locator("li", has_text="Дильшод").get_by_role("button", name="Отменить").click()
    expect(page.get_by_role("status")).to_contain_text("Попытка отменена.")
    card = page.locator("article", has_text="Дильшод")
    expect(card.locator("[data-attempts]")).to_have_attribute("data-attempts", "1")

    card.get_by_role("button", name="Дозвонились").click()
    expect(page.get_by_role("status")).to_contain_text("дозвонились")
    expect(page.locator("article", has_text="Дильшод")).to_have_count(0)
    contact = Contact.objects.get(caller_name="Дильшод")
    assert contact.callback_done_at is not None
    assert list(
        CallbackAttempt.objects.filter(contact=contact).values_list("outcome", flat=True)
    ) == ["no_answer", "reached"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("article", has_text="Зухра")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
