"""Which portal language a browser's Accept-Language header asks for."""

import pytest

from komek.portal.languages import BY_CODE, URL_PATTERN, by_tag, from_accept_language


@pytest.mark.parametrize(
    "header,code",
    [
        ("tg-TJ,tg;q=0.9,ru;q=0.8", "tg"),
        ("ky", "ky"),
        ("uz-Cyrl-UZ,uz;q=0.9", "uz-cyrl"),
        ("uz-UZ", "uz"),
        ("uz-Latn-UZ", "uz"),
        ("de-DE,de;q=0.9,ru;q=0.5", "ru"),
        ("fr;q=0.9,kk;q=0.8,ru;q=0.7", "kk"),
        ("en-GB", "en"),
    ],
)
def test_the_first_language_the_portal_speaks_is_chosen(header, code):
    language = from_accept_language(header)
    assert language is not None
    assert language.code == code


@pytest.mark.parametrize("header", ["", "*", "de-DE,fr;q=0.8", "garbage;;;"])
def test_no_language_is_chosen_when_the_portal_speaks_none(header):
    assert from_accept_language(header) is None


def test_uzbek_without_a_script_is_the_latin_one():
    assert by_tag("uz") == BY_CODE["uz"]
    assert by_tag("UZ-CYRL") == BY_CODE["uz-cyrl"]


def test_the_address_pattern_reads_uzbek_cyrillic_before_uzbek():
    assert URL_PATTERN.split("|")[0] == "uz-cyrl"
