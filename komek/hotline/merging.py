"""Hotline's part in merging two records of one person: the contacts (and so the
callbacks, which are contacts) of the duplicate become the kept person's; before that,
the page comparing the two counts each one's contacts."""

from komek.accounts.scoping import in_scope
from komek.hotline.models import Contact
from komek.people.hooks import Moved, move_references


def contacts_count(person, user) -> int:
    return in_scope(Contact.objects.filter(person=person), user).count()


def contacts_move(*, source, target, merged_by) -> list[Moved]:
    return [move_references(Contact, "person", source=source, target=target)]
