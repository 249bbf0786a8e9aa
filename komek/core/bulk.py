"""Writing many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere. Callers own
the transaction; rows go in exactly as given (no model defaults, signals or history)."""

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
