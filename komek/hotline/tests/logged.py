"""Contacts logged on a given day, and the days the tests name, read from the clock when a
test asks: a run that passes midnight in Almaty agrees with the code it tests."""

import uuid
from datetime import date, datetime, timedelta

from django.utils import timezone

from komek.hotline.models import Contact
from komek.hotline.services import contact_log


def today() -> date:
    return timezone.localdate()


def last_week() -> date:
    return today() - timedelta(days=7)


def log(operator, *, day: date, person=None, topics=()) -> Contact:
    contact = contact_log(
        operator=operator,
        submission_key=uuid.uuid4(),
        person=person,
        channel="call",
        outcome="answered",
        caller_phone="" if person else "+77010000000",
        topics=list(topics),
    )
    if day != timezone.localdate(contact.at):
        contact.at = datetime.combine(day, timezone.localtime(contact.at).timetz())
        contact.save(update_fields=["at"])
    return contact
