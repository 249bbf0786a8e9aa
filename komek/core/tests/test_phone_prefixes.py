"""A number typed in part stands for the beginnings of the E.164 numbers it may be."""

import pytest

from komek.core.phones import number_prefixes


@pytest.mark.parametrize(
    ("typed", "prefixes"),
    [
        ("+998 90 123", ["+99890123"]),
        ("998 90 123", ["+99890123"]),
        ("8 701 123", ["+7701123"]),
        ("7 701 123", ["+7701123"]),
        ("701 1234", ["+77011234"]),
        ("901234567", ["+998901234567", "+992901234567", "+996901234567"]),
    ],
)
def test_a_number_typed_in_part_stands_for_the_numbers_it_may_begin(typed, prefixes):
    assert number_prefixes(typed) == prefixes


@pytest.mark.parametrize("typed", ["+998 90", "8 701", "90 1", ""])
def test_too_little_of_a_number_stands_for_nothing(typed):
    assert number_prefixes(typed) == []
