"""Importing people from CSV (UTF-8 or cp1251) or XLSX: all rows or none.

Every row is checked before anything is written; a file with any bad row is rejected
whole, with each problem named by row (as numbered in a spreadsheet, the header being
row 1), column and value.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
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


@dataclass
class Row:
    number: int
    person: Person
    phones: list[str] = field(default_factory=list)
    document_number: str = ""


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
