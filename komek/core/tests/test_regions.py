import pycountry
from django.utils import translation

from komek.core import regions


def test_every_region_of_the_standard_has_a_name_and_a_tile_of_its_own():
    codes = {subdivision.code for subdivision in pycountry.subdivisions.get(country_code="KZ")}
    assert {region.code for region in regions.regions()} == codes
    assert len(codes) == 20
    tiles = [region.tile for region in regions.regions()]
    assert None not in tiles
    assert len(set(tiles)) == len(tiles)


def test_the_regions_created_in_2022_are_there_in_the_readers_language():
    with translation.override("en"):
        assert str(regions.label("KZ-10")) == "Abai Region"
        assert str(regions.label("KZ-33")) == "Jetisu Region"
        assert str(regions.label("KZ-62")) == "Ulytau Region"
    assert [region.code for region in regions.regions() if region.is_city] == [
        "KZ-71",
        "KZ-75",
        "KZ-79",
    ]


def test_a_code_the_standard_dropped_is_shown_as_it_is():
    assert regions.label("KZ-AST") == "KZ-AST"
