"""Outgoing numbers: one after another per prefix and year, whatever was issued before and
however many letters are written at the same moment."""

import threading
from datetime import date

import pytest
from django.db import connection

from komek.accounts.models import Office
from komek.cases import services as cases
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.letters import demo as letters_demo
from komek.letters import rendering
from komek.letters import services as letters
from komek.letters.models import Letter, Letterhead
from komek.people.services import person_create


@pytest.fixture
def fast_rendering(monkeypatch):
    """Numbering is the subject here, not WeasyPrint."""
    monkeypatch.setattr(rendering, "pdf_bytes", lambda content: b"%PDF-1.4 letter")
    monkeypatch.setattr(rendering, "docx_bytes", lambda content: b"PK\x03\x04 letter")


@pytest.fixture
def category():
    return topic_create(created_by=None, code="documents", name_ru="Документы")


def open_case(office: Office, lawyer, category):
    client = person_create(created_by=None, office=office, given_name="Бахтиёр")
    return cases.case_open(
        opened_by=lawyer, client=client, kind="legal", category=category, title="Запрос"
    )


def write_letter(case, author) -> str:
    return letters.letter_generate(
        case=case,
        created_by=author,
        language="ru",
        addressee="Посольство",
        subject="Запрос",
        body="Текст",
    ).number


def test_the_next_number_follows_the_highest_issued_not_the_count(
    fast_rendering, office, make_staff, category
):
    letters_demo.seed()
    lawyer = make_staff(Role.LAWYER)
    case = open_case(office, lawyer, category)
    year = date.today().year
    Letter.objects.create(
        case=case,
        number=f"AST-{year}/2",
        language="ru",
        addressee="Посольство",
        subject="Запрос",
        body="Текст",
        pdf="letters/x.pdf",
        docx="letters/x.docx",
        created_by=lawyer,
    )
    assert [write_letter(case, lawyer) for _ in range(2)] == [f"AST-{year}/3", f"AST-{year}/4"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time")
@pytest.mark.django_db(transaction=True)
def test_letters_written_at_the_same_moment_take_distinct_numbers(
    fast_rendering, office, other_office, make_staff, category
):
    letters_demo.seed()
    # Two offices numbering under one prefix share its numbers.
    Letterhead.objects.filter(office=other_office).update(number_prefix="AST")
    writers = [
        (open_case(where, author, category), author)
        for where in (office, other_office)
        for author in [make_staff(Role.LAWYER, office=where)]
    ]
    jobs = [writers[index % 2] for index in range(8)]
    start = threading.Barrier(len(jobs))
    numbers: list[str] = []
    failures: list[BaseException] = []

    def write(case, author) -> None:
        try:
            start.wait()
            numbers.append(write_letter(case, author))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    year = date.today().year
    assert sorted(numbers) == sorted(f"AST-{year}/{n}" for n in range(1, len(jobs) + 1))
