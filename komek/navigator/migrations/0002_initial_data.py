"""The rules of DOMAIN.md §1.2 (with the sanctions and documents of §1.4–1.5 that concern
the migrant), the EAEU and visa-free groups and the Kazakh calendar 2023–2027, from
komek/navigator/data/. None is verified by a lawyer."""

from django.db import migrations

from komek.navigator import shipped


def load(apps, schema_editor):
    shipped.load(apps, schema_editor.connection.alias)


def unload(apps, schema_editor):
    shipped.unload(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("navigator", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
