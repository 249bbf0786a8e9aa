"""How much of a person's record a staff member may see.

Everyone who may search sees the summary (name, year of birth, citizenship, last
contact). The full record opens to the staff assigned to the person, to those of
the person's office who may open records without an assignment (operators,
coordinators), and to the data protection officer, who answers who saw or changed it.
Sensitive vulnerabilities open only to the assigned staff and to those of the office
who may see sensitive data (coordinators).
"""

from enum import IntEnum

from django.http import Http404

from komek.accounts.scoping import can_reach
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.models import SENSITIVE_VULNERABILITIES, Person, Vulnerability


class Access(IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2
    SENSITIVE = 3


def note_assignment(person: Person, user, *, assigned: bool) -> None:
    """Remember whether ``user`` is assigned to ``person``, read along with the person, so
    that ``access_level`` need not ask again while this request shows them."""
    person._assignment_of = (user.pk, assigned)  # type: ignore[attr-defined]


def access_level(user, person: Person, *, assigned: bool | None = None) -> Access:
    if not role_can(user, Capability.PEOPLE_SEARCH):
        return Access.NONE
    if not role_can(user, Capability.PEOPLE_VIEW):
        return Access.SUMMARY
    if assigned is None:
        noted = getattr(person, "_assignment_of", None)
        if noted is not None and noted[0] == user.pk:
            assigned = noted[1]
        else:
            assigned = person.assigned_to.filter(pk=user.pk).exists()
    if assigned:
        return Access.SENSITIVE
    if not can_reach(user, person.office_id):
        return Access.SUMMARY
    if role_can(user, Capability.SENSITIVE_VIEW):
        return Access.SENSITIVE
    # The DPO reads a record to answer who saw or changed it (komek/audit/trail.py).
    if role_can(user, Capability.PEOPLE_VIEW_UNASSIGNED) or role_can(user, Capability.AUDIT_VIEW):
        return Access.FULL
    return Access.SUMMARY


def require_access(user, person: Person, level: Access) -> Access:
    """The user's level for ``person``; 404 (not 403, to reveal nothing) when below ``level``."""
    granted = access_level(user, person)
    if granted < level:
        raise Http404
    return granted


def vulnerability_choices(level: Access) -> list[tuple[str, str]]:
    """The vulnerabilities a user with ``level`` may see and set."""
    if level >= Access.SENSITIVE:
        return list(Vulnerability.choices)
    return [
        (value, label)
        for value, label in Vulnerability.choices
        if value not in SENSITIVE_VULNERABILITIES
    ]
