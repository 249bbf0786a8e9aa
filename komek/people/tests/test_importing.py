import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from komek.audit.models import AuditEntry
from komek.people.models import IdentityDocument, Person, Phone

HEADER = "ref,surname,given_name,patronymic,born,sex,citizenship,phone,document_number\n"
GOOD = (
    HEADER + "R1,Хусанов,Шерзод,Бахтиёрович,1991-03-14,M,UZ,+998901234567,FA1234567\n"
    "R2,Ўктамов,Ўктам,,1990,M,UZ,,\n"
    "R3,Xolmatova,Dilnoza,,1995-07,F,UZ,8 701 111 22 33,\n"
)


@pytest.fixture(autouse=True)
def _english():
    # The messages are translated; these tests read the English source text.
    with translation.override("en"):
        yield


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path: Path, *args: str) -> None:
    call_command("import_people", str(path), "--office", "astana", *args)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_a_csv_in_utf8_or_cp1251_is_imported_whole(tmp_path, office, encoding):
    run(write(tmp_path, GOOD, encoding))
    assert Person.objects.count() == 3
    sherzod = Person.objects.get(ref="R1")
    assert (sherzod.surname, sherzod.born, sherzod.citizenship) == ("Хусанов", "1991-03-14", "UZ")
    assert Phone.objects.get(person=sherzod).number == "+998901234567"
    assert IdentityDocument.objects.get(person=sherzod).number_key == "FA1234567"
    assert Person.objects.get(ref="R3").born == "1995-07"
    assert AuditEntry.objects.filter(detail__startswith="import_people people.csv: 3").exists()


def test_an_xlsx_file_is_imported(tmp_path, office):
    book = Workbook()
    sheet = book.active
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "people.xlsx"
    book.save(path)
    run(path)
    assert Person.objects.count() == 3


def test_other_headers_come_in_through_a_mapping(tmp_path, office):
    path = write(tmp_path, "Фамилия;Имя;Год\nРаҳмонов;Ҷамшед;1985\n")
    run(path, "--mapping", "Фамилия=surname,Имя=given_name,Год=born")
    assert Person.objects.get().born_year == 1985


@pytest.mark.parametrize(
    "line,column",
    [
        ("R9,Каримов,Рустам,,1990-13,M,UZ,,", "born"),
        ("R9,Каримов,Рустам,,1990-02-30,M,UZ,,", "born"),
        ("R9,Каримов,Рустам,,1990,X,UZ,,", "sex"),
        ("R9,Каримов,Рустам,,1990,M,Uzbekistan,,", "citizenship"),
        ("R9,Каримов,Рустам,,1990,M,UZ,12345,", "phone"),
        ("R9,Каримов,,,1990,M,UZ,,", "given_name"),
        ("R9,Каримов,\u200b\u2066\ufeff,,1990,M,UZ,,", "given_name"),
        ("R9,\u202e\u200f,Рустам,,1990,M,UZ,,", "surname"),
        ("R1,Каримов,Рустам,,1990,M,UZ,,", "ref"),
        ("R" + "9" * 32 + ",Каримов,Рустам,,1990,M,UZ,,", "ref"),
        ("R9,Каримов,Рустам,,1990,M,UZ,," + "FA" * 26, "document_number"),
        ("R9,Каримов," + "Р" * 101 + ",,1990,M,UZ,,", "given_name"),
        ("R9,Каримов,Рустам,,1850,M,UZ,,", "born"),
        ("R9,Каримов,Рустам,,2099-01-01,M,UZ,,", "born"),
    ],
)
def test_one_bad_row_rejects_the_file_naming_row_and_column(tmp_path, office, line, column):
    path = write(tmp_path, GOOD + line + "\n")
    with pytest.raises(CommandError) as error:
        run(path)
    assert f"row 5, column {column}" in str(error.value)
    assert Person.objects.count() == 0
    assert Phone.objects.count() == 0


def test_invisible_characters_are_taken_out_of_imported_names(tmp_path, office):
    run(write(tmp_path, HEADER + "R9,\u200bКаримов\u202e,Рус\u200dтам,,1990,M,UZ,,\n"))
    person = Person.objects.get()
    assert (person.surname, person.given_name) == ("Каримов", "Рустам")


def test_a_ref_already_in_komek_is_refused(tmp_path, office):
    run(write(tmp_path, GOOD))
    with pytest.raises(CommandError, match="row 2, column ref"):
        run(write(tmp_path, GOOD, name="again.csv"))
    assert Person.objects.count() == 3


@pytest.mark.parametrize(
    "content,message",
    [(b"", "empty"), (b"\x00\x01\x02binary", "not text"), (b"surname\nX\n", "given_name")],
)
def test_unreadable_files_get_a_clear_error(tmp_path, office, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)


KHUSANOV = ["Хусанов Шерзод", "Xusanov Sherzod", "Khusanov Sherzod", "Husanov Sherzot"]
UKTAM = ["Ўктам", "O'ktam", "Oʻktam", "Uktam"]


@pytest.mark.parametrize("query", KHUSANOV + UKTAM)
def test_search_people_finds_every_spelling_first(tmp_path, office, capsys, query):
    people = (
        HEADER + "K1,Хусанов,Шерзод,,1991,M,UZ,,\n"
        "K2,Хасанов,Шерзод,,1991,M,UZ,,\n"
        "K3,Хусаинов,Шухрат,,1980,M,UZ,,\n"
        "K4,Турсунов,Ўктам,,1989,M,UZ,,\n"
        "K5,Турсунов,Улугбек,,1989,M,UZ,,\n"
        "K6,Усманов,Ойбек,,1989,M,UZ,,\n"
    )
    run(write(tmp_path, people))
    capsys.readouterr()
    call_command("search_people", query, "--json", "--limit", "5")
    results = json.loads(capsys.readouterr().out)
    expected = "K1" if query in KHUSANOV else "K4"
    assert results[0]["ref"] == expected
    assert set(results[0]) == {"id", "ref", "full_name", "born", "score"}


def test_search_people_refines_by_date_of_birth(tmp_path, office, capsys):
    people = HEADER + "A1,Каримов,Рустам,,1980,M,UZ,,\nA2,Каримов,Рустам,,1992-05-01,M,UZ,,\n"
    run(write(tmp_path, people))
    capsys.readouterr()
    call_command("search_people", "Karimov Rustam", "--born", "1992-05", "--json")
    assert json.loads(capsys.readouterr().out)[0]["ref"] == "A2"
    assert AuditEntry.objects.filter(detail="search_people Karimov Rustam").exists()


def test_search_people_refuses_a_bad_date(office):
    with pytest.raises(CommandError, match="--born"):
        call_command("search_people", "x", "--born", "1992-15")
