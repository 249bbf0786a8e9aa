import json

from django.core.management.base import BaseCommand

from komek.aid.models import AidKind


class Command(BaseCommand):
    help = "List the active aid kinds."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print JSON.")

    def handle(self, *args, as_json: bool, **options):
        rows = [
            {"code": kind.code, "name": kind.name, "unit": kind.unit}
            for kind in AidKind.objects.filter(is_active=True).order_by("code")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write("\t".join(row.values()))
