"""Who may already be registered as the person about to be: the one check the hotline's
registration and the person form make before creating a record, so that a caller who
rings twice does not become two people."""

from collections.abc import Iterable

from django.db.models import Q

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.phones import InvalidPhone, to_e164
from komek.people import names
from komek.people.models import Person, PersonName, Phone

SIMILAR_LIMIT = 5


def _numbers(phones: Iterable[str]) -> list[str]:
    numbers = []
    for phone in phones:
        try:
            numbers.append(to_e164(phone))
        except InvalidPhone:
            continue
    return numbers


def similar_people(
    *,
    user,
    surname: str,
    given_name: str,
    born_year: int | None = None,
    phones: Iterable[str] = (),
    limit: int = SIMILAR_LIMIT,
) -> list[Person]:
    """The people of the user's offices likely to be this one: the same name in any
    script or spelling the name key folds together (and, when the year of birth is
    known, born that year or with the year unknown), or the same phone number.

    Read through the name key and phone indexes; audited when it finds someone, since
    the warning shows who is registered."""
    key = names.name_key(surname, given_name)
    by_name = Q()
    if key:
        rows = PersonName.objects.filter(key=key)
        if born_year is not None:
            rows = rows.filter(Q(born_year=born_year) | Q(born_year__isnull=True))
        by_name = Q(pk__in=rows.values("person_id"))
    numbers = _numbers(phones)
    by_phone = Q(pk__in=Phone.objects.filter(number__in=numbers).values("person_id"))
    if not key and not numbers:
        return []
    found = list(
        in_scope(Person.objects.filter(by_name | by_phone if numbers else by_name), user)
        .filter(merged_into__isnull=True)
        .order_by("surname", "given_name", "pk")[:limit]
    )
    if found:
        record(actor=user, action=Action.VIEW, detail=f"similar people: {key}".strip())
    return found
