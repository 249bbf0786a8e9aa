"""Reads of saved advice, permission-checked, and what Komek already knows of a person's
situation to start the status check from."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from komek.audit.models import Action
from komek.audit.services import record
from komek.navigator.evaluation import Situation
from komek.navigator.models import Advice, Document, Rule
from komek.people.access import Access, access_level, require_access
from komek.people.models import DocumentKind, DocumentStatus, Person, RegistrationStatus

# The person's identity documents that answer "held?" for the check's documents.
DOCUMENT_OF_KIND: dict[str, str] = {
    DocumentKind.PASSPORT: Document.PASSPORT,
    DocumentKind.MIGRATION_CARD: Document.MIGRATION_CARD,
    DocumentKind.RESIDENCE_PERMIT: Document.RESIDENCE_PERMIT,
    DocumentKind.WORK_PERMIT: Document.WORK_PERMIT,
    DocumentKind.RETURN_CERTIFICATE: Document.CERTIFICATE_OF_RETURN,
}


def _advice() -> QuerySet[Advice]:
    return Advice.objects.select_related("person", "given_by").prefetch_related(
        Prefetch("rules", Rule.objects.order_by("code"))
    )


def advice_get_for(*, user, pk: int) -> Advice:
    """The advice if ``user`` may open its person's record; 404 otherwise. Audited as a
    read of the person's data."""
    advice = _advice().filter(pk=pk).first()
    if advice is None:
        raise Http404
    require_access(user, advice.person, Access.FULL)
    record(actor=user, action=Action.VIEW, obj=advice, people=[advice.person_id])
    return advice


def advice_for_person(*, user, person: Person) -> list[Advice]:
    """The advice given to ``person``, newest first, or none if ``user`` may not open their
    record. The page showing it has audited the opening of the record."""
    if access_level(user, person) < Access.FULL:
        return []
    return list(_advice().filter(person=person).order_by("-given_at", "-pk"))


# Read beside every caller the hotline's lookup finds (all the people of a number at
# once), on every keystroke of a number: in SQL, as building it through the ORM cost the
# request more than running it.
LATEST_ADVICE = """
    SELECT * FROM (
        SELECT a.*, ROW_NUMBER() OVER (
            PARTITION BY a.person_id ORDER BY a.given_at DESC, a.id DESC
        ) AS place
        FROM "{advice}" a WHERE a.person_id IN ({people})
    ) a
    WHERE a.place = 1
"""


def advice_latest(*, people: list[Person]) -> dict[int, Advice]:
    """The latest advice given to each of ``people`` who was given any, without its
    rules, by person's id: for a line beside a caller. The caller has checked the reader
    may open their records."""
    if not people:
        return {}
    sql = LATEST_ADVICE.format(advice=Advice._meta.db_table, people=", ".join(["%s"] * len(people)))
    found = Advice.objects.raw(sql, [person.pk for person in people])
    return {advice.person_id: advice for advice in found}


def prefill_for(*, user, person: Person, advice: Advice | None = None) -> dict:
    """The check's starting values for ``person``: the situation of ``advice`` (by default
    their latest), corrected by what their record says now (citizenship, registration,
    documents held or lost). ``{"initial": {...}, "stays": [...]}`` for the form."""
    if advice is None:
        latest = advice_for_person(user=user, person=person)
        advice = latest[0] if latest else None
    initial: dict = {}
    stays: list[dict] = []
    documents: set[str] = set()
    if advice is not None:
        situation = Situation.from_json(advice.situation)
        initial = {
            "citizenship": situation.citizenship,
            "entered": situation.entered,
            "purpose": situation.purpose,
            "registered": situation.registered,
        }
        stays = [{"entered": stay.entered, "left": stay.left} for stay in situation.stays]
        documents = set(situation.documents)
    if person.citizenship:
        initial["citizenship"] = person.citizenship
    for document in person.documents.all():
        held = DOCUMENT_OF_KIND.get(document.kind)
        if held is None:
            continue
        if document.status == DocumentStatus.HELD and not _expired(document.valid_until):
            documents.add(held)
        else:
            documents.discard(held)
    status = person.registration_status
    if status == RegistrationStatus.REGISTERED:
        documents.add(Document.REGISTRATION)
    elif status in (RegistrationStatus.EXPIRED, RegistrationStatus.NOT_REGISTERED):
        documents.discard(Document.REGISTRATION)
    if status == RegistrationStatus.NOT_REGISTERED:
        initial["registered"] = None
    if status == RegistrationStatus.RESIDENCE_PERMIT:
        documents.add(Document.RESIDENCE_PERMIT)
    initial["documents"] = sorted(documents)
    return {"initial": initial, "stays": stays}


def _expired(valid_until: date | None) -> bool:
    return valid_until is not None and valid_until < timezone.localdate()
