import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from komek.accounts import arguments as accounts_arguments
from komek.core.roles import Capability
from komek.publications import exchange, services
from komek.publications.management import arguments

# A file refused for what is in it exits with this status; bad arguments with Django's 1.
REFUSED = 3


class Command(BaseCommand):
    help = (
        "Import a translated XLIFF or PO file, all or nothing: the segments land as "
        '"needs review", or approved with --approve by a reviewer. Prints '
        '{"imported": [...], "unchanged": [...], "empty": [...]}; a refused file exits 3 '
        "naming each problem."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="Language code: tg, ky, uz-Cyrl…")
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", help="Username of the translator or reviewer.")
        parser.add_argument(
            "--approve", action="store_true", help="Approve the imported text (a reviewer's)."
        )

    def handle(self, *args, slug, lang, file, by, approve, **options):
        material = arguments.material(slug)
        language = arguments.language(material, lang)
        if approve and not by:
            raise CommandError("--approve: name the reviewer with --by.")
        user = None
        if by:
            user = accounts_arguments.user(
                by,
                Capability.PUBLICATIONS_REVIEW if approve else Capability.PUBLICATIONS_TRANSLATE,
            )
        if not file.is_file():
            raise CommandError(f"FILE: no file {file}.")
        try:
            result = services.import_translations(
                user=user,
                material=material,
                language=language,
                content=file.read_bytes(),
                file_name=file.name,
                approve=approve,
            )
        except exchange.ImportRefused as refusal:
            raise CommandError(
                f"{file.name} refused, nothing imported:\n"
                + "\n".join(f"- {problem}" for problem in refusal.problems),
                returncode=REFUSED,
            ) from None
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        self.stdout.write(
            json.dumps(
                {"imported": result.imported, "unchanged": result.unchanged, "empty": result.empty}
            )
        )
