"""URL samples for the permission test (komek/core/url_samples.py): a topic, a contact and
a callback attempt."""

import uuid

from django.utils import timezone

from komek.hotline.models import AttemptOutcome, Outcome
from komek.hotline.services import callback_attempt_record, contact_log, topic_create


def build(made: dict) -> dict[str, dict]:
    made["topic"] = topic_create(created_by=None, code="wages", name_ru="Зарплата")
    contact = contact_log(
        operator=made["user"],
        submission_key=uuid.uuid4(),
        channel="call",
        outcome="answered",
        caller_phone="+77012345678",
    )
    callback = contact_log(
        operator=made["user"],
        submission_key=uuid.uuid4(),
        channel="call",
        outcome=Outcome.CALLBACK,
        callback_due=timezone.now(),
        callback_safe=True,
    )
    attempt = callback_attempt_record(
        contact=callback, made_by=made["user"], outcome=AttemptOutcome.NO_ANSWER
    )
    return {
        "hotline:contact_detail": {"pk": contact.pk},
        "hotline:contact_correct": {"pk": contact.pk},
        "hotline:link_person": {"pk": contact.pk},
        "hotline:callback_attempt": {"pk": callback.pk},
        "hotline:callback_assign": {"pk": callback.pk},
        "hotline:callback_attempt_undo": {"pk": attempt.pk},
        "hotline:topic_edit": {"pk": made["topic"].pk},
    }
