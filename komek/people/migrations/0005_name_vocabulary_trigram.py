"""A trigram GiST index on the name vocabulary, for correcting misspelt words."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS people_nametoken_trgm "
    "ON people_nametoken USING gist (token gist_trgm_ops)",
    "INSERT INTO people_nametoken (token) "
    "SELECT DISTINCT unnest(string_to_array(key, ' ')) FROM people_personname "
    "ON CONFLICT DO NOTHING",
]
BACKWARD = ["DROP INDEX IF EXISTS people_nametoken_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0004_name_vocabulary")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
