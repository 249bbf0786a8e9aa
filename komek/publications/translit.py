"""Uzbek between its Latin and Cyrillic scripts, for a reviewer to check.

The Latin alphabet is the one of 1995 as amended: oʻ and gʻ carry the turned comma
U+02BB (ʻ), the tutuq belgisi (the Cyrillic ъ) is the modifier apostrophe U+02BC (ʼ).
Typed look-alikes (', ’, `, ‘) after o and g are read as U+02BB. Letters Uzbek Latin
does not have (ц, щ, ы, ь) are written as the 1995 rules say and cannot come back:
a transliterated draft is always reviewed."""

OKINA = "\u02bb"  # ʻ in oʻ, gʻ
TUTUQ = "\u02bc"  # ʼ, the Cyrillic ъ
OKINA_LOOKALIKES = OKINA + "'’`‘"
CYRILLIC_VOWELS = set("аеёиоуўэюя")
CYRILLIC_SEPARATORS = CYRILLIC_VOWELS | {"ъ", "ь"}

CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "x",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": TUTUQ,
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "o" + OKINA,
    "қ": "q",
    "ғ": "g" + OKINA,
    "ҳ": "h",
}

LATIN_TO_CYRILLIC = {
    "a": "а",
    "b": "б",
    "d": "д",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
}
LATIN_DIGRAPHS = {"sh": "ш", "ch": "ч", "ya": "я", "yo": "ё", "yu": "ю", "ye": "е"}


def _cased(text: str, upper: bool, whole_word_upper: bool) -> str:
    if not upper:
        return text
    return text.upper() if whole_word_upper else text[:1].upper() + text[1:]


def _is_upper_letter(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalpha() and text[index].isupper()


def cyrillic_to_latin(text: str) -> str:
    """Uzbek Cyrillic written in the Latin alphabet; other characters unchanged."""
    out = []
    for index, char in enumerate(text):
        lower = char.lower()
        previous = text[index - 1].lower() if index else ""
        if lower == "е":
            latin = "ye" if not previous.isalpha() or previous in CYRILLIC_SEPARATORS else "e"
        elif lower == "ц":
            latin = "ts" if previous in CYRILLIC_VOWELS else "s"
        elif lower == "с" and text[index + 1 : index + 2].lower() == "ҳ":
            # "сҳ" is two sounds; "sh" would read as ш.
            latin = "s" + TUTUQ
        elif lower in CYRILLIC_TO_LATIN:
            latin = CYRILLIC_TO_LATIN[lower]
        else:
            out.append(char)
            continue
        shouting = _is_upper_letter(text, index + 1) or (
            _is_upper_letter(text, index - 1) and not text[index + 1 : index + 2].isalpha()
        )
        out.append(_cased(latin, char.isupper(), shouting))
    return "".join(out)


def latin_to_cyrillic(text: str) -> str:
    """Uzbek Latin written in the Cyrillic alphabet; other characters unchanged."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        lower = char.lower()
        following = text[index + 1 : index + 2]
        pair = (char + following).lower()
        step = 1
        if lower in "og" and following and following in OKINA_LOOKALIKES:
            cyrillic, step = ("ў" if lower == "o" else "ғ"), 2
        elif lower == "s" and following == TUTUQ and text[index + 2 : index + 3].lower() == "h":
            cyrillic, step = "сҳ", 3
        elif pair in LATIN_DIGRAPHS and not (
            pair == "yo" and text[index + 2 : index + 3] in OKINA_LOOKALIKES
        ):
            cyrillic, step = LATIN_DIGRAPHS[pair], 2
        elif lower == "e":
            previous = out[-1].lower() if out else ""
            cyrillic = "э" if not previous.isalpha() or previous in CYRILLIC_VOWELS else "е"
        elif char in TUTUQ + "'’" and out and out[-1].isalpha() and following.isalpha():
            cyrillic = "ъ"
        elif lower in LATIN_TO_CYRILLIC:
            cyrillic = LATIN_TO_CYRILLIC[lower]
        else:
            out.append(char)
            index += 1
            continue
        if char.isupper():
            cyrillic = (
                cyrillic.upper() if len(cyrillic) == 1 else cyrillic[0].upper() + cyrillic[1:]
            )
        out.append(cyrillic)
        index += step
    return "".join(out)
