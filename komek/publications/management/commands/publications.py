import json

from django.core.management.base import BaseCommand

from komek.publications.models import Material
from komek.publications.selectors import language_progress


class Command(BaseCommand):
    help = (
        "The materials and where each language stands: with --json, "
        '[{"slug": ..., "title": ..., "languages": {"ru": "published", "tg": "in review"}}].'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON.")

    def handle(self, *args, as_json: bool = False, **options):
        rows = [
            {
                "slug": material.slug,
                "title": str(material),
                "languages": {
                    language: row["state"] for language, row in language_progress(material).items()
                },
            }
            for material in Material.objects.order_by("slug")
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            languages = ", ".join(f"{code}: {state}" for code, state in row["languages"].items())
            self.stdout.write(f"{row['slug']}  {row['title']}  ({languages})")
