"""Who grants access to personal data: the administrators' four-eyes rule.

No one changes their own role, office or national scope (nor their password or second
factor) on the management pages. A change that opens personal data the user could not
read before waits for a second administrator's approval; narrowing applies at once.
Every change (requested, approved, rejected, applied) is audited and sent to every data
protection officer.

"Personal data" here is the set of ``GUARDED`` capabilities (opening people's records,
cases and the audit trail, exporting case lists) over an office or all offices, plus the
capability to grant access: an administrator made by one administrator could otherwise
approve that administrator's next request. A change needs approval when the user would
hold a guarded capability over an office (or all offices) they did not hold it over.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.accounts.models import AccessChange, Office, User
from komek.accounts.services import user_create, user_update
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.roles import ROLE_CAPABILITIES, Capability, Role, role_has, roles_with
from komek.core.signals import notification_requested

ACCESS_FIELDS = ("role", "office", "national_scope")

GUARDED = frozenset(
    {
        Capability.PEOPLE_VIEW,
        Capability.PEOPLE_VIEW_UNASSIGNED,
        Capability.SENSITIVE_VIEW,
        Capability.CASES_VIEW,
        Capability.CASES_EXPORT,
        Capability.AUDIT_VIEW,
        Capability.ACCOUNTS_MANAGE,
    }
)

ALL_OFFICES = None


@dataclass(frozen=True)
class Access:
    role: str
    office: Office | None
    national_scope: bool

    @classmethod
    def of(cls, user: User) -> "Access":
        return cls(role=user.role, office=user.office, national_scope=user.national_scope)

    def reach(self) -> set[tuple[str, int | None]]:
        """(guarded capability, office id or ALL_OFFICES) pairs this access holds."""
        held = ROLE_CAPABILITIES.get(self.role, frozenset()) & GUARDED
        if self.national_scope or role_has(self.role, Capability.ALL_OFFICES):
            return {(capability, ALL_OFFICES) for capability in held}
        if self.office is None:
            return set()
        return {(capability, self.office.pk) for capability in held}

    def describe(self):
        """Lazy, so that each recipient reads it in their own language."""
        role = Role(self.role).label if self.role else gettext_lazy("no role")
        if self.national_scope or role_has(self.role, Capability.ALL_OFFICES):
            return format_lazy("{}, {}", role, gettext_lazy("all offices"))
        return format_lazy("{}, {}", role, self.office or gettext_lazy("no office"))


def needs_approval(before: Access, after: Access) -> bool:
    held = before.reach()
    return any(
        (capability, scope) not in held and (capability, ALL_OFFICES) not in held
        for capability, scope in after.reach()
    )


def _before(change: AccessChange) -> Access:
    return Access(change.role_before, change.office_before, change.national_scope_before)


def _after(change: AccessChange) -> Access:
    return Access(change.role, change.office, change.national_scope)


ANNOUNCEMENTS = {
    "requested": gettext_lazy(
        "%(actor)s asks to change the access of %(user)s from %(before)s to %(after)s; "
        "it waits for a second administrator."
    ),
    "approved": gettext_lazy(
        "%(actor)s approved the access of %(user)s: %(after)s (was %(before)s). It applies now."
    ),
    "rejected": gettext_lazy(
        "%(actor)s rejected the change of access of %(user)s from %(before)s to %(after)s."
    ),
    "applied": gettext_lazy(
        "%(actor)s changed the access of %(user)s from %(before)s to %(after)s."
    ),
}


def _announce(change: AccessChange, event: str, actor: User) -> None:
    """Notify every data protection officer (the notifications app listens)."""
    officers = User.objects.filter(role__in=roles_with(Capability.AUDIT_VIEW), is_active=True)
    query = urlencode({"object_type": str(User._meta.label), "object_id": str(change.user_id)})
    notification_requested.send(
        sender=AccessChange,
        users=list(officers),
        key=f"access-change-{change.pk}-{event}",
        message=ANNOUNCEMENTS[event],
        params={
            "actor": actor.username,
            "user": change.user.username,
            "before": _before(change).describe(),
            "after": _after(change).describe(),
        },
        url=f"{reverse('audit:entry_list')}?{query}",
    )


def _audit_values(access: Access) -> dict[str, Any]:
    return {
        "role": access.role,
        "office": str(access.office) if access.office else None,
        "national_scope": access.national_scope,
    }


def _change_record(change: AccessChange) -> dict[str, list[Any]]:
    before, after = _audit_values(_before(change)), _audit_values(_after(change))
    return {
        field: [before[field], after[field]] for field in before if before[field] != after[field]
    }


@transaction.atomic
def user_change(
    *, user: User, changed_by: User, password: str = "", **fields: Any
) -> AccessChange | None:
    """An administrator's edit of a user on the management pages.

    The fields other than access apply at once. A change of access applies at once when
    it opens nothing new, otherwise it is stored to wait for a second administrator.
    Returns the change of access, if there is one."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = Access.of(locked)
    after = Access(
        role=fields.get("role", locked.role),
        office=fields.get("office", locked.office),
        national_scope=fields.get("national_scope", locked.national_scope),
    )
    if changed_by.pk == user.pk and (after != before or password):
        raise ValidationError(
            _(
                "You cannot change your own role, office, scope or password here: ask another "
                "administrator, and change your password on the Change password page."
            )
        )
    # ``locked``, not ``user``: a model form has already set the new values on ``user``.
    if after == before:
        user_update(user=locked, updated_by=changed_by, password=password, **fields)
        return None
    if AccessChange.objects.filter(user=user, status=AccessChange.Status.PENDING).exists():
        raise ValidationError(
            _(
                "A change of the access of %(name)s already waits for approval: approve or "
                "reject it first."
            )
            % {"name": user.username}
        )
    pending = needs_approval(before, after)
    others = {name: value for name, value in fields.items() if name not in ACCESS_FIELDS}
    user_update(
        user=locked, updated_by=changed_by, password=password, **(others if pending else fields)
    )
    change = AccessChange.objects.create(
        user=locked,
        role_before=before.role,
        office_before=before.office,
        national_scope_before=before.national_scope,
        role=after.role,
        office=after.office,
        national_scope=after.national_scope,
        requested_by=changed_by,
        status=AccessChange.Status.PENDING if pending else AccessChange.Status.APPLIED,
        decided_at=None if pending else timezone.now(),
    )
    if pending:
        record(
            actor=changed_by,
            action=Action.CREATE,
            obj=change,
            changes=_change_record(change),
            detail="access change requested",
        )
    _announce(change, "requested" if pending else "applied", changed_by)
    return change


@transaction.atomic
def user_create_with_access(
    *, created_by: User, password: str, role: str, office: Office, national_scope: bool, **fields
) -> tuple[User, AccessChange | None]:
    """A new user, whose role and scope follow the rule of any change of access."""
    user = user_create(created_by=created_by, password=password, office=office, **fields)
    change = user_change(user=user, changed_by=created_by, role=role, national_scope=national_scope)
    return user, change


def _decidable(change: AccessChange, decided_by: User) -> AccessChange:
    locked = AccessChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    if locked.status != AccessChange.Status.PENDING:
        raise ValidationError(_("This change was approved or rejected already."))
    if decided_by.pk in (locked.requested_by_id, locked.user_id):
        raise ValidationError(
            _(
                "A second administrator decides: not the one who asked for the change, nor "
                "the user it concerns."
            )
        )
    return locked


@transaction.atomic
def access_change_approve(*, change: AccessChange, approved_by: User) -> AccessChange:
    locked = _decidable(change, approved_by)
    user_update(
        user=locked.user,
        updated_by=approved_by,
        role=locked.role,
        office=locked.office,
        national_scope=locked.national_scope,
    )
    locked.status = AccessChange.Status.APPLIED
    locked.decided_by = approved_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor=approved_by, action=Action.CHANGE, obj=locked, detail="access change approved")
    _announce(locked, "approved", approved_by)
    return locked


@transaction.atomic
def access_change_reject(*, change: AccessChange, rejected_by: User) -> AccessChange:
    locked = _decidable(change, rejected_by)
    locked.status = AccessChange.Status.REJECTED
    locked.decided_by = rejected_by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor=rejected_by, action=Action.CHANGE, obj=locked, detail="access change rejected")
    _announce(locked, "rejected", rejected_by)
    return locked


def pending_changes() -> QuerySet[AccessChange]:
    return AccessChange.objects.filter(status=AccessChange.Status.PENDING).select_related(
        "user", "office", "office_before", "requested_by"
    )


def pending_for(user: User) -> int:
    """How many changes wait for this administrator's decision (the menu's count)."""
    return pending_changes().exclude(requested_by=user).exclude(user=user).count()
