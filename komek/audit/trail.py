"""The DPO's question: who looked at or changed this person's data, when and from where?

A person's data is their own record and every row an app declares as theirs
(``personal_data.records_of``: their cases, contacts, documents, letters...), so their
trail is made of:

- the entries about those rows (views, changes, downloads of a case's documents and
  letters, shares with a partner: the apps record them against the case or the contact);
- the caller lookups of one of their numbers: a lookup keeps the number asked for, not
  who it found, so a lookup is theirs when its digits are part of one of their numbers
  (``MIN_DIGITS`` at least, to leave out a lookup of a few digits that matches anyone);
- the exports that included them: an export of personal data keeps the ids of the
  people it included (``AuditEntry.people``);
- the backups, which carry out everyone's data.

The audit app finds all this without importing the apps that hold the rows: their
declarations in ``core.personal_data`` say which rows are a person's, and the people
registry says which numbers are theirs (``personal_data.subjects``).
"""

import operator
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.db.models import Q, QuerySet
from django.utils import timezone

from komek.audit.models import Action, AuditEntry
from komek.core import personal_data
from komek.core.phones import InvalidPhone, to_e164

# How the hotline's lookups and the backups are told apart (``hotline.selectors``,
# ``audit.personal_data.record_archive``).
LOOKUP = "caller lookup "
BACKUP = "backup "
MIN_DIGITS = 6


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def within(
    entries: QuerySet[AuditEntry], date_from: date | None, date_to: date | None
) -> QuerySet[AuditEntry]:
    """The entries of the days from ``date_from`` to ``date_to`` included (the centre's
    days, Asia/Almaty)."""
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return entries


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _asked(number: str) -> str:
    """The digits a lookup asked for, a whole local number in its international form."""
    try:
        return _digits(to_e164(number))
    except InvalidPhone:
        return _digits(number)


def _phone_lookups(person, entries: QuerySet[AuditEntry]) -> list[int]:
    numbers = [_digits(number) for number in personal_data.subjects().phones(person)]
    if not numbers:
        return []
    lookups = entries.filter(action=Action.VIEW, detail__startswith=LOOKUP)
    found = []
    for pk, detail in lookups.values_list("pk", "detail").iterator():
        asked = _asked(detail.removeprefix(LOOKUP))
        if len(asked) >= MIN_DIGITS and any(asked in number for number in numbers):
            found.append(pk)
    return found


def person_entries(
    person, *, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[AuditEntry]:
    """The entries about ``person``'s data in the period (each end included)."""
    entries = within(AuditEntry.objects.all(), date_from, date_to)
    about = [
        Q(object_type=label, object_id__in=ids)
        for label, ids in personal_data.records_of(person).items()
    ]
    about += [
        Q(action=Action.EXPORT, people__contains=f",{person.pk},"),
        Q(action=Action.EXPORT, actor__isnull=True, detail__startswith=BACKUP),
        Q(pk__in=_phone_lookups(person, entries)),
    ]
    return entries.filter(reduce(operator.or_, about))
