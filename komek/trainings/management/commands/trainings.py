import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from komek.trainings.selectors import events_summary


class Command(BaseCommand):
    help = (
        "List the training events: id, title, region (ISO 3166-2:KZ), first day, "
        "participants and participants with a certificate that stands (not revoked)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the list as JSON."
        )

    def handle(self, *args, as_json: bool, **options) -> None:
        events = events_summary()
        if as_json:
            self.stdout.write(json.dumps([asdict(event) for event in events], ensure_ascii=False))
            return
        for event in events:
            self.stdout.write(
                f"{event.id}\t{event.start}\t{event.region}\t{event.participants}\t"
                f"{event.certified}\t{event.title}"
            )
