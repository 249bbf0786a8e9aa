"""Chain the audit entries with hashes (the existing ones in id order, as
``komek/audit/chain.py`` does for new ones), and on PostgreSQL refuse TRUNCATE too."""

import django.utils.timezone
from django.db import migrations, models

from komek.audit.chain import entry_hash

BATCH = 2000
ROW_TRIGGER = "audit_auditentry_append_only"


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {ROW_TRIGGER}")
    entries = AuditEntry.objects.using(schema_editor.connection.alias).order_by("pk")
    previous_hash, last_pk = "", 0
    while batch := list(entries.filter(pk__gt=last_pk)[:BATCH]):
        for entry in batch:
            entry.prev_hash = previous_hash
            entry.hash = previous_hash = entry_hash(entry)
        entries.bulk_update(batch, ["prev_hash", "hash"])
        last_pk = batch[-1].pk
    if postgresql:
        schema_editor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {ROW_TRIGGER}")


def refuse_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {ROW_TRIGGER}()"
        )


def allow_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='hash'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='hash of the previous entry'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('view', 'viewed'), ('create', 'created'), ('change', 'changed'), ('delete', 'deleted'), ('export', 'exported'), ('login', 'signed in'), ('login_failed', 'failed to sign in'), ('locked_out', 'locked out'), ('logout', 'signed out'), ('2fa_reset', 'two-factor reset'), ('2fa_enrolled', 'two-factor enrolled'), ('refused', 'refused')], max_length=20, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(refuse_truncate, allow_truncate),
    ]
