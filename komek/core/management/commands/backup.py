from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komek.core import backup


class Command(BaseCommand):
    help = (
        "Write every table and every uploaded file, with a manifest of their checksums, "
        "into one archive encrypted with KOMEK_BACKUP_KEY (or KOMEK_BACKUP_KEY_FILE)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", type=Path, help="The archive to write.")

    def handle(self, *args, output: Path, **options) -> None:
        try:
            backup.ensure_audited()
            manifest = backup.backup(output, key=backup.key_from_environment())
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        backup.audited("backup", output, manifest)
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {len(manifest['tables'])} tables, {rows} rows, "
                f"{len(manifest['files'])} files."
            )
        )
