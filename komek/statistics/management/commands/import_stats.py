import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from komek.accounts.models import User
from komek.core.tables import ImportRejected, progress_bar, read_table
from komek.statistics import importing
from komek.statistics.models import Measure


class Command(BaseCommand):
    help = (
        "Create or version the dataset CODE from an official table in long form (CSV in "
        "UTF-8 or cp1251, or XLSX), one row per figure. Headers in Russian, Kazakh or "
        "English: Период с/period_from, Период по/period_to, Территория/territory, "
        "Гражданство/citizenship, Значение/value; other columns are further dimensions. "
        "All rows or none; the previous version is kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dataset", required=True, help="Code of the dataset.")
        parser.add_argument("--title", default="", help="Title (for a new dataset).")
        parser.add_argument("--source", default="", help="Who published the table.")
        parser.add_argument(
            "--measure",
            choices=Measure.values,
            help="What the table counts: 'registered' for registered foreign citizens.",
        )
        parser.add_argument(
            "--mapping",
            default="",
            help='Headers to roles: "Регион=territory,Примечание=ignore" (roles: '
            + ", ".join(importing.ROLES)
            + ").",
        )
        parser.add_argument("--by", help="Username recorded as the importer.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the table, write nothing."
        )

    def handle(self, *args, file: Path, dataset: str, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            validate_slug(dataset)
        except ValidationError:
            raise CommandError(f"{dataset}: a dataset code is letters, digits, - and _.") from None
        importer = User.objects.filter(username=options["by"]).first() if options["by"] else None
        try:
            headers, rows = read_table(file)
            mapping = importing.parse_mapping(options["mapping"], headers)
            parsed = importing.parse(headers, rows, mapping)
            summary = (
                f"{len(parsed.observations)} figures, {parsed.totals_skipped} total rows skipped"
            )
            if dry_run:
                self.stdout.write(f"{file.name}: no problems found ({summary}); nothing written.")
                return
            version = importing.write(
                parsed,
                code=dataset,
                title=options["title"],
                source=options["source"],
                measure=options["measure"],
                file_name=file.name,
                sha256=hashlib.sha256(file.read_bytes()).hexdigest(),
                imported_by=importer,
                progress=progress_bar,
            )
        except ImportRejected as rejected:
            raise CommandError(f"{file.name} rejected, nothing imported:\n{rejected}") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {file.name} as {version}: {summary}."))
