"""Two records of one person merged in a real browser: found in another script,
compared, merged with a reason, seen with both spellings and every contact, undone."""

import uuid

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import Office, User
from komek.hotline.services import contact_log
from komek.people.models import Person
from komek.people.services import person_create
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def registered(surname: str, given_name: str, question: str) -> Person:
    person = person_create(
        created_by=None,
        office=Office.objects.get(code="astana"),
        surname=surname,
        given_name=given_name,
        born_year=1990,
    )
    contact_log(
        operator=User.objects.get(username="operator"),
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="answered",
        question=question,
    )
    return person


def test_an_operator_merges_a_cross_script_duplicate_and_undoes_it(live_server, page):
    accounts_demo.seed()
    kept = registered("Хусанов", "Шерзод", "Работодатель забрал паспорт")
    duplicate = registered("Xusanov", "Sherzod", "Where do I register?")
    sign_in(page, live_server.url, "operator", demo_password("operator"))
    page.goto(f"{live_server.url}/people/{kept.pk}/")
    page.get_by_role("link", name="Объединить с дублем").click()
    page.locator("#id_q").fill("Xusanov Sherzod")
    page.locator("#id_q").press("Enter")
    page.locator("[data-candidates] li", has_text="Xusanov Sherzod").get_by_role(
        "link", name="Сравнить"
    ).click()
    differing = page.locator("[data-compare] tr[data-differs]")
    expect(differing.first).to_contain_text("Хусанов Шерзод")
    page.get_by_label("Хусанов Шерзод").check()
    page.get_by_label("Почему это один человек").fill("Один паспорт, подтвердил по телефону")
    page.get_by_role("button", name="Объединить", exact=True).click()

    expect(page.locator("h1")).to_have_text("Хусанов Шерзод")
    expect(page.locator("main > .alert-success")).to_contain_text("объединена")
    merges = page.locator("[data-merges]")
    expect(merges).to_contain_text("Xusanov Sherzod")
    expect(merges).to_contain_text("Один паспорт")
    main = page.locator("main")
    expect(main).to_contain_text("Работодатель забрал паспорт")
    expect(main).to_contain_text("Where do I register?")

    merges.get_by_role("button", name="Отменить объединение").click()
    expect(page.locator("h1")).to_have_text("Xusanov Sherzod")
    expect(page.locator("main > .alert-success")).to_contain_text("Объединение отменено")
    expect(page.locator("main")).to_contain_text("Where do I register?")
    assert Person.objects.get(pk=duplicate.pk).merged_into is None
