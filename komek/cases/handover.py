"""From the hotline to a lawyer: the callers an operator referred to a lawyer for whom no
case has been opened yet wait in their office's queue, which coordinators and lawyers
see on their home page and counted beside the search, until a case is opened from the
contact."""

from django.db.models import Exists, OuterRef, QuerySet

from komek.accounts.scoping import in_scope
from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.models import Case
from komek.hotline.models import Contact, Outcome

# The header's count stops here: past it, the queue needs a look whatever the number.
COUNT_CAP = 99


def _waiting(user) -> QuerySet[Contact]:
    opened = Case.objects.filter(opened_from=OuterRef("pk"))
    referred = Contact.objects.filter(outcome=Outcome.REFERRED_LAWYER).filter(~Exists(opened))
    return in_scope(referred, user)


def lawyer_queue(*, user, limit: int | None = None) -> list[Contact]:
    """The contacts waiting for a lawyer in the user's offices, the longest-waiting first.
    They name callers and what they confided: the read is audited."""
    contacts = (
        _waiting(user)
        .select_related("person", "operator", "office")
        .prefetch_related("topics")
        .order_by("at", "pk")
    )
    waiting = list(contacts[:limit] if limit else contacts)
    record(actor=user, action=Action.VIEW, detail=f"waiting for a lawyer: {len(waiting)}")
    return waiting


def lawyer_queue_count(user) -> int:
    """How many wait (at most ``COUNT_CAP``): the header shows it on every page."""
    return _waiting(user).order_by().values("pk")[:COUNT_CAP].count()
