from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import Office, User
from komek.core.tables import ImportRejected, progress_bar, read_table
from komek.people import importing


class Command(BaseCommand):
    help = (
        "Import people from a CSV (UTF-8 or cp1251) or XLSX file. Columns: ref, surname, "
        "given_name, patronymic, born (YYYY-MM-DD, YYYY-MM or YYYY), sex (M/F), citizenship "
        "(ISO alpha-2), phone (several separated by ;), document_number. All rows or none; "
        "rows that look like people already registered refuse the file unless told what to "
        "do with them (--on-duplicate)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping",
            default="",
            help='Other headers to Komek columns: "Фамилия=surname,Имя=given_name,Телефон=phone"',
        )
        parser.add_argument("--office", help="Code of the office that owns the people.")
        parser.add_argument("--by", help="Username recorded as the importer in the audit log.")
        parser.add_argument(
            "--on-duplicate",
            choices=importing.ON_DUPLICATE,
            default=importing.REPORT,
            help="A row that looks like someone registered in the office (in any office for a "
            "national --by user: the same name in any script and year, or the same phone) or "
            "like another row: report refuses the file naming such rows, skip imports the "
            "others, create imports them anyway. Default: report.",
        )

    def _office(self, code: str | None) -> Office:
        if code:
            office = Office.objects.filter(code=code).first()
            if office is None:
                raise CommandError(f"No office with code {code}.")
            return office
        offices = list(Office.objects.all()[:2])
        if len(offices) != 1:
            raise CommandError("Say which office owns the people: --office CODE.")
        return offices[0]

    def handle(
        self,
        *args,
        file: Path,
        mapping: str,
        office: str | None,
        by: str | None,
        on_duplicate: str,
        **options,
    ):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        owner = self._office(office)
        importer = User.objects.filter(username=by).first() if by else None
        try:
            headers, rows = read_table(file)
            parsed = importing.validate(
                headers, rows, office=owner, mapping=importing.parse_mapping(mapping)
            )
            kept, skipped = importing.screen(
                parsed,
                on_duplicate=on_duplicate,
                office=owner,
                importer=importer,
                source=file.name,
            )
            count = importing.write(
                kept, imported_by=importer, source=file.name, progress=progress_bar
            )
        except importing.DuplicatesFound as found:
            raise CommandError(
                f"{file.name} rejected, nothing imported:\n{found}\n"
                "Run it again with --on-duplicate skip to import the other rows, or "
                "--on-duplicate create to import them all."
            ) from None
        except ImportRejected as rejected:
            raise CommandError(f"{file.name} rejected, nothing imported:\n{rejected}") from None
        summary = f"Imported {count} people from {file.name}."
        if skipped:
            summary += (
                f" Skipped {len(skipped)} rows that look like people already registered or "
                "another row of the file."
            )
        self.stdout.write(self.style.SUCCESS(summary))
