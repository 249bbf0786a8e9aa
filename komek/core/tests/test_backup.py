"""Backup and restore: an archive of every table and uploaded file, encrypted, restored
into an empty database exactly as it was, or refused with the reason."""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections
from django.utils import timezone

from komek.core import backup, demo, restore, retention

KEY = "a long enough backup key for tests"
ALIAS = "restored"


def summaries(using: str) -> dict:
    return {
        model._meta.db_table: backup.table_summary(model, using)
        for model in backup.backed_up_models(using)
    }


def files(root: Path) -> dict:
    return {
        path.relative_to(root).as_posix(): backup.file_digest(path)
        for path in root.rglob("*")
        if path.is_file()
    }


def upload(relative: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def verify_audit(using: str) -> str:
    """What ``komek audit_verify`` says of the database ``using``."""
    out = StringIO()
    call_command("audit_verify", database=using, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def empty_database(django_db_setup, django_db_blocker):
    """A second database, migrated and empty, beside the test database."""
    default = connections["default"].settings_dict
    test_name = None if default["ENGINE"].endswith("sqlite3") else f"{default['NAME']}_restored"
    connections.settings[ALIAS] = {**default, "TEST": {**default["TEST"], "NAME": test_name}}
    creation = connections[ALIAS].creation
    with django_db_blocker.unblock():
        name = creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    yield ALIAS
    with django_db_blocker.unblock():
        connections[ALIAS].close()
        creation.destroy_test_db(name, verbosity=0)
    del connections[ALIAS]
    del connections.settings[ALIAS]


@pytest.mark.django_db(databases=["default", ALIAS])
def test_a_backup_restored_into_an_empty_database_has_every_table_and_file_as_before(
    empty_database, tmp_path, settings
):
    demo.load()
    # Eleven years on, the audit entries written so far are past their period: removed,
    # the chain then starts from the prune record.
    retention.apply(now=timezone.now() + timedelta(days=11 * 365), codes=["audit.entries"])
    upload("cases/2026/01/scan.png", os.urandom(300_000))
    upload("letters/2026/01/письмо №1.pdf", b"%PDF-1.7\n" + os.urandom(1000))
    original_files = files(Path(settings.MEDIA_ROOT))
    archive = tmp_path / "komek.backup"

    manifest = backup.backup(archive, key=KEY)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    restore.restore(archive, key=KEY, using=empty_database)

    original = summaries("default")
    assert sum(table["rows"] for table in original.values()) > 500
    assert summaries(empty_database) == original
    assert {table: entry["sha256"] for table, entry in manifest["tables"].items()} == {
        table: summary["sha256"] for table, summary in original.items()
    }
    assert files(Path(settings.MEDIA_ROOT)) == original_files
    # The two uploaded here, the PDF and DOCX of the demo's letter to the embassy, and the
    # purchase document of the demo's ticket home.
    assert len(original_files) == 5
    verified = verify_audit("default")
    assert "after entries up to #" in verified
    assert verify_audit(empty_database) == verified
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


@pytest.fixture
def archive(db, tmp_path):
    get_user_model().objects.create(username="aigerim")
    upload("cases/scan.png", b"\x89PNG\r\n\x1a\n" + b"x" * 5000)
    path = tmp_path / "komek.backup"
    backup.backup(path, key=KEY)
    return path


def test_the_archive_shows_nothing_without_the_key(archive):
    content = archive.read_bytes()
    assert b"aigerim" not in content
    assert b"manifest" not in content


def test_a_wrong_key_is_refused_naming_the_key(archive):
    with pytest.raises(backup.BackupError, match="KOMEK_BACKUP_KEY is not the key"):
        restore.restore(archive, key="another key, sixteen or more", force=True)


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_a_damaged_archive_is_refused_and_nothing_is_restored(archive, damage, settings, tmp_path):
    content = bytearray(archive.read_bytes())
    if damage == "flip":
        content[len(content) // 2] ^= 0x01
    else:
        del content[-100:]
    archive.write_bytes(bytes(content))
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(backup.BackupError, match=r"damaged|cut off"):
        restore.restore(archive, key=KEY, force=True)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["aigerim"]
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_database_that_is_not_empty_is_refused(archive):
    with pytest.raises(backup.BackupError, match=r"not empty: 2 tables hold rows \(accounts_his"):
        restore.restore(archive, key=KEY)


def test_the_commands_take_the_key_from_the_environment(db, monkeypatch, tmp_path):
    monkeypatch.delenv("KOMEK_BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="Set KOMEK_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "komek.backup"))
    monkeypatch.setenv("KOMEK_BACKUP_KEY", "short")
    with pytest.raises(CommandError, match="at least 16 characters"):
        call_command("backup", str(tmp_path / "komek.backup"))
    assert not any(tmp_path.iterdir())
