"""`komek translator_languages USERNAME [LANG ...] --by USERNAME`: the languages a
translator or reviewer works in (shown without LANG; set, audited, with them)."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from komek.accounts import arguments as accounts_arguments
from komek.accounts.models import User
from komek.core.roles import Capability
from komek.publications import selectors, services
from komek.publications.models import Language


class Command(BaseCommand):
    help = "Show or set the languages a translator or reviewer of booklets works in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "languages", nargs="*", metavar="LANG", help=f"among {', '.join(Language.values)}"
        )
        parser.add_argument("--by", help="the coordinator who gives them (needed to set)")

    def handle(self, *args, username: str, languages: list[str], by: str | None, **options):
        translator = User.objects.filter(username=username, is_active=True).first()
        if translator is None:
            raise CommandError(f"USERNAME: no active user {username!r}.")
        if languages:
            if not by:
                raise CommandError("--by: name the coordinator who gives the languages.")
            coordinator = accounts_arguments.user(by, Capability.PUBLICATIONS_PUBLISH)
            try:
                services.translator_languages_set(
                    by=coordinator, translator=translator, languages=languages
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(json.dumps(selectors.reviewer_languages(translator)))
