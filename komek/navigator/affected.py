"""The people to call back after a rule changed: those whose saved advice relied on a rule
version that has since been replaced, and who have not been advised again since
(``followed_up_by``). A user sees only the people whose records they may open."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q

from komek.audit.models import Action
from komek.audit.services import record
from komek.navigator.models import Advice, Rule
from komek.people.access import Access, access_level
from komek.people.models import Person

PER_PAGE = 50


@dataclass(frozen=True)
class Affected:
    advice: Advice
    # The versions the advice relied on that have been replaced since, each with the
    # version that replaced it (``replaced_by``, its reason in ``change_reason``).
    replaced: tuple[Rule, ...]

    @property
    def person(self) -> Person:
        return self.advice.person


def affected_page(*, user, code: str = "", number: str | int = 1) -> Page:
    """The advice to check again, newest first, ``PER_PAGE`` at a time; ``code`` keeps the
    advice that relied on an old version of that rule. Audited as a read of the people
    shown."""
    replaced = Rule.objects.filter(replaced_by__isnull=False)
    if code:
        replaced = replaced.filter(code=code)
    advice = (
        Advice.objects.filter(followed_up_by=None, rules__in=replaced)
        .distinct()
        .select_related("person", "given_by")
        .prefetch_related(
            "person__phones",
            Prefetch(
                "rules",
                replaced.select_related("replaced_by").order_by("code"),
                to_attr="replaced_rules",
            ),
        )
        .order_by("-given_at", "-pk")
    )
    assigned = set(user.assigned_people.values_list("pk", flat=True))
    if not user.spans_offices:
        advice = advice.filter(Q(person__office_id=user.office_id) | Q(person__in=assigned))
    listed = [
        Affected(advice=item, replaced=tuple(item.replaced_rules))  # type: ignore[attr-defined]
        for item in advice
        if access_level(user, item.person, assigned=item.person_id in assigned) >= Access.FULL
    ]
    page = Paginator(listed, PER_PAGE).get_page(number)
    record(
        actor=user,
        action=Action.VIEW,
        detail=f"navigator: advice to check again {code}".strip(),
        people=[item.advice.person_id for item in page],
    )
    return page
