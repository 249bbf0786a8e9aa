"""Importing people from CSV (UTF-8 or cp1251) or XLSX: all rows or none.

Every row is checked before anything is written; a file with any bad row is rejected
whole, with each problem named by row (as numbered in a spreadsheet, the header being
row 1), column and value.

A row that looks like someone already registered (or like an earlier row of the file)
is a decision for the person importing, not an error: ``screen`` reports such rows and
imports nothing, leaves them out, or lets them in, as asked (``ON_DUPLICATE``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from komek.audit.models import Action
from komek.audit.services import record
from komek.core import staging
from komek.core.countries import is_country
from komek.core.phones import InvalidPhone, to_e164
from komek.core.tables import ImportRejected, over_max_length
from komek.people.birth import validate_born
from komek.people.models import DocumentKind, IdentityDocument, Person, Phone
from komek.people.names import visible_name
from komek.people.search import BirthQuery
from komek.people.services import document_number_key, person_index_refresh
from komek.people.similar import SIMILAR_LIMIT, Alike, Likeness, similar_among

COLUMNS = (
    "ref",
    "surname",
    "given_name",
    "patronymic",
    "born",
    "sex",
    "citizenship",
    "phone",
    "document_number",
)
# The columns stored as they are, and the field each is stored in.
STORED = {
    "ref": (Person, "ref"),
    "surname": (Person, "surname"),
    "given_name": (Person, "given_name"),
    "patronymic": (Person, "patronymic"),
    "document_number": (IdentityDocument, "number"),
}
SEX_VALUES = {"m": "M", "м": "M", "f": "F", "ж": "F", "": ""}
# What to do with a row that looks like someone already registered: refuse the file
# naming such rows (the default), import the others, or import it anyway.
REPORT, SKIP, CREATE = ON_DUPLICATE = ("report", "skip", "create")


@dataclass
class Row:
    number: int
    person: Person
    phones: list[str] = field(default_factory=list)
    document_number: str = ""

    @property
    def likeness(self) -> Likeness:
        return Likeness.of(
            surname=self.person.surname,
            given_name=self.person.given_name,
            born_year=self.person.born_year,
            born_month=self.person.born_month,
            born_day=self.person.born_day,
            numbers=self.phones,
        )


@dataclass
class Duplicate:
    """A row that looks like people already registered, or like earlier rows of the file
    (``rows``: their numbers, the header being row 1)."""

    row: Row
    people: list[Person]
    rows: list[int]

    def __str__(self) -> str:
        alike = [
            " ".join(part for part in (person.ref, person.full_name) if part)
            + (f" ({person.born_year})" if person.born_year else "")
            for person in self.people
        ]
        if self.rows:
            alike.append(
                ngettext("row %(rows)s of this file", "rows %(rows)s of this file", len(self.rows))
                % {"rows": ", ".join(map(str, self.rows))}
            )
        return _("row %(row)d “%(name)s” looks like %(alike)s") % {
            "row": self.row.number,
            "name": self.row.person.full_name,
            "alike": "; ".join(alike),
        }


class DuplicatesFound(ImportRejected):
    def __init__(self, duplicates: list[Duplicate]) -> None:
        self.duplicates = duplicates
        super().__init__(
            [
                ngettext(
                    "%(count)d row looks like people already registered or another row of the "
                    "file:",
                    "%(count)d rows look like people already registered or another row of the "
                    "file:",
                    len(duplicates),
                )
                % {"count": len(duplicates)},
                *map(str, duplicates),
            ]
        )


def parse_mapping(text: str) -> dict[str, str]:
    """``"Фамилия=surname,Имя=given_name"`` → {"фамилия": "surname", ...}."""
    mapping = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        source, _sep, target = pair.partition("=")
        if target.strip() not in COLUMNS:
            raise ImportRejected(
                [
                    _("Mapping “%(pair)s”: %(column)s is not a Komek column.")
                    % {"pair": pair, "column": target.strip()}
                ]
            )
        mapping[source.strip().lower()] = target.strip()
    return mapping


def _column_index(headers: list[str], mapping: dict[str, str]) -> dict[str, int]:
    index = {}
    for position, header in enumerate(headers):
        column = mapping.get(header, header)
        if column in COLUMNS:
            index[column] = position
    if "given_name" not in index:
        raise ImportRejected(
            [
                _("The file has no given_name column (headers: %(headers)s).")
                % {"headers": ", ".join(headers)}
            ]
        )
    return index


def validate(
    headers: list[str], rows: list[list[str]], *, office, mapping: dict[str, str]
) -> list[Row]:
    index = _column_index(headers, mapping)
    existing_refs = set(Person.objects.exclude(ref="").values_list("ref", flat=True))
    seen_refs: dict[str, int] = {}
    errors: list[str] = []
    parsed: list[Row] = []

    def problem(number: int, column: str, value: str, text: str) -> None:
        errors.append(
            _("row %(row)d, column %(column)s: “%(value)s” %(problem)s")
            % {"row": number, "column": column, "value": value, "problem": text}
        )

    for offset, cells in enumerate(rows):
        number = offset + 2
        value = {
            column: cells[index[column]] if index.get(column, len(cells)) < len(cells) else ""
            for column in COLUMNS
        }
        ok = True
        for column in ("surname", "given_name", "patronymic"):
            try:
                value[column] = visible_name(value[column])
            except ValueError:
                problem(
                    number,
                    column,
                    value[column],
                    _("is made only of invisible characters (zero-width or text-direction marks)."),
                )
                ok = False
        for column, (model, name) in STORED.items():
            limit = over_max_length(model, name, value[column])
            if limit:
                problem(
                    number,
                    column,
                    value[column][:20] + "…",
                    _("is longer than %(limit)d characters.") % {"limit": limit},
                )
                ok = False
        if not value["given_name"]:
            problem(number, "given_name", "", _("is empty: a given name is required."))
            ok = False
        ref = value["ref"]
        if ref and (ref in existing_refs or ref in seen_refs):
            text = (
                _("is already used in row %(row)d.") % {"row": seen_refs[ref]}
                if ref in seen_refs
                else _("is already in Komek.")
            )
            problem(number, "ref", ref, text)
            ok = False
        if ref:
            seen_refs.setdefault(ref, number)
        try:
            born = BirthQuery.parse(value["born"])
        except ValueError:
            problem(
                number, "born", value["born"], _("is not a date (YYYY-MM-DD, YYYY-MM or YYYY).")
            )
            born, ok = None, False
        try:
            validate_born(born)
        except ValidationError as error:
            problem(
                number,
                "born",
                value["born"],
                _("is refused: %(reason)s") % {"reason": error.messages[0]},
            )
            born, ok = None, False
        sex = SEX_VALUES.get(value["sex"].lower())
        if sex is None:
            problem(number, "sex", value["sex"], _("is not M or F."))
            ok = False
        citizenship = value["citizenship"].upper()
        if citizenship and not is_country(citizenship):
            problem(
                number,
                "citizenship",
                value["citizenship"],
                _("is not an ISO 3166 country code (UZ, TJ, KG…)."),
            )
            ok = False
        phones = []
        for phone in filter(
            None, (part.strip() for part in value["phone"].replace(",", ";").split(";"))
        ):
            try:
                phones.append(to_e164(phone))
            except InvalidPhone:
                problem(number, "phone", phone, _("is not a phone number."))
                ok = False
        if not ok:
            continue
        person = Person(
            office=office,
            ref=ref,
            surname=value["surname"],
            given_name=value["given_name"],
            patronymic=value["patronymic"],
            sex=sex,
            citizenship=citizenship,
            born_year=born.year if born else None,
            born_month=born.month if born else None,
            born_day=born.day if born else None,
        )
        parsed.append(
            Row(
                number=number,
                person=person,
                phones=phones,
                document_number=value["document_number"],
            )
        )
    if errors:
        raise ImportRejected(errors)
    return parsed


def duplicates(rows: list[Row], *, office, importer, source: str) -> list[Duplicate]:
    """The rows that look like someone already registered in the import's office (in any
    office for an importer whose role spans offices), or like an earlier row of the file.

    Audited when it finds someone registered, as the form's warning is: the report shows
    who is registered."""
    registry = Person.objects.all()
    if importer is None or not importer.spans_offices:
        registry = registry.filter(office=office)
    likenesses = [row.likeness for row in rows]
    registered = similar_among(registry, likenesses)
    earlier: Alike[int] = Alike()
    found = []
    for row, likeness, people in zip(rows, likenesses, registered, strict=True):
        earlier_rows = sorted(earlier.like(likeness, limit=SIMILAR_LIMIT))
        earlier.add(row.number, likeness)
        if people or earlier_rows:
            found.append(Duplicate(row=row, people=people, rows=earlier_rows))
    like_registered = [duplicate for duplicate in found if duplicate.people]
    if like_registered:
        record(
            actor=importer,
            action=Action.VIEW,
            detail=f"import_people {source}: {len(like_registered)} rows look like "
            "registered people",
            people={person.pk for duplicate in like_registered for person in duplicate.people},
        )
    return found


def screen(
    rows: list[Row], *, on_duplicate: str, office, importer, source: str
) -> tuple[list[Row], list[Duplicate]]:
    """The rows to write and the duplicates left out. ``report`` refuses the file when
    there is any (``DuplicatesFound``), ``skip`` leaves them out, ``create`` does not look
    for them."""
    if on_duplicate == CREATE:
        return rows, []
    found = duplicates(rows, office=office, importer=importer, source=source)
    if found and on_duplicate == REPORT:
        raise DuplicatesFound(found)
    left_out = {duplicate.row.number for duplicate in found}
    return [row for row in rows if row.number not in left_out], found


def write(
    rows: list[Row], *, imported_by, source: str, progress: Callable[[int, int], None]
) -> int:
    """Write the checked rows in committed batches that nobody sees (``core/staging.py``),
    then switch them all in at once: run it outside any transaction."""
    total = len(rows)
    with staging.staged_import(kind="import_people", user=imported_by) as batch:
        for done, chunk in enumerate(staging.batches(rows), start=1):
            with staging.writing(batch):
                _write_batch(chunk, batch=batch, imported_by=imported_by)
            progress(min(done * staging.BATCH_SIZE, total), total)
        with staging.switch_in(batch):
            record(
                actor=imported_by,
                action=Action.CREATE,
                detail=f"import_people {source}: {total} people",
            )
    return total


def _write_batch(chunk: list[Row], *, batch, imported_by) -> None:
    for row in chunk:
        row.person.import_batch = batch
    people = bulk_create_with_history(
        [row.person for row in chunk], Person, batch_size=len(chunk), default_user=imported_by
    )
    for row, person in zip(chunk, people, strict=True):
        row.person = person
    person_index_refresh(row.person for row in chunk)
    Phone.objects.bulk_create(
        Phone(person=row.person, number=number)
        for row in chunk
        for number in dict.fromkeys(row.phones)
    )
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            person=row.person,
            kind=DocumentKind.PASSPORT,
            number=row.document_number,
            number_key=document_number_key(row.document_number),
        )
        for row in chunk
        if row.document_number
    )
