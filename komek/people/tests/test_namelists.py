import random
import re
from collections import Counter

import pytest

from komek.people.namelists import NATIONALITIES, draw, passport_latin


@pytest.mark.parametrize(
    "name,code,latin",
    [
        ("Абдуллаев", "UZ", "Abdullayev"),
        ("Ергаш", "UZ", "Yergash"),
        ("Хўжақулов", "UZ", "Xoʻjaqulov"),
        ("Ғуломов", "UZ", "Gʻulomov"),
        ("Раъно", "UZ", "Raʼno"),
        ("Ҷамшед", "TJ", "Jamshed"),
        ("Фирӯзаи", "TJ", "Firuzai"),
        ("Ғафурзода", "TJ", "Ghafurzoda"),
        ("Кеңешов", "KG", "Keneshov"),
        ("Жоомарт", "KG", "Zhoomart"),
        ("Өмүрбеков", "KG", "Omurbekov"),
    ],
)
def test_a_name_is_put_in_the_latin_of_its_country_s_passport(name, code, latin):
    assert passport_latin(name, code) == latin


def test_every_list_names_each_person_once_in_a_cyrillic_and_a_latin_spelling():
    for _code, _share, *lists in NATIONALITIES:
        for names in lists:
            assert len(names) == len(set(names))
            for cyrillic, latin in names:
                assert re.fullmatch("[\u0400-\u04ff]+", cyrillic)
                assert re.fullmatch("[A-Za-zʻʼ]+", latin)


def test_surnames_are_made_from_ancestors_names_with_the_national_endings():
    surnames = {
        code: {latin for _cyrillic, latin in lists[2]} for code, _share, *lists in NATIONALITIES
    }
    assert {"Karimov", "Tojiboyev", "Eshqulov", "Mamatqulov"} <= surnames["UZ"]
    assert {"Karimzoda", "Safarov", "Odinaev"} <= surnames["TJ"]
    assert {"Asanov", "Esenbekov", "Turdubaev"} <= surnames["KG"]
    assert "Eshqulboyev" not in surnames["UZ"]


def test_common_names_are_drawn_more_often_and_no_name_crowds_the_registry():
    _code, _share, males, _females, surnames = NATIONALITIES[0]
    rng = random.Random(1)
    drawn = Counter((draw(surnames, rng), draw(males, rng)) for _ in range(50_000))
    given = Counter()
    for (_surname, name), count in drawn.items():
        given[name] += count
    assert given[males[0]] > 3 * given[males[-1]] > 0
    assert given[males[0]] < 50_000 / 20
    assert len(drawn) > 20_000
    assert drawn.most_common(1)[0][1] < 50
