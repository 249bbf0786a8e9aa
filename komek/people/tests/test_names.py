import pytest
from hypothesis import given
from hypothesis import strategies as st

from komek.people.names import (
    NEAR_TYPOS,
    UNEQUAL_AT_BEST,
    fold,
    key_similarity,
    name_key,
    normalize,
    query_key,
    similarity,
    trigrams,
    typos_between,
)

KHUSANOV = ["Хусанов Шерзод", "Xusanov Sherzod", "Khusanov Sherzod", "Husanov Sherzot"]
UKTAM = ["Ўктам", "O'ktam", "Oʻktam", "Uktam", "O‘ktam", "Oʼktam", "O’ktam"]


@pytest.mark.parametrize("spelling", KHUSANOV)
def test_every_spelling_of_khusanov_sherzod_folds_alike(spelling):
    assert query_key(spelling) == query_key("Хусанов Шерзод")


@pytest.mark.parametrize("spelling", UKTAM)
def test_every_spelling_and_apostrophe_of_uktam_folds_alike(spelling):
    assert fold(spelling) == "uktam"


@pytest.mark.parametrize(
    "group",
    [
        ["Ҷамшед", "Jamshed", "Dzhamshed", "Джамшед"],
        ["Раҳмон", "Rahmon", "Рахмон"],
        ["Юсупов", "Yusupov", "Iusupov"],
        ["Юлдашев", "Yuldashev", "Iuldashev"],
        ["Ахмедов", "Akhmedov", "Ahmedov", "Axmedov"],
        ["Холматов", "Xolmatov", "Kholmatov"],
        ["Ғулом", "Gʻulom", "G'ulom", "Gulom"],
        ["Қодиров", "Кодиров", "Qodirov", "Kodirov"],
        ["Әсел", "Асель", "Asel"],
        ["Нұрлан", "Нурлан", "Nurlan"],
        ["Абдуллаев", "Abdullayev", "Abdullaev"],
        ["Ёқубов", "Yoqubov"],
    ],
)
def test_scripts_and_transliteration_systems_meet(group):
    assert len({fold(spelling) for spelling in group}) == 1, [fold(s) for s in group]


@pytest.mark.parametrize(
    "letter,folded",
    [
        ("ҳ", "h"),
        ("ҷ", "j"),
        ("ӯ", "u"),
        ("ғ", "g"),
        ("қ", "k"),
        ("ӣ", "i"),
        ("ң", "n"),
        ("ө", "o"),
        ("ү", "u"),
        ("ә", "a"),
        ("ұ", "u"),
        ("һ", "h"),
        ("і", "i"),
        ("ў", "u"),
    ],
)
def test_each_central_asian_letter_has_its_fold(letter, folded):
    assert fold(f"т{letter}т") == f"t{folded}t"


def test_given_name_and_surname_in_either_order_give_one_key():
    assert query_key("Шерзод Хусанов") == name_key("Хусанов", "Шерзод")


def test_the_patronymic_is_optional_in_a_query():
    assert query_key("Хусанов Шерзод Бахтиёрович") == query_key("Хусанов Шерзод")


@pytest.mark.parametrize("particle", ["уулу", "uulu", "кызы", "qizi", "o‘g‘li", "ұлы", "tegin"])
def test_patronymic_particles_are_left_out_of_the_key(particle):
    assert query_key(f"Сарпек {particle} Камырза") == query_key("Камырза Сарпек")


def test_similar_but_different_surnames_rank_below_the_same_name():
    target = query_key("Хусанов Шерзод")
    same = similarity(target, query_key("Husanov Sherzot"))
    for other in ["Хасанов Шерзод", "Хусаинов Шерзод", "Усманов Шерзод"]:
        assert similarity(target, query_key(other)) < same


def test_trigrams_follow_pg_trgm_padding():
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}


def test_similarity_is_pg_trgm_similarity():
    # SELECT similarity('word', 'two words') = 0.36363637 in PostgreSQL.
    assert similarity("word", "two words") == pytest.approx(4 / 11)


@given(st.text())
def test_folding_never_fails_and_is_ascii_lowercase(text):
    folded = fold(text)
    assert folded == folded.lower()
    assert all(char == " " or "a" <= char <= "z" for char in folded)


@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяҳҷӯғқӣңөүәұһіў ", max_size=30))
def test_folding_a_fold_changes_nothing_more_than_devoicing(text):
    once = fold(text)
    assert len(fold(once)) <= len(once)


def _typos(left: str, right: str) -> int:
    """The optimal string alignment distance over the whole table."""
    table = [
        [i + j if not i * j else 0 for j in range(len(right) + 1)] for i in range(len(left) + 1)
    ]
    for i in range(1, len(left) + 1):
        for j in range(1, len(right) + 1):
            table[i][j] = min(
                table[i - 1][j] + 1,
                table[i][j - 1] + 1,
                table[i - 1][j - 1] + (left[i - 1] != right[j - 1]),
            )
            if i > 1 and j > 1 and left[i - 1] == right[j - 2] and left[i - 2] == right[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@given(st.text(alphabet="abc ", max_size=8), st.text(alphabet="abc ", max_size=8))
def test_typos_between_counts_up_to_its_bound_as_the_whole_table_does(left, right):
    assert typos_between(left, right) == min(_typos(left, right), NEAR_TYPOS + 1)


@pytest.mark.parametrize(
    ("left", "right", "typos"),
    [("karimof", "kairmof", 1), ("karimof", "karimf", 1), ("karimof", "kaumof", 2), ("ab", "", 2)],
)
def test_typos_between_counts_swaps_as_one(left, right, typos):
    assert typos_between(left, right) == typos


def test_only_the_same_key_is_wholly_similar():
    assert key_similarity("azis boboef", "azis boboef") == 1.0
    assert similarity("azis boboef", "azis boboboef") == 1.0
    assert key_similarity("azis boboef", "azis boboboef") == UNEQUAL_AT_BEST


def test_a_swap_of_two_letters_is_nearer_than_another_name():
    query = query_key("Каирмов Отабек")
    swapped = key_similarity(query, query_key("Каримов Отабек"))
    assert swapped > key_similarity(query, query_key("Қаюмов Отабек"))
    assert swapped > similarity(query, query_key("Каримов Отабек"))
