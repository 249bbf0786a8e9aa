"""Two versions of a source segment compared word by word, for the reviewer of an
outdated translation: what was removed and what was added."""

import re
from difflib import SequenceMatcher
from typing import NamedTuple


class Piece(NamedTuple):
    change: str  # "same", "removed" or "added"
    text: str


def _words(text: str) -> list[str]:
    # The spaces stay with their words, so that the pieces put together give the text back.
    return re.findall(r"\S+\s*|\s+", text)


def word_diff(old: str, new: str) -> list[Piece]:
    before, after = _words(old), _words(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces
