"""Official tables: the seed's table in cp1251 with Russian headers and `18 875`, broken
tables rejected whole with row and column named, corrected tables versioned."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from komek.audit.models import AuditEntry
from komek.statistics import demo
from komek.statistics.importing import parse_number
from komek.statistics.models import Dataset, DatasetVersion, Observation

pytestmark = pytest.mark.django_db

SEED_TABLE = demo.FIXTURE


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def indicator(*args: str) -> list[dict]:
    out = StringIO()
    call_command("indicator", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_seed_table_is_cp1251_with_russian_headers_and_spaced_thousands():
    raw = SEED_TABLE.read_bytes()
    assert "Период с".encode("cp1251") in raw
    assert b"18 875" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_importing_the_seed_table_gives_the_shares_of_the_seed():
    call_command("import_stats", str(SEED_TABLE), "--dataset", "astana", stdout=StringIO())
    rows = indicator("astana", "--by", "citizenship")
    assert rows == [
        {"citizenship": "UZ", "value": 18875, "share": 0.7051},
        {"citizenship": "KG", "value": 7639, "share": 0.2854},
        {"citizenship": "TJ", "value": 256, "share": 0.0096},
    ]
    assert indicator("astana") == [{"value": 26770, "share": 1.0}]
    version = DatasetVersion.objects.get()
    assert version.totals_skipped == 1 and version.rows == 3
    assert AuditEntry.objects.filter(detail__startswith="import_stats astana v1").exists()


def test_period_filter_keeps_the_cells_that_overlap_it():
    call_command("import_stats", str(SEED_TABLE), "--dataset", "astana", stdout=StringIO())
    assert indicator("astana", "--from", "2013-08-01", "--to", "2013-12-31")[0]["value"] == 26770
    assert indicator("astana", "--from", "2014-01-01") == [{"value": 0, "share": None}]


def test_kazakh_headers_names_nbsp_and_an_xlsx_file(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Кезең басы", "Кезең соңы", "Аумақ", "Азаматтығы", "Жынысы", "Саны"])
    sheet.append(["2024-01-01", "2024-03-31", "Астана қаласы", "Өзбекстан", "ер", "1\u00a0200"])
    sheet.append(["2024-01-01", "2024-03-31", "Астана қаласы", "Өзбекстан", "әйел", 800])
    sheet.append(["2024-01-01", "2024-03-31", "Астана қаласы", "Барлығы", "", 2000])
    path = tmp_path / "kz.xlsx"
    book.save(path)
    call_command("import_stats", str(path), "--dataset", "kz", stdout=StringIO())
    assert indicator("kz", "--by", "sex") == [
        {"sex": "ер", "value": 1200, "share": 0.6},
        {"sex": "әйел", "value": 800, "share": 0.4},
    ]
    assert Observation.objects.filter(territory_key="астана", citizenship="UZ").count() == 2


@pytest.mark.parametrize(
    "text,value", [("18 875", 18875), ("18875", 18875), ("18\u202f875", 18875), ("12,5", 12.5)]
)
def test_numbers_as_published(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_a_broken_table_is_rejected_whole_naming_row_and_column(tmp_path):
    table = (
        "Период с;Период по;Территория;Гражданство;Значение\n"
        "01.01.2013;31.08.2013;г. Астана;Узбекистан;18 875\n"
        "01.01.2013;31.08.2013;г. Астана;Атлантида;7 639\n"
        "01.01.2013;31.02.2013;г. Астана;Таджикистан;256\n"
        "01.01.2013;31.08.2013;г. Астана;Кыргызстан;много\n"
    )
    path = write_csv(tmp_path, table, "cp1251")
    with pytest.raises(CommandError) as rejected:
        call_command("import_stats", str(path), "--dataset", "astana", stdout=StringIO())
    message = str(rejected.value)
    assert "nothing imported" in message
    assert "строка 3, столбец гражданство: «Атлантида»" in message
    assert "строка 4, столбец период по: «31.02.2013»" in message
    assert "строка 5, столбец значение: «много»" in message
    assert "строка 2" not in message
    assert not Dataset.objects.exists() and not Observation.objects.exists()


def test_a_missing_column_and_a_repeated_cell_are_named(tmp_path):
    no_value = write_csv(tmp_path, "period_from,period_to,territory\n2024-01-01,2024-01-31,X\n")
    with translation.override("en"), pytest.raises(CommandError, match="No column is mapped to"):
        call_command("import_stats", str(no_value), "--dataset", "x", stdout=StringIO())
    repeated = write_csv(
        tmp_path,
        "period_from,period_to,territory,value\n"
        "2024-01-01,2024-01-31,Астана,5\n"
        "2024-01-01,2024-01-31,г. Астана,6\n",
        name="r.csv",
    )
    with translation.override("en"), pytest.raises(CommandError, match="same cell as row 2"):
        call_command("import_stats", str(repeated), "--dataset", "x", stdout=StringIO())
    assert not Observation.objects.exists()


def test_a_file_that_is_not_text_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"\x00\x01\x02 binary")
    with translation.override("en"), pytest.raises(CommandError, match="NUL bytes"):
        call_command("import_stats", str(path), "--dataset", "x", stdout=StringIO())


def test_dry_run_writes_nothing():
    out = StringIO()
    call_command("import_stats", str(SEED_TABLE), "--dataset", "astana", "--dry-run", stdout=out)
    assert "no problems found (3 figures, 1 total rows skipped)" in out.getvalue()
    assert not Dataset.objects.exists()


def test_a_corrected_table_becomes_the_current_version_and_the_old_one_stays(tmp_path):
    call_command("import_stats", str(SEED_TABLE), "--dataset", "astana", stdout=StringIO())
    corrected = SEED_TABLE.read_bytes().decode("cp1251").replace("256", "300")
    path = write_csv(tmp_path, corrected, "cp1251")
    call_command("import_stats", str(path), "--dataset", "astana", stdout=StringIO())
    versions = list(DatasetVersion.objects.order_by("number"))
    assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert indicator("astana")[0]["value"] == 26814
    assert Observation.objects.filter(version=versions[0], value=256).exists()


def test_a_mapping_names_columns_the_guess_does_not_know(tmp_path):
    path = write_csv(
        tmp_path, "Начало;Конец;Город;Кол-во\n2024-01-01;2024-12-31;Алматы;10\n", name="m.csv"
    )
    call_command(
        "import_stats",
        str(path),
        "--dataset",
        "almaty",
        "--mapping",
        "Начало=period_from,Конец=period_to,Город=territory,Кол-во=value",
        stdout=StringIO(),
    )
    assert indicator("almaty", "--by", "territory") == [
        {"territory": "Алматы", "value": 10, "share": 1.0}
    ]


def test_unknown_indicator_and_dimension_are_clear_errors():
    with pytest.raises(CommandError, match="No indicator or dataset nope"):
        call_command("indicator", "nope", "--json", stdout=StringIO())
    with pytest.raises(CommandError, match="cannot be broken down by colour"):
        call_command("indicator", "contacts", "--by", "colour", "--json", stdout=StringIO())


def test_a_dataset_code_is_a_slug():
    with pytest.raises(CommandError, match="a dataset code is"):
        call_command("import_stats", str(SEED_TABLE), "--dataset", "a b/c", stdout=StringIO())


def test_an_indicator_for_one_office(office, other_office):
    call_command("import_stats", str(SEED_TABLE), "--dataset", "astana", stdout=StringIO())
    assert indicator("astana", "--office", office.code)[0]["value"] == 26770
    assert indicator("astana", "--office", other_office.code) == [{"value": 0, "share": None}]
    with pytest.raises(CommandError, match="No office with code nowhere"):
        call_command("indicator", "contacts", "--office", "nowhere", stdout=StringIO())


HEADERS_OF_ANY_SHAPE = ["it's", 'the "kind"', "age group", "age__band"]


def test_a_further_dimension_is_broken_down_by_whatever_its_header_holds(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["period_from", "period_to", "territory", "value", *HEADERS_OF_ANY_SHAPE])
    sheet.append(["2024-01-01", "2024-03-31", "Астана", 30, "a", "b", "c", "d"])
    sheet.append(["2024-01-01", "2024-03-31", "Алматы", 10, "x", "y", "z", "w"])
    path = tmp_path / "shapes.xlsx"
    book.save(path)
    call_command("import_stats", str(path), "--dataset", "shapes", stdout=StringIO())
    for header, (big, small) in zip(HEADERS_OF_ANY_SHAPE, ["ax", "by", "cz", "dw"], strict=True):
        assert indicator("shapes", "--by", header) == [
            {header: big, "value": 30, "share": 0.75},
            {header: small, "value": 10, "share": 0.25},
        ]


@pytest.mark.parametrize(
    "row,named",
    [
        (
            "1850-01-01,2024-01-31,Астана,5",
            "row 2, column period_from: “1850-01-01” is not between",
        ),
        ("2024-01-01,2150-01-31,Астана,5", "row 2, column period_to: “2150-01-31” is not between"),
        ("2024-01-01,2024-01-31,Астана,1e30", "row 2, column value: “1e30” has more than 16"),
        ("2024-01-01,2024-01-31,Астана,12.345", "row 2, column value: “12.345” has more than"),
        ("2024-01-01,2024-01-31," + "Щ" * 101 + ",5", "row 2, column territory"),
    ],
)
def test_values_the_database_cannot_hold_are_refused_naming_row_and_column(tmp_path, row, named):
    path = write_csv(tmp_path, "period_from,period_to,territory,value\n" + row + "\n")
    with translation.override("en"), pytest.raises(CommandError) as rejected:
        call_command("import_stats", str(path), "--dataset", "x", stdout=StringIO())
    assert named in str(rejected.value)
    assert not Observation.objects.exists()


def test_a_dataset_title_longer_than_its_field_is_refused(tmp_path):
    path = write_csv(tmp_path, "period_from,period_to,territory,value\n2024-01-01,2024-01-31,A,5\n")
    with translation.override("en"), pytest.raises(CommandError, match="title is longer than 300"):
        call_command(
            "import_stats", str(path), "--dataset", "x", "--title", "T" * 301, stdout=StringIO()
        )
    assert not Dataset.objects.exists()
