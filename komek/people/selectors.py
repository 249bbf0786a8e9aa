"""Reads of the people registry for display: permission-checked and audited."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from komek.audit.models import Action
from komek.audit.services import record
from komek.people.access import Access, require_access
from komek.people.models import FamilyLink, Person


def person_for_display(*, user, pk: int) -> tuple[Person, Access]:
    """The person with everything the record page shows; the opening is audited."""
    person = get_object_or_404(
        Person.objects.select_related("office", "created_by").prefetch_related(
            "phones",
            "documents",
            "consents",
            "assigned_to",
            Prefetch("family_links", FamilyLink.objects.select_related("relative")),
        ),
        pk=pk,
    )
    level = require_access(user, person, Access.FULL)
    record(actor=user, action=Action.VIEW, obj=person)
    return person, level


def person_for_edit(*, user, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    require_access(user, person, Access.FULL)
    return person
