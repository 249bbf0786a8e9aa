"""Finding a person while the phone rings: by phone, registry number, document number,
or name in any script and spelling, refined by a full or partial date of birth."""

import logging
import string
from dataclasses import dataclass, field
from itertools import product

from django.db import OperationalError, connection, transaction
from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from komek.core.phones import InvalidPhone, looks_like_phone, to_e164
from komek.people import names
from komek.people.db_functions import NameDistance, NamesAlike, NameSimilarity
from komek.people.models import IdentityDocument, NameToken, Person, PersonName, Phone
from komek.people.services import document_number_key

logger = logging.getLogger(__name__)

# Below this similarity a candidate is not shown as a name match.
MIN_NAME_SIMILARITY = 0.25
# How many nearest names to fetch per requested result, before ranking with the date.
CANDIDATE_FACTOR = 4
# The longest the fuzzy (typo-tolerant) part of a name search may take on PostgreSQL.
FUZZY_TIMEOUT_MS = 100
# Every letter a folded name is written with.
LETTERS = string.ascii_lowercase
# How many keys one name search reads at most, however the words of the query combine.
MAX_CANDIDATE_KEYS = 200
# Vocabulary words taken by trigram nearness for each word of a query, and how near (on
# PostgreSQL no lower than pg_trgm's threshold, 0.3, by which the index finds them).
NEAREST_PER_WORD = 8
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
        if len(parts[0]) != 4 or (month is not None and not 1 <= month <= 12):
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


def _rescored(rows, key: str) -> dict[int, float]:
    """The best of ``rows`` (person, stored key), scored by ``names.key_similarity``."""
    return _best((person_id, names.key_similarity(key, found)) for person_id, found in rows)


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
    return _rescored(
        scored.filter(similarity__gte=MIN_NAME_SIMILARITY)
        .order_by("-similarity")
        .values_list("person_id", "key")[: limit * CANDIDATE_FACTOR],
        key,
    )


def _one_edit_away(word: str) -> set[str]:
    """The words one typo away: a letter dropped, added or changed, or two neighbours
    swapped. A few hundred strings, looked up through the vocabulary's unique index,
    find the correction however the typo breaks the word's trigrams."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    deletions = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changes = {left + letter + right[1:] for left, right in splits if right for letter in LETTERS}
    insertions = {left + letter + right for left, right in splits for letter in LETTERS}
    return (deletions | swaps | changes | insertions) - {word, ""}


def _in_vocabulary(words: set[str]) -> set[str]:
    """The ``words`` the vocabulary holds. On PostgreSQL as one array: the few hundred
    strings a query's typos make took three times as long sent as as many parameters."""
    if connection.vendor != "postgresql":
        return set(NameToken.objects.filter(token__in=words).values_list("token", flat=True))
    table = connection.ops.quote_name(NameToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE token = ANY(%s)", [list(words)])  # noqa: S608
        return {token for (token,) in cursor.fetchall()}


def _nearest_words(word: str, count: int) -> list[str]:
    """The vocabulary words nearest by trigrams (a GiST index scan on PostgreSQL): they
    catch what two typos or a spelling the folding does not equate make of a word."""
    return list(
        NameToken.objects.annotate(distance=NameDistance("token", Value(word)))
        .filter(NamesAlike("token", Value(word)), distance__lte=1.0 - MIN_WORD_SIMILARITY)
        .order_by("distance")
        .values_list("token", flat=True)[:count]
    )


def _spellings(words: list[str]) -> list[list[str]]:
    """For each word of a query, the vocabulary words it may stand for, likeliest first:
    the word itself, the words one typo away, then the nearest by trigrams. Few enough
    per word that all their combinations stay within MAX_CANDIDATE_KEYS."""
    per_word = max(1, int(MAX_CANDIDATE_KEYS ** (1 / len(words))))
    edits = {word: _one_edit_away(word) for word in words}
    known = _in_vocabulary(set().union(*edits.values()))
    spellings = []
    for word in words:
        typos = sorted(
            edits[word] & known, key=lambda token: (-names.similarity(word, token), token)
        )
        nearest = _nearest_words(word, min(per_word, NEAREST_PER_WORD))
        spellings.append(list(dict.fromkeys([word, *typos, *nearest]))[:per_word])
    return spellings


def _candidate_keys(key: str) -> set[str]:
    """The keys a folded query may stand for: every combination of its words' spellings,
    in the sorted order keys are stored in, so swapped names meet too."""
    return {" ".join(sorted(words)) for words in product(*_spellings(key.split()))}


def _held(keys: set[str], key: str) -> dict[str, float]:
    """Those of ``keys`` someone's name has, each with its similarity to the query's."""
    held = PersonName.objects.filter(key__in=keys).values_list("key", flat=True).distinct()
    return {found: names.key_similarity(key, found) for found in held}


def _read(scores: dict[str, float], names_rows: QuerySet, limit: int) -> dict[int, float]:
    """The people whose names have one of the keys ``scores`` holds, best first, through
    the B-tree on the key."""
    similarity = Case(
        *(When(key=found, then=Value(score)) for found, score in scores.items()),
        output_field=FloatField(),
    )
    return _best(
        names_rows.filter(key__in=scores)
        .annotate(similarity=similarity)
        .order_by("-similarity")
        .values_list("person_id", "similarity")[: limit * CANDIDATE_FACTOR]
    )


def _named(key: str, limit: int, born_year: int | None = None) -> dict[int, float]:
    """People named like the query: a bounded number of candidate keys read through the
    key index, so the time and the recall do not depend on how many people there are.
    With a year of birth, that year's people are read first."""
    scores = _held(_candidate_keys(key), key)
    if not scores:
        return {}
    found: dict[int, float] = {}
    if born_year is not None:
        found = _read(scores, PersonName.objects.filter(born_year=born_year), limit)
    if len(found) < limit:
        found = {**_read(scores, PersonName.objects.all(), limit), **found}
    return found


def _fuzzy(key: str, limit: int) -> dict[int, float]:
    """The nearest names of all by trigram distance (a GiST index scan on PostgreSQL).

    The last resort, for a query none of whose candidate keys is anyone's name (one
    word of a two-word name, a word split in two): bounded in time on PostgreSQL, so an
    operator on the phone gets the matches found so far rather than a wait.
    """
    nearest = (
        PersonName.objects.annotate(distance=NameDistance("key", Value(key)))
        .order_by("distance")
        .values_list("person_id", "key")[: limit * CANDIDATE_FACTOR]
    )
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [FUZZY_TIMEOUT_MS])
            return _rescored(nearest, key)
    except OperationalError:
        logger.warning("Fuzzy name scan cut by its %s ms statement timeout", FUZZY_TIMEOUT_MS)
        return {}


def search_people(query: str, *, born: BirthQuery | None = None, limit: int = 20) -> list[Match]:
    """The best matches, best first, each with the reasons it matched."""
    query = query.strip()
    if not query:
        return []
    exact = _exact_matches(query)
    key = names.query_key(query)
    similar: dict[int, float] = {}
    if key:
        # A whole date narrows the candidates enough to score them all; a year alone
        # leaves tens of thousands, so the name leads and the year filters.
        if born is not None and born.month:
            similar = _born_candidates(key, born, limit)
        if len(similar) < limit:
            year = born.year if born is not None and not born.month else None
            similar = {**_named(key, limit, year), **similar}
        if not similar:
            similar = _fuzzy(key, limit)
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

    def rank(match: Match) -> tuple:
        # Among equal scores, a person whose own name is the query comes before one who
        # only has it as another spelling (the passport's, where the intake misspelt it).
        person = match.person
        own_name = names.key_similarity(key, names.name_key(person.surname, person.given_name))
        return (-match.score, -own_name, person.full_name, person.pk)

    matches.sort(key=rank)
    return matches[:limit]
