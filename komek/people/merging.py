"""Merging two records of one person, and undoing it.

Every app moves its own references from the duplicate (the source) to the kept record
(the target) through the handlers registered in ``hooks``; what they report is stored
with the merge, so an undo moves exactly those rows back. The source is kept, marked as
merged, and leaves the name index.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import record
from komek.people import hooks
from komek.people.hooks import Moved, move_back, move_references
from komek.people.models import (
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


def _locked(*people: Person) -> dict[int, Person]:
    ids = [person.pk for person in people]
    return {person.pk: person for person in Person.objects.select_for_update().filter(pk__in=ids)}


@transaction.atomic
def person_merge(*, source: Person, target: Person, merged_by) -> PersonMerge:
    """Merge the duplicate ``source`` into ``target``: every registered app moves its
    references; the merge keeps their report for ``person_merge_undo``."""
    if source.pk == target.pk:
        raise ValidationError(_("A person cannot be merged into themselves."))
    locked = _locked(source, target)
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError(_("One of the two records is already merged into another person."))
    report = {
        name: [
            moved.as_json() for moved in handler(source=source, target=target, merged_by=merged_by)
        ]
        for name, handler in hooks.merge_handlers().items()
    }
    source.merged_into = target
    source._history_user = merged_by
    source.save()
    PersonName.objects.filter(person=source).delete()
    if source.last_contact_at:
        person_touch_contact(person=target, at=source.last_contact_at)
    merge = PersonMerge.objects.create(
        source=source, target=target, merged_by=merged_by, report=report
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
    for moves in reversed(list(merge.report.values())):
        for moved in reversed(moves):
            move_back(moved, source=source, target=target)
    source.merged_into = None
    source._history_user = undone_by
    source.save()
    person_index_refresh([source])
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
