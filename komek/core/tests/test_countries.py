"""Country names from CLDR, with the region's own forms where they differ."""

import pytest
from django.utils import translation

from komek.core.countries import country_code, country_name


@pytest.mark.parametrize(
    "text,code",
    [
        ("UZ", "UZ"),
        ("Узбекистан", "UZ"),
        ("Өзбекстан", "UZ"),
        ("Uzbekistan", "UZ"),
        ("Кыргызстан", "KG"),
        ("Киргизия", "KG"),
        ("Кыргызская  Республика", "KG"),
        ("Республика Таджикистан", "TJ"),
        ("Атлантида", None),
    ],
)
def test_country_codes_from_names_as_tables_write_them(text, code):
    assert country_code(text) == code


def test_kyrgyzstan_is_shown_by_its_own_name_in_russian():
    with translation.override("ru"):
        assert country_name("KG") == "Кыргызстан"
    with translation.override("kk"):
        assert country_name("KG") == "Қырғызстан"
    with translation.override("en"):
        assert country_name("KG") == "Kyrgyzstan"
