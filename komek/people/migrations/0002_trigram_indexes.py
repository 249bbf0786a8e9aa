"""A trigram GiST index for name search on PostgreSQL; SQLite ranks with a function."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_personname_key_trgm "
    "ON people_personname USING gist (key gist_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS people_personname_key_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
