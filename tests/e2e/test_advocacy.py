"""Advocacy says exactly what the data says, in a real browser: the coordinator uploads a
corrected table of a dataset under a new code and is offered that dataset (a new version,
not a twin); the statement names whom its share is of, the table's year and its age; once
the dataset is withdrawn, the statement is gone, and the table is still there to read."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.partners import demo as partners_demo
from komek.statistics import demo as statistics_demo
from komek.statistics.models import Dataset
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()
    statistics_demo.seed()


def test_a_new_table_of_a_dataset_is_its_new_version_and_a_withdrawn_one_says_nothing(
    live_server, page, demo
):
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
    open_page(page, "Справочники", "Панель показателей")
    page.get_by_role("link", name="Официальная статистика").click()
    page.locator("#id_file").set_input_files(str(statistics_demo.FIXTURE))
    page.locator("#id_code").fill("astana_2013_corrected")
    page.locator("#id_title").fill(statistics_demo.TITLE)
    page.locator("#id_measure").select_option("registered")
    page.get_by_role("button", name="Проверить таблицу").click()

    offer = page.locator("fieldset", has_text="похожа на уже импортированный набор")
    expect(offer).to_be_visible()
    # Nothing is chosen for the user.
    expect(offer.get_by_role("radio", checked=True)).to_have_count(0)
    offer.get_by_label(re.compile("новую версию набора")).check()
    page.get_by_role("button", name="Импортировать", exact=True).click()
    expect(page.locator("#job-status")).to_contain_text("в очереди")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page.get_by_role("link", name="Открыть версию 2").click(timeout=15_000)
    expect(page.locator("h1")).to_have_text(statistics_demo.TITLE)
    assert list(Dataset.objects.values_list("code", flat=True)) == [statistics_demo.DATASET]

    page.get_by_role("link", name="Цифры для адвокации").click()
    statements = page.locator(".advocacy-statements")
    expect(statements).to_contain_text(
        "Узбекистан: 70,5 % зарегистрированных граждан стран (Узбекистан, Кыргызстан и Таджикистан)"
    )
    expect(statements).to_contain_text(re.compile(r"данные 2013 года, \d+ (год|года|лет) назад"))

    page.get_by_role("link", name="таблица").first.click()
    page.get_by_label("Причина отзыва").fill("Год в источнике не указан")
    page.get_by_role("button", name="Отозвать").click()
    expect(page.locator("#withdrawn")).to_contain_text("Год в источнике не указан")
    expect(page.locator("table").last).to_contain_text("18 875")

    page.get_by_role("link", name="Цифры для адвокации").click()
    expect(page.locator("main")).to_contain_text("не используются")
    expect(page.locator(".advocacy-statements")).to_have_count(0)
