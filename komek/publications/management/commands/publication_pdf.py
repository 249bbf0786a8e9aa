from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komek.publications import imposition, pdf, selectors
from komek.publications.models import Language, Material


class Command(BaseCommand):
    help = (
        "Write the PDF of a material's current published edition in one language: the A5 "
        "booklet, or with --imposed the booklet two up on A4 for saddle-stitch printing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="Short name of the material.")
        parser.add_argument("--lang", required=True, choices=Language.values)
        parser.add_argument(
            "--imposed", action="store_true", help="Two up on A4, in booklet order."
        )
        parser.add_argument("--out", required=True, type=Path, help="The PDF file to write.")

    def handle(self, *args, slug, lang, imposed, out, **options):
        material = Material.objects.filter(slug=slug).first()
        if material is None:
            raise CommandError(f"No material {slug!r}.")
        edition = selectors.published_edition(material, lang)
        if edition is None:
            raise CommandError(f"{slug} has no published edition in {lang}.")
        written = pdf.imposed_pdf(edition) if imposed else pdf.booklet_pdf(edition)
        try:
            out.write_bytes(written)
        except OSError as error:
            raise CommandError(f"--out: cannot write {out}: {error.strerror}.") from None
        pages = imposition.page_count(written)
        self.stdout.write(f"{out}: edition {edition.number}, {pages} pages.")
