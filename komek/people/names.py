"""Komek's own name folding: one ASCII skeleton for every script and spelling of a name.

``Хусанов``, ``Xusanov``, ``Khusanov`` and ``Husanov`` fold to ``husanof``; ``Ўктам``,
``O'ktam``, ``Oʻktam`` and ``Uktam`` to ``uktam``. Generic transliterators drop the
Central Asian letters (ҳ ҷ ӯ ғ қ ӣ ң ө ү ә ұ һ і ў) or render them one way only, so the
tables here are explicit; docs/names.md documents them and DOMAIN.md §4 gives the sources.
The similarity measure is pg_trgm's, so SQLite ranks exactly as PostgreSQL does.
"""

import re
import unicodedata

# Every character people type for the Uzbek oʻ/gʻ sign or an apostrophe (DOMAIN.md §4.1).
APOSTROPHES = "\u02bb\u2018\u2019\u0027\u02bc\u0060\u00b4\u02b9\u2032"

# Cyrillic letters of Russian, Uzbek, Tajik, Kyrgyz and Kazakh -> skeleton letters.
# Skeleton symbols: w = ш/щ/sh, c = ч/ch, j = ж/ҷ/дж/zh/j, h = х/ҳ/һ/kh/x/h.
CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "o",
    "ж": "j",
    "ҷ": "j",
    "з": "z",
    "и": "i",
    "ӣ": "i",
    "і": "i",
    "й": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "u",
    "ӯ": "u",
    "ү": "u",
    "ұ": "u",
    "ф": "f",
    "х": "h",
    "ҳ": "h",
    "һ": "h",
    "ц": "s",
    "ч": "c",
    "ш": "w",
    "щ": "w",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "u",
    "я": "a",
}

# Latin digraphs first (longest first), then single letters. Covers ICAO 9303, the old
# Soviet/MVD system, Uzbek Latin (1995), Turkic Latin letters and common variants.
LATIN_DIGRAPHS = [
    ("shch", "w"),
    ("dzh", "j"),
    ("sh", "w"),
    ("ch", "c"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ts", "s"),
    ("yu", "u"),
    ("iu", "u"),
    ("ya", "a"),
    ("ia", "a"),
    ("yo", "o"),
    ("io", "o"),
    ("ye", "e"),
    ("ie", "e"),
]
LATIN = {
    "x": "h",
    "q": "k",
    "y": "i",
    "w": "v",
    "c": "s",
    "ü": "u",
    "ö": "o",
    "ı": "i",
    "ş": "w",
    "ç": "c",
    "ğ": "g",
    "ä": "a",
    "ə": "a",
    "é": "e",
    "ñ": "n",
}

# Words that mark a patronymic rather than a name: "Anvar qizi", "Sarpek uulu", "Нұрлан ұлы".
PARTICLES = frozenset({"uulu", "kizi", "ugli", "uli", "ulu", "tegin", "bin", "binti"})
PATRONYMIC_ENDINGS = ("ovic", "evic", "ovna", "evna", "ic", "icna")

# One pass, digraphs before single letters, so no output is mapped twice.
_LATIN_MAP = {**LATIN, **dict(LATIN_DIGRAPHS)}
_LATIN_RE = re.compile(
    "|".join(re.escape(source) for source, _ in LATIN_DIGRAPHS) + f"|[{''.join(LATIN)}]"
)
_SCRIPT_RUNS = re.compile(f"[{''.join(CYRILLIC)}]+|[^{''.join(CYRILLIC)}]+")
_FINAL_DEVOICING = {"d": "t", "b": "p", "g": "k", "v": "f", "z": "s"}


# Characters that draw nothing: besides the format (Cf: zero-width spaces and joiners,
# direction marks, embeddings, overrides and isolates, the byte order mark) and control
# (Cc) categories, the fillers that are letters or marks to Unicode but blank on screen.
BLANK_CHARACTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10)))
)


def is_invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc") or char in BLANK_CHARACTERS


def visible_name(text: str) -> str:
    """``text`` without the characters that draw nothing, trimmed. A name made only of
    them (a blank that looks filled, or text reversed by a direction override) raises
    ValueError: it would be a record nobody can read or find."""
    visible = "".join(char for char in text if not is_invisible(char)).strip()
    if text.strip() and not visible:
        raise ValueError(f"no visible character in {text!r}")
    return visible


def normalize(text: str) -> str:
    """NFC, lower case, one apostrophe character, single spaces, no hyphens in names."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = "".join("'" if char in APOSTROPHES else char for char in text)
    text = text.replace("-", "")
    return " ".join(text.split())


def _fold_latin(run: str) -> str:
    # Uzbek Latin oʻ is the vowel ў (≈ u); gʻ is ғ (≈ g). Other apostrophes are dropped.
    run = run.replace("o'", "u").replace("g'", "g").replace("'", "")
    run = _LATIN_RE.sub(lambda match: _LATIN_MAP[match.group()], run)
    decomposed = unicodedata.normalize("NFD", run)
    return "".join(char for char in decomposed if "a" <= char <= "z")


def _fold_cyrillic(run: str) -> str:
    # Russian writes the Tajik ҷ and the Uzbek j as дж.
    return "".join(CYRILLIC[char] for char in run.replace("дж", "ҷ"))


def _fold_word(word: str) -> str:
    # Cyrillic and Latin runs fold separately, so skeleton letters made from Cyrillic
    # (c for ч, w for ш) are never read again as Latin spellings.
    word = "".join(
        _fold_cyrillic(run) if run[0] in CYRILLIC else _fold_latin(run)
        for run in _SCRIPT_RUNS.findall(word)
    )
    word = re.sub(r"(.)\1+", r"\1", word)
    if len(word) > 2 and word[-1] in _FINAL_DEVOICING:
        word = word[:-1] + _FINAL_DEVOICING[word[-1]]
    return word


def fold(text: str) -> str:
    """The ASCII skeleton of a name or names, word by word."""
    return " ".join(word for word in map(_fold_word, normalize(text).split()) if word)


def tokens(text: str) -> list[str]:
    """Folded words of a name, without the patronymic particles (uulu, qizi, o'g'li...)."""
    return [word for word in fold(text).split() if word not in PARTICLES]


def is_patronymic(token: str) -> bool:
    return token.endswith(PATRONYMIC_ENDINGS) and len(token) > 4


def name_key(surname: str, given_name: str) -> str:
    """The order-independent key of a person's name; the patronymic is not part of it."""
    return " ".join(sorted(tokens(f"{surname} {given_name}")))


def query_key(text: str) -> str:
    """The key for free text typed in a search box, in any order, patronymic optional."""
    words = tokens(text)
    if len(words) > 2:
        words = [word for word in words if not is_patronymic(word)] or words
    return " ".join(sorted(words))


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in re.findall(r"[0-9a-z]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[index : index + 3] for index in range(len(padded) - 2))
    return grams


def similarity(left: str | None, right: str | None) -> float:
    """pg_trgm's ``similarity()``: shared trigrams over all trigrams of both."""
    first, second = trigrams(left or ""), trigrams(right or "")
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


# Two keys at most this many typos apart are scored by the letters no typo touched as well
# as by trigrams; a key other than the query's scores at most UNEQUAL_AT_BEST.
NEAR_TYPOS = 2
UNEQUAL_AT_BEST = 0.99


def typos_between(left: str, right: str, *, at_most: int = NEAR_TYPOS) -> int:
    """The letters dropped, added or changed and the neighbours swapped that make one
    string of the other (the optimal string alignment distance), or ``at_most + 1`` once
    they are more: only the cells within ``at_most`` of the diagonal are worked out."""
    if abs(len(left) - len(right)) > at_most:
        return at_most + 1
    beyond = at_most + 1
    before, row = [], list(range(len(right) + 1))
    for i, letter in enumerate(left, 1):
        current = [i] + [beyond] * len(right)
        for j in range(max(1, i - at_most), min(len(right), i + at_most) + 1):
            cost = letter != right[j - 1]
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and letter == right[j - 2] and left[i - 2] == right[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > at_most:
            return beyond
        before, row = row, current
    return min(row[-1], beyond)


def key_similarity(query: str, key: str) -> float:
    """How alike a folded query and a stored key are, for ranking: 1 only for the same
    key; otherwise the greater of their trigram similarity and, for a key a typo or two
    away, the share of its letters no typo touched, at most UNEQUAL_AT_BEST. Trigrams
    alone rank a swap of two letters (which breaks three of them) below another name,
    and a name whose trigrams are the query's (``boboboef`` for ``boboef``) level with
    the name itself."""
    if query == key:
        return 1.0
    typos = typos_between(query, key)
    near = 1.0 - typos / max(len(query), len(key)) if typos <= NEAR_TYPOS else 0.0
    return min(UNEQUAL_AT_BEST, max(similarity(query, key), near))
