"""Reads of the people registry: permission-checked, and audited where they show a person."""

from typing import Literal

from django.db.models import Prefetch
from django.http import Http404

from komek.audit.models import Action
from komek.audit.services import record
from komek.people.access import Access, access_level, require_access
from komek.people.models import Consent, FamilyLink, Person, PersonMerge
from komek.people.search import BirthQuery, Match, search_people

Purpose = Literal["view", "change"]


def person_get_for(*, user, pk: int, purpose: Purpose = "view") -> Person:
    """The person if ``user`` may open their record; 404 otherwise, revealing nothing.

    ``purpose="view"`` loads what the record page shows and audits the opening; a change
    is audited by the service that makes it. ``person.access`` is the user's level, for
    the page to show or hide the sensitive vulnerabilities."""
    people = Person.objects.all()
    if purpose == "view":
        people = people.select_related("office", "created_by").prefetch_related(
            "phones",
            "documents",
            Prefetch("consents", Consent.objects.select_related("recorded_by")),
            "assigned_to",
            Prefetch("family_links", FamilyLink.objects.select_related("relative")),
        )
    person = people.filter(pk=pk).first()
    if person is None:
        raise Http404
    # The page shows what this level allows; it travels with the record it applies to.
    person.access = require_access(user, person, Access.FULL)  # type: ignore[attr-defined]
    if purpose == "view":
        record(actor=user, action=Action.VIEW, obj=person)
    return person


def person_search(
    *, user, query: str, born: BirthQuery | None = None, limit: int
) -> list[tuple[Match, bool]]:
    """The people matching ``query``, each with whether ``user`` may open their record.
    A search that finds someone is audited: its results show who is registered."""
    matches: list[Match] = search_people(query, born=born, limit=limit)
    if not matches:
        return []
    assigned = set(
        user.assigned_people.filter(pk__in=[match.person.pk for match in matches]).values_list(
            "pk", flat=True
        )
    )
    record(actor=user, action=Action.VIEW, detail=f"search: {query} {born or ''}".strip())
    return [
        (
            match,
            access_level(user, match.person, assigned=match.person.pk in assigned) >= Access.FULL,
        )
        for match in matches
    ]


def merges_into(person: Person) -> list[PersonMerge]:
    """The records merged into ``person`` and not given back, newest first: the spellings
    the person is also known by, each merge with who made it and why."""
    return list(
        PersonMerge.objects.filter(target=person, undone_at__isnull=True).select_related(
            "source", "merged_by"
        )
    )


def merge_get_for(*, user, pk: int) -> PersonMerge:
    """A merge whose kept record ``user`` may change; 404 otherwise, revealing nothing."""
    merge = PersonMerge.objects.select_related("source", "target").filter(pk=pk).first()
    if merge is None:
        raise Http404
    person_get_for(user=user, pk=merge.target_id, purpose="change")
    return merge
