"""A backup carries every person's data out of Komek and a restore replaces all of it:
the commands say so in the audit log, and refuse to run when nothing would."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from komek.audit.models import Action, AuditEntry
from komek.core import signals

pytestmark = pytest.mark.django_db

KEY = "a long enough backup key for tests"


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("KOMEK_BACKUP_KEY", KEY)


@pytest.fixture
def archive(tmp_path, make_staff):
    make_staff()
    path = tmp_path / "komek.backup"
    call_command("backup", str(path), stdout=StringIO())
    return path


def test_a_backup_is_in_the_audit_log_as_an_export(archive):
    written = AuditEntry.objects.get(actor_username="komek backup")
    assert written.action == Action.EXPORT
    assert str(archive) in written.detail and "tables" in written.detail


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL refuses to empty the audit log: a restore goes into a new database",
)
def test_a_restore_is_in_the_audit_log_as_a_change(archive):
    call_command("restore", str(archive), "--force", stdout=StringIO())
    restored = AuditEntry.objects.get(actor_username="komek restore")
    assert restored.action == Action.CHANGE
    assert str(archive) in restored.detail


def test_without_the_audit_log_listening_the_commands_refuse(tmp_path, monkeypatch):
    monkeypatch.setattr(signals.archive_used, "receivers", [])
    monkeypatch.setattr(signals.archive_used, "sender_receivers_cache", {})
    with pytest.raises(CommandError, match="Nothing records backups and restores"):
        call_command("backup", str(tmp_path / "komek.backup"))
    assert not any(tmp_path.iterdir())
