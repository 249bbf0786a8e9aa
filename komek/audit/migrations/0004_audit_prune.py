"""Prune records, and on PostgreSQL the one way audit entries may be deleted: in a
transaction that set ``komek.audit_prune``, by the table's owner, for rows a prune record
covers (``komek/audit/prune.py``). Prune records refuse UPDATE, DELETE and TRUNCATE."""

import django.utils.timezone
from django.db import migrations, models

ENTRY_FUNCTION = """
    CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF current_setting('komek.audit_prune', true) = 'on'
                AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class
                                    WHERE oid = TG_RELID)
                AND OLD.id <= (SELECT max(through_id) FROM audit_auditprune)
            THEN
                RETURN OLD;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only';
    END;
    $$ LANGUAGE plpgsql
"""
ENTRY_FUNCTION_BEFORE = """
    CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only';
    END;
    $$ LANGUAGE plpgsql
"""
FORWARD = [
    ENTRY_FUNCTION,
    """
    CREATE FUNCTION audit_auditprune_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit prune records are append-only';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_auditprune_append_only BEFORE UPDATE OR DELETE ON audit_auditprune
    FOR EACH ROW EXECUTE FUNCTION audit_auditprune_append_only()
    """,
    """
    CREATE TRIGGER audit_auditprune_no_truncate BEFORE TRUNCATE ON audit_auditprune
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditprune_append_only()
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditprune_no_truncate ON audit_auditprune",
    "DROP TRIGGER IF EXISTS audit_auditprune_append_only ON audit_auditprune",
    "DROP FUNCTION IF EXISTS audit_auditprune_append_only()",
    ENTRY_FUNCTION_BEFORE,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_hash_chain_and_refused'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditPrune',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('through_id', models.BigIntegerField(unique=True, verbose_name='removed up to entry')),
                ('through_hash', models.CharField(max_length=64, verbose_name='hash of the last removed entry')),
                ('count', models.PositiveIntegerField(verbose_name='entries removed')),
                ('command', models.CharField(max_length=100, verbose_name='command')),
                ('database_role', models.CharField(blank=True, max_length=150, verbose_name='database role')),
                ('prev_hash', models.CharField(blank=True, max_length=64, verbose_name='hash of the previous prune')),
                ('hash', models.CharField(max_length=64, verbose_name='hash')),
            ],
            options={
                'verbose_name': 'audit log prune',
                'verbose_name_plural': 'audit log prunes',
                'ordering': ['-id'],
            },
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
