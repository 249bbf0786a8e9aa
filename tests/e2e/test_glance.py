"""The caller at a glance in a real browser: a number typed in part finds the caller with
their open case and lawyer, one key picks them; registering from the hotline with sex and
citizenship; a future date of birth refused with the error summary; and on a 390-px
phone the history sits beside the number, visible without scrolling."""

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.cases import demo as cases_demo
from komek.hotline import demo as hotline_demo
from komek.hotline.models import Contact
from komek.partners import demo as partners_demo
from komek.people import demo as people_demo
from komek.people.models import Consent, Person
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Хусанов Шерзод's Uzbek number, +998 90 123 45 67, as a caller dictates it: no code.
PARTIAL = "901234567"
PHONE_WIDTH, PHONE_HEIGHT = 390, 844


@pytest.fixture
def demo():
    accounts_demo.seed()
    people_demo.seed()
    hotline_demo.seed()
    partners_demo.seed()
    cases_demo.seed()


def open_hotline(page, base_url: str) -> None:
    sign_in(page, base_url, "operator", demo_password("operator"))
    page.goto(f"{base_url}/hotline/")
    page.wait_for_load_state()


def type_into(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    field.click()
    field.press_sequentially(text, delay=20)


def test_a_number_typed_in_part_shows_the_caller_s_open_case_and_lawyer(live_server, page, demo):
    open_hotline(page, live_server.url)
    type_into(page, "#id_caller_phone", PARTIAL)
    history = page.locator("#history")
    expect(history).to_contain_text("Хусанов Шерзод")
    expect(history).to_contain_text("Свидетельство на возвращение в Узбекистан")
    expect(history).to_contain_text("Ержан Мукашев")
    # One key picks the highlighted caller, without leaving the number.
    page.locator("#id_caller_phone").press("Enter")
    expect(page.locator("#picked")).to_contain_text("Хусанов Шерзод")
    page.locator("#id_question").fill("Когда будет готово свидетельство?")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Обращение записано.")
    assert Contact.objects.get(question__startswith="Когда").person.surname == "Хусанов"


def test_the_caller_s_name_finds_them_inside_the_form(live_server, page, demo):
    open_hotline(page, live_server.url)
    type_into(page, "#id_caller_name", "Каримова")
    expect(page.locator("#history")).to_contain_text("Каримова Ўғилой")
    page.locator("#id_caller_name").press("Enter")
    expect(page.locator("#picked")).to_contain_text("Каримова Ўғилой")


def register_caller(page, born: str) -> None:
    type_into(page, "#id_caller_phone", "+998 93 777 66 55")
    expect(page.locator("#history")).to_contain_text("С этого номера обращаются впервые.")
    type_into(page, "#id_caller_name", "Тошев Бахром")
    page.locator("#id_question").fill("Как продлить регистрацию?")
    page.locator("details summary").click()
    page.locator("#id_register").check()
    page.locator("label[for=id_new_sex_0]").click()
    page.locator("#id_new_citizenship").select_option("UZ")
    page.locator("#id_new_latin_surname").fill("Toshev")
    page.locator("#id_new_born").fill(born)
    page.locator("#id_new_consent").check()
    page.keyboard.press("Control+Enter")


def test_registering_from_the_hotline_keeps_sex_citizenship_and_consent(live_server, page, demo):
    open_hotline(page, live_server.url)
    register_caller(page, "1990-05-17")
    expect(page.get_by_role("status")).to_contain_text("Обращение записано.")
    person = Person.objects.get(latin_surname="Toshev")
    assert (person.surname, person.given_name) == ("Тошев", "Бахром")
    assert (person.sex, person.citizenship, person.born) == ("M", "UZ", "1990-05-17")
    assert Consent.objects.filter(person=person).exists()
    assert Contact.objects.get(person=person).caller_name == "Тошев Бахром"


def test_a_future_date_of_birth_is_refused_with_the_error_summary(live_server, page, demo):
    open_hotline(page, live_server.url)
    register_caller(page, "2099-01-01")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("в будущем")
    summary.locator('a[href="#id_new_born"]').click()
    expect(page.locator("#id_new_born")).to_be_focused()
    assert not Person.objects.filter(latin_surname="Toshev").exists()


def test_on_a_390_px_phone_the_history_is_visible_beside_the_number(live_server, page, demo):
    open_hotline(page, live_server.url)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": PHONE_HEIGHT})
    page.reload()
    type_into(page, "#id_caller_phone", PARTIAL)
    history = page.locator("#history")
    expect(history).to_contain_text("Ержан Мукашев")
    assert page.evaluate("window.scrollY") == 0
    box = history.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE_HEIGHT
    # Beside the number: right under it, before the rest of the form.
    phone = page.locator("#id_caller_phone").bounding_box()
    question = page.locator("#id_question").bounding_box()
    assert phone["y"] < box["y"] < question["y"]
