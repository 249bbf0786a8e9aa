"""Backup and restore: every table and every uploaded file in one encrypted archive.

The archive (``core.archive``: AES-256-GCM, a key from ``KOMEK_BACKUP_KEY``) holds a tar
stream: each table as JSON lines in primary-key order (``db/<table>/<part>.jsonl``, the
same on SQLite and PostgreSQL, so either restores into the other), the files under
``MEDIA_ROOT`` (``media/…``) and last ``manifest.json``: the migrations applied, each
table's columns, row count and SHA-256 of its lines, and each file's size and SHA-256.

A restore reads the archive twice and never writes it out decrypted: first to check every
table and file against the manifest, then to load it into an empty database of the same
migrations, in one transaction that also checks the loaded tables and the written files
against the manifest before it commits. Rows are inserted with plain SQL: no ``save()``,
no signal, no ``auto_now``, so every row comes back as it was; the audit table, which
refuses updates and deletes on PostgreSQL, is only inserted into.
"""

import base64
import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from komek.core import archive, signals

FORMAT = 1
PART_BYTES = 16 * 1024 * 1024
INSERT_BATCH = 500
# What ``migrate`` itself writes into a new database: holding only these, it is empty.
# The navigator's rules, groups and calendar are shipped by its migration 0002.
FILLED_BY_MIGRATE = frozenset(
    {
        "contenttypes.ContentType",
        "auth.Permission",
        "core.RetentionPeriod",
        "navigator.CalendarDay",
        "navigator.CountryGroup",
        "navigator.GroupMember",
        "navigator.Rule",
        "navigator.Rule_groups",
    }
)


def audited(action: str, path: Path, manifest: dict) -> None:
    """A backup carries every person's data out of Komek and a restore replaces all of it:
    the commands report both to the audit log (``signals.archive_used``)."""
    signals.archive_used.send(BackupError, action=action, path=path, manifest=manifest)


def ensure_audited() -> None:
    if not signals.archive_used.has_listeners(BackupError):
        raise BackupError("Nothing records backups and restores in the audit log.")


class BackupError(Exception):
    pass


def key_from_environment() -> str:
    path = os.environ.get("KOMEK_BACKUP_KEY_FILE")
    key = Path(path).read_text(encoding="utf-8").strip() if path else ""
    key = key or os.environ.get("KOMEK_BACKUP_KEY", "")
    if not key:
        raise BackupError("Set KOMEK_BACKUP_KEY (or KOMEK_BACKUP_KEY_FILE) to the backup key.")
    return key


def backed_up_models(using: str) -> list[type[models.Model]]:
    """Every table of the installed apps in the database (many-to-many tables and
    histories included), in the order of their names."""
    tables = set(connections[using].introspection.table_names())
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped and meta.db_table in tables:
            found.setdefault(meta.db_table, model)
    return [found[table] for table in sorted(found)]


def columns(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not getattr(field, "generated", False)
    ]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return (
            value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    raise BackupError(f"Cannot write a value of type {type(value).__name__}.")


def _encoder(field: models.Field) -> Callable[[Any], Any]:
    if isinstance(field, models.JSONField):
        return lambda value: value
    if isinstance(field, models.DecimalField):
        places = field.decimal_places
        return lambda value: None if value is None else f"{value:.{places}f}"
    return _plain


def _lines(model: type[models.Model], using: str) -> Iterator[bytes]:
    """The table's rows as JSON lines in primary-key order, written alike by both databases."""
    fields = columns(model)
    encoders = [_encoder(field) for field in fields]
    rows = (
        model._base_manager.using(using)
        .order_by("pk")
        .values_list(*[field.attname for field in fields])
    )
    for row in rows.iterator(chunk_size=2000):
        values = [encode(value) for encode, value in zip(encoders, row, strict=True)]
        yield json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        yield b"\n"


def table_summary(model: type[models.Model], using: str) -> dict:
    digest, rows = hashlib.sha256(), 0
    for line in _lines(model, using):
        digest.update(line)
        rows += line == b"\n"
    return {"rows": rows, "sha256": digest.hexdigest()}


def _files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent view of every table while they are read."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    else:
        # A deferred read transaction sees one snapshot and lets writers go on (WAL);
        # Komek's own transactions begin IMMEDIATE and would hold the write lock.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")


def _dump_table(tar: tarfile.TarFile, model: type[models.Model], using: str) -> dict:
    table = model._meta.db_table
    digest, rows, part, buffer = hashlib.sha256(), 0, 0, bytearray()

    def flush() -> None:
        nonlocal part, buffer
        part += 1
        _add(tar, f"db/{table}/{part:06d}.jsonl", bytes(buffer))
        buffer = bytearray()

    for line in _lines(model, using):
        digest.update(line)
        rows += line == b"\n"
        buffer += line
        if len(buffer) >= PART_BYTES and line == b"\n":
            flush()
    if buffer or part == 0:
        flush()
    return {
        "model": model._meta.label,
        "columns": [field.attname for field in columns(model)],
        "rows": rows,
        "sha256": digest.hexdigest(),
    }


def applied_migrations(using: str) -> list[list[str]]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted([app, name] for app, name in applied)


def backup(path: Path, *, key: str, using: str = "default") -> dict:
    """Write the archive to ``path`` (made readable by its owner only, replaced only once
    complete) and return its manifest."""
    partial = path.with_name(f".{path.name}.partial")
    manifest: dict[str, Any] = {"format": FORMAT, "created_at": timezone.now().isoformat()}
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            writer = archive.Writer(out, key)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                with _snapshot(using):
                    manifest["vendor"] = connections[using].vendor
                    manifest["migrations"] = applied_migrations(using)
                    manifest["tables"] = {
                        model._meta.db_table: _dump_table(tar, model, using)
                        for model in backed_up_models(using)
                    }
                manifest["files"] = {}
                for name, source in _files():
                    info = tar.gettarinfo(str(source), arcname=f"media/{name}")
                    with source.open("rb") as stream:
                        tar.addfile(info, stream)
                    manifest["files"][name] = {"size": info.size, "sha256": file_digest(source)}
                _add(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    except archive.ArchiveError as error:
        raise BackupError(str(error)) from None
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def media_name(name: str) -> PurePosixPath:
    relative = PurePosixPath(name.removeprefix("media/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"The archive names a file outside the media folder: {name!r}.")
    return relative


def members(path: Path, key: str) -> Iterator[tuple[str, IO[bytes]]]:
    """Each file of the archive, decrypted as it is read."""
    try:
        with path.open("rb") as source:
            reader = archive.Reader(source, key)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    stream = tar.extractfile(member) if member.isfile() else None
                    if stream is None:
                        raise BackupError(
                            f"The archive holds something that is not a file: {member.name!r}."
                        )
                    yield member.name, stream
    except OSError as error:
        raise BackupError(f"{path}: {error.strerror or error}.") from None
    except tarfile.TarError as error:
        raise BackupError(f"The archive is damaged: {error}.") from None
    except archive.ArchiveError as error:
        raise BackupError(str(error)) from None


def verify(path: Path, *, key: str) -> dict:
    """Read the whole archive and check every table and file against its manifest;
    return the manifest."""
    tables: dict[str, Any] = {}
    files: dict[str, dict] = {}
    manifest = None
    for name, stream in members(path, key):
        if name == "manifest.json":
            manifest = json.loads(stream.read())
        elif name.startswith("db/"):
            summary = tables.setdefault(name.split("/")[1], [hashlib.sha256(), 0])
            for line in stream:
                summary[0].update(line)
                summary[1] += 1
        elif name.startswith("media/"):
            digest = hashlib.sha256()
            size = 0
            for block in iter(lambda stream=stream: stream.read(1024 * 1024), b""):
                digest.update(block)
                size += len(block)
            files[str(media_name(name))] = {"size": size, "sha256": digest.hexdigest()}
        else:
            raise BackupError(f"The archive holds an unexpected file: {name!r}.")
    if manifest is None or manifest.get("format") != FORMAT:
        raise BackupError("The archive has no manifest Komek can read (cut off or another format).")
    found = {
        table: {"rows": rows, "sha256": digest.hexdigest()}
        for table, (digest, rows) in tables.items()
    }
    expected = {
        table: {"rows": t["rows"], "sha256": t["sha256"]} for table, t in manifest["tables"].items()
    }
    if found != expected:
        wrong = sorted(
            set(found) ^ set(expected) | {t for t in found if found[t] != expected.get(t)}
        )
        raise BackupError(f"The archive does not match its manifest: tables {', '.join(wrong)}.")
    if files != manifest["files"]:
        wrong = sorted(
            set(files) ^ set(manifest["files"])
            | {f for f in files if files[f] != manifest["files"].get(f)}
        )
        raise BackupError(f"The archive does not match its manifest: files {', '.join(wrong)}.")
    return manifest
