"""Writing many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere. Callers own
the transaction; rows go in exactly as given (no model defaults, signals or history).
``analyze`` refreshes the planner's statistics for code that reads them back at once."""

from collections.abc import Iterable

from django.db import connection


def copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> None:
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=2000
        )


def analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of the tables of ``models``, just written in bulk.
    Until autovacuum gets to them, a table filled in one go is planned as the empty table
    it was: a sum over the two million hand-outs just written ran as a nested loop that
    did not end in a quarter of an hour."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
