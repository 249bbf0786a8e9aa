"""Uzbek between Latin and Cyrillic, with oʻ and gʻ written with U+02BB both ways."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from komek.publications.translit import OKINA, cyrillic_to_latin, latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oʻzbekiston Respublikasi", "Ўзбекистон Республикаси"),
        ("gʻalaba", "ғалаба"),
        ("yoʻl", "йўл"),
        ("Ishchi, choy, shahar", "Ишчи, чой, шаҳар"),
        ("yer, yangi, yoz, yuz", "ер, янги, ёз, юз"),
        ("ertaga, poeziya", "эртага, поэзия"),
        ("maʼno", "маъно"),
        ("Isʼhoq", "Исҳоқ"),
        ("OʻZBEKISTON", "ЎЗБЕКИСТОН"),
        ("SHAHAR", "ШАҲАР"),
        ("Qoʻqon", "Қўқон"),
        ("2026-yil, «Ish haqi»", "2026-йил, «Иш ҳақи»"),
    ],
)
def test_both_ways(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic
    assert cyrillic_to_latin(cyrillic) == latin


def test_the_okina_is_u02bb_whatever_apostrophe_was_typed():
    for typed in ("'", "’", "`", "‘", OKINA):
        assert latin_to_cyrillic(f"O{typed}zbek g{typed}isht") == "Ўзбек ғишт"
    assert cyrillic_to_latin("ўғил") == "o\u02bbg\u02bbil"
    assert "\u02bb" in cyrillic_to_latin("Ў") and "'" not in cyrillic_to_latin("Ў")


def test_letters_uzbek_latin_lacks_are_written_as_the_rules_say():
    assert cyrillic_to_latin("цирк, милиция, апрель") == "sirk, militsiya, aprel"


CONSONANTS = list("бвгджзклмнпрстфхчшқғҳ")
VOWELS = list("аиоуўе")
INITIALS = ["", "э", "е", "ё", "ю", "я"]
syllable = st.tuples(st.sampled_from(CONSONANTS), st.sampled_from(VOWELS)).map("".join)
word = st.tuples(st.sampled_from(INITIALS), st.lists(syllable, min_size=1, max_size=4)).map(
    lambda parts: parts[0] + "".join(parts[1])
)
capitalised = st.tuples(word, st.booleans()).map(lambda w: w[0].capitalize() if w[1] else w[0])
sentence = st.lists(capitalised, min_size=1, max_size=8).map(" ".join)


@given(sentence)
def test_uzbek_words_come_back_unchanged_from_the_other_script(text):
    latin = cyrillic_to_latin(text)
    assert latin_to_cyrillic(latin) == text
    assert cyrillic_to_latin(latin_to_cyrillic(latin)) == latin
