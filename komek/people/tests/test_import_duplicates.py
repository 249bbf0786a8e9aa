"""An import does not silently register again someone already in the registry (or twice
in the same file): it reports such rows and imports nothing, skips them, or creates them,
as told with --on-duplicate."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.people import services
from komek.people.models import Person

HEADER = "ref,surname,given_name,patronymic,born,sex,citizenship,phone,document_number\n"
NEWCOMER = "N1,Каримов,Рустам,,1990,M,UZ,,\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sherzod(office):
    return services.person_create(
        created_by=None,
        office=office,
        ref="K1",
        surname="Хусанов",
        given_name="Шерзод",
        born_year=1991,
        phones=["+998 90 123 45 67"],
    )


def csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def run(path: Path, *args: str) -> None:
    call_command("import_people", str(path), "--office", "astana", *args)


def imported() -> set[str]:
    return set(Person.objects.exclude(ref="K1").values_list("ref", flat=True))


def test_a_latin_spelling_of_a_registered_person_is_reported_and_nothing_imported(
    tmp_path, sherzod
):
    path = csv(tmp_path, NEWCOMER, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n")
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "1 row looks like people already registered" in message
    assert "row 3 “Xusanov Sherzod” looks like K1 Хусанов Шерзод (1991)" in message
    assert "--on-duplicate skip" in message
    assert imported() == set()


def test_skip_imports_the_other_rows_and_counts_the_skipped(tmp_path, sherzod, capsys):
    run(csv(tmp_path, NEWCOMER, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"), "--on-duplicate", "skip")
    assert imported() == {"N1"}
    assert "Imported 1 people from people.csv. Skipped 1 rows" in capsys.readouterr().out


def test_create_imports_the_row_anyway(tmp_path, sherzod):
    run(csv(tmp_path, NEWCOMER, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"), "--on-duplicate", "create")
    assert imported() == {"N1", "X1"}


def test_the_same_name_born_another_year_is_someone_else(tmp_path, sherzod):
    run(csv(tmp_path, "X1,Xusanov,Sherzod,,1980,M,UZ,,\n"))
    assert imported() == {"X1"}


def test_the_same_phone_under_another_name_is_reported(tmp_path, sherzod):
    with pytest.raises(CommandError, match="row 2 “Тошев Бахром” looks like K1 Хусанов Шерзод"):
        run(csv(tmp_path, "T1,Тошев,Бахром,,1985,M,UZ,+998 90 123 45 67,\n"))
    assert imported() == set()


def test_rows_that_repeat_an_earlier_row_of_the_file_count(tmp_path, office, capsys):
    path = csv(
        tmp_path,
        "A1,Хусанов,Шерзод,,1991,M,UZ,,\n",
        NEWCOMER,
        "A2,Xusanov,Sherzod,Baxtiyorovich,1991,M,UZ,,\n",
        "A3,Тошев,Бахром,,,M,UZ,+998901112233,\n",
        "A4,Тошева,Мадина,,,F,UZ,+998901112233,\n",
    )
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "2 rows look like people already registered or another row" in message
    assert "row 4 “Xusanov Sherzod Baxtiyorovich” looks like row 2 of this file" in message
    assert "row 6 “Тошева Мадина” looks like row 5 of this file" in message
    assert not Person.objects.exists()

    run(path, "--on-duplicate", "skip")
    assert imported() == {"A1", "N1", "A3"}
    assert "Skipped 2 rows" in capsys.readouterr().out


def test_a_row_names_the_first_five_earlier_rows_it_looks_like(tmp_path, office):
    path = csv(tmp_path, *[f"A{n},Тошев,Бахром,,1985,M,UZ,,\n" for n in range(8)])
    with pytest.raises(CommandError) as error:
        run(path)
    assert "7 rows look like" in str(error.value)
    assert ("row 9 “Тошев Бахром” looks like rows 2, 3, 4, 5, 6 of this file\n") in str(error.value)


def test_a_row_like_both_the_registry_and_an_earlier_row_names_both(tmp_path, sherzod):
    path = csv(tmp_path, "A1,Хусанов,Шерзод,,,M,UZ,,\n", "A2,Khusanov,Sherzod,,1991,M,UZ,,\n")
    with pytest.raises(CommandError) as error:
        run(path)
    assert "row 3 “Khusanov Sherzod” looks like K1 Хусанов Шерзод (1991); row 2 of this file" in (
        str(error.value)
    )


def test_the_report_is_audited_with_the_people_it_shows(tmp_path, sherzod, make_staff):
    operator = make_staff(Role.HOTLINE_OPERATOR)
    with pytest.raises(CommandError):
        run(csv(tmp_path, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"), "--by", operator.username)
    entry = AuditEntry.objects.get(action=Action.VIEW, actor=operator)
    assert entry.detail == "import_people people.csv: 1 rows look like registered people"
    assert entry.people == f",{sherzod.pk},"


def test_another_offices_person_is_not_revealed_to_an_office_bound_importer(
    tmp_path, make_staff, other_office
):
    services.person_create(
        created_by=None, office=other_office, surname="Хусанов", given_name="Шерзод"
    )
    operator = make_staff(Role.HOTLINE_OPERATOR)
    run(csv(tmp_path, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"), "--by", operator.username)
    assert set(Person.objects.values_list("ref", flat=True)) == {"", "X1"}
    assert not AuditEntry.objects.filter(action=Action.VIEW).exists()


def test_a_national_importer_is_told_of_every_offices_people(tmp_path, make_staff, other_office):
    services.person_create(
        created_by=None, office=other_office, ref="M1", surname="Хусанов", given_name="Шерзод"
    )
    national = make_staff(Role.COORDINATOR, national_scope=True)
    with pytest.raises(CommandError, match="looks like M1 Хусанов Шерзод"):
        run(csv(tmp_path, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"), "--by", national.username)


def test_a_merged_record_is_not_a_duplicate(tmp_path, office, sherzod):
    survivor = services.person_create(
        created_by=None, office=office, ref="S1", surname="Алиев", given_name="Вали"
    )
    Person.objects.filter(pk=sherzod.pk).update(merged_into=survivor)
    run(csv(tmp_path, "X1,Xusanov,Sherzod,,1991,M,UZ,,\n"))
    assert Person.objects.filter(ref="X1").exists()


def test_an_unknown_choice_is_refused_naming_the_choices(tmp_path, office):
    with pytest.raises(CommandError, match="choose from 'report', 'skip', 'create'"):
        run(csv(tmp_path, NEWCOMER), "--on-duplicate", "merge")
    assert not Person.objects.exists()
