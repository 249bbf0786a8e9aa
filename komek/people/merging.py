"""Merging two records of one person, and undoing it.

Every app moves its own references from the duplicate (the source) to the kept record
(the target) through the handlers registered in ``hooks``; what they report is stored
with the merge, so an undo moves exactly those rows back. The source is kept, marked as
merged; its names leave the index under it and join the kept person's, who is found by
both spellings. The merge keeps both records as they were (``snapshot``), who merged them
and why. Records of two offices, or with sensitive vulnerabilities, are merged only by
those who may (``PEOPLE_MERGE_ACROSS``: coordinators).
"""

import json

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people import hooks
from komek.people.hooks import Moved, move_back, move_references
from komek.people.models import (
    SENSITIVE_VULNERABILITIES,
    Consent,
    FamilyLink,
    IdentityDocument,
    Person,
    PersonMerge,
    PersonName,
    Phone,
)
from komek.people.services import person_index_refresh, person_touch_contact


def records_move(*, source: Person, target: Person, merged_by) -> list[Moved]:
    """People's own handler. What the target already has (a phone number, a relative, an
    assigned worker) stays on the source: a second row would break a uniqueness rule."""
    assigned = Person.assigned_to.through
    return [
        move_references(
            Phone,
            "person",
            source=source,
            target=target,
            exclude=Q(number__in=Phone.objects.filter(person=target).values("number")),
        ),
        move_references(IdentityDocument, "person", source=source, target=target),
        move_references(Consent, "person", source=source, target=target),
        move_references(
            FamilyLink,
            "person",
            source=source,
            target=target,
            exclude=Q(relative=target)
            | Q(relative__in=FamilyLink.objects.filter(person=target).values("relative")),
        ),
        move_references(
            FamilyLink,
            "relative",
            source=source,
            target=target,
            exclude=Q(person=target)
            | Q(person__in=FamilyLink.objects.filter(relative=target).values("person")),
        ),
        move_references(
            assigned,
            "person",
            source=source,
            target=target,
            exclude=Q(user__in=assigned.objects.filter(person=target).values("user")),
        ),
    ]


COORDINATOR_MERGES = gettext_noop(
    "These records belong to different offices or hold sensitive data: a coordinator "
    "merges them, and undoes their merge."
)


def needs_coordinator(source: Person, target: Person) -> bool:
    """Whether merging the two takes ``PEOPLE_MERGE_ACROSS``: they belong to different
    offices, or either has a sensitive vulnerability."""
    return source.office_id != target.office_id or any(
        item in SENSITIVE_VULNERABILITIES
        for item in [*source.vulnerabilities, *target.vulnerabilities]
    )


def may_merge(user, source: Person, target: Person) -> bool:
    return not needs_coordinator(source, target) or role_can(user, Capability.PEOPLE_MERGE_ACROSS)


def snapshot(*people: Person) -> list[dict]:
    """The people's fields as Django's serializer writes them (the assigned staff too)."""
    return [row["fields"] for row in json.loads(serializers.serialize("json", people))]


def _locked(*people: Person) -> dict[int, Person]:
    ids = [person.pk for person in people]
    return {person.pk: person for person in Person.objects.select_for_update().filter(pk__in=ids)}


@transaction.atomic
def person_merge(*, source: Person, target: Person, merged_by, reason: str = "") -> PersonMerge:
    """Merge the duplicate ``source`` into ``target``: every registered app moves its
    references; the merge keeps their report for ``person_merge_undo``. ``merged_by`` is
    None only for the system's own merges (a test, a script)."""
    if source.pk == target.pk:
        raise ValidationError(_("A person cannot be merged into themselves."))
    locked = _locked(source, target)
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError(_("One of the two records is already merged into another person."))
    if merged_by is not None and not may_merge(merged_by, source, target):
        raise PermissionDenied(_(COORDINATOR_MERGES))
    before = dict(zip(("source", "target"), snapshot(source, target), strict=True))
    report = {
        name: [
            moved.as_json() for moved in handler(source=source, target=target, merged_by=merged_by)
        ]
        for name, handler in hooks.merge_handlers().items()
    }
    source.merged_into = target
    source._history_user = merged_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    source.save()
    PersonName.objects.filter(person=source).delete()
    person_index_refresh([target])
    if source.last_contact_at:
        person_touch_contact(person=target, at=source.last_contact_at)
    merge = PersonMerge.objects.create(
        source=source,
        target=target,
        merged_by=merged_by,
        reason=reason,
        snapshot=before,
        report=report,
    )
    record(
        actor=merged_by,
        action=Action.CHANGE,
        obj=target,
        changes={"merged": ["", f"{source.full_name} (#{source.pk})"]},
        detail=f"person_merge {merge.pk}",
    )
    hooks.person_changed(persons=[source, target])
    return merge


def _as_before(merge: PersonMerge, *, source: Person, target: Person) -> None:
    """What the merge changed on the two rows themselves, as the snapshot has it: the
    source's last change, and the kept person's last contact unless one came since."""
    # A merge made before merges kept a snapshot has none: nothing to restore.
    before = {side: merge.snapshot.get(side, {}) for side in ("source", "target")}
    if "updated_at" in before["source"]:
        Person.objects.filter(pk=source.pk).update(
            updated_at=parse_datetime(before["source"]["updated_at"])
        )
    if "last_contact_at" not in before["target"]:
        return
    if source.last_contact_at is not None and target.last_contact_at == source.last_contact_at:
        last = before["target"]["last_contact_at"]
        Person.objects.filter(pk=target.pk).update(
            last_contact_at=parse_datetime(last) if last else None
        )


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, undone_by) -> PersonMerge:
    """Move back what the merge moved (rows added to the target since stay with it) and
    make the source a person of its own again."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    locked = _locked(merge.source, merge.target)
    source, target = locked[merge.source_id], locked[merge.target_id]
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if target.merged_into_id:
        raise ValidationError(
            _("The kept record has since been merged into another person: undo that first.")
        )
    if undone_by is not None and not may_merge(undone_by, source, target):
        raise PermissionDenied(_(COORDINATOR_MERGES))
    for moves in reversed(list(merge.report.values())):
        for moved in reversed(moves):
            move_back(moved, source=source, target=target)
    source.merged_into = None
    source._history_user = undone_by  # type: ignore[attr-defined]  # simple_history's, undeclared
    source.save()
    person_index_refresh([source, target])
    _as_before(merge, source=source, target=target)
    merge.undone_by, merge.undone_at = undone_by, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    record(
        actor=undone_by,
        action=Action.CHANGE,
        obj=target,
        changes={"merged": [f"{source.full_name} (#{source.pk})", ""]},
        detail=f"person_merge_undo {merge.pk}",
    )
    hooks.person_changed(persons=[source, target])
    return merge
