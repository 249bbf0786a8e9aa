"""Pagination for lists that grow to hundreds of thousands of rows: counting every row
of a large list costs more than showing a page of it, and nobody pages to row 120,000."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP`` rows; ``capped`` says there are more. Narrowing
    filters find the rest."""

    @cached_property
    def count(self) -> int:
        # Any COUNT_CAP + 1 rows tell whether there are more: without the list's order,
        # PostgreSQL stops at the first rows it finds instead of sorting to find them, and
        # without the joins that only fill in the rows shown, it reads only the list's table.
        return (
            self.object_list.order_by().select_related(None).values("pk")[: COUNT_CAP + 1].count()
        )

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number):
        """The page's rows are found by their keys alone, then read with the joins that
        fill them in: PostgreSQL sorts and skips keys instead of joined rows, which on a
        deep page of a long list is most of the work."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = (
            self.object_list.select_related(None)
            .prefetch_related(None)
            .values_list("pk", flat=True)
        )
        return self._get_page(self.object_list.filter(pk__in=list(keys[bottom:top])), number, self)
