"""Cyrillic names in Latin letters for readers of English: Russian and Kazakh letters, and
the Uzbek and Tajik ones office and partner names carry, after the BGN/PCGN romanisation
(``Қарағанды`` → ``Qaraghandy``, ``Посольство`` → ``Posolstvo``). For display only; name
search folds names its own way (``komek/people/names.py``)."""

LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "gh",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "ҷ": "j",
    "з": "z",
    "и": "i",
    "ӣ": "i",
    "і": "i",
    "й": "y",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "o'",
    "ӯ": "u",
    "ү": "u",
    "ұ": "u",
    "ф": "f",
    "х": "kh",
    "ҳ": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def to_latin(text: str) -> str:
    """``text`` with every Cyrillic letter romanised; an upper-case letter gives an
    initial capital (``Ш`` → ``Sh``); anything else is kept as it is."""
    out = []
    for char in text:
        latin = LATIN.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)
