"""A training in a real browser, as the issue's "done when" tells it: the coordinator creates
a two-day seminar, imports the agency's list from an XLSX with Kazakh headers (a broken
list first, refused whole with its rows and columns named), marks attendance, enters the
paper pre-test in the grid with the keyboard; an official answers the post-test on a
phone through the QR code of the screen page; the event page shows the gain and what most
still got wrong; the certificates are written in the background, one is downloaded, and
its QR code, read from the PDF's picture, opens the verification page, which confirms it
and, once the coordinator has revoked it, says so.

The pages are found by ids, names and data attributes, and the checks are on names,
numbers and the file's own headers, so that the test reads the same whatever language the
catalogs give the staff pages."""

import datetime
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import User
from komek.conftest import needs_pdf_tools, require_system_tool  # noqa: F401 - a fixture
from komek.partners import demo as partners_demo
from komek.partners.models import Partner
from komek.trainings import models as trainings
from komek.trainings import quizzes
from komek.trainings.models import (
    Attempt,
    AttemptSource,
    Certificate,
    Enrolment,
    Event,
    Participant,
    QuestionKind,
)
from tests.e2e.conftest import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_pdf_tools"),
]

TITLE = "Семинар для миграционной полиции и инспекторов труда"
HEADERS = [
    "Тегі",
    "Аты",
    "Әкесінің аты",
    "Жынысы",
    "Мекеме",
    "Бөлімше",
    "Лауазымы",
    "Өңір",
    "Байланыс телефоны",
]
POLICE = "көші-қон полициясы"
LABOUR = "еңбек инспекциясы"
UNIT = "Астана қаласы ПД көші-қон қызметі басқармасы"
# (surname, given name, patronymic, sex, agency, unit, position, region, phone)
OFFICIALS = [
    ("Әлімжанов", "Ерлан", "Серікұлы", "ер", POLICE, UNIT, "аға инспектор", "Астана қаласы",
     "+7 701 555 12 34"),
    ("Нұрланова", "Айгүл", "Болатқызы", "әйел", LABOUR, "Еңбек инспекциясы басқармасы",
     "бас мемлекеттік еңбек инспекторы", "Астана қаласы", ""),
    ("Сейітов", "Данияр", "", "ер", POLICE, UNIT, "инспектор", "Астана қаласы", ""),
    ("Ким", "Ольга", "", "әйел", LABOUR, "Еңбек инспекциясы басқармасы", "инспектор",
     "Астана қаласы", ""),
]  # fmt: skip
# What each official marked on paper before the seminar (the first answer is the right one
# of every question) and after it; Сейітов answers the post-test on his phone, Ким was
# there on the first day only.
PRE = {"Әлімжанов": "bac", "Нұрланова": "bba", "Сейітов": "abb", "Ким": "ccc"}
POST = {"Әлімжанов": "aab", "Нұрланова": "aaa"}
QUESTIONS = [
    ("Кто вправе забрать паспорт у иностранного работника?",
     ["Никто, кроме уполномоченных органов", "Работодатель", "Хозяин жилья"]),
    ("Куда направить мигранта, которому не платят зарплату?",
     ["В инспекцию труда", "В посольство", "В миграционную полицию"]),
    ("Как опрашивать возможную жертву торговли людьми?",
     ["Наедине, с переводчиком", "При работодателе", "Письменно, без переводчика"]),
]  # fmt: skip


@pytest.fixture
def bank():
    accounts_demo.seed()
    partners_demo.seed()
    coordinator = User.objects.get(username="coordinator")
    topic = quizzes.topic_create(by=coordinator, name="Права трудящихся-мигрантов")
    return [
        quizzes.question_create(
            by=coordinator,
            topic=topic,
            kind=QuestionKind.SINGLE,
            text=text,
            choices=[
                quizzes.ChoiceText(answer, is_correct=number == 0)
                for number, answer in enumerate(answers)
            ],
        )
        for text, answers in QUESTIONS
    ]


def workbook(path: Path, rows: list[tuple]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def decode_qr(picture: Path) -> str:
    require_system_tool(bool(shutil.which("zbarimg")), "zbarimg (apt-get install zbar-tools)")
    return subprocess.run(
        [shutil.which("zbarimg"), "--quiet", "--raw", str(picture)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def pdf_picture(pdf: Path) -> Path:
    subprocess.run(
        [shutil.which("pdftoppm"), "-png", "-r", "150", "-singlefile", str(pdf),
         str(pdf.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return pdf.with_suffix(".png")


def enter_paper(page, enrolments: dict, letters: dict[str, str]) -> None:
    """Type each official's row of the grid from the first cell, Tab between cells, and
    save; wait for the grid to come back with the letters saved."""
    for surname, row in letters.items():
        page.locator(f"[data-grid] input[name='a-{enrolments[surname].pk}-0']").focus()
        for letter in row:
            page.keyboard.type(letter)
            page.keyboard.press("Tab")
    page.locator("main form[method=post] button[type=submit]").click()
    for surname, row in letters.items():
        first = f"input[name='a-{enrolments[surname].pk}-0']"
        score = page.locator(f"[data-grid] tr:has({first}) td:last-child")
        expect(score).to_have_text(re.compile(rf"^\s*\d/{len(row)}\s*$"))


def scores(test: trainings.Test) -> dict[str, int]:
    return dict(
        Attempt.objects.filter(test=test).values_list("enrolment__participant__surname", "correct")
    )


def import_list(page, path: Path) -> None:
    page.locator("#id_file").set_input_files(str(path))
    page.locator("main form[enctype] button[type=submit]").click()


def test_a_seminar_from_its_list_to_a_revoked_certificate(
    live_server, page, browser, bank, settings, tmp_path
):
    # The certificates' QR codes lead to this server.
    settings.KOMEK_BASE_URL = live_server.url
    url = live_server.url
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    iom = Partner.objects.get(short_name="МОМ")

    # The coordinator creates the seminar: two days, both needed for a certificate.
    sign_in(page, url, "coordinator", demo_password("coordinator"))
    page.goto(f"{url}/trainings/events/new/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_format").select_option("seminar")
    page.locator("#id_status").select_option("held")
    page.locator("#id_starts_on").fill(yesterday.isoformat())
    page.locator("#id_ends_on").fill(today.isoformat())
    page.locator("#id_region").select_option("KZ-71")
    page.locator("#id_city").fill("Астана")
    page.locator("#id_venue").fill("Учебный класс ДП г. Астаны")
    page.locator(f"input[name=topics][value='{bank[0].topic_id}']").check()
    page.locator(f"input[name=organisers][value='{iom.pk}']").check()
    page.locator("#id_hours").fill("16")
    page.locator("#id_days_required").fill("2")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/trainings/events/\d+/$"))
    event = Event.objects.get(title=TITLE)
    assert (event.starts_on, event.ends_on, event.days_required) == (yesterday, today, 2)
    assert list(event.organisers.all()) == [iom]

    # A broken list is refused whole, each problem named by its row and the file's column.
    page.locator(f"a[href='/trainings/events/{event.pk}/import/']").click()
    broken = list(OFFICIALS)
    broken[1] = (*broken[1][:3], "белгісіз", *broken[1][4:])
    broken[3] = (*broken[3][:7], "Марс", *broken[3][8:])
    import_list(page, workbook(tmp_path / "тізім-қате.xlsx", broken))
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(2)
    # Whatever the words around them in the reader's language: the row, the column as the
    # file names it, and the value.
    for row, column, value in ((3, "Жынысы", "белгісіз"), (5, "Өңір", "Марс")):
        problem = errors.filter(has_text=column)
        expect(problem).to_contain_text(re.compile(rf"\b{row}\b"))
        expect(problem).to_contain_text(value)
    expect(page.locator("#imported")).to_have_count(0)
    assert not Participant.objects.exists()
    assert not Enrolment.objects.exists()

    # The corrected list goes in whole.
    import_list(page, workbook(tmp_path / "тізім.xlsx", OFFICIALS))
    expect(page.locator("#imported tbody tr")).to_have_count(4)
    expect(page.locator("#import-errors")).to_have_count(0)
    enrolments = {
        enrolment.participant.surname: enrolment
        for enrolment in Enrolment.objects.filter(event=event).select_related("participant")
    }
    alimzhanov = enrolments["Әлімжанов"].participant
    assert (alimzhanov.patronymic, alimzhanov.sex, alimzhanov.agency) == (
        "Серікұлы",
        "M",
        "migration_police",
    )
    assert (alimzhanov.region, alimzhanov.phone) == ("KZ-71", "+77015551234")
    assert enrolments["Нұрланова"].participant.agency == "labour_inspection"

    # Attendance: everyone on both days, but Ким on the first only.
    page.goto(f"{url}/trainings/events/{event.pk}/")
    for surname, enrolment in enrolments.items():
        days = [yesterday] if surname == "Ким" else [yesterday, today]
        for day in days:
            page.locator(f"input[name='a-{enrolment.pk}-{day.isoformat()}']").check()
    page.locator("#attendance form button[type=submit]").click()
    # Saved: the page comes back at its attendance grid.
    expect(page).to_have_url(re.compile(r"#attendance$"))
    kim = enrolments["Ким"]
    expect(page.locator(f"input[name='a-{kim.pk}-{yesterday.isoformat()}']")).to_be_checked()
    expect(page.locator(f"input[name='a-{kim.pk}-{today.isoformat()}']")).not_to_be_checked()
    assert kim.attendance.count() == 1
    assert sum(enrolment.attendance.count() for enrolment in enrolments.values()) == 7

    # Both tests take every question of the bank.
    for kind in (trainings.TestKind.PRE, trainings.TestKind.POST):
        page.locator(f"#tests a[href$='/{kind}/questions/']").click()
        page.locator("main button[name=add_all]").click()
        expect(page.locator("main input[type=number][value='1']")).to_have_count(1)
        page.goto(f"{url}/trainings/events/{event.pk}/")
    pre = trainings.Test.objects.get(event=event, kind=trainings.TestKind.PRE)
    post = trainings.Test.objects.get(event=event, kind=trainings.TestKind.POST)
    assert pre.items.count() == post.items.count() == 3

    # The pre-test from paper, typed with the keyboard alone: a letter, Tab to the next.
    page.locator(f"#tests a[href='/trainings/tests/{pre.pk}/grid/']").click()
    enter_paper(page, enrolments, PRE)
    assert scores(pre) == {"Әлімжанов": 1, "Нұрланова": 1, "Сейітов": 1, "Ким": 0}

    # The post-test opens for phones; the screen shows its QR code and its address.
    page.goto(f"{url}/trainings/tests/{post.pk}/screen/")
    page.locator("main form[action$='/open/'] button[type=submit]").click()
    expect(page.locator("main form[action$='/close/']")).to_be_visible()
    link = page.locator("#address").get_attribute("href")
    page.locator("#qr svg").screenshot(path=tmp_path / "screen-qr.png")
    assert decode_qr(tmp_path / "screen-qr.png") == link
    assert link.startswith(f"{url}/trainings/t/")

    # Сейітов answers on his phone, in Kazakh, with his participant code: all right.
    phone_context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="kk-KZ"
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    expect(phone.locator("html")).to_have_attribute("lang", "kk")
    phone.locator("#code").fill(enrolments["Сейітов"].code.lower())
    for question in bank:
        right = question.choices.get(is_correct=True)
        phone.locator(f"input[name='q{question.pk}'][value='{right.pk}']").check()
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("main [role=status]")).to_be_visible()
    expect(phone.locator("#code")).to_have_count(0)
    phone_context.close()
    attempt = Attempt.objects.get(test=post, enrolment=enrolments["Сейітов"])
    assert (attempt.source, attempt.correct) == (AttemptSource.PHONE, 3)

    # The others' post-tests from paper; the phone's row in the grid is left as it came.
    page.goto(f"{url}/trainings/events/{event.pk}/")
    page.locator(f"#tests a[href='/trainings/tests/{post.pk}/grid/']").click()
    expect(page.locator(f"[data-grid] input[name='a-{attempt.enrolment_id}-0']")).to_have_value("a")
    enter_paper(page, enrolments, POST)
    assert scores(post) == {"Әлімжанов": 2, "Нұрланова": 3, "Сейітов": 3}
    assert Attempt.objects.get(pk=attempt.pk).source == AttemptSource.PHONE

    # The event page shows the gain (33→67, 33→100, 33→100: 55.6 points, all improved) and,
    # first among the questions, the one still missed most: the third, 67 % right.
    page.goto(f"{url}/trainings/events/{event.pk}/")
    expect(page.locator("[data-gain]")).to_contain_text(re.compile(r"55[.,]6"))
    expect(page.locator("[data-gain]")).to_contain_text("100")
    first_item = page.locator("[data-items] tbody tr").first
    expect(first_item).to_contain_text(QUESTIONS[2][0])
    expect(first_item.locator("td").nth(2)).to_have_text("67")
    expect(page.locator("[data-items] tbody tr")).to_have_count(3)

    # The certificates: the three present on both days; written as a ZIP in the background.
    page.locator("form[action$='/certificates/generate/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/trainings/certificates/zip/\d+/$"))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    download_zip = page.locator("#job-status a[href$='/download/']")
    expect(download_zip).to_be_visible()
    with page.expect_download() as download:
        download_zip.click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert len(archive.namelist()) == 3
    issued = Certificate.objects.filter(enrolment__event=event)
    assert sorted(issued.values_list("enrolment__participant__surname", flat=True)) == [
        "Нұрланова",
        "Сейітов",
        "Әлімжанов",
    ]

    # One certificate downloaded: its QR code, read from the page's picture, opens the
    # verification page, which confirms the name and the event.
    certificate = issued.get(enrolment=enrolments["Сейітов"])
    page.goto(f"{url}/trainings/events/{event.pk}/certificates/")
    with page.expect_download() as download:
        page.locator(f"a[href='/trainings/certificates/{certificate.pk}/pdf/']").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    verify = decode_qr(pdf_picture(pdf))
    assert verify.startswith(f"{url}/trainings/v/{certificate.number}:")
    checker_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    checker = checker_context.new_page()
    checker.set_default_timeout(10_000)
    checker.goto(verify)
    expect(checker.locator(".verdict.valid")).to_be_visible()
    expect(checker.locator("main dl")).to_contain_text("Сейітов Данияр")
    expect(checker.locator("main dl")).to_contain_text(TITLE)
    expect(checker.locator("main dl")).to_contain_text(certificate.number)

    # The coordinator revokes it: the same page now says so.
    row = page.locator("tr", has=page.locator(f"#revoke-reason-{certificate.pk}"))
    row.locator("summary").click()
    page.locator(f"#revoke-reason-{certificate.pk}").fill("Выдан по ошибке: список уточнён")
    row.locator("form button[type=submit]").click()
    expect(page.locator(f"#revoke-reason-{certificate.pk}")).to_have_count(0)
    checker.reload()
    expect(checker.locator(".verdict.revoked")).to_be_visible()
    expect(checker.locator(".verdict.valid")).to_have_count(0)
    expect(checker.locator("main dl")).to_contain_text("Сейітов Данияр")
    checker_context.close()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is not None
