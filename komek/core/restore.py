"""Restoring an archive written by ``core.backup`` into an empty database (see there)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction

from komek.core import backup
from komek.core.backup import BackupError


def _decoder(field: models.Field, connection):
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: (
        None if value is None else field.get_db_prep_save(field.to_python(value), connection)
    )


def _occupied(using: str) -> dict[str, int]:
    """The tables holding rows other than those ``migrate`` writes, with their counts."""
    return {
        model._meta.db_table: model._base_manager.using(using).count()
        for model in backup.backed_up_models(using)
        if model._meta.label not in backup.FILLED_BY_MIGRATE
        and model._base_manager.using(using).exists()
    }


def _check_target(manifest: dict, *, using: str, force: bool) -> None:
    here = {tuple(migration) for migration in backup.applied_migrations(using)}
    archived = {tuple(migration) for migration in manifest["migrations"]}
    if here != archived:
        differences = [
            f"{len(names)} {where} (first: {'.'.join(min(names))})"
            for where, names in (
                ("not applied here", archived - here),
                ("only here", here - archived),
            )
            if names
        ]
        raise BackupError(
            f"The database is not migrated as the backed-up one was: {'; '.join(differences)}. "
            "Run `komek migrate` with the Komek version that made the backup."
        )
    tables = {
        model._meta.db_table: [field.attname for field in backup.columns(model)]
        for model in backup.backed_up_models(using)
    }
    archived = {table: entry["columns"] for table, entry in manifest["tables"].items()}
    if tables != archived:
        differ = sorted(
            set(tables) ^ set(archived) | {t for t in tables if tables[t] != archived.get(t)}
        )
        raise BackupError(f"The archive's tables differ from this Komek's: {', '.join(differ)}.")
    occupied = _occupied(using)
    if occupied and not force:
        held = ", ".join(f"{table}: {rows}" for table, rows in sorted(occupied.items())[:5])
        more = ", …" if len(occupied) > 5 else ""
        raise BackupError(
            f"The database is not empty: {len(occupied)} tables hold rows ({held}{more}). "
            "Restore into a new database (createdb, komek migrate), or give --force to "
            "replace what it holds."
        )
    root = Path(settings.MEDIA_ROOT)
    clashing = [
        name
        for name, entry in manifest["files"].items()
        if (root / name).exists() and backup.file_digest(root / name) != entry["sha256"]
    ]
    if clashing and not force:
        raise BackupError(
            f"{len(clashing)} files in {root} differ from the archive's (first: {clashing[0]}); "
            "give --force to replace them."
        )


def _clear(using: str) -> None:
    connection = connections[using]
    for model in backup.backed_up_models(using):
        if model._base_manager.using(using).exists():
            table = model._meta.db_table
            try:
                with transaction.atomic(using=using), connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
            except DatabaseError as error:
                reason = str(error).strip().splitlines()[0]
                raise BackupError(
                    f"The database refuses to empty {table} ({reason}): "
                    "restore into a new database."
                ) from None


def _insert(model: type[models.Model], rows: list, using: str) -> None:
    connection = connections[using]
    fields = backup.columns(model)
    decoders = [_decoder(field, connection) for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names quoted, values bound)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [[decode(value) for decode, value in zip(decoders, row, strict=True)] for row in rows],
        )


def _load(manifest: dict, path: Path, key: str, using: str, written: list[Path]) -> None:
    models_by_table = {model._meta.db_table: model for model in backup.backed_up_models(using)}
    root = Path(settings.MEDIA_ROOT)
    for name, stream in backup.members(path, key):
        if name.startswith("db/"):
            model = models_by_table[name.split("/")[1]]
            batch: list = []
            for line in stream:
                batch.append(json.loads(line))
                if len(batch) == backup.INSERT_BATCH:
                    _insert(model, batch, using)
                    batch = []
            if batch:
                _insert(model, batch, using)
        elif name.startswith("media/"):
            relative = backup.media_name(name)
            target = root / relative
            if target.exists() and (
                backup.file_digest(target) == manifest["files"][str(relative)]["sha256"]
            ):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.restoring")
            with partial.open("wb") as out:
                for block in iter(lambda stream=stream: stream.read(1024 * 1024), b""):
                    out.write(block)
            written.append(partial)
            partial.replace(target)
            written[-1] = target


def _check_loaded(manifest: dict, using: str) -> None:
    for model in backup.backed_up_models(using):
        table = model._meta.db_table
        entry = manifest["tables"][table]
        if backup.table_summary(model, using) != {"rows": entry["rows"], "sha256": entry["sha256"]}:
            raise BackupError(
                f"{table} differs from the archive once loaded: nothing was restored."
            )
    root = Path(settings.MEDIA_ROOT)
    for name, entry in manifest["files"].items():
        if backup.file_digest(root / name) != entry["sha256"]:
            raise BackupError(
                f"{name} differs from the archive once written: nothing was restored."
            )


def restore(path: Path, *, key: str, using: str = "default", force: bool = False) -> dict:
    """Load the archive at ``path`` into the database ``using`` and ``MEDIA_ROOT``, all or
    nothing; return its manifest."""
    manifest = backup.verify(path, key=key)
    _check_target(manifest, using=using, force=force)
    written: list[Path] = []
    try:
        with transaction.atomic(using=using):
            _clear(using)
            _load(manifest, path, key, using, written)
            connection = connections[using]
            statements = connection.ops.sequence_reset_sql(
                no_style(), backup.backed_up_models(using)
            )
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            _check_loaded(manifest, using)
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    return manifest
