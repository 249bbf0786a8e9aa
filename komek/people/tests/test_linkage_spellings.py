"""What the linkage reads of a record besides its own spelling: the registry's common
spelling of a rare one, and how far two dates known only in part agree."""

import pytest

from komek.people.linkage import model
from komek.people.linkage.records import linkage_record, load

PHONE = "+998901234567"


def _record(pk: int, surname: str, given: str, born=(1990, 5, 17), phone: str = PHONE) -> dict:
    year, month, day = born
    person = {
        "pk": pk,
        "ref": f"P-{pk}",
        "office_id": 1,
        "surname": surname,
        "given_name": given,
        "patronymic": "",
        "latin_surname": "",
        "latin_given_name": "",
        "born_year": year,
        "born_month": month,
        "born_day": day,
        "citizenship": "UZ",
        "sex": "M",
    }
    return linkage_record(person, phones=[phone])


def _fixed(con) -> dict[int, tuple]:
    rows = con.execute(
        "SELECT unique_id, surname_fix, given_fix, name_fix FROM people ORDER BY unique_id"
    ).fetchall()
    return {pk: tuple(values) for pk, *values in rows}


@pytest.fixture
def con(tmp_path):
    return model.connect(str(tmp_path))


def test_a_rare_spelling_one_typo_from_a_common_one_is_read_as_the_common_one(con):
    common = [_record(pk, "Rahimov", "Anvar") for pk in range(1, 11)]
    load(con, [[*common, _record(11, "Rahimkov", "Anvar"), _record(12, "Anvar", "Rhaimov")]])

    fixed = _fixed(con)

    assert fixed[1] == ("rahimof", "anvar", "anvar rahimof")
    assert fixed[11] == fixed[1]
    # Swapped names: the surname field holds the given name, and the letters are swapped.
    assert fixed[12] == ("anvar", "rahimof", "anvar rahimof")


def test_two_common_spellings_a_letter_apart_are_both_kept(con):
    men = [_record(pk, "Karimov", "Anvar") for pk in range(1, 11)]
    women = [_record(pk, "Karimova", "Aziza") for pk in range(11, 21)]
    load(con, [[*men, *women]])

    fixed = _fixed(con)

    assert fixed[1][0] == "karimof"
    assert fixed[11][0] == "karimova"


@pytest.mark.parametrize(
    ("rare", "why"),
    [
        ("Rahmikov", "two edits away"),
        ("Zokirov", "a name of its own"),
    ],
)
def test_a_spelling_not_one_typo_from_a_common_one_is_left_as_written(con, rare, why):
    common = [_record(pk, "Rahimov", "Anvar") for pk in range(1, 11)]
    load(con, [[*common, _record(11, rare, "Anvar")]])

    assert _fixed(con)[11][0] != "rahimof", why


def test_a_spelling_only_a_few_times_as_common_is_not_taken_for_a_typo(con):
    load(
        con,
        [
            [
                *(_record(pk, "Rahimov", "Anvar") for pk in range(1, 5)),
                _record(5, "Rahimkov", "Anvar"),
            ]
        ],
    )

    assert _fixed(con)[5][0] == "rahimkof"


def test_a_record_without_a_surname_has_no_corrected_name(con):
    load(con, [[_record(1, "", "Anvar"), _record(2, "Rahimov", "Anvar")]])

    assert _fixed(con)[1] == (None, "anvar", None)


def _born_level(con, first: tuple, second: tuple) -> str:
    load(con, [[_record(1, "Rahimov", "Anvar", first), _record(2, "Rahimov", "Anvar", second)]])
    (edge,) = model.predict(con, model.train(con), threshold=0.0)
    return edge.reasons["born"]["level"]


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        ((1990, 5, 17), (1990, 5, 17), "same date"),
        ((1990, 5, 7), (1990, 7, 5), "day and month swapped"),
        ((1990, 5, None), (1990, 5, None), "same year and month, neither day known"),
        ((1990, 5, None), (1990, 5, 17), "same year and month, one day unknown"),
        ((1990, 5, 17), (1990, 5, 18), "same year and month, another day"),
        ((1990, None, None), (1990, None, None), "same year, both known to the year only"),
        ((1990, 1, 1), (1990, None, None), "same year, both known to the year only"),
        ((1990, None, None), (1990, 5, 17), "same year, one date known to the year only"),
        ((1990, 5, 17), (1990, 6, 17), "same year, another day"),
        ((1990, 5, 17), (1991, 5, 17), "same day and month, a year apart"),
    ],
)
def test_two_dates_are_compared_by_how_much_of_each_is_known(con, first, second, level):
    assert _born_level(con, first, second) == level
