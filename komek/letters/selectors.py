"""Reads of the letters module that depend on who asks."""

from django.db.models import QuerySet
from django.http import Http404

from komek.accounts.models import Office
from komek.accounts.scoping import in_scope


def letterhead_offices_for(*, user) -> QuerySet[Office]:
    """The active offices whose letterhead the user may edit: their own, or every office
    for a user whose role or scope spans offices."""
    return in_scope(Office.objects.filter(is_active=True), user, field="pk")


def letterhead_office_get_for(*, user, pk: int) -> Office:
    """The office whose letterhead the user edits; 404 for another office's, so a
    coordinator cannot sign another office's letters with their own text."""
    office = in_scope(Office.objects.all(), user, field="pk").filter(pk=pk).first()
    if office is None:
        raise Http404
    return office
