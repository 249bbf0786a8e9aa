"""Who may already be registered as the person about to be: the one check the hotline's
registration, the person form and the import make before creating a record, so that a
caller who rings twice does not become two people.

Two records look alike when their names fold to the same key in any script or spelling
(and their years of birth agree, or one is unknown), or when they share a phone number.
``Likeness`` is what a record is compared by, ``Alike`` applies the rule to records held
in memory (the rows of a file), and ``similar_among`` to the registry, many at a time."""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Generic, TypeVar

from django.db.models import QuerySet

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.phones import InvalidPhone, to_e164
from komek.core.staging import batches
from komek.people import names
from komek.people.models import Person, PersonName, Phone

SIMILAR_LIMIT = 5

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Likeness:
    """What a record is compared by: its folded name key, year of birth and phones; the
    month and day of birth, when known, rank the records it matches."""

    key: str
    born_year: int | None = None
    numbers: frozenset[str] = frozenset()
    born_month: int | None = None
    born_day: int | None = None

    @classmethod
    def of(
        cls,
        *,
        surname: str,
        given_name: str,
        born_year: int | None,
        numbers: Iterable[str],
        born_month: int | None = None,
        born_day: int | None = None,
    ) -> "Likeness":
        """``numbers`` in E.164."""
        return cls(
            names.name_key(surname, given_name),
            born_year,
            frozenset(numbers),
            born_month,
            born_day,
        )

    def nearness(self, person: Person, *, phoned: bool) -> tuple[bool, bool, int]:
        """How near ``person``, one it matches, is to this record, nearest the least: a
        phone in common first, then a date of birth that agrees, the more of it the
        better (a year alone agrees with any day of that year, and disagrees with none)."""
        parts = [(self.born_month, person.born_month), (self.born_day, person.born_day)]
        known = [(asked, held) for asked, held in parts if asked is not None and held is not None]
        agree = sum(asked == held for asked, held in known)
        return (not phoned, agree < len(known), -agree)


class Alike(Generic[T]):
    """Records (any hashable handle) indexed by name key and year, and by phone, to answer
    which of them a likeness matches."""

    def __init__(self) -> None:
        self._by_key: defaultdict[str, defaultdict[int | None, list[T]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._by_number: defaultdict[str, list[T]] = defaultdict(list)

    def add(self, item: T, likeness: Likeness) -> None:
        if likeness.key:
            self._by_key[likeness.key][likeness.born_year].append(item)
        for number in likeness.numbers:
            self._by_number[number].append(item)

    def sharing(self, numbers: Iterable[str]) -> set[T]:
        """The records that hold one of ``numbers``."""
        return {item for number in numbers for item in self._by_number.get(number, ())}

    def like(self, likeness: Likeness, *, limit: int | None = None) -> list[T]:
        """The records that ``likeness`` matches, each once: by name (born the same year,
        then in an unknown year), then by phone; the first ``limit`` of them."""
        years = self._by_key.get(likeness.key, {})
        if likeness.born_year is None:
            by_name = list(years.values())
        else:
            by_name = [years.get(likeness.born_year, []), years.get(None, [])]
        candidates = chain(
            *by_name, *(self._by_number.get(number, ()) for number in likeness.numbers)
        )
        found: dict[T, None] = {}
        for item in candidates:
            if limit is not None and len(found) == limit:
                break
            found[item] = None
        return list(found)


def similar_among(
    people: QuerySet[Person], likenesses: Sequence[Likeness], *, limit: int = SIMILAR_LIMIT
) -> list[list[Person]]:
    """For each likeness, up to ``limit`` people of ``people`` (never a merged record) who
    may be the same person, by surname and given name.

    Read through the name key and phone indexes, a few queries for the whole list; the
    scope applies when the people found are read, which keeps the one-record check at a
    few milliseconds (joining the scope into the index queries made it five times
    slower on SQLite). The caller scopes ``people`` and audits what it shows."""
    people = people.filter(merged_into__isnull=True)
    alike: Alike[int] = Alike()
    keys = sorted({likeness.key for likeness in likenesses if likeness.key})
    numbers = sorted({number for likeness in likenesses for number in likeness.numbers})
    for chunk in batches(keys):
        for person_id, key, born_year in PersonName.objects.filter(key__in=chunk).values_list(
            "person_id", "key", "born_year"
        ):
            alike.add(person_id, Likeness(key, born_year))
    for chunk in batches(numbers):
        for person_id, number in Phone.objects.filter(number__in=chunk).values_list(
            "person_id", "number"
        ):
            alike.add(person_id, Likeness("", numbers=frozenset([number])))
    matches = [alike.like(likeness) for likeness in likenesses]
    ids = sorted({person_id for found in matches for person_id in found})
    read = {person.pk: person for chunk in batches(ids) for person in people.filter(pk__in=chunk)}
    ranked = []
    for likeness, found in zip(likenesses, matches, strict=True):
        phoned = alike.sharing(likeness.numbers)
        shown = [read[pk] for pk in found if pk in read]
        shown.sort(
            key=lambda person: (
                likeness.nearness(person, phoned=person.pk in phoned),
                person.surname,
                person.given_name,
                person.pk,
            )
        )
        ranked.append(shown[:limit])
    return ranked


def _numbers(phones: Iterable[str]) -> list[str]:
    numbers = []
    for phone in phones:
        try:
            numbers.append(to_e164(phone))
        except InvalidPhone:
            continue
    return numbers


def similar_people(
    *,
    user,
    surname: str,
    given_name: str,
    born_year: int | None = None,
    born_month: int | None = None,
    born_day: int | None = None,
    phones: Iterable[str] = (),
    limit: int = SIMILAR_LIMIT,
) -> list[Person]:
    """The people of the user's offices likely to be this one: the same name in any
    script or spelling the name key folds together (and, when the year of birth is
    known, born that year or with the year unknown), or the same phone number. The first
    ``limit`` of them, nearest first (``Likeness.nearness``): a common name born in a
    common year matches more people than a warning can list.

    Audited when it finds someone, since the warning shows who is registered."""
    likeness = Likeness.of(
        surname=surname,
        given_name=given_name,
        born_year=born_year,
        born_month=born_month,
        born_day=born_day,
        numbers=_numbers(phones),
    )
    if not likeness.key and not likeness.numbers:
        return []
    [found] = similar_among(in_scope(Person.objects.all(), user), [likeness], limit=limit)
    if found:
        record(actor=user, action=Action.VIEW, detail=f"similar people: {likeness.key}".strip())
    return found
