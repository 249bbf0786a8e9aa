from django.core.management.base import BaseCommand, CommandError

from komek.core import retention


class Command(BaseCommand):
    help = (
        "List the retention period of each category of personal data, or set one: "
        "`komek retention CATEGORY DAYS` (audited)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("category", nargs="?")
        parser.add_argument("days", nargs="?", type=int)

    def handle(self, *args, category: str | None, days: int | None, **options) -> None:
        if category is not None:
            if days is None:
                raise CommandError("Give the number of days: komek retention CATEGORY DAYS.")
            try:
                retention.period_set(code=category, days=days)
            except retention.RetentionError as error:
                raise CommandError(str(error)) from None
        for known, kept in retention.periods():
            self.stdout.write(f"{known.code}\t{kept}\t{known.action}\t{known.label}")
