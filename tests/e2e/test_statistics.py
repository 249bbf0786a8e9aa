"""From the official table to the donor report, in a real browser with the real task
worker: the coordinator imports the seed's table (cp1251, Russian headers, `18 875`),
reads the advocacy figures, looks at the dashboard and downloads the report as a PDF
whose text and charts are checked with poppler."""

import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.conftest import chart_pixels, first_page_png, pdf_text, require_system_tool
from komek.hotline import demo as hotline_demo
from komek.partners import demo as partners_demo
from komek.statistics import demo as statistics_demo
from komek.statistics.models import Dataset
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()
    hotline_demo.seed()


def test_the_seed_table_becomes_advocacy_figures_and_a_donor_report(
    live_server, page, demo, tmp_path
):
    for tool in ("pdftotext", "pdftoppm"):
        require_system_tool(bool(shutil.which(tool)), f"{tool} (apt-get install poppler-utils)")
    sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))

    open_page(page, "Справочники", "Панель показателей")
    page.get_by_role("link", name="Официальная статистика").click()
    page.locator("#id_file").set_input_files(str(statistics_demo.FIXTURE))
    page.locator("#id_code").fill("astana_registrations")
    page.locator("#id_title").fill("Временная регистрация, г. Астана")
    page.locator("#id_measure").select_option("registered")
    page.get_by_role("button", name="Проверить таблицу").click()
    expect(page.get_by_role("status")).to_contain_text("3")
    expect(page.locator("table")).to_contain_text("18 875")
    assert not Dataset.objects.exists()
    page.get_by_role("button", name="Импортировать").click()
    expect(page.locator("#job-status")).to_contain_text("в очереди")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page.get_by_role("link", name="Открыть версию 1").click(timeout=15_000)
    expect(page.locator("h1")).to_have_text("Временная регистрация, г. Астана")

    page.get_by_role("link", name="Цифры для адвокации").click()
    statements = page.locator(".advocacy-statements")
    expect(statements).to_contain_text("Узбекистан: 70,5 %")
    expect(statements).to_contain_text("18 875 из 26 770")
    expect(statements).to_contain_text("нет консульского учреждения страны Узбекистан")

    page.get_by_role("link", name="Панель показателей", exact=True).last.click()
    page.locator("#id_start").fill("2020-01-01")
    page.locator("#id_end").fill("2030-12-31")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_load_state()
    expect(page.locator("svg.komek-chart").first).to_be_visible()
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=shot, full_page=True)
    assert chart_pixels(shot) > 500

    statistics_demo.seed()
    open_page(page, "Справочники", "Отчёты")
    page.locator("#id_start").fill("2020-01-01")
    page.locator("#id_end").fill("2030-12-31")
    page.get_by_role("button", name="Сформировать").click()
    expect(page.locator("#job-status")).to_contain_text("в очереди")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать PDF").click(timeout=15_000)
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)

    text = pdf_text(pdf)
    assert "Отчёт о деятельности центра помощи мигрантам" in text
    assert "Консультации" in text and "Обращения" in text
    assert chart_pixels(first_page_png(pdf)) > 200
