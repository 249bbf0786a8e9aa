"""How much of a person's record a staff member may see.

Everyone who may search sees the summary (name, year of birth, citizenship, last
contact). The full record opens to operators and coordinators of the person's office,
and to the lawyer or social worker assigned to the person. Sensitive vulnerabilities
open only to the assigned staff and coordinators.
"""

from enum import IntEnum

from django.http import Http404

from komek.accounts.scoping import can_reach
from komek.core.permissions import role_can
from komek.core.roles import Capability, Role
from komek.people.models import Person

_OPEN_WITHOUT_ASSIGNMENT = frozenset({Role.HOTLINE_OPERATOR, Role.COORDINATOR})


class Access(IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2
    SENSITIVE = 3


def access_level(user, person: Person, *, assigned: bool | None = None) -> Access:
    if not role_can(user, Capability.PEOPLE_SEARCH):
        return Access.NONE
    if not role_can(user, Capability.PEOPLE_VIEW):
        return Access.SUMMARY
    if assigned is None:
        assigned = person.assigned_to.filter(pk=user.pk).exists()
    if assigned or (user.role == Role.COORDINATOR and can_reach(user, person.office_id)):
        return Access.SENSITIVE
    if user.role in _OPEN_WITHOUT_ASSIGNMENT and can_reach(user, person.office_id):
        return Access.FULL
    return Access.SUMMARY


def require_access(user, person: Person, level: Access) -> Access:
    """The user's level for ``person``; 404 (not 403, to reveal nothing) when below ``level``."""
    granted = access_level(user, person)
    if granted < level:
        raise Http404
    return granted
