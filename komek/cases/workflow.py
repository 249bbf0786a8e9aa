"""Which status a case may move to, and who may move it there."""

from django.utils.translation import gettext_lazy as _

from komek.cases.models import CLOSED, Status
from komek.core.permissions import role_can
from komek.core.roles import Capability

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.IN_PROGRESS, Status.WAITING, Status.TRANSFERRED, Status.UNRESOLVED}
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.WAITING, Status.RESOLVED, Status.UNRESOLVED, Status.TRANSFERRED}
    ),
    Status.WAITING: frozenset(
        {Status.IN_PROGRESS, Status.RESOLVED, Status.UNRESOLVED, Status.TRANSFERRED}
    ),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS}),
    Status.UNRESOLVED: frozenset({Status.IN_PROGRESS}),
    Status.TRANSFERRED: frozenset({Status.IN_PROGRESS}),
}


class TransitionRefused(Exception):
    pass


def allowed_next(case, user, *, assigned: bool) -> list[str]:
    """The statuses this user may move this case to now.

    Who may move any case moves it (coordinators); who works on cases moves an open one
    they are assigned to (reopening a closed case is the coordinator's decision)."""
    may_move = role_can(user, Capability.CASES_MOVE_ANY) or (
        role_can(user, Capability.CASES_WORK) and assigned and case.status not in CLOSED
    )
    return sorted(TRANSITIONS[case.status]) if may_move else []


def check(case, user, to: str, *, assigned: bool) -> None:
    if to not in allowed_next(case, user, assigned=assigned):
        raise TransitionRefused(
            _("You cannot move this case from “%(current)s” to “%(target)s”.")
            % {"current": Status(case.status).label, "target": Status(to).label}
        )
