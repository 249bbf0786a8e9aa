"""Territories written many ways in official tables and in the partners directory
("г. Астана", "Астана қаласы", "Nur-Sultan") folded to one key for matching."""

import re

# Names a city has had (the capital was Astana until 2019 and again since 2022) and the
# Latin spellings of the cities where the centre has offices.
ALIASES = {
    "нур-султан": "астана",
    "nur-sultan": "астана",
    "astana": "астана",
    "almaty": "алматы",
    "shymkent": "шымкент",
}
CITY_WORDS = re.compile(r"\b(г|город|гор|қаласы|city|city of)\b\.?", re.IGNORECASE)
SPACES = re.compile(r"\s+")


def territory_key(name: str) -> str:
    folded = CITY_WORDS.sub(" ", name.casefold().replace("ё", "е"))
    folded = SPACES.sub(" ", folded.replace(".", " ")).strip(" ,")
    return ALIASES.get(folded, folded)
