"""A letter ready to send, in a real browser: the lawyer writes the demo's Uzbek client's
letter to the embassy, and the PDF names him in the dative with his country's formal name
and leaves no trace of what the case does not know."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.cases import demo as cases_demo
from komek.cases.models import Case
from komek.conftest import pdf_text, require_system_tool
from komek.hotline import demo as hotline_demo
from komek.letters import demo as letters_demo
from komek.letters.models import Letter, LetterTemplate
from komek.partners import demo as partners_demo
from komek.people import demo as people_demo
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What an empty placeholder would leave behind.
LEFTOVERS = ("()", " .", "..", ": .", " ,", "{{", "}}", "[[", "]]")


@pytest.fixture
def demo():
    accounts_demo.seed()
    partners_demo.seed()
    people_demo.seed()
    hotline_demo.seed()
    cases_demo.seed()
    letters_demo.seed()


def test_the_lawyer_sends_the_embassy_a_letter_with_the_clients_name_declined(
    live_server, page, demo
):
    require_system_tool(
        bool(shutil.which("pdftotext")), "pdftotext (apt-get install poppler-utils)"
    )
    case = Case.objects.get(client__ref="AST-0001")
    assert case.client.address == ""
    sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("#letters").get_by_role("link", name="Написать письмо").click()
    russian = LetterTemplate.objects.get(name__startswith="Запрос свидетельства", language="ru")
    page.locator("#id_template").select_option(str(russian.pk))
    page.get_by_role("button", name="Заполнить").click()

    body = page.locator("#id_body")
    expect(body).to_contain_text(
        "гражданину Республики Узбекистан Хусанову Шерзоду Бахтиёровичу (XUSANOV SHERZOD), "
        "14.03.1991 года рождения."
    )
    expect(body).to_contain_text("Заявитель утратил паспорт FA1234567")
    expect(page.locator("#id_subject")).to_have_value(
        "О выдаче свидетельства на возвращение гражданину Республики Узбекистан "
        "Хусанову Шерзоду Бахтиёровичу"
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    page.locator("#id_addressee").fill("Посольству Республики Узбекистан\nг. Алматы")
    page.get_by_role("button", name="Сформировать PDF и DOCX").click()
    expect(page.get_by_role("status")).to_contain_text("готово.")
    letter = Letter.objects.filter(case=case).latest("pk")
    expect(page.get_by_role("status")).to_contain_text(f"Письмо № {letter.number} готово.")

    with page.expect_download() as download:
        page.locator(f'#letters a[href$="/{letter.pk}.pdf"]').click()
    text = " ".join(pdf_text(Path(download.value.path())).split())
    assert "гражданину Республики Узбекистан Хусанову Шерзоду Бахтиёровичу" in text
    assert "Посольству Республики Узбекистан" in text
    assert [leftover for leftover in LEFTOVERS if leftover in text] == []
