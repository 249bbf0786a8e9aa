from pathlib import Path

from django.core.management.base import BaseCommand

from komek.publications import exchange
from komek.publications.management import arguments

EXPORTS = {"xliff": exchange.export_xliff, "po": exchange.export_po}


class Command(BaseCommand):
    help = "Write a material's segments and their text in one language as XLIFF 1.2 or PO."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="Language code: tg, ky, uz-Cyrl…")
        parser.add_argument("--format", required=True, choices=sorted(EXPORTS))
        parser.add_argument("--out", required=True, type=Path, help="File to write.")

    def handle(self, *args, slug, lang, format, out, **options):
        material = arguments.material(slug)
        language = arguments.language(material, lang)
        out.write_bytes(EXPORTS[format](material, language))
        self.stdout.write(f"{out}: {material.segments.count()} segments ({language}).")
