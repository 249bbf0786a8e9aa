import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from komek.audit.models import Action
from komek.audit.services import record
from komek.cases.evidence import country_response_times, partner_response_times


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text}: write dates as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "How long each partner takes to answer referrals, over a period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD, first day sent")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD, last day (default: today)")
        parser.add_argument("--by-country", action="store_true", help="Group by country.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON.")

    def handle(self, *args, start, end, by_country, as_json, **options) -> None:
        first, last = _date(start), _date(end)
        if first and last and first > last:
            raise CommandError("--from is after --to.")
        compute = country_response_times if by_country else partner_response_times
        rows = [row.as_dict() for row in compute(start=first, end=last)]
        record(
            actor=None,
            action=Action.EXPORT,
            username="command line",
            detail=f"partner_response_times {start or ''}..{end or ''}",
        )
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['partner'] or row['country']}: "
                f"sent {row['sent']}, answered {row['answered']}, "
                f"median {row['median_days']} d, p90 {row['p90_days']} d, "
                f"no answer in 30 d {row['unanswered_30d_share']}"
            )
