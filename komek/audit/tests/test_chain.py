"""The hash chain: a removed or changed entry is found by ``komek audit_verify``."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from komek.audit import chain
from komek.audit.models import Action, AuditEntry
from komek.audit.services import record


@pytest.fixture
def entries(db):
    return [
        record(actor=None, action=Action.LOGIN_FAILED, username=f"user{number}", detail="password")
        for number in range(5)
    ]


def tamper(statement: str, params=(), *, table: str = "audit_auditentry") -> None:
    """Raw SQL on ``table`` as someone with the owner's rights: on PostgreSQL, past the
    triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def verify(capsys) -> str:
    call_command("audit_verify")
    return capsys.readouterr().out


def test_each_entry_keeps_the_hash_of_the_one_before(entries):
    stored = list(AuditEntry.objects.order_by("pk"))
    assert stored[0].prev_hash == ""
    assert [entry.prev_hash for entry in stored[1:]] == [entry.hash for entry in stored[:-1]]
    assert all(entry.hash == chain.entry_hash(entry) for entry in stored)


def test_an_intact_chain_is_reported_ok_with_its_count(entries, capsys):
    assert verify(capsys).startswith(f"OK: 5 entries, last hash {entries[-1].hash}")


def test_an_entry_removed_with_raw_sql_is_named(entries):
    removed = entries[2]
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [removed.pk])
    with pytest.raises(
        CommandError,
        match=f"#{entries[1].pk} and #{entries[3].pk} \\(#{removed.pk}\\) were removed",
    ):
        call_command("audit_verify")


def test_the_first_entries_removed_are_found(entries):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    with pytest.raises(CommandError, match=f"before #{entries[1].pk}"):
        call_command("audit_verify")


def test_a_field_changed_with_raw_sql_is_found(entries):
    tamper("UPDATE audit_auditentry SET detail = 'code' WHERE id = %s", [entries[3].pk])
    with pytest.raises(CommandError, match=f"entry #{entries[3].pk} was changed"):
        call_command("audit_verify")


def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next_link(entries):
    changed = AuditEntry.objects.get(pk=entries[1].pk)
    changed.actor_username = "someone-else"
    tamper(
        "UPDATE audit_auditentry SET actor_username = %s, hash = %s WHERE id = %s",
        [changed.actor_username, chain.entry_hash(changed), changed.pk],
    )
    with pytest.raises(CommandError, match=f"entry #{entries[2].pk} does not follow"):
        call_command("audit_verify")


def test_the_migration_chains_the_entries_written_before_it(db, capsys):
    AuditEntry.objects.bulk_create(
        AuditEntry(action=Action.LOGIN, actor_username=name, ip="10.0.0.1", changes={"n": 1.0})
        for name in ("alpha", "beta", "gamma")
    )
    migration = importlib.import_module("komek.audit.migrations.0003_hash_chain_and_refused")
    schema_editor = SimpleNamespace(
        connection=connection, execute=lambda sql: connection.cursor().execute(sql)
    )
    migration.chain_existing(apps, schema_editor)
    assert verify(capsys).startswith("OK: 3 entries")
    record(actor=None, action=Action.LOGOUT, username="delta")
    assert verify(capsys).startswith("OK: 4 entries")


def test_the_people_an_export_included_are_covered_by_its_hash(db):
    export = record(actor=None, action=Action.EXPORT, username="probe", people=[40, 12, 12])
    assert export.people == ",12,40,"
    tamper("UPDATE audit_auditentry SET people = ',12,' WHERE id = %s", [export.pk])
    with pytest.raises(CommandError, match=f"entry #{export.pk} was changed"):
        call_command("audit_verify")
