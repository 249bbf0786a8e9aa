from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komek.core import backup, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `komek backup` into an empty, migrated database and "
        "MEDIA_ROOT, all or nothing, checking every table and file against the archive's "
        "manifest before and after. --force replaces what a non-empty database holds."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, archive: Path, force: bool, **options) -> None:
        try:
            backup.ensure_audited()
            manifest = restore.restore(archive, key=backup.key_from_environment(), force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        backup.audited("restore", archive, manifest)
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: "
                f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files, "
                "each matching the manifest."
            )
        )
