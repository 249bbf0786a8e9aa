"""Writes for the hotline: contacts (idempotent), links to people, callbacks (attempts,
undo, assignees), topics."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.audit.models import Action
from komek.audit.services import create_audited, diff, record, update_audited, values_of
from komek.hotline import selectors
from komek.hotline.models import CallbackAttempt, Contact, Outcome, Topic
from komek.notifications.services import notify
from komek.people import services as people_services
from komek.people.models import ConsentMethod, ConsentScope, Person

TOPIC_FIELDS = (
    "code",
    "name_ru",
    "name_kk",
    "name_en",
    "name_uz",
    "name_uz_cyrl",
    "name_tg",
    "name_ky",
    "order",
    "is_active",
)
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


def _callback_open(contact: Contact) -> Contact:
    """The contact, locked for the change, if its callback still waits; a closed one (by
    another operator a moment ago) is refused."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.callback_due is None or locked.callback_done_at is not None:
        raise ValidationError(_("This callback is already closed."))
    return locked


@transaction.atomic
def callback_attempt_record(
    *, contact: Contact, made_by, outcome: str, note: str = ""
) -> CallbackAttempt:
    """Record one try at calling back; reached, a wrong number or not safe to call close
    the callback, no answer leaves it waiting for the next try."""
    contact = _callback_open(contact)
    attempt = CallbackAttempt(contact=contact, made_by=made_by, outcome=outcome, note=note)
    attempt.full_clean()
    attempt.save()
    if attempt.closes:
        contact.callback_done_at = attempt.at
        contact._history_user = made_by  # type: ignore[attr-defined]  # simple_history's, undeclared
        contact.save(update_fields=["callback_done_at"])
    record(
        actor=made_by,
        action=Action.CHANGE,
        obj=contact,
        changes={"callback_attempt": [None, outcome]},
    )
    return attempt


@transaction.atomic
def callback_attempt_undo(*, attempt: CallbackAttempt, undone_by) -> Contact:
    """Take back a callback attempt recorded by mistake: only its author, and only the
    contact's latest attempt (an earlier one is what others have since acted on). A
    callback the attempt closed waits again."""
    contact = Contact.objects.select_for_update().get(pk=attempt.contact_id)
    if attempt.made_by_id != undone_by.pk or contact.last_callback_attempt != attempt:
        raise ValidationError(_("Only the latest attempt can be undone, by whoever recorded it."))
    attempt.delete()
    if attempt.closes:
        contact.callback_done_at = None
        contact._history_user = undone_by  # type: ignore[attr-defined]  # simple_history's, undeclared
        contact.save(update_fields=["callback_done_at"])
    record(
        actor=undone_by,
        action=Action.CHANGE,
        obj=contact,
        changes={"callback_attempt": [attempt.outcome, None]},
    )
    return contact


ASSIGNED_MESSAGE = gettext_lazy("A callback is yours: call back by %(due)s (contact №%(contact)s).")


@transaction.atomic
def callback_assign(*, contact: Contact, assignee, assigned_by) -> Contact:
    """Give the callback to ``assignee`` (None: to whoever takes it), who is notified
    unless they took it themselves."""
    contact = _callback_open(contact)
    if assignee is not None and assignee not in selectors.callback_assignees(office=contact.office):
        raise ValidationError(
            {"assignee": _("%(user)s does not take calls in this office.") % {"user": assignee}}
        )
    before = contact.callback_assignee
    contact.callback_assignee = assignee
    contact._history_user = assigned_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    contact.save(update_fields=["callback_assignee"])
    record(
        actor=assigned_by,
        action=Action.CHANGE,
        obj=contact,
        changes={"callback_assignee": [_name(before), _name(assignee)]},
    )
    if assignee is not None and assignee != assigned_by:
        notify(
            user=assignee,
            key=f"callback:{contact.pk}:{assignee.pk}",
            message=ASSIGNED_MESSAGE,
            params={
                "due": timezone.localtime(contact.callback_due).strftime("%d.%m.%Y %H:%M"),
                "contact": contact.pk,
            },
            url=f"{reverse('hotline:callbacks')}#callback-{contact.pk}",
        )
    return contact


def _name(user) -> str | None:
    return str(user) if user is not None else None


@transaction.atomic
def topic_create(*, created_by, **fields) -> Topic:
    return create_audited(obj=Topic(**fields), actor=created_by, fields=TOPIC_FIELDS)


@transaction.atomic
def topic_update(*, topic: Topic, updated_by, **fields) -> Topic:
    return update_audited(obj=topic, actor=updated_by, changes=fields, fields=TOPIC_FIELDS)
