from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from komek.accounts.arguments import user
from komek.core.roles import Capability
from komek.core.tables import ImportRejected
from komek.trainings import participants_import, services
from komek.trainings.models import Event


class Command(BaseCommand):
    help = (
        "Import an agency's list of participants (XLSX or CSV, Russian or Kazakh headers) "
        "into the registry and enrol them all in the event. All rows or none: a list with "
        "a problem is refused whole, each problem named by row and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("event_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", help="Username recorded as enrolling them (default: the event's creator)."
        )

    def handle(self, *args, event_id: int, file: Path, by: str | None, **options) -> None:
        event = Event.objects.select_related("created_by").filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"EVENT_ID: no training event {event_id}.")
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        importer = user(by, Capability.TRAININGS_MANAGE) if by else event.created_by
        try:
            rows = participants_import.read(file, event=event)
            imported = services.participants_import(
                event=event, rows=rows, by=importer, source=file.name
            )
        except ImportRejected as rejected:
            raise CommandError(f"{file.name} rejected, nothing imported:\n{rejected}") from None
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        for row in imported:
            if row.recognised:
                enrolled = " (enrolled already)" if row.was_enrolled else ""
                self.stdout.write(
                    f"row {row.number}: {row.participant} is in the registry already "
                    f"(participant {row.participant.pk}){enrolled}."
                )
        new = sum(not row.recognised for row in imported)
        enrolled_now = sum(not row.was_enrolled for row in imported)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(imported)} rows from {file.name} into event {event.pk} "
                f"“{event.title}”: {new} new participants, {len(imported) - new} already in "
                f"the registry; {enrolled_now} enrolled now."
            )
        )
