"""Cases' part in merging two records of one person: the duplicate's cases become the
kept person's, as client and among the people involved; before that, the page comparing
the two counts each one's cases the reader may see."""

from django.db.models import Q

from komek.cases.access import visible_cases
from komek.cases.models import Case
from komek.people.hooks import Moved, move_references


def cases_count(person, user) -> int:
    return visible_cases(user, Case.objects.filter(client=person)).count()


def cases_move(*, source, target, merged_by) -> list[Moved]:
    involved = Case.people.through
    return [
        move_references(Case, "client", source=source, target=target),
        # A case that already involves the kept person keeps the duplicate's row: a
        # second row for the same case would break the relation's uniqueness.
        move_references(
            involved,
            "person",
            source=source,
            target=target,
            exclude=Q(case__in=involved.objects.filter(person=target).values("case")),
        ),
    ]
