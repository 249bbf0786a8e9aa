"""A case from the hotline call to the evidence page, in a real browser, with the real
task worker: the Uzbek embassy answers six weeks after the centre's letter."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.cases.models import Case, Referral, Task
from komek.core.tests.worker import run_worker
from komek.hotline import demo as hotline_demo
from komek.letters import demo as letters_demo
from komek.letters.models import Letter, LetterTemplate
from komek.partners import demo as partners_demo
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMBASSY = "Посольство Республики Узбекистан (консульский приём в Алматы)"
START = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()
    hotline_demo.seed()
    letters_demo.seed()


def sign_out(page) -> None:
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Выйти").click()


def test_a_call_becomes_a_case_referred_to_the_embassy_answered_weeks_later_and_closed(
    live_server, page, demo
):
    with time_machine.travel(START, tick=True) as traveller:
        # The operator takes the call and sends the caller to a lawyer.
        sign_in(page, live_server.url, "operator", demo_password("operator"))
        open_page(page, "Работа", "Горячая линия")
        page.locator("#id_caller_phone").press_sequentially("+7 705 111 22 33", delay=20)
        page.locator("#id_caller_name").fill("Улугбек")
        page.locator("label", has_text="Документы утеряны или изъяты").click()
        page.locator("#id_question").fill("Потерял паспорт, не может уехать домой в Узбекистан")
        page.locator("label", has_text="передано юристу").click()
        page.get_by_text("Новый человек: зарегистрировать").click()
        page.locator("#id_register").check()
        page.locator("#id_new_surname").fill("Тошматов")
        page.locator("#id_new_given_name").fill("Улуғбек")
        page.locator("#id_new_born").fill("1988")
        page.locator("main form#contact-form button[type=submit]").click()
        status = page.get_by_role("status")
        expect(status).to_contain_text("Обращение записано.")

        # One click from "referred to a lawyer" to the case.
        status.get_by_role("link", name="Открыть дело").click()
        expect(page.locator("#id_title")).to_have_value(
            "Потерял паспорт, не может уехать домой в Узбекистан"
        )
        page.locator("#id_title").fill("Свидетельство на возвращение в Узбекистан")
        page.locator("#id_kind").select_option(label="юридическое")
        page.locator("#id_assign").select_option(label="Ержан Мукашев")
        page.get_by_role("button", name="Открыть дело").click()
        expect(page.locator("h1")).to_contain_text("Свидетельство на возвращение в Узбекистан")
        case = Case.objects.get()
        sign_out(page)

        # The lawyer records the client's consent, prepares the referral, writes the letter.
        sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
        page.goto(f"{live_server.url}/people/{case.client_id}/")
        page.get_by_text("Записать согласие").click()
        page.locator("#id_scope").select_option("sharing")
        page.locator("#id_given_on").fill(START.date().isoformat())
        page.locator("#id_method").select_option("signed")
        page.get_by_role("button", name="Записать", exact=True).click()
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        page.get_by_text("Отправить запрос партнёру").click()
        page.locator("#id_referral-partner").select_option(label=EMBASSY)
        page.locator("#id_referral-request").select_option("return_certificate")
        page.locator("#id_referral-channel").select_option("letter")
        page.get_by_role("button", name="Записать запрос").click()
        referral = Referral.objects.get()
        item = page.locator(f"#referral-{referral.pk}")
        expect(item).to_contain_text("готовится")

        item.get_by_role("link", name="Написать письмо").click()
        russian = LetterTemplate.objects.get(name__startswith="Запрос свидетельства", language="ru")
        page.locator("#id_template").select_option(str(russian.pk))
        expect(page.locator("#id_referral")).to_have_value(str(referral.pk))
        page.get_by_role("button", name="Заполнить").click()
        expect(page.locator("#id_body")).to_contain_text("Тошматов Улуғбек")
        page.get_by_role("button", name="Сформировать PDF и DOCX").click()
        expect(page.get_by_role("status")).to_contain_text("Письмо № AST-2026/1 готово.")
        letter = Letter.objects.get()
        assert letter.referral == referral
        with page.expect_download() as download:
            page.locator("#letters").get_by_role("link", name="PDF").click()
        assert download.value.suggested_filename == "AST-2026-1.pdf"

        item.locator("input[type=date]").fill(START.date().isoformat())
        item.get_by_role("button", name="Отметить как отправленное").click()
        expect(item).to_contain_text("отправлено, ждём ответа")
        for status_label in ("в работе", "ожидает ответа партнёра"):
            page.locator("#id_to").select_option(label=status_label)
            page.get_by_role("button", name="Изменить статус").click()
            expect(page.get_by_role("status")).to_contain_text("Статус изменён.")

        # Three weeks on, no answer: the worker gives the lawyer a follow-up task.
        traveller.move_to(START + timedelta(days=21))
        run_worker()
        follow_up = Task.objects.get(referral=referral)
        assert follow_up.assignee.username == "lawyer"
        sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
        page.get_by_role("link", name=re.compile("Уведомления")).click()
        expect(page.locator("main")).to_contain_text("Нет ответа от Посольство РУз")
        page.get_by_role("button", name="Открыть").first.click()
        expect(page.locator("#tasks")).to_contain_text("Нет ответа от Посольство РУз")

        # Six weeks on, the embassy answers; the case is closed with its outcome.
        traveller.move_to(START + timedelta(days=42))
        sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        item = page.locator(f"#referral-{referral.pk}")
        item.get_by_text("Записать ответ").click()
        item.locator("input[type=date]").fill((START + timedelta(days=42)).date().isoformat())
        item.locator("select").select_option("done")
        item.locator("textarea").fill("Свидетельство на возвращение выдано")
        item.get_by_role("button", name="Сохранить").click()
        expect(item).to_contain_text("42")
        expect(page.locator("#tasks")).to_contain_text("Открытых задач нет.")
        page.locator("#id_to").select_option(label="решено")
        page.locator("#id_outcome").select_option(label="документы восстановлены")
        page.get_by_role("button", name="Изменить статус").click()
        expect(page.locator("main")).to_contain_text("решено · документы восстановлены")

        # The evidence page shows the embassy's answer time, from this case alone.
        open_page(page, "Справочники", "Сроки ответов")
        row = page.locator("table").first.locator("tr", has_text=EMBASSY)
        expect(row).to_contain_text("42")
        expect(page.locator("svg.komek-chart")).to_be_visible()
