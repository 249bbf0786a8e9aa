from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from komek.hotline import tallies


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text}: not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Count the contacts and people served of past days into the tallies that dashboards "
        "and reports read, and sum whole months (days are otherwise counted the first time "
        "a figure needs them). Run it nightly, or after loading contacts in bulk; --again "
        "recounts every day."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", type=_date)
        parser.add_argument("--to", dest="end", type=_date)
        parser.add_argument("--again", action="store_true", help="Forget every tally first.")

    def handle(self, *args, start, end, again: bool, **options):
        if again:
            tallies.forget_all()
        first = start or tallies.first_day()
        if first is None:
            self.stdout.write("No contacts yet.")
            return
        last = end or timezone.localdate()
        tallies.ensure(first, last)
        self.stdout.write(self.style.SUCCESS(f"Contacts counted from {first} to {last}."))
