"""The duplicates review queue in a real browser, on pairs the real search found: a
reviewer says one pair is not the same person from the keyboard, merges the cross-script
Sherzod, sees the kept record with both spellings and both contacts, and undoes it."""

import uuid

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import Office, User
from komek.hotline.services import contact_log
from komek.people.linkage.models import DuplicateDecision
from komek.people.models import Person
from komek.people.tests.crowd import sherzod_registry
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def asked(ref: str, question: str) -> None:
    contact_log(
        operator=User.objects.get(username="operator"),
        submission_key=uuid.uuid4(),
        person=Person.objects.get(ref=ref),
        channel="call",
        outcome="answered",
        question=question,
    )


def test_a_reviewer_decides_pairs_merges_a_cross_script_one_and_undoes_it(live_server, page):
    accounts_demo.seed()
    sherzod_registry(Office.objects.get(code="astana"), Office.objects.get(code="almaty"))
    asked("SH-1", "Работодатель забрал паспорт")
    asked("SH-2", "Where do I register?")
    call_command("find_duplicates", verbosity=0)

    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    open_page(page, "Работа", "Дубли")
    pairs = page.locator("[data-queue] [data-pair]")
    expect(pairs.first).to_be_focused()
    sherzod = pairs.filter(has_text="Хусанов Шерзод").filter(has_text="Xusanov Sherzod")
    others = pairs.filter(has_not_text="Sherzod")
    expect(others.first).to_be_visible()
    apart = others.first.get_attribute("data-pair")
    others.first.focus()
    page.keyboard.press("n")
    expect(page.locator(f'[data-pair="{apart}"]')).to_have_count(0)
    assert DuplicateDecision.objects.filter(same=False).count() == 1

    page.get_by_label("Офис").select_option(label="Астана")
    page.get_by_role("button", name="Показать").click()
    sherzod.get_by_role("link", name="Сравнить и объединить").click()
    page.get_by_label("Хусанов Шерзод").check()
    page.get_by_label("Почему это один человек").fill("Тот же телефон и дата рождения")
    page.get_by_role("button", name="Объединить", exact=True).click()
    expect(page.locator("h1")).to_have_text("Хусанов Шерзод")
    expect(page.locator("[data-merges]")).to_contain_text("Xusanov Sherzod")
    main = page.locator("main")
    expect(main).to_contain_text("Работодатель забрал паспорт")
    expect(main).to_contain_text("Where do I register?")

    page.locator("[data-merges]").get_by_role("button", name="Отменить объединение").click()
    expect(page.locator("h1")).to_have_text("Xusanov Sherzod")
    assert Person.objects.get(ref="SH-2").merged_into is None
