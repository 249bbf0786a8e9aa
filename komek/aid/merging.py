"""Aid's part in merging two records of one person: the duplicate's distributions, and
the items that count them towards entitlements, become the kept person's; before that,
the page comparing the two counts each one's distributions."""

from komek.accounts.scoping import in_scope
from komek.aid.models import Distribution, DistributionItem
from komek.people.hooks import Moved, move_references


def distributions_count(person, user) -> int:
    return in_scope(Distribution.objects.filter(person=person), user).count()


def distributions_move(*, source, target, merged_by) -> list[Moved]:
    return [
        move_references(Distribution, "person", source=source, target=target),
        move_references(DistributionItem, "person", source=source, target=target),
    ]
