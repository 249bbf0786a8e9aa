"""Callbacks asked for on the centre's public site: a contact that no operator took, with
no more than the request needs (a name, a number, a language, a topic, a time to call),
never linked to a person's record, landing in the callback queue of the office that
takes such requests."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.models import Office
from komek.audit.context import request_ip
from komek.audit.models import Action
from komek.audit.services import diff, record, values_of
from komek.core.phones import InvalidPhone, to_e164
from komek.hotline.models import Channel, Contact, Outcome, Topic

# What the audit log names as the author of a request no one of the staff made.
AUTHOR = "web form"
# The nearest a time to call back may be: an operator needs a moment to see the request.
LEAD_TIME = timedelta(hours=1)
AUDITED_FIELDS = ("caller_name", "caller_phone", "language", "callback_due", "office")


class PreferredTime(models.TextChoices):
    SOON = "soon", gettext_lazy("as soon as possible")
    MORNING = "morning", gettext_lazy("in the morning, 9:00–12:00")
    DAY = "day", gettext_lazy("in the afternoon, 12:00–17:00")
    EVENING = "evening", gettext_lazy("in the evening, 17:00–20:00")


# The local hour each time of day ends: a callback is due by then.
ENDS = {PreferredTime.MORNING: 12, PreferredTime.DAY: 17, PreferredTime.EVENING: 20}
# How soon "as soon as possible" is due.
SOON = timedelta(hours=2)


def due_time(preferred: str, now: datetime) -> datetime:
    """When to call back by: the end of the time of day asked for, today if it is at least
    ``LEAD_TIME`` away, else tomorrow."""
    if preferred == PreferredTime.SOON:
        return now + SOON
    local = timezone.localtime(now)
    due = timezone.make_aware(datetime.combine(local.date(), time(ENDS[PreferredTime(preferred)])))
    if due - now < LEAD_TIME:
        due = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), due.time()))
    return due


def receiving_office() -> Office:
    """The office whose queue takes the site's requests: the centre's first active one."""
    office = Office.objects.filter(is_active=True).order_by("pk").first()
    if office is None:
        raise ValidationError(_("The centre takes no requests yet. Please call the hotline."))
    return office


def _open_request(*, phone: str, topic: Topic) -> Contact | None:
    return Contact.objects.filter(
        channel=Channel.WEB_FORM,
        caller_phone=phone,
        topics=topic,
        callback_due__isnull=False,
        callback_done_at__isnull=True,
    ).first()


@transaction.atomic
def callback_request(
    *, caller_name: str, caller_phone: str, language: str, topic: Topic, preferred: str
) -> Contact:
    """Put a request to be called back in the queue, or find the one still open for the
    same number and topic: the same request sent twice makes one callback.

    Requests for one topic are taken one at a time (the topic's row is locked), so that
    two sent at once cannot both find none open."""
    try:
        caller_phone = to_e164(caller_phone)
    except InvalidPhone:
        raise ValidationError({"caller_phone": _("This is not a phone number.")}) from None
    Topic.objects.select_for_update().get(pk=topic.pk)
    existing = _open_request(phone=caller_phone, topic=topic)
    if existing is not None:
        return existing
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        # For the operators, in the staff's language.
        question = _("Asked to be called back %(time)s.") % {"time": PreferredTime(preferred).label}
    contact = Contact(
        at=now,
        channel=Channel.WEB_FORM,
        office=receiving_office(),
        language=language,
        caller_name=caller_name,
        caller_phone=caller_phone,
        question=question,
        outcome=Outcome.CALLBACK,
        callback_due=due_time(preferred, now),
    )
    contact.full_clean(exclude=["submission_key"])
    contact.save()
    contact.topics.set([topic])
    # The sender's address is not kept, in the audit log either: the site promises to
    # keep nothing about its readers but what they send.
    address = request_ip.set(None)
    try:
        record(
            actor=None,
            action=Action.CREATE,
            obj=contact,
            username=AUTHOR,
            changes=diff({}, {**values_of(contact, AUDITED_FIELDS), "topics": [topic.code]}),
        )
    finally:
        request_ip.reset(address)
    return contact
