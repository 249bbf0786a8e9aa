"""Office scoping: every record belongs to an office; staff see their own office's records
unless their role (or their national scope) spans offices. Later modules filter through
``in_scope`` so the rule lives in one place."""

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class OfficeOwned(models.Model):
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


def in_scope(queryset: QuerySet, user, field: str = "office") -> QuerySet:
    if user.spans_offices:
        return queryset
    if user.office_id is None:
        return queryset.none()
    return queryset.filter(**{field: user.office_id})


def can_reach(user, office_id: int | None) -> bool:
    return user.spans_offices or (office_id is not None and office_id == user.office_id)
