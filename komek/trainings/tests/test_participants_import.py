"""Importing an agency's list: Russian or Kazakh headers, agencies and regions in words,
all rows or none with each problem named by row and column, officials already in the
registry recognised and not added twice, everyone enrolled."""

from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from komek.core.roles import Role
from komek.core.tables import ImportRejected
from komek.trainings import participants_import, services
from komek.trainings.models import Agency, Enrolment, Participant
from komek.trainings.tests.factories import make_event, make_participant

RUSSIAN = ["Фамилия", "Имя", "Отчество", "Пол", "Ведомство", "Должность", "Регион", "Телефон"]
KAZAKH = ["Тегі", "Аты", "Әкесінің аты", "Жынысы", "Мекеме", "Лауазымы", "Өңір", "Телефон"]


@pytest.fixture(autouse=True)
def _english():
    # The problems are checked word for word in English (the msgids).
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def event(office, coordinator):
    return make_event(office=office, user=coordinator, region="KZ-75", city="Алматы")


def xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(row) for row in rows), encoding="cp1251")
    return path


def run(path: Path, event, by, **options) -> list[services.Imported]:
    rows = participants_import.read(path, event=event, **options)
    return services.participants_import(event=event, rows=rows, by=by, source=path.name)


def test_a_list_with_kazakh_headers_and_words_is_imported_and_enrolled(
    tmp_path, event, coordinator
):
    path = xlsx(
        tmp_path / "тізім.xlsx",
        [
            KAZAKH,
            ["Сейітова", "Әлия", "Нұрланқызы", "әйел", "Көші-қон полициясы", "инспектор",
             "Абай облысы", "8 701 123 45 67"],
            ["Омаров", "Бауыржан", "", "ер", "Еңбек инспекциясы", "бас инспектор",
             "Алматы қаласы", ""],
        ],
    )  # fmt: skip
    imported = run(path, event, coordinator)
    assert [row.number for row in imported] == [2, 3]
    aliya = Participant.objects.get(surname="Сейітова")
    assert (aliya.sex, aliya.agency, aliya.region, aliya.phone) == (
        "F",
        Agency.MIGRATION_POLICE,
        "KZ-10",
        "+77011234567",
    )
    omarov = Participant.objects.get(surname="Омаров")
    assert (omarov.agency, omarov.region) == (Agency.LABOUR_INSPECTION, "KZ-75")
    assert Enrolment.objects.filter(event=event).count() == 2


def test_a_russian_csv_in_cp1251_is_imported(tmp_path, event, coordinator):
    path = csv(
        tmp_path / "список.csv",
        [RUSSIAN, ["Ким", "Ольга", "Викторовна", "Ж", "Центр занятости", "специалист",
                   "Карагандинская область", ""]],
    )  # fmt: skip
    run(path, event, coordinator)
    olga = Participant.objects.get()
    assert (olga.agency, olga.region) == (Agency.EMPLOYMENT_CENTRE, "KZ-35")


def test_an_official_in_the_registry_already_is_recognised_not_added(tmp_path, event, coordinator):
    known = make_participant(surname="Ахметов", given_name="Ерлан")
    path = xlsx(
        tmp_path / "list.xlsx",
        [RUSSIAN, ["Akhmetov", "Yerlan", "", "М", "миграционная полиция", "", "", ""]],
    )
    [row] = run(path, event, coordinator)
    assert (row.participant, row.recognised, row.was_enrolled) == (known, True, False)
    assert Participant.objects.count() == 1
    assert Enrolment.objects.get(event=event).participant == known


def test_a_list_imported_twice_enrols_no_one_twice(tmp_path, event, coordinator):
    path = xlsx(
        tmp_path / "list.xlsx",
        [RUSSIAN, ["Ахметов", "Ерлан", "", "М", "МП", "", "", ""]],
    )
    run(path, event, coordinator)
    [row] = run(path, event, coordinator)
    assert (row.recognised, row.was_enrolled) == (True, True)
    assert Enrolment.objects.count() == 1


def test_a_missing_region_is_the_events_and_a_missing_agency_the_one_chosen(
    tmp_path, event, coordinator
):
    path = xlsx(tmp_path / "list.xlsx", [["ФИО", "Пол"], ["Иванов Иван Иванович", "м"]])
    run(path, event, coordinator, agency=Agency.BORDER_SERVICE)
    ivan = Participant.objects.get()
    assert (ivan.surname, ivan.given_name, ivan.patronymic) == ("Иванов", "Иван", "Иванович")
    assert (ivan.agency, ivan.region) == (Agency.BORDER_SERVICE, "KZ-75")


def test_a_broken_list_is_refused_whole_with_each_problem_named_by_row_and_column(
    tmp_path, event, coordinator
):
    path = xlsx(
        tmp_path / "list.xlsx",
        [
            KAZAKH,
            ["Сейітова", "Әлия", "", "әйел", "Көші-қон полициясы", "", "Абай облысы", ""],
            ["Омаров", "", "", "ер", "Еңбек инспекциясы", "", "", ""],
            ["Ким", "Ольга", "", "x", "полиция нравов", "", "Марс", "123"],
        ],
    )
    with pytest.raises(ImportRejected) as rejected:
        run(path, event, coordinator)
    errors = rejected.value.errors
    assert "row 3, column аты: “” is empty: required." in errors
    assert any(error.startswith("row 4, column жынысы: “x”") for error in errors)
    assert any(error.startswith("row 4, column мекеме: “полиция нравов”") for error in errors)
    assert any(error.startswith("row 4, column өңір: “Марс”") for error in errors)
    assert any(error.startswith("row 4, column телефон: “123”") for error in errors)
    assert len(errors) == 5
    assert not Participant.objects.exists()
    assert not Enrolment.objects.exists()


def test_a_row_without_an_agency_and_none_chosen_is_refused(tmp_path, event):
    path = xlsx(tmp_path / "list.xlsx", [["Фамилия", "Имя", "Пол"], ["Ким", "Ольга", "ж"]])
    with pytest.raises(ImportRejected) as rejected:
        participants_import.read(path, event=event)
    assert rejected.value.errors[0].startswith("row 2, column agency: “”")


def test_the_same_official_twice_in_one_list_is_named(tmp_path, event):
    path = xlsx(
        tmp_path / "list.xlsx",
        [RUSSIAN, ["Ахметов", "Ерлан", "", "м", "МП", "", "", ""],
         ["Akhmetov", "Erlan", "", "м", "МП", "", "", ""]],
    )  # fmt: skip
    with pytest.raises(ImportRejected) as rejected:
        participants_import.read(path, event=event)
    assert rejected.value.errors == [
        "row 3, column фамилия: “Akhmetov” is the same official as in row 2."
    ]


def test_a_list_without_the_name_columns_is_refused_on_its_header(tmp_path, event):
    path = xlsx(tmp_path / "list.xlsx", [["Должность", "Пол"], ["инспектор", "м"]])
    with pytest.raises(ImportRejected) as rejected:
        participants_import.read(path, event=event)
    assert rejected.value.errors[0].startswith("row 1: the list has no column")


@pytest.mark.parametrize(
    "written,code",
    [
        ("Акмолинская обл.", "KZ-11"),
        ("Ақмола облысы", "KZ-11"),
        ("г. Астана", "KZ-71"),
        ("Алматинская область", "KZ-19"),
        ("Алматы облысы", "KZ-19"),
        ("Алматы", "KZ-75"),
        ("ВКО", "KZ-63"),
        ("Солтүстік Қазақстан облысы", "KZ-59"),
        ("Улытауская область", "KZ-62"),
        ("Жетісу облысы", "KZ-33"),
        ("KZ-79", "KZ-79"),
    ],
)
def test_regions_are_read_from_russian_and_kazakh_words(written, code):
    assert participants_import.REGION_WORDS[participants_import._words(written)] == code


def test_every_region_of_kazakhstan_can_be_written_in_words():
    from komek.core import regions

    named = set(participants_import.REGION_NAMES) | set(participants_import.CITY_NAMES)
    assert named == {region.code for region in regions.regions()}


def test_a_phone_typed_as_a_number_in_the_spreadsheet_is_read(tmp_path, event, coordinator):
    path = xlsx(
        tmp_path / "list.xlsx",
        [RUSSIAN, ["Ким", "Ольга", "", "ж", "суд", "", "", 87011234567]],
    )
    run(path, event, coordinator)
    assert Participant.objects.get().phone == "+77011234567"
