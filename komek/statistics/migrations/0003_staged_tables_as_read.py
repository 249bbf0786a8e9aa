from django.db import migrations


def discard_unread(apps, schema_editor):
    """Staged tables are now kept as read (JSON); one staged before is uploaded again."""
    apps.get_model("statistics", "StagedTable").objects.exclude(file__endswith=".json").delete()


class Migration(migrations.Migration):
    dependencies = [("statistics", "0002_report_job")]

    operations = [migrations.RunPython(discard_unread, migrations.RunPython.noop)]
