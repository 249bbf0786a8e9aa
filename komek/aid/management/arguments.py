"""What the aid commands' arguments name, found or refused with the argument named."""

from datetime import date

from django.core.management.base import CommandError

from komek.accounts.models import Office
from komek.aid.models import AidKind
from komek.aid.services import AidRefused
from komek.people.models import Person

# A refusal by the centre's rules exits with this status; bad arguments with Django's 1.
REFUSED = 3


def office(code: str) -> Office:
    found = Office.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"--office: no office with code {code!r}.")
    return found


def kind(code: str) -> AidKind:
    found = AidKind.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise CommandError(f"--kind: no active aid kind with code {code!r} (see aid_kinds).")
    return found


def person(ref: str) -> Person:
    """By registry number, or failing that by id."""
    found = Person.objects.filter(ref=ref).first() if ref else None
    if found is None and ref.isdigit():
        found = Person.objects.filter(pk=int(ref)).first()
    if found is None:
        raise CommandError(f"--person: no person with registry number or id {ref!r}.")
    return found


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--expires: {text!r} is not a date (YYYY-MM-DD).") from None


def quantity(value: int) -> int:
    if value <= 0:
        raise CommandError(f"--quantity: {value} is not a number above zero.")
    return value


def refused(refusal: AidRefused) -> CommandError:
    return CommandError(f"refused ({refusal.rule}): {refusal.message}", returncode=REFUSED)
