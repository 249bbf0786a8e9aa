"""The registry as the linkage reads it: one row per person in a DuckDB table, with the
names folded to the project's cross-script keys (``komek.people.names``) so that
``Хусанов Шерзод``, ``Xusanov Sherzod`` and ``Khusanov Sherzot`` compare as one name.

People are read in chunks of ids (values, never model instances), so memory holds one
chunk of Python rows at a time besides DuckDB's own table.

Once loaded, the registry is its own spelling vocabulary: a surname or given name written
rarely, one typo away from one written far more often, is also read as that common
spelling (``surname_fix``, ``given_fix``, ``name_fix``), so that an intake typo or a
transliteration no system uses still meets the person's other records.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from komek.people import names
from komek.people.models import IdentityDocument, Person, Phone

# The table the records are written to (the SQL below names it too).
TABLE = "people"
# Ids per query: SQLite takes some 30,000 parameters in one query.
CHUNK = 10_000
# A spelling is read as another only when that one is written this many times as often,
# and at least this many times: a typo is rare beside the name it misspells, while two
# real names a letter apart are both common.
COMMON_FACTOR = 5
COMMON_USES = 5

PERSON_FIELDS = (
    "pk",
    "ref",
    "office_id",
    "surname",
    "given_name",
    "patronymic",
    "latin_surname",
    "latin_given_name",
    "born_year",
    "born_month",
    "born_day",
    "citizenship",
    "sex",
)

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("ref", pa.string()),
        ("office_id", pa.int64()),
        ("surname_key", pa.string()),
        ("given_key", pa.string()),
        ("patronymic_key", pa.string()),
        ("name_key", pa.string()),
        ("latin_key", pa.string()),
        ("undated_key", pa.string()),
        ("born_year", pa.int32()),
        ("born_month", pa.int32()),
        ("born_day", pa.int32()),
        ("born_date", pa.string()),
        ("phones", pa.list_(pa.string())),
        ("phone", pa.string()),
        ("documents", pa.list_(pa.string())),
        ("citizenship", pa.string()),
        ("sex", pa.string()),
    ]
)


def _key(*parts: str) -> str | None:
    return " ".join(names.tokens(" ".join(parts))) or None


def linkage_record(
    person: dict[str, Any], *, phones: Iterable[str] = (), documents: Iterable[str] = ()
) -> dict[str, Any]:
    """A person's row as the model compares it. ``person`` holds PERSON_FIELDS.

    The local spelling is compared where there is one, the passport's otherwise. An
    unknown month, and 1 January (what forms put for an unknown date), leave only the
    year: they would otherwise make strangers agree on a date.
    """
    surname = _key(person["surname"]) or _key(person["latin_surname"])
    given = _key(person["given_name"]) or _key(person["latin_given_name"])
    year, month, day = person["born_year"], person["born_month"], person["born_day"]
    if month is None or (month, day) == (1, 1):
        month = day = None
    phones = sorted(set(phones))
    key = names.name_key(person["surname"], person["given_name"]) or None
    return {
        "unique_id": person["pk"],
        "ref": person["ref"],
        "office_id": person["office_id"],
        "surname_key": surname,
        "given_key": given,
        "patronymic_key": _key(person["patronymic"]),
        "name_key": key,
        "latin_key": names.name_key(person["latin_surname"], person["latin_given_name"]) or None,
        # The name of someone whose year of birth is unknown, to block them with every
        # namesake (the other keys pair people within a year).
        "undated_key": key if year is None else None,
        "born_year": year,
        "born_month": month,
        "born_day": day,
        "born_date": f"{year:04d}-{month:02d}-{day:02d}" if year and day else None,
        "phones": phones,
        # One of them, for the training that blocks on a phone (EM cannot explode a list).
        "phone": phones[0] if phones else None,
        "documents": sorted(set(documents)),
        "citizenship": person["citizenship"] or None,
        "sex": person["sex"] or None,
    }


def registry_records(*, office=None, chunk: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """The people not merged into another (of ``office`` only, when given), chunk by
    chunk in the order of their ids, with their phones and document numbers."""
    people = Person.objects.filter(merged_into__isnull=True).order_by("pk")
    if office is not None:
        people = people.filter(office=office)
    last = 0
    while rows := list(people.filter(pk__gt=last).values(*PERSON_FIELDS)[:chunk]):
        ids = [row["pk"] for row in rows]
        phones = defaultdict(list)
        for person_id, number in Phone.objects.filter(person_id__in=ids).values_list(
            "person_id", "number"
        ):
            phones[person_id].append(number)
        documents = defaultdict(list)
        for person_id, number in IdentityDocument.objects.filter(person_id__in=ids).values_list(
            "person_id", "number_key"
        ):
            documents[person_id].append(number)
        yield [
            linkage_record(row, phones=phones[row["pk"]], documents=documents[row["pk"]])
            for row in rows
        ]
        last = ids[-1]


def load(con: duckdb.DuckDBPyConnection, chunks: Iterable[list[dict[str, Any]]]) -> int:
    """Write the records into the table ``people`` of ``con``; how many there are."""
    con.register("linkage_batch", SCHEMA.empty_table())
    con.execute("CREATE OR REPLACE TABLE people AS SELECT * FROM linkage_batch")
    count = 0
    for rows in chunks:
        con.register("linkage_batch", pa.Table.from_pylist(rows, schema=SCHEMA))
        con.execute("INSERT INTO people SELECT * FROM linkage_batch")
        count += len(rows)
    con.unregister("linkage_batch")
    correct_spellings(con)
    return count


def correct_spellings(con: duckdb.DuckDBPyConnection) -> None:
    """Add to ``people`` each record's surname and given name as the registry commonly
    spells them: a spelling one edit (a letter dropped, added, changed, or two swapped)
    away from a far more common one is read as that one. Candidates meet through the
    spellings with one letter deleted (the symmetric-delete method), so no spelling is
    compared with every other."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE spelling AS
        SELECT spelling, count(*) AS uses FROM (
            SELECT surname_key AS spelling FROM people
            UNION ALL SELECT given_key FROM people
        ) WHERE spelling IS NOT NULL GROUP BY spelling;

        CREATE OR REPLACE TEMP TABLE spelling_shape AS
        SELECT spelling, uses, spelling AS shape FROM spelling
        UNION ALL
        SELECT spelling, uses, substr(spelling, 1, i - 1) || substr(spelling, i + 1)
        FROM spelling, range(1, length(spelling) + 1) AS deleted(i);

        CREATE OR REPLACE TEMP TABLE correction AS
        SELECT rare.spelling, arg_max(common.spelling, common.uses) AS corrected
        FROM spelling_shape AS rare JOIN spelling_shape AS common USING (shape)
        WHERE common.uses >= greatest({COMMON_USES}, {COMMON_FACTOR} * rare.uses)
          AND damerau_levenshtein(rare.spelling, common.spelling) = 1
        GROUP BY rare.spelling;

        CREATE OR REPLACE TABLE people AS
        WITH fixed AS (
            SELECT people.*,
                coalesce(surname.corrected, surname_key) AS surname_fix,
                coalesce(given.corrected, given_key) AS given_fix
            FROM people
            LEFT JOIN correction AS surname ON surname.spelling = surname_key
            LEFT JOIN correction AS given ON given.spelling = given_key
        )
        SELECT *, array_to_string(
            list_sort(string_split(surname_fix || ' ' || given_fix, ' ')), ' '
        ) AS name_fix
        FROM fixed ORDER BY unique_id;

        DROP TABLE spelling; DROP TABLE spelling_shape; DROP TABLE correction;
        """  # noqa: S608
    )
