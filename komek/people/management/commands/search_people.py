import json

from django.core.management.base import BaseCommand, CommandError

from komek.audit.models import Action
from komek.audit.services import record
from komek.people.search import BirthQuery, search_people


class Command(BaseCommand):
    help = "Search people by name (any script), phone, document or registry number."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query")
        parser.add_argument("--born", default="", help="YYYY-MM-DD, YYYY-MM or YYYY")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print a JSON list."
        )

    def handle(self, *args, query: str, born: str, limit: int, as_json: bool, **options) -> None:
        try:
            birth = BirthQuery.parse(born)
        except ValueError:
            raise CommandError(f"--born {born}: write YYYY-MM-DD, YYYY-MM or YYYY.") from None
        matches = search_people(query, born=birth, limit=limit)
        record(
            actor=None, action=Action.VIEW, username="command line", detail=f"search_people {query}"
        )
        rows = [
            {
                "id": match.person.pk,
                "ref": match.person.ref,
                "full_name": match.person.full_name,
                "born": match.person.born,
                "score": match.score,
            }
            for match in matches
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['score']:.3f}  {row['full_name']}  {row['born']}  #{row['id']}"
            )
