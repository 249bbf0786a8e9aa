import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import Office
from komek.core import indicators
from komek.core.indicators import Scope


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text}: not a date (YYYY-MM-DD).") from None


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Command(BaseCommand):
    help = (
        "Compute an indicator of the registry, or an official dataset by its code, over a "
        "period, whole or by one dimension. Without a code, list the indicators."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", nargs="?")
        parser.add_argument("--from", dest="start", type=_date)
        parser.add_argument("--to", dest="end", type=_date)
        parser.add_argument("--by", help="A dimension the indicator can be broken down by.")
        parser.add_argument("--office", help="Code of an office: its records only.")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print JSON.")

    def handle(self, *args, code, start, end, by, office, as_json: bool, **options):
        if not code:
            for indicator in indicators.indicators():
                breakdowns = ", ".join(indicator.breakdowns) or "-"
                self.stdout.write(f"{indicator.code}\t{indicator.name}\t(by: {breakdowns})")
            return
        scope = Scope(start=start, end=end)
        if office:
            owner = Office.objects.filter(code=office).first()
            if owner is None:
                raise CommandError(f"No office with code {office}.")
            scope = Scope(start=start, end=end, offices=(owner.pk,), territory=owner.city)
        try:
            indicator = indicators.get(code)
            result = indicators.evaluate(indicator, scope, by)
        except indicators.UnknownIndicator:
            raise CommandError(f"No indicator or dataset {code}.") from None
        except indicators.UnknownDimension:
            choices = ", ".join(indicator.breakdowns) or "none"
            raise CommandError(f"{code} cannot be broken down by {by} (only: {choices}).") from None
        if by:
            rows = [
                {by: part.key, "value": _number(part.value), "share": part.share}
                for part in result.parts
            ]
        else:
            rows = [{"value": _number(result.total), "share": 1.0 if result.total else None}]
        if as_json:
            self.stdout.write(dumps(rows))
        else:
            for row in rows:
                self.stdout.write("\t".join(str(value) for value in row.values()))


def dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
