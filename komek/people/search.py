"""Finding a person while the phone rings: by phone, registry number, document number,
or name in any script and spelling, refined by a full or partial date of birth."""

import logging
from dataclasses import dataclass, field
from itertools import product

from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet, Value
from django.utils.translation import gettext as _

from komek.core.phones import InvalidPhone, looks_like_phone, to_e164
from komek.people import names
from komek.people.db_functions import NameDistance, NameSimilarity
from komek.people.models import IdentityDocument, NameToken, Person, PersonName, Phone
from komek.people.services import document_number_key

logger = logging.getLogger(__name__)

# Below this similarity a candidate is not shown as a name match.
MIN_NAME_SIMILARITY = 0.25
# How many nearest names to fetch per requested result, before ranking with the date.
CANDIDATE_FACTOR = 4
# The longest the fuzzy (typo-tolerant) part of a name search may take on PostgreSQL.
FUZZY_TIMEOUT_MS = 100
# Spelling corrections tried for each word of a query, and how close they must be.
CORRECTIONS_PER_WORD = 8
MIN_WORD_SIMILARITY = 0.3


@dataclass(frozen=True)
class BirthQuery:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "BirthQuery | None":
        """YYYY-MM-DD, YYYY-MM or YYYY (also DD.MM.YYYY); None for empty; ValueError if bad."""
        text = text.strip()
        if not text:
            return None
        parts = text.split(".")[::-1] if "." in text else text.split("-")
        if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
            raise ValueError(text)
        year, *rest = (int(part) for part in parts)
        month = rest[0] if rest else None
        day = rest[1] if len(rest) > 1 else None
        if not 1900 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise ValueError(text)
        if day is not None and not 1 <= day <= 31:
            raise ValueError(text)
        return cls(year=year, month=month, day=day)


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def _birth_bonus(person: Person, born: BirthQuery | None) -> tuple[float, str]:
    if born is None or person.born_year != born.year:
        return 0.0, ""
    if born.month and person.born_month == born.month:
        if born.day and person.born_day == born.day:
            return 0.1, _("date of birth")
        return 0.05, _("month and year of birth")
    return 0.0, _("year of birth")


def _exact_matches(query: str) -> dict[int, str]:
    found: dict[int, str] = {}
    if looks_like_phone(query):
        try:
            number = to_e164(query)
        except InvalidPhone:
            number = ""
        for person_id in Phone.objects.filter(number=number).values_list("person_id", flat=True):
            found[person_id] = _("phone %(number)s") % {"number": number}
    key = document_number_key(query)
    if len(key) >= 5:
        for person_id in IdentityDocument.objects.filter(number_key=key).values_list(
            "person_id", flat=True
        ):
            found.setdefault(person_id, _("document number"))
    for person_id in Person.objects.filter(ref=query.strip()).values_list("id", flat=True):
        found.setdefault(person_id, _("registry number"))
    return found


def _best(rows) -> dict[int, float]:
    best: dict[int, float] = {}
    for person_id, similarity in rows:
        if similarity >= MIN_NAME_SIMILARITY and similarity > best.get(person_id, 0.0):
            best[person_id] = similarity
    return best


def _born_candidates(key: str, born: BirthQuery, limit: int) -> dict[int, float]:
    """Names of people born on that date (or with that part of the date unknown).

    A date narrows a million people to a few hundred, so every one is scored.
    """
    rows = PersonName.objects.filter(born_year=born.year)
    if born.month:
        rows = rows.filter(Q(born_month=born.month) | Q(born_month__isnull=True))
    if born.day:
        rows = rows.filter(Q(born_day=born.day) | Q(born_day__isnull=True))
    scored = rows.annotate(similarity=NameSimilarity("key", Value(key)))
    return _best(
        scored.filter(similarity__gte=MIN_NAME_SIMILARITY)
        .order_by("-similarity")
        .values_list("person_id", "similarity")[: limit * CANDIDATE_FACTOR]
    )


def _one_edit_away(word: str) -> set[str]:
    """The word with one letter deleted or two neighbours swapped: the typos trigrams
    see worst, since they break two or three trigrams at once."""
    deletions = {word[:index] + word[index + 1 :] for index in range(len(word))}
    swaps = {
        word[:index] + word[index + 1] + word[index] + word[index + 2 :]
        for index in range(len(word) - 1)
    }
    return (deletions | swaps) - {word}


def _corrections(word: str) -> list[str]:
    """Vocabulary words that the (possibly misspelt) folded word may stand for."""
    nearest = list(
        NameToken.objects.annotate(distance=NameDistance("token", Value(word)))
        .filter(distance__lte=1.0 - MIN_WORD_SIMILARITY)
        .order_by("distance")
        .values_list("token", flat=True)[:CORRECTIONS_PER_WORD]
    )
    edits = NameToken.objects.filter(token__in=_one_edit_away(word)).values_list("token", flat=True)
    return list(dict.fromkeys([*nearest, *edits]))


def _corrected(key: str, limit: int, names_rows: QuerySet) -> dict[int, float]:
    """Names whose keys are the query with each word replaced by a near vocabulary word:
    the typo in ``Hmroev Bakhtiyor`` is corrected to ``hamroef`` before the keys are read."""
    words = key.split()
    if not 1 <= len(words) <= 3:
        return {}
    keys = {" ".join(sorted(combination)) for combination in product(*map(_corrections, words))}
    keys.discard(key)
    scores = {found: names.similarity(key, found) for found in keys}
    best_keys = sorted(scores, key=scores.__getitem__, reverse=True)[:limit]
    rows = names_rows.filter(key__in=best_keys).values_list("person_id", "key")
    return _best((person_id, scores[found]) for person_id, found in rows[: limit * 20])


def _nearest(key: str, limit: int, born_year: int | None = None) -> dict[int, float]:
    """The nearest names by trigram distance (a GiST index scan on PostgreSQL).

    The spellings Komek folds alike meet on the exact key, and misspelt words are
    corrected against the vocabulary. Only when those give too few names does the fuzzy
    scan run, bounded in time on PostgreSQL: an operator on the phone gets the matches
    found so far rather than a wait.
    """
    names_rows = PersonName.objects.all()
    if born_year is not None:
        names_rows = names_rows.filter(born_year=born_year)
    exact = _best(names_rows.filter(key=key).values_list("person_id", Value(1.0))[: limit * 2])
    found = {**_corrected(key, limit, names_rows), **exact}
    if len(found) >= limit:
        return found
    nearest = (
        names_rows.annotate(distance=NameDistance("key", Value(key)))
        .order_by("distance")
        .values_list("person_id", "distance")[: limit * CANDIDATE_FACTOR]
    )
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [FUZZY_TIMEOUT_MS])
            fuzzy = _best((person_id, 1.0 - distance) for person_id, distance in nearest)
    except OperationalError:
        logger.warning("Fuzzy name scan cut by its %s ms statement timeout", FUZZY_TIMEOUT_MS)
        fuzzy = {}
    return {**fuzzy, **found}


def search_people(query: str, *, born: BirthQuery | None = None, limit: int = 20) -> list[Match]:
    """The best matches, best first, each with the reasons it matched."""
    query = query.strip()
    if not query:
        return []
    exact = _exact_matches(query)
    key = names.query_key(query)
    similar = {}
    if key and born is not None:
        # A whole date narrows the candidates enough to score them all; a year alone
        # leaves tens of thousands, so the name leads and the year filters.
        similar = (
            _born_candidates(key, born, limit) if born.month else _nearest(key, limit, born.year)
        )
    if key and len(similar) < limit:
        for person_id, score in _nearest(key, limit).items():
            similar.setdefault(person_id, score)
    # A record merged into another keeps its duplicate phones but is not a result.
    people = Person.objects.filter(merged_into__isnull=True).in_bulk(set(exact) | set(similar))
    matches = []
    for person_id, person in people.items():
        reasons = []
        score = 0.0
        if person_id in exact:
            score = 1.5
            reasons.append(exact[person_id])
        if person_id in similar:
            score = max(score, similar[person_id])
            reasons.append(
                _("name %(percent)d%% similar") % {"percent": round(similar[person_id] * 100)}
            )
        bonus, reason = _birth_bonus(person, born)
        if reason:
            score += bonus + 0.1
            reasons.append(reason)
        matches.append(Match(person=person, score=round(score, 4), reasons=reasons))
    matches.sort(key=lambda match: (-match.score, match.person.full_name, match.person.pk))
    return matches[:limit]
