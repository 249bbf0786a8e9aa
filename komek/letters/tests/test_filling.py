"""Letters ready to send: names and countries declined in Russian, no empty placeholder
left behind (optional parts dropped, required values asked first), wording by the status
of the client's passport, partners' contacts, and the files on A4 in the letter's
language."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from komek.audit.models import Action, AuditEntry
from komek.cases import services as cases
from komek.cases.referrals import referral_send
from komek.conftest import pdf_text
from komek.core.roles import Role
from komek.hotline.services import topic_create
from komek.letters import declension
from komek.letters import demo as letters_demo
from komek.letters import services as letters
from komek.letters.declension import Case
from komek.letters.models import LetterTemplate
from komek.partners.services import partner_create
from komek.people.models import IdentityDocument
from komek.people.services import consent_record, person_create


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="erzhan", first_name="Ержан", last_name="Мукашев")


def open_case(office, lawyer, **person):
    letters_demo.seed()
    client = person_create(created_by=None, office=office, citizenship="UZ", **person)
    return cases.case_open(
        opened_by=lawyer,
        client=client,
        kind="legal",
        category=topic_create(created_by=None, code="documents", name_ru="Документы"),
        title="Свидетельство на возвращение",
    )


SHERZOD = {"surname": "Хусанов", "given_name": "Шерзод", "patronymic": "Бахтиёрович"}


def with_template(lawyer, subject: str, body: str, language: str = "ru") -> LetterTemplate:
    return letters.template_save(
        saved_by=lawyer, name="Проба", language=language, subject=subject, body=body, is_active=True
    )


def filled(case, lawyer, body: str, **extra):
    template = with_template(lawyer, "Письмо", body)
    return letters.draft(case=case, staff=lawyer, template=template, **extra)


@pytest.mark.parametrize(
    ("sex", "case", "expected"),
    [
        ("M", Case.DATIVE, "Хусанову Шерзоду Бахтиёровичу"),
        ("M", Case.GENITIVE, "Хусанова Шерзода Бахтиёровича"),
        ("F", Case.DATIVE, "Каримовой Ўғилой Бахтиёровне"),
    ],
)
def test_a_persons_name_is_declined_by_their_sex(sex, case, expected):
    surname, given = ("Хусанов", "Шерзод") if sex == "M" else ("Каримова", "Ўғилой")
    patronymic = "Бахтиёрович" if sex == "M" else "Бахтиёровна"
    assert declension.person_name(surname, given, patronymic, sex, case) == expected


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        ("Республика Узбекистан", Case.GENITIVE, "Республики Узбекистан"),
        ("Кыргызская Республика", Case.GENITIVE, "Кыргызской Республики"),
        ("Туркменистан", Case.GENITIVE, "Туркменистана"),
        (
            "Посольство Республики Узбекистан (консульский приём в Алматы)",
            Case.DATIVE,
            "Посольству Республики Узбекистан (консульский приём в Алматы)",
        ),
        (
            "Общественное объединение «Қадір-қасиет»",
            Case.DATIVE,
            "Общественному объединению «Қадір-қасиет»",
        ),
    ],
)
def test_countries_and_organisations_are_declined_by_their_head(name, case, expected):
    assert declension.phrase(name, case) == expected


def test_a_male_uzbek_client_is_a_citizen_of_the_republic_in_the_dative(office, lawyer):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    draft = filled(
        case,
        lawyer,
        "{{ person.citizen_dative }} {{ person.citizenship_genitive }} "
        "{{ person.full_name_dative }}",
    )
    assert draft.initial["body"] == (
        "гражданину Республики Узбекистан Хусанову Шерзоду Бахтиёровичу"
    )


def test_without_the_clients_sex_the_name_stays_as_written_and_the_lawyer_is_told(office, lawyer):
    case = open_case(office, lawyer, **SHERZOD)
    draft = filled(case, lawyer, "{{ person.citizen_dative }} {{ person.full_name_dative }}")
    assert draft.initial["body"] == "гражданин(ка) Хусанов Шерзод Бахтиёрович"
    assert [str(note) for note in draft.notes] == [
        "Пол клиента не указан, поэтому имя оставлено в именительном падеже: исправьте "
        "текст или укажите пол на странице человека и заполните письмо заново."
    ]


def test_a_part_in_brackets_is_left_out_when_its_value_is_missing(office, lawyer):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    draft = filled(
        case,
        lawyer,
        "Помощь {{ person.full_name_dative }}[[ ({{ person.latin_name }})]]"
        "[[, {{ person.born }} г. р.]][[; адрес: {{ person.address }}]].\n\n"
        "[[{{ referral.details }}]]\n\nИсполнитель: {{ staff.name }}",
    )
    assert draft.missing == []
    assert draft.initial["body"] == (
        "Помощь Хусанову Шерзоду Бахтиёровичу.\n\nИсполнитель: Ержан Мукашев"
    )


def test_a_required_value_the_case_lacks_is_asked_for_before_the_letter_is_filled(
    client_for, office, lawyer
):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    template = with_template(lawyer, "Письмо", "Проживает по адресу: {{ person.address }}.")
    client = client_for(lawyer)
    url = reverse("letters:write", args=[case.pk])
    page = client.get(url, {"template": template.pk})
    content = page.content.decode()
    assert "Письму нужны эти значения" in content
    assert 'name="value-person.address"' in content
    assert 'id="id_body"' not in content
    assert not AuditEntry.objects.filter(detail__startswith="letter draft").exists()

    refused = client.post(url, {"template": template.pk, "fill": "1"})
    assert 'name="value-person.address"' in refused.content.decode()
    assert "Обязательное поле" in refused.content.decode()

    page = client.post(
        url,
        {"template": template.pk, "fill": "1", "value-person.address": "Астана, ул. Сейфуллина, 3"},
    )
    assert page.context["form"].initial["body"] == (
        "Проживает по адресу: Астана, ул. Сейфуллина, 3."
    )
    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_id=str(case.pk), detail__startswith="letter draft"
    ).exists()
    case.client.refresh_from_db()
    assert case.client.address == ""


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("lost", "Заявитель утратил паспорт FA1234567 и не может вернуться на родину."),
        ("confiscated", "Паспорт заявителя (паспорт FA1234567) удерживает работодатель"),
        ("seized", "изъят органами власти"),
        ("expired", "Срок действия документа заявителя (паспорт FA1234567) истёк"),
    ],
)
def test_the_letter_says_what_happened_to_the_passport(office, lawyer, status, expected):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    IdentityDocument.objects.create(
        person=case.client,
        kind="passport",
        number="FA1234567",
        number_key="FA1234567",
        status=status,
    )
    template = LetterTemplate.objects.get(name__startswith="Запрос свидетельства", language="ru")
    body = letters.draft(case=case, staff=lawyer, template=template).initial["body"]
    assert expected in body
    others = {"lost": "утратил", "confiscated": "удерживает", "seized": "изъят", "expired": "истёк"}
    assert [word for code, word in others.items() if code != status and word in body] == []
    assert "\n\n\n" not in body


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("[[без подстановки]]", "не содержит ни подстановки"),
        ("[[{{ person.address }}", "Каждой [["),
        ("[[document=stolen: {{ person.address }}]]", "Неизвестное условие «document=stolen»"),
        ("[[passport=lost: текст]]", "Неизвестное условие «passport=lost»"),
    ],
)
def test_a_template_with_a_broken_optional_part_is_refused(lawyer, body, error):
    with pytest.raises(ValidationError, match=re.escape(error)):
        with_template(lawyer, "Письмо", body)
    assert not LetterTemplate.objects.exists()


def test_a_partners_address_phone_and_email_fill_the_letter_and_its_addressee(office, lawyer):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    embassy = partner_create(
        created_by=None,
        office=office,
        name="Посольство Республики Узбекистан",
        kind="embassy",
        country="UZ",
        city="Алматы",
        address="050000, г. Алматы, ул. Байтурсынова, 36",
        phones=["+77272000013"],
        email="consul.uz@embassy.example",
    )
    with time_machine.travel(date(2026, 1, 1), tick=False):
        consent_record(
            person=case.client,
            recorded_by=lawyer,
            scope="sharing",
            given_on=date(2026, 1, 1),
            method="signed",
        )
    referral = referral_send(
        case=case,
        sent_by=lawyer,
        partner=embassy,
        request="consular",
        channel="letter",
        sent_on=None,
    )
    draft = filled(
        case,
        lawyer,
        "{{ partner.name_dative }}: {{ partner.address }}, {{ partner.phone }}, "
        "{{ partner.email }}",
        referral=referral,
    )
    assert draft.initial["body"] == (
        "Посольству Республики Узбекистан: 050000, г. Алматы, ул. Байтурсынова, 36, "
        "+7 7272 00 00 13, consul.uz@embassy.example"
    )
    assert draft.initial["addressee"] == (
        "Посольству Республики Узбекистан\n050000, г. Алматы, ул. Байтурсынова, 36"
    )


def lang_of(document, part: str) -> set[str]:
    element = document.styles.element if part == "styles" else document.settings.element
    return {lang.get(qn("w:val")) for lang in element.iter(qn("w:lang"))}


@pytest.mark.parametrize(
    ("language", "word_language", "address", "justified"),
    [
        ("ru", "ru-RU", "010000, г. Астана, ул. Кенесары, 40, офис 12", True),
        ("kk", "kk-KZ", "010000, Астана қ., Кенесары к-сі, 40, 12-кеңсе", False),
    ],
)
def test_the_letter_is_on_a4_in_its_language_with_its_letterhead(
    needs_pdf_tools, office, lawyer, language, word_language, address, justified
):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    letter = letters.letter_generate(
        case=case,
        created_by=lawyer,
        language=language,
        addressee="Посольству Республики Узбекистан",
        subject="Письмо",
        body="Первый абзац.\n\nВторой абзац.",
    )
    text = pdf_text(Path(letter.pdf.path))
    assert address in text
    document = Document(io.BytesIO(letter.docx.read()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert lang_of(document, "styles") == {word_language}
    body = [p for p in document.paragraphs if p.text == "Первый абзац."]
    assert (body[0].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY) is justified
    hyphenation = document.settings.element.find(qn("w:autoHyphenation"))
    assert (hyphenation is not None) is justified


def test_the_demo_letter_to_the_embassy_prints_the_declined_name_and_no_empty_placeholder(
    needs_pdf_tools, office, lawyer
):
    case = open_case(office, lawyer, sex="M", **SHERZOD)
    template = LetterTemplate.objects.get(name__startswith="Запрос свидетельства", language="ru")
    draft = letters.draft(case=case, staff=lawyer, template=template)
    letter = letters.letter_generate(
        case=case,
        created_by=lawyer,
        template=template,
        **(draft.initial | {"addressee": "Посольству Республики Узбекистан"}),
    )
    text = " ".join(pdf_text(Path(letter.pdf.path)).split())
    assert "гражданину Республики Узбекистан Хусанову Шерзоду Бахтиёровичу" in text
    for leftover in ("()", " .", "..", ": .", " ,", "{{", "}}", "[[", "]]"):
        assert leftover not in text


def test_the_template_editor_lists_the_case_forms_and_the_conditions(client_for, make_staff):
    page = client_for(make_staff(Role.COORDINATOR)).get(reverse("letters:template_new"))
    aside = page.content.decode().split('aria-labelledby="placeholders-title"')[1]
    assert '<code lang="zxx">person.full_name_dative</code>' in aside
    assert '<code lang="zxx">person.citizenship_genitive</code>' in aside
    assert "дательный: кому? чему?" in aside
    assert '<code lang="zxx">[[document=confiscated: …]]</code>' in aside
    assert "удерживается работодателем или посредником" in aside
