import json

from django.core.management.base import BaseCommand

from komek.aid.management import arguments
from komek.aid.selectors import stock_levels


class Command(BaseCommand):
    help = "What each office holds of each aid kind."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", help="Code of an office: its stock only.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print JSON.")

    def handle(self, *args, office, as_json: bool, **options):
        where = arguments.office(office) if office else None
        rows = [
            {
                "office": level.office.code,
                "kind": level.kind.code,
                "quantity": level.quantity,
                "unit": level.kind.unit,
            }
            for level in stock_levels(office=where)
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write("\t".join(str(value) for value in row.values()))
