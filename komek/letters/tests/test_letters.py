"""Letters from editable templates: placeholders, PDF checked with pdftotext, DOCX, the
timeline and the audit."""

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from komek.audit.models import Action, AuditEntry
from komek.cases import services
from komek.cases.referrals import referral_mark_sent, referral_send
from komek.conftest import pdf_text
from komek.core import retention
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.letters import demo as letters_demo
from komek.letters import services as letters
from komek.letters import timeline as letters_timeline
from komek.letters.models import Letter, LetterTemplate
from komek.partners.services import partner_create
from komek.people.models import IdentityDocument
from komek.people.services import consent_record, person_create

# The letters of Kazakh, Uzbek, Tajik and Kyrgyz Cyrillic beyond the Russian alphabet.
EXTRA_CYRILLIC = "ӘәҒғҚқҢңӨөҰұҮүҺһІіЎўҲҳӢӣӮӯҶҷ"


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="erzhan", first_name="Ержан", last_name="Мукашев")


@pytest.fixture
def referral(office, lawyer):
    letters_demo.seed()
    client = person_create(
        created_by=None,
        office=office,
        surname="Ҳамроев",
        given_name="Бахтиёр",
        patronymic="Ғайратович",
        latin_surname="Hamroev",
        latin_given_name="Bakhtiyor",
        sex="M",
        born_year=1990,
        born_month=3,
        born_day=14,
        citizenship="UZ",
        address="Астана, ул. Жұмабаев, 5",
    )
    IdentityDocument.objects.create(
        person=client, kind="passport", number="FA1234567", number_key="FA1234567", status="lost"
    )
    with time_machine.travel(date(2026, 1, 1), tick=False):
        consent_record(
            person=client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2026, 1, 1),
            method="signed",
        )
    case = services.case_open(
        opened_by=lawyer,
        client=client,
        kind="legal",
        category=topic_create(created_by=None, code="documents", name_ru="Документы"),
        title="Свидетельство на возвращение",
    )
    embassy = partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Узбекистан",
        kind="embassy",
        country="UZ",
        city="Алматы",
    )
    return referral_send(
        case=case,
        sent_by=lawyer,
        partner=embassy,
        request="return_certificate",
        channel="letter",
        sent_on=None,
        details="Паспорт утерян в 2025 году.",
    )


def template(language: str) -> LetterTemplate:
    return LetterTemplate.objects.get(name="Запрос свидетельства на возвращение", language=language)


def test_a_template_fills_in_the_person_the_case_and_the_partner(referral, lawyer):
    draft = letters.draft(
        case=referral.case, staff=lawyer, template=template("ru"), referral=referral
    )
    assert draft.missing == []
    assert draft.notes == []
    initial = draft.initial
    assert initial["subject"] == (
        "О выдаче свидетельства на возвращение гражданину Республики Узбекистан "
        "Ҳамроеву Бахтиёру Ғайратовичу"
    )
    body = initial["body"]
    assert (
        "правовую помощь гражданину Республики Узбекистан Ҳамроеву Бахтиёру Ғайратовичу "
        "(Hamroev Bakhtiyor), 14.03.1990 года рождения; "
        "адрес в Казахстане: Астана, ул. Жұмабаев, 5."
    ) in body
    assert "Заявитель утратил паспорт FA1234567 и не может вернуться на родину." in body
    assert "Паспорт утерян в 2025 году." in body
    assert f"дело № {referral.case.pk}" in body
    assert "Исполнитель: Ержан Мукашев" in body
    assert initial["addressee"] == "Посольству Республики Узбекистан\nАлматы"
    assert "{{" not in body
    assert "[[" not in body


def test_the_kazakh_template_speaks_kazakh(referral, lawyer):
    draft = letters.draft(
        case=referral.case, staff=lawyer, template=template("kk"), referral=referral
    )
    assert (
        "Өзбекстан азаматы Ҳамроев Бахтиёр Ғайратович (Hamroev Bakhtiyor)" in draft.initial["body"]
    )
    assert "елге оралу куәлігі" in draft.initial["body"]
    assert "құжатын (төлқұжат FA1234567) жоғалтты" in draft.initial["body"]


@pytest.mark.parametrize(
    "body", ["{{ case.assigned_to.password }}", "{{ person.secret }}", "{{ staff.email }}"]
)
def test_a_template_naming_anything_but_the_listed_placeholders_is_refused(lawyer, body):
    with pytest.raises(ValidationError, match="Неизвестные"):
        letters.template_save(
            saved_by=lawyer, name="x", language="ru", subject="x", body=body, is_active=True
        )
    assert not LetterTemplate.objects.exists()


def test_the_generated_pdf_prints_every_cyrillic_letter_and_is_on_the_timeline(
    needs_pdf_tools, referral, lawyer
):
    body = f"Проверка алфавитов: {EXTRA_CYRILLIC}.\n\nВторой абзац <b>без разметки</b>."
    letter = letters.letter_generate(
        case=referral.case,
        created_by=lawyer,
        language="kk",
        addressee="Посольство Республики Узбекистан",
        subject="Ҳамроев Бахтиёр Ғайратович",
        body=body,
        referral=referral,
    )
    text = pdf_text(Path(letter.pdf.path))
    assert EXTRA_CYRILLIC in text
    assert "Ҳамроев Бахтиёр Ғайратович" in text
    assert "«Көмек» мигранттарға көмек көрсету орталығы" in text
    assert "<b>без разметки</b>" in text
    assert f"№ {letter.number}" in text
    assert letter.number == f"AST-{date.today().year}/1"
    document = Document(io.BytesIO(letter.docx.read()))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert f"Проверка алфавитов: {EXTRA_CYRILLIC}." in paragraphs
    event = referral.case.events.get(kind="letter")
    assert event.data["letter"] == letter.pk
    assert letter.number in event.text


def test_letters_of_an_office_are_numbered_in_sequence(needs_pdf_tools, referral, lawyer):
    numbers = [
        letters.letter_generate(
            case=referral.case,
            created_by=lawyer,
            language="ru",
            addressee="Посольство",
            subject="Запрос",
            body="Текст",
        ).number
        for _ in range(2)
    ]
    year = date.today().year
    assert numbers == [f"AST-{year}/1", f"AST-{year}/2"]


def test_without_a_letterhead_the_letter_is_refused_with_a_reason(referral, lawyer):
    referral.case.office.letterhead.delete()
    with pytest.raises(ValidationError, match="Бланк офиса Астана"):
        letters.letter_generate(
            case=referral.case,
            created_by=lawyer,
            language="ru",
            addressee="Посольство",
            subject="Запрос",
            body="Текст",
        )
    assert not Letter.objects.exists()


def test_a_lawyer_writes_the_letter_in_the_browser_and_downloads_it_audited(
    needs_pdf_tools, client_for, referral, lawyer
):
    client = client_for(lawyer)
    url = reverse("letters:write", args=[referral.case.pk])
    page = client.get(url, {"template": template("ru").pk, "referral": referral.pk})
    assert "Hamroev Bakhtiyor" in page.content.decode()
    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_id=str(referral.case.pk), detail__startswith="letter draft"
    ).exists()
    response = client.post(
        url,
        {
            "template": template("ru").pk,
            "referral": referral.pk,
            "language": "ru",
            "addressee": "Посольство Республики Узбекистан",
            "subject": "О выдаче свидетельства",
            "body": "Просим выдать свидетельство.",
        },
    )
    assert response["Location"] == reverse("cases:detail", args=[referral.case.pk])
    letter = Letter.objects.get()
    assert letter.referral == referral
    download = client.get(reverse("letters:download", args=[letter.pk, "pdf"]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, detail__contains=f"letter {letter.number}"
    ).exists()


def test_an_empty_letter_is_refused_and_nothing_is_stored(client_for, referral, lawyer):
    response = client_for(lawyer).post(
        reverse("letters:write", args=[referral.case.pk]),
        {
            "template": template("ru").pk,
            "language": "ru",
            "addressee": "",
            "subject": "",
            "body": "",
        },
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not Letter.objects.exists()


def test_an_outsider_cannot_download_a_letter_of_a_sensitive_case(
    client_for, referral, lawyer, make_staff
):
    letter = Letter.objects.create(
        case=referral.case,
        number="AST-2026/9",
        language="ru",
        addressee="x",
        subject="x",
        body="x",
        pdf="letters/x.pdf",
        docx="letters/x.docx",
        created_by=lawyer,
    )
    case = referral.case
    services.case_update(case=case, updated_by=lawyer, version=case.version, sensitive=True)
    other = make_staff(Role.LAWYER)
    response = client_for(other).get(reverse("letters:download", args=[letter.pk, "pdf"]))
    assert response.status_code == 404


def test_a_coordinator_edits_a_template_and_its_history_is_kept(client_for, make_staff):
    letters_demo.seed()
    coordinator = make_staff(Role.COORDINATOR)
    russian = template("ru")
    response = client_for(coordinator).post(
        reverse("letters:template_edit", args=[russian.pk]),
        {
            "name": russian.name,
            "language": "ru",
            "subject": russian.subject,
            "body": "Новый текст для {{ partner.name }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    russian.refresh_from_db()
    assert russian.body == "Новый текст для {{ partner.name }}"
    assert russian.history.count() == 2
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, object_type="letters.LetterTemplate"
    ).exists()


LETTERHEAD_FORM = {
    "organisation_ru": "Чужой центр",
    "organisation_kk": "Бөгде орталық",
    "address": "Неизвестно",
    "contacts": "+7 700 000 00 00",
    "signatory": "Самозванец",
    "signatory_title_ru": "Директор",
    "signatory_title_kk": "Директор",
    "number_prefix": "XXX",
}


def test_a_coordinator_edits_only_the_letterhead_of_their_own_office(
    client_for, make_staff, office, other_office
):
    letters_demo.seed()
    outsider = client_for(make_staff(Role.COORDINATOR, office=other_office))
    url = reverse("letters:letterhead", args=[office.pk])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, LETTERHEAD_FORM).status_code == 404
    office.letterhead.refresh_from_db()
    assert office.letterhead.signatory == "Г. Ахметова"
    assert office.letterhead.number_prefix == "AST"
    listing = outsider.get(reverse("letters:templates"))
    assert list(listing.context["offices"]) == [(other_office, other_office.letterhead)]
    own = outsider.post(reverse("letters:letterhead", args=[other_office.pk]), LETTERHEAD_FORM)
    assert own.status_code == 302
    other_office.letterhead.refresh_from_db()
    assert other_office.letterhead.signatory == "Самозванец"


def stored_letter(referral, lawyer, number="AST-2026/7") -> Letter:
    """A letter of the referral with its event on the timeline, without generating files."""
    letter = Letter.objects.create(
        case=referral.case,
        referral=referral,
        number=number,
        language="ru",
        addressee="Посольство",
        subject="О выдаче свидетельства",
        body="Текст",
        pdf="letters/x.pdf",
        docx="letters/x.docx",
        created_by=lawyer,
    )
    services.case_event_add(
        case=referral.case,
        author=lawyer,
        kind=letters_timeline.LETTER,
        text=f"№ {letter.number}: {letter.subject}",
        data={"letter": letter.pk},
    )
    return letter


def test_a_letter_on_the_timeline_is_shown_through_its_template_with_its_downloads(
    client_for, referral, lawyer
):
    letter = stored_letter(referral, lawyer)
    page = client_for(lawyer).get(reverse("cases:detail", args=[referral.case.pk]))
    timeline = page.content.decode().split('id="timeline"')[1]
    assert "letters/events/letter.html" in {template.name for template in page.templates}
    assert "· письмо</div>" in timeline
    assert f"№ {letter.number}: О выдаче свидетельства" in timeline
    for fmt in ("pdf", "docx"):
        assert reverse("letters:download", args=[letter.pk, fmt]) in timeline


def test_the_case_page_lists_the_cases_letters_with_their_downloads(client_for, referral, lawyer):
    letter = stored_letter(referral, lawyer)
    page = client_for(lawyer).get(reverse("cases:detail", args=[referral.case.pk]))
    panel = page.content.decode().split('id="letters"')[1].split("</div>")[0]
    assert f"№ {letter.number}" in panel
    assert "Посольство Республики Узбекистан" in panel
    assert reverse("letters:download", args=[letter.pk, "pdf"]) in panel
    assert reverse("letters:write", args=[referral.case.pk]) in panel


def test_only_staff_who_work_on_cases_are_offered_to_write_a_letter(
    client_for, referral, make_staff
):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    page = client_for(operator).get(reverse("cases:detail", args=[referral.case.pk]))
    content = page.content.decode()
    assert 'id="letters"' in content
    assert reverse("letters:write", args=[referral.case.pk]) not in content


def test_a_referral_being_prepared_offers_to_write_its_letter_and_a_sent_one_does_not(
    client_for, referral, lawyer
):
    write = reverse("letters:write", args=[referral.case.pk]) + f"?referral={referral.pk}"
    client = client_for(lawyer)
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    item = page.split(f'id="referral-{referral.pk}"')[1].split("</li>")[0]
    assert f'href="{write}">Написать письмо</a>' in item
    referral_mark_sent(referral=referral, sent_by=lawyer, sent_on=date(2026, 1, 10))
    page = client.get(reverse("cases:detail", args=[referral.case.pk])).content.decode()
    assert write not in page


def test_the_cases_app_names_no_module_and_no_url_of_letters():
    cases = Path(__file__).resolve().parents[2] / "cases"
    naming_letters = re.compile(r"komek\.letters|[\"']letters:")
    offenders = [
        str(path.relative_to(cases))
        for path in cases.rglob("*")
        if path.suffix in {".py", ".html"} and naming_letters.search(path.read_text())
    ]
    assert offenders == []


def test_a_closed_case_past_its_period_keeps_its_letters_numbers_without_their_text_or_files(
    needs_pdf_tools, referral, lawyer, django_capture_on_commit_callbacks
):
    letter = letters.letter_generate(
        case=referral.case,
        created_by=lawyer,
        language="ru",
        addressee="Посольство",
        subject="Ҳамроев Бахтиёр",
        body="Текст",
    )
    pdf = Path(letter.pdf.path)
    services.case_move(
        case=referral.case, moved_by=lawyer, to="unresolved", assigned=True, outcome="other"
    )
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply(now=timezone.now() + timedelta(days=6 * 365), codes=["cases.closed"])
    letter.refresh_from_db()
    assert (letter.number, letter.subject, letter.body, letter.pdf.name) == (
        f"AST-{date.today().year}/1",
        "",
        "",
        "",
    )
    assert not pdf.exists()
