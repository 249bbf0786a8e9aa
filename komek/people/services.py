"""Every write to the people registry: one transaction each, audited, search keys kept."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import diff, record, values_of
from komek.core.bulk import copy_rows
from komek.core.phones import to_e164
from komek.people import hooks, names
from komek.people.access import Access, access_level
from komek.people.models import (
    SENSITIVE_VULNERABILITIES,
    Consent,
    FamilyLink,
    IdentityDocument,
    NameToken,
    Person,
    PersonName,
    Phone,
)

PERSON_AUDITED_FIELDS = (
    "ref",
    "surname",
    "given_name",
    "patronymic",
    "latin_surname",
    "latin_given_name",
    "sex",
    "born_year",
    "born_month",
    "born_day",
    "citizenship",
    "languages",
    "address",
    "registration_status",
    "registration_until",
    "vulnerabilities",
    "notes",
    "office",
)


def _stored(row, field: str) -> Any:
    """The value of ``field`` as a row of the person table or of its history holds it."""
    return getattr(row, _COLUMNS[field])


# Each field's attribute on a row: ``office_id`` for ``office``.
_COLUMNS = {field.name: field.attname for field in Person._meta.concrete_fields}


class StaleEdit(Exception):
    """The record changed since the form was opened on version ``version``; the newer
    version is kept. ``seen`` is that version as the history keeps it (None if it does
    not), ``changed`` the fields saved since (phones have no history: never among them)."""

    def __init__(self, current: Person, version: int) -> None:
        self.current = current
        self.seen = current.history.filter(version=version).order_by("-history_id").first()
        self.changed = [
            field
            for field in PERSON_AUDITED_FIELDS
            if self.seen is None or _stored(self.seen, field) != _stored(current, field)
        ]
        super().__init__(_("Someone changed this record while you were editing it."))


def _values(person: Person) -> dict[str, Any]:
    return values_of(person, PERSON_AUDITED_FIELDS)


def document_number_key(number: str) -> str:
    return "".join(char for char in number.upper() if char.isalnum())


def name_keys(person: Person, known: Iterable[dict] = ()) -> set[str]:
    """The folded keys of the person's spellings: as registered, as in the passport, and
    those of the records merged into them (``known``: rows with the same four fields)."""
    spellings = {
        (person.surname, person.given_name),
        (person.latin_surname, person.latin_given_name),
        *(
            pair
            for row in known
            for pair in (
                (row["surname"], row["given_name"]),
                (row["latin_surname"], row["latin_given_name"]),
            )
        ),
    }
    keys = {names.name_key(surname, given) for surname, given in spellings if surname or given}
    return {key for key in keys if key}


SPELLING_FIELDS = ("surname", "given_name", "latin_surname", "latin_given_name")


def merged_spellings(ids: Iterable[int]) -> dict[int, list[dict]]:
    """The names of the records merged into each of ``ids``, and into those in turn: a
    kept person is still found by the spellings of their duplicates."""
    root = {pk: pk for pk in ids}
    known: dict[int, list[dict]] = {}
    frontier = list(root)
    while frontier:
        rows = list(
            Person.objects.filter(merged_into_id__in=frontier).values(
                "pk", "merged_into_id", *SPELLING_FIELDS
            )
        )
        for row in rows:
            root[row["pk"]] = root[row["merged_into_id"]]
            known.setdefault(root[row["pk"]], []).append(row)
        frontier = [row["pk"] for row in rows]
    return known


def vocabulary_add(keys) -> None:
    words = {word for key in keys for word in key.split()}
    NameToken.objects.bulk_create(
        (NameToken(token=word) for word in sorted(words)), ignore_conflicts=True
    )


def person_index_refresh(persons: Iterable) -> None:
    """Write the name index and the spelling vocabulary of ``persons`` anew, in a few
    queries however many they are: the form, the import and the generator of synthetic
    people all index through here, so a name is found the same way wherever it came from.

    A person is anything with ``pk``, the four name fields and the three birth fields
    (the generator passes rows it writes with COPY, not model instances). The caller
    owns the transaction and the batch size (an SQLite query takes some 30,000 ids).
    """
    persons = list(persons)
    known = merged_spellings(person.pk for person in persons)
    keys = {person.pk: sorted(name_keys(person, known.get(person.pk, ()))) for person in persons}
    PersonName.objects.filter(person_id__in=keys).delete()
    vocabulary_add(key for person_keys in keys.values() for key in person_keys)
    copy_rows(
        PersonName,
        ["person_id", "key", "born_year", "born_month", "born_day"],
        (
            (person.pk, key, person.born_year, person.born_month, person.born_day)
            for person in persons
            for key in keys[person.pk]
        ),
    )


def _set_phones(person: Person, phones: list[str]) -> None:
    wanted = list(dict.fromkeys(to_e164(phone) for phone in phones if phone.strip()))
    person.phones.exclude(number__in=wanted).delete()
    existing = set(person.phones.values_list("number", flat=True))
    Phone.objects.bulk_create(
        Phone(person=person, number=number) for number in wanted if number not in existing
    )


@transaction.atomic
def person_create(
    *, created_by, office, phones: Sequence[str] = (), documents: Sequence[dict] = (), **fields
) -> Person:
    person = Person(office=office, created_by=created_by, **fields)
    person._history_user = created_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    person.full_clean()
    person.save()
    person_index_refresh([person])
    _set_phones(person, list(phones))
    for document in documents:
        document_add(person=person, added_by=None, **document)
    record(
        actor=created_by,
        action=Action.CREATE,
        obj=person,
        changes=diff({}, {**_values(person), "phones": list(phones)}),
    )
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    updated_by,
    version: int | None = None,
    phones: list[str] | None = None,
    **fields,
) -> Person:
    """Change ``fields`` of the record as it is stored now (``person`` may have been read
    earlier). An edit made on ``version`` is refused when a newer version is stored."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if version is not None and locked.version != version:
        raise StaleEdit(locked, version)
    before = {**_values(locked), "phones": sorted(locked.phones.values_list("number", flat=True))}
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.version += 1
    locked._history_user = updated_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    locked.full_clean(exclude=["version"])
    locked.save()
    person_index_refresh([locked])
    if phones is not None:
        _set_phones(locked, phones)
    after = {**_values(locked), "phones": sorted(locked.phones.values_list("number", flat=True))}
    record(actor=updated_by, action=Action.CHANGE, obj=locked, changes=diff(before, after))
    hooks.person_changed(persons=[locked])
    return locked


@transaction.atomic
def person_register(*, registered_by, phones: Sequence[str] = (), **fields) -> Person:
    """A person registered by a staff member: in their office, and assigned to them, since
    who registers someone goes on working with them."""
    person = person_create(
        created_by=registered_by, office=registered_by.office, phones=phones, **fields
    )
    person_assign(person=person, staff=registered_by, assigned_by=registered_by)
    return person


@transaction.atomic
def person_edit(
    *,
    person: Person,
    edited_by,
    version: int,
    vulnerabilities: list[str],
    phones: list[str],
    **fields,
) -> Person:
    """A staff member's edit of a record made on ``version`` (``StaleEdit`` when someone
    saved a newer one meanwhile). The sensitive vulnerabilities of someone the editor may
    not see in full are kept as stored: the form never showed them."""
    if access_level(edited_by, person) < Access.SENSITIVE:
        stored = Person.objects.select_for_update().get(pk=person.pk).vulnerabilities
        vulnerabilities = [
            *(item for item in vulnerabilities if item not in SENSITIVE_VULNERABILITIES),
            *(item for item in stored if item in SENSITIVE_VULNERABILITIES),
        ]
    return person_update(
        person=person,
        updated_by=edited_by,
        version=version,
        phones=phones,
        vulnerabilities=vulnerabilities,
        **fields,
    )


@transaction.atomic
def person_assign(*, person: Person, staff, assigned_by) -> None:
    person.assigned_to.add(staff)
    record(actor=assigned_by, action=Action.CHANGE, obj=person, detail=f"assigned {staff.username}")


@transaction.atomic
def document_add(*, person: Person, added_by, **fields) -> IdentityDocument:
    document = IdentityDocument(person=person, **fields)
    document.number_key = document_number_key(document.number)
    document.full_clean()
    document.save()
    if added_by is not None:
        record(
            actor=added_by,
            action=Action.CHANGE,
            obj=person,
            changes={"document": ["", str(document)]},
        )
    return document


@transaction.atomic
def consent_record(*, person: Person, recorded_by, **fields) -> Consent:
    consent = Consent(person=person, recorded_by=recorded_by, **fields)
    consent.full_clean()
    consent.save()
    record(
        actor=recorded_by,
        action=Action.CHANGE,
        obj=person,
        changes={"consent": ["", f"{consent.scope} {consent.given_on} {consent.method}"]},
    )
    return consent


@transaction.atomic
def family_link_add(*, person: Person, relative: Person, kind: str, added_by) -> FamilyLink:
    link = FamilyLink(person=person, relative=relative, kind=kind)
    link.full_clean()
    link.save()
    record(
        actor=added_by,
        action=Action.CHANGE,
        obj=person,
        changes={"family": ["", f"{kind}: {relative.full_name} (#{relative.pk})"]},
    )
    return link


def person_touch_contact(*, person: Person, at=None) -> None:
    """Note a contact's time on the person (kept for the search result's 'last contact')."""
    moment = at or timezone.now()
    Person.objects.filter(pk=person.pk).exclude(last_contact_at__gt=moment).update(
        last_contact_at=moment
    )
