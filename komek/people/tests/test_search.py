"""Name search finds typos, other transliterations and swapped names through the
vocabulary of name words and the key index, so its recall does not depend on how far the
global fuzzy scan gets before its timeout."""

import pytest

from komek.people import search, services
from komek.people.search import BirthQuery, search_people


def register(office, surname, given_name, **fields):
    return services.person_create(
        created_by=None, office=office, surname=surname, given_name=given_name, **fields
    )


@pytest.fixture
def without_fuzzy_scan(monkeypatch):
    """Fail a test that reaches the global fuzzy scan."""

    def refuse(key, limit):
        raise AssertionError(f"the fuzzy scan ran for {key!r}")

    monkeypatch.setattr(search, "_fuzzy", refuse)


@pytest.fixture
def dilshod(office):
    register(office, "Нормухамедов", "Ойбек")
    register(office, "Носиров", "Дилшод")
    return register(office, "Норматов", "Дилшод")


@pytest.mark.parametrize(
    "query",
    ["Нормтов Дилшод", "Норммматов Дилшод", "Нормадов Дилшод", "Нормаотв Дилшод", "Нрматов Дилшод"],
    ids=["letter dropped", "letter added", "letter changed", "letters swapped", "second dropped"],
)
def test_a_one_letter_typo_in_the_surname_is_found_without_the_fuzzy_scan(
    dilshod, without_fuzzy_scan, query
):
    assert search_people(query)[0].person == dilshod


def test_a_typo_that_breaks_most_trigrams_of_a_short_word_is_still_corrected(
    office, without_fuzzy_scan
):
    aziza = register(office, "Алиева", "Азиза")
    register(office, "Азимова", "Азиза")
    assert search_people("лАиева Азиза")[0].person == aziza


def test_another_transliteration_is_found_without_the_fuzzy_scan(office, without_fuzzy_scan):
    # ICAO's "ie" is a Russian е, so "Aliev" folds one letter away from "Алиев".
    javohir = register(office, "Алиев", "Жавоҳир")
    register(office, "Алимов", "Жасур")
    assert search_people("Aliev Javohir")[0].person == javohir


def test_given_name_and_surname_swapped_are_found_without_the_fuzzy_scan(
    dilshod, without_fuzzy_scan
):
    assert search_people("Дилшод Нормтов")[0].person == dilshod


def test_a_typo_is_found_among_the_people_born_that_year_first(office, without_fuzzy_scan):
    register(office, "Норматов", "Дилшод", born_year=1980)
    born_1991 = register(office, "Норматов", "Дилшод", born_year=1991)
    assert search_people("Нормтов Дилшод", born=BirthQuery(year=1991))[0].person == born_1991


def test_the_fuzzy_scan_is_the_last_resort_for_a_name_no_candidate_key_finds(office):
    # One word of a two-word name is no one's whole key.
    person = register(office, "Хусанов", "Шерзод")
    assert search_people("Хусанов")[0].person == person


def test_a_fuzzy_scan_cut_by_its_timeout_loses_nothing_the_vocabulary_finds(dilshod, monkeypatch):
    monkeypatch.setattr(search, "_fuzzy", lambda key, limit: {})
    assert search_people("Нормтов Дилшод")[0].person == dilshod


def test_a_long_query_reads_a_bounded_number_of_keys(office):
    for surname in ["Норматов", "Нормадов", "Норманов", "Нормуродов", "Нурматов"]:
        register(office, surname, "Дилшод Шерзод Ойбек")
    keys = search._candidate_keys("dilwot normatof oibek werzot")
    assert len(keys) <= search.MAX_CANDIDATE_KEYS


def test_a_namesake_whose_own_name_matches_comes_before_one_known_by_it_as_an_alias(office):
    # The intake misspelt this one's surname; the passport spelling is the query's.
    misspelt = register(
        office, "Азимвоа", "Мадина", latin_surname="Azimova", latin_given_name="Madina"
    )
    spelt_right = register(office, "Азимова", "Мадина")
    found = [match.person for match in search_people("Azimova Madina")]
    assert found == [spelt_right, misspelt]


def test_a_name_whose_trigrams_are_the_querys_comes_after_the_name_itself(
    office, without_fuzzy_scan
):
    # "boboboef" has every trigram of "boboef" and no other: pg_trgm scores them 1.0.
    longer = register(office, "Бобобоев", "Азиз")
    boboev = register(office, "Бобоев", "Азиз")
    found = search_people("Boboev Aziz")
    assert [match.person for match in found] == [boboev, longer]
    assert found[0].score == 1.0 > found[1].score


def test_two_letters_swapped_rank_above_a_name_nearer_by_trigrams(office, without_fuzzy_scan):
    # The swap breaks three trigrams of "karimof"; "kaumof" keeps more of "kairmof"'s.
    karimov = register(office, "Каримов", "Отабек")
    register(office, "Қаюмов", "Отабек")
    assert search_people("Каирмов Отабек")[0].person == karimov
