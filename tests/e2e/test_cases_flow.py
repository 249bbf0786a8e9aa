"""The handover from a call to a notified lawyer, and a case whose status follows its
referral, in a real browser: the operator refers a caller to a lawyer, the coordinator
finds them waiting on the home page and gives the case to a lawyer, who is told, sends
the referral (the case waits for the partner) and records the embassy's reply with its
scan (the case is back in progress)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.cases.models import Case, Referral
from komek.core.tests import files
from komek.hotline import demo as hotline_demo
from komek.hotline.models import Contact, Outcome, Topic
from komek.partners import demo as partners_demo
from tests.e2e.conftest import open_page, sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMBASSY = "Посольство Республики Узбекистан (консульский приём в Алматы)"
START = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Almaty"))
QUESTION = "Работодатель забрал паспорт, не может уехать домой"


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()
    hotline_demo.seed()


def test_a_caller_referred_to_a_lawyer_reaches_a_notified_lawyer_whose_referral_moves_the_case(
    live_server, page, demo, tmp_path
):
    with time_machine.travel(START, tick=True):
        # The operator takes the call and refers the caller to a lawyer.
        sign_in(page, live_server.url, "operator", demo_password("operator"))
        open_page(page, "Работа", "Горячая линия")
        page.locator("#id_caller_phone").press_sequentially("+7 705 444 55 66", delay=20)
        page.locator("#id_caller_name").fill("Шерзод")
        page.locator("label", has_text="Документы утеряны или изъяты").click()
        page.locator("#id_question").fill(QUESTION)
        page.locator("label", has_text="передано юристу").click()
        page.get_by_text("Новый человек: зарегистрировать").click()
        page.locator("#id_register").check()
        page.locator("#id_new_surname").fill("Хусанов")
        page.locator("#id_new_given_name").fill("Шерзод")
        page.locator("#id_new_born").fill("1990")
        page.locator("main form#contact-form button[type=submit]").click()
        expect(page.get_by_role("status")).to_contain_text("Обращение записано.")
        sign_out(page)

        # The coordinator sees the caller waiting, counted in the header and on the home page.
        sign_in(page, live_server.url, "coordinator", demo_password("coordinator"))
        waiting_count = str(Contact.objects.filter(outcome=Outcome.REFERRED_LAWYER).count())
        expect(page.get_by_role("link", name=re.compile("Ожидают юриста"))).to_contain_text(
            waiting_count
        )
        waiting = page.locator("#lawyer-queue li", has_text="Хусанов Шерзод")
        expect(waiting).to_contain_text(QUESTION)
        waiting.get_by_role("link", name="Открыть дело по этому обращению").click()
        expect(page.locator("#id_kind")).to_have_value("legal")
        topic = Topic.objects.get(name_ru="Документы утеряны или изъяты")
        expect(page.locator("#id_category")).to_have_value(str(topic.pk))
        expect(page.locator("#id_title")).to_have_value(QUESTION)
        page.locator("#id_assign").select_option(label="Ержан Мукашев")
        page.get_by_role("button", name="Открыть дело").click()
        expect(page.locator("h1")).to_contain_text(QUESTION)
        case = Case.objects.get()
        page.goto(f"{live_server.url}/")
        expect(page.locator("#lawyer-queue")).not_to_contain_text("Хусанов Шерзод")
        sign_out(page)

        # The lawyer is told, and finds the case among their new assignments.
        sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
        expect(page.locator("#new-assignments")).to_contain_text(QUESTION)
        page.get_by_role("link", name=re.compile("Уведомления")).click()
        expect(page.locator("main")).to_contain_text(
            f"Гульнара Ахметова назначил(а) вам дело №{case.pk}"
        )

        # The client consents to sharing; the lawyer sends the referral to the embassy.
        page.goto(f"{live_server.url}/people/{case.client_id}/")
        page.get_by_text("Записать согласие").click()
        page.locator("#id_scope").select_option("sharing")
        page.locator("#id_given_on").fill(START.date().isoformat())
        page.locator("#id_method").select_option("signed")
        page.get_by_role("button", name="Записать", exact=True).click()
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        expect(page.locator("main dl")).to_contain_text("новое")
        page.get_by_text("Отправить запрос партнёру").click()
        page.locator("#id_referral-partner").select_option(label=EMBASSY)
        page.locator("#id_referral-request").select_option("return_certificate")
        page.locator("#id_referral-channel").select_option("letter")
        page.locator("#id_referral-sent_on").fill(START.date().isoformat())
        page.get_by_role("button", name="Записать запрос").click()
        expect(page.get_by_role("status")).to_contain_text("Запрос записан.")
        expect(page.locator("main dl")).to_contain_text("ожидает ответа партнёра")
        timeline = page.locator("#timeline")
        expect(timeline).to_contain_text(f"после отправки обращения: {EMBASSY}")

        # The embassy's reply arrives; its scan is kept with the referral.
        referral = Referral.objects.get()
        item = page.locator(f"#referral-{referral.pk}")
        item.get_by_text("Записать ответ").click()
        item.locator("input[type=date]").fill(START.date().isoformat())
        item.locator("select").select_option("done")
        item.locator("textarea").fill("Свидетельство на возвращение выдано")
        reply = tmp_path / "ответ посольства.pdf"
        reply.write_bytes(files.pdf("reply"))
        item.locator("input[type=file]").set_input_files(reply)
        item.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_role("status")).to_contain_text("Ответ записан.")
        expect(page.locator("main dl")).to_contain_text("в работе")
        expect(timeline).to_contain_text(f"после ответа: {EMBASSY}")
        expect(item.get_by_role("link", name="ответ посольства.pdf")).to_be_visible()
