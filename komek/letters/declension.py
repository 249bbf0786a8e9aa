"""Russian case forms for letters: a person's name by petrovich's rules (pytrovich), which
need the person's sex, and the names of countries and organisations by the dictionary of
pymorphy3. Letters only decline Russian: a Kazakh letter keeps names as written."""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from komek.core.dimensions import Sex


class Case(models.TextChoices):
    """The grammatical cases a placeholder can be asked for, with the question each
    answers, as Russian grammar teaches them."""

    GENITIVE = "genitive", _("genitive: of whom, of what")
    DATIVE = "dative", _("dative: to whom, to what")
    ACCUSATIVE = "accusative", _("accusative: whom, what")
    INSTRUMENTAL = "instrumental", _("instrumental: by whom, by what")
    PREPOSITIONAL = "prepositional", _("prepositional: about whom, about what")


PETROVICH_CASES = {
    Case.GENITIVE: PetrovichCase.GENITIVE,
    Case.DATIVE: PetrovichCase.DATIVE,
    Case.ACCUSATIVE: PetrovichCase.ACCUSATIVE,
    Case.INSTRUMENTAL: PetrovichCase.INSTRUMENTAL,
    Case.PREPOSITIONAL: PetrovichCase.PREPOSITIONAL,
}
PYMORPHY_CASES = {
    Case.GENITIVE: "gent",
    Case.DATIVE: "datv",
    Case.ACCUSATIVE: "accs",
    Case.INSTRUMENTAL: "ablt",
    Case.PREPOSITIONAL: "loct",
}
GENDERS = {Sex.MALE: Gender.MALE, Sex.FEMALE: Gender.FEMALE}
# The parts of speech that agree in a name's head: "Кыргызская Республика",
# "Общественное объединение", "Посольство".
AGREEING = frozenset({"ADJF", "PRTF"})


@cache
def _petrovich() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _morph():
    # Imported here: the dictionaries take a moment and memory, which only letters need.
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def person_name(surname: str, given_name: str, patronymic: str, sex: str, case: Case) -> str:
    """The full name in ``case``. Words in another script (a passport's Latin) are kept
    as written: petrovich's rules are for Cyrillic."""
    gender = GENDERS[Sex(sex)]
    parts = (
        (NamePart.LASTNAME, surname),
        (NamePart.FIRSTNAME, given_name),
        (NamePart.MIDDLENAME, patronymic),
    )
    return " ".join(
        _petrovich().make(part, gender, PETROVICH_CASES[case], value) if _cyrillic(value) else value
        for part, value in parts
        if value
    )


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= letter <= "\u04ff" for letter in text)


def phrase(text: str, case: Case) -> str:
    """A name such as "Республика Узбекистан", "Кыргызская Республика" or "Посольство
    Республики Узбекистан в Республике Казахстан" in ``case``: its head (the agreeing
    words up to the first noun in the nominative) is declined, the rest is already in
    its own case and stays ("Республики Узбекистан", "Посольству Республики ...")."""
    words = text.split(" ")
    for index, word in enumerate(words):
        parse = _nominative(word)
        if parse is None:
            return " ".join(words)
        inflected = parse.inflect({PYMORPHY_CASES[case]})
        if inflected is not None:
            words[index] = _like(word, inflected.word)
        if parse.tag.POS not in AGREEING:
            break
    return " ".join(words)


def _nominative(word: str):
    """The reading of ``word`` as a noun or an agreeing word in the nominative, if any."""
    if not _cyrillic(word) or not word.isalpha():
        return None
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and (parse.tag.POS == "NOUN" or parse.tag.POS in AGREEING):
            return parse
    return None


def _like(original: str, word: str) -> str:
    """``word`` (pymorphy3 answers in lower case) written the way ``original`` was."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
