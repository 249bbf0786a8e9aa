"""The operator's day in a real browser: calls, caller history, search, linking."""

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.hotline import demo as hotline_demo
from komek.hotline.models import Contact
from komek.people import demo as people_demo
from komek.people.models import Person
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "+7 707 555 12 34"


@pytest.fixture
def demo():
    accounts_demo.seed()
    people_demo.seed()
    hotline_demo.seed()


def type_phone(page, number: str) -> None:
    page.wait_for_load_state()
    field = page.locator("#id_caller_phone")
    field.fill("")
    field.press_sequentially(number, delay=20)


def test_an_operator_logs_calls_finds_the_caller_and_links_an_unknown_one(live_server, page, demo):
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    open_page(page, "Работа", "Горячая линия")

    type_phone(page, PHONE)
    expect(page.locator("#history")).to_contain_text("С этого номера обращаются впервые.")
    page.locator("#id_caller_name").fill("Бахтиёр")
    page.locator("label", has_text="Заработная плата").click()
    page.locator("#id_question").fill("Работодатель не платит второй месяц")
    page.locator("#id_answer").fill("Объяснили порядок обращения в инспекцию труда")
    page.get_by_text("Новый человек: зарегистрировать").click()
    page.locator("#id_register").check()
    page.locator("#id_new_surname").fill("Ҳамроев")
    page.locator("#id_new_given_name").fill("Бахтиёр")
    page.locator("#id_new_born").fill("1990")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Обращение записано.")

    type_phone(page, PHONE)
    history = page.locator("#history")
    expect(history).to_contain_text("Ҳамроев Бахтиёр")
    expect(history).to_contain_text("Работодатель не платит второй месяц")
    history.get_by_role("button", name="Это звонящий").click()
    expect(page.locator("#picked")).to_contain_text("Ҳамроев Бахтиёр")
    page.locator("label", has_text="Заработная плата").click()
    page.locator("#id_question").fill("Инспекция приняла жалобу?")
    page.locator("main form#contact-form button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("Обращение записано.")
    person = Person.objects.get(surname="Ҳамроев")
    assert Contact.objects.filter(person=person).count() == 2

    page.locator("nav").get_by_role("link", name="Люди").click()
    page.locator("#id_q").fill("Hamroev Bakhtiyor")
    page.locator("#id_q").press("Enter")
    first = page.locator("#results tbody tr").first
    expect(first).to_contain_text("Ҳамроев Бахтиёр")
    first.get_by_role("link", name="Ҳамроев Бахтиёр").click()
    expect(page.locator("h1")).to_have_text("Ҳамроев Бахтиёр")
    expect(page.locator("main")).to_contain_text("Инспекция приняла жалобу?")

    open_page(page, "Работа", "Обращения")
    page.locator("#id_anonymous").check()
    page.locator("main form button[type=submit]").click()
    page.locator("tbody tr", has_text="Ойбек").get_by_role("link").first.click()
    page.get_by_role("link", name="Связать с человеком").click()
    page.locator("#link-q").fill("Xusanov Sherzod")
    page.locator("#link-q").press("Enter")
    page.locator("li", has_text="Хусанов Шерзод").get_by_role("button", name="Связать").click()
    expect(page.get_by_role("status")).to_contain_text("Обращение связано с человеком.")
    expect(page.locator("main").get_by_role("link", name="Хусанов Шерзод")).to_be_visible()
