"""A case's next deadline: the earliest date something on it is due — an open task, or
the answer a sent referral awaits. Stored on the case, so that "overdue" is one indexed
comparison with today instead of two subqueries per case of the office.

``refresh`` is the one writer: the services call it after every change to a task or a
referral, and the migration that introduced the field called it for every case."""

from collections.abc import Iterable

from django.db.models import Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least


def refresh(case_model, task_model, referral_model, case_ids: Iterable[int] | None) -> None:
    """Recompute the deadline of the given cases (of every case with ``None``). Takes the
    models so that a migration can pass its historical ones."""

    def earliest(model, field: str, **open_only) -> Subquery:
        rows = model.objects.filter(case=OuterRef("pk"), **open_only).order_by()
        return Subquery(rows.values("case").annotate(earliest=Min(field)).values("earliest"))

    task_due = earliest(task_model, "due_on", done_at__isnull=True)
    answer_due = earliest(referral_model, "expected_by", status="sent")
    cases = (
        case_model.objects.all()
        if case_ids is None
        else case_model.objects.filter(pk__in=list(case_ids))
    )
    # LEAST ignores NULL on PostgreSQL but not on SQLite: each side falls back on the other.
    cases.update(next_due_on=Least(Coalesce(task_due, answer_due), Coalesce(answer_due, task_due)))
