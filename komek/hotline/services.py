"""Writes for the hotline: contacts (idempotent), links to people, callbacks, topics."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, diff, record, update_audited, values_of
from komek.hotline import selectors
from komek.hotline.models import Contact, Outcome, Topic
from komek.people import services as people_services
from komek.people.models import ConsentMethod, ConsentScope, Person

TOPIC_FIELDS = ("code", "name_ru", "name_kk", "name_en", "order", "is_active")
# What the author of a contact (or a coordinator) may correct after saving it.
CORRECTED_FIELDS = ("caller_name", "channel", "direction", "language", "question", "answer")


def contact_log(
    *,
    operator,
    submission_key,
    topics: Sequence[Topic] = (),
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
    consent_given: bool = False,
    started_at: datetime | None = None,
    **fields,
) -> Contact:
    """Log a contact, registering the caller as a person first if asked, with the
    consent to keep their data they gave on the phone (``consent_given``).

    Idempotent on ``submission_key``: a resubmitted form returns the contact it already
    made. When two submissions race, the loser's transaction (its new person included)
    rolls back on the unique key and it returns the winner's contact.
    """
    existing = Contact.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        return _contact_create(
            operator=operator,
            submission_key=submission_key,
            topics=topics,
            person=person,
            new_person=new_person,
            consent_given=consent_given,
            started_at=started_at,
            **fields,
        )
    except IntegrityError:
        existing = Contact.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def _contact_create(
    *, operator, submission_key, topics, person, new_person, consent_given, started_at, **fields
):
    if new_person is not None:
        phone = fields.get("caller_phone")
        person = people_services.person_create(
            created_by=operator,
            office=operator.office,
            phones=[phone] if phone else [],
            **new_person,
        )
        if consent_given:
            people_services.consent_record(
                person=person,
                recorded_by=operator,
                scope=ConsentScope.PROCESSING,
                given_on=timezone.localdate(),
                method=ConsentMethod.ORAL_RECORDED,
            )
    now = timezone.now()
    if fields.get("duration_seconds") is None and started_at is not None and started_at < now:
        fields["duration_seconds"] = int((now - started_at).total_seconds())
    if fields.get("outcome") == Outcome.CALLBACK and not fields.get("callback_due"):
        raise ValidationError({"callback_due": _("Say by when to call back.")})
    contact = Contact(
        operator=operator,
        office=operator.office,
        person=person,
        submission_key=submission_key,
        **fields,
    )
    contact._history_user = operator
    contact.full_clean(exclude=["submission_key"])
    contact.save()
    contact.topics.set(topics)
    if person is not None:
        people_services.person_touch_contact(person=person, at=contact.at)
    record(
        actor=operator,
        action=Action.CREATE,
        obj=contact,
        changes={"person": [None, str(person)]} if person else {},
    )
    return contact


@transaction.atomic
def contact_correct(
    *, contact: Contact, corrected_by, topics: Sequence[Topic], **fields
) -> Contact:
    """Correct a saved contact: the history keeps every version of its fields, the audit
    log the old and new values, topics included. Only its author or a coordinator may."""
    if not selectors.can_correct(corrected_by, contact):
        raise PermissionDenied
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    before = {**values_of(locked, CORRECTED_FIELDS), "topics": _topic_codes(locked)}
    for field, value in fields.items():
        setattr(locked, field, value)
    locked._history_user = corrected_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    locked.full_clean(exclude=["submission_key"])
    locked.save()
    locked.topics.set(topics)
    after = {**values_of(locked, CORRECTED_FIELDS), "topics": _topic_codes(locked)}
    record(actor=corrected_by, action=Action.CHANGE, obj=locked, changes=diff(before, after))
    return locked


def _topic_codes(contact: Contact) -> list[str]:
    return sorted(contact.topics.values_list("code", flat=True))


@transaction.atomic
def contact_link_person(*, contact: Contact, person: Person, linked_by) -> Contact:
    before = str(contact.person) if contact.person_id else None
    contact.person = person
    contact._history_user = linked_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    contact.save(update_fields=["person"])
    people_services.person_touch_contact(person=person, at=contact.at)
    record(
        actor=linked_by,
        action=Action.CHANGE,
        obj=contact,
        changes={"person": [before, str(person)]},
    )
    return contact


@transaction.atomic
def callback_done(*, contact: Contact, done_by) -> Contact:
    contact.callback_done_at = timezone.now()
    contact._history_user = done_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    contact.save(update_fields=["callback_done_at"])
    record(actor=done_by, action=Action.CHANGE, obj=contact, detail="called back")
    return contact


@transaction.atomic
def topic_create(*, created_by, **fields) -> Topic:
    return create_audited(obj=Topic(**fields), actor=created_by, fields=TOPIC_FIELDS)


@transaction.atomic
def topic_update(*, topic: Topic, updated_by, **fields) -> Topic:
    return update_audited(obj=topic, actor=updated_by, changes=fields, fields=TOPIC_FIELDS)
