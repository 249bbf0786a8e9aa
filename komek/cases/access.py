"""Who sees which case: the office's casework staff, except sensitive cases, which only
their assigned staff and those who may see sensitive data (coordinators) see."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from komek.accounts.scoping import in_scope
from komek.cases.models import Case
from komek.core.permissions import role_can
from komek.core.roles import Capability


def assigned(user) -> Exists:
    """True for the cases ``user`` is assigned to (a subquery: no join, no duplicates)."""
    return Exists(Case.assigned_to.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk))


def visible_cases(user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = in_scope(Case.objects.all() if cases is None else cases, user)
    if role_can(user, Capability.SENSITIVE_VIEW):
        return cases
    return cases.filter(Q(sensitive=False) | assigned(user))


def is_assigned(user, case: Case) -> bool:
    return case.assigned_to.filter(pk=user.pk).exists()
