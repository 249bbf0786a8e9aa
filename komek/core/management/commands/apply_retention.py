"""``komek apply_retention``: exits 0 when every category was applied, 1 when the
database refused one (the others were applied), 3 when one could only be skipped here,
such as the audit log on PostgreSQL without the tables' owner (the others were applied)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from komek.core import retention

SKIPPED = 3


class Command(BaseCommand):
    help = (
        "Anonymise or delete the personal data kept past its retention period, each "
        "category all or nothing and audited; --dry-run lists what would be done and "
        "changes nothing. The periods are set with `komek retention`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")
        parser.add_argument(
            "--category", action="append", dest="codes", help="Only this category (repeatable)."
        )

    def handle(self, *args, dry_run: bool, codes: list[str] | None, **options) -> None:
        try:
            outcomes = retention.plan(codes=codes) if dry_run else retention.apply(codes=codes)
        except retention.RetentionError as error:
            raise CommandError(str(error)) from None
        failed, skipped = [], []
        for outcome in outcomes:
            category = outcome.category
            due = "skipped" if outcome.skipped else f"{len(outcome.due)} to {category.action}"
            self.stdout.write(
                f"{category.code} ({category.label}): kept {outcome.days} days, "
                f"so from before {timezone.localdate(outcome.cutoff)}: {due}"
            )
            if dry_run:
                for pk, moment in outcome.due:
                    self.stdout.write(f"  #{pk} {timezone.localtime(moment):%Y-%m-%d %H:%M}")
            elif outcome.error:
                failed.append(category.code)
                self.stderr.write(f"  refused by the database, nothing changed: {outcome.error}")
            elif outcome.skipped:
                skipped.append(category.code)
                self.stderr.write(f"  skipped, nothing changed: {outcome.skipped}")
            else:
                for what, rows in sorted(outcome.counts.items()):
                    self.stdout.write(f"  {what}: {rows} rows")
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: nothing was changed."))
        elif failed or skipped:
            raise CommandError(
                f"Not applied: {', '.join(failed + skipped)}.", returncode=1 if failed else SKIPPED
            )
        else:
            self.stdout.write(self.style.SUCCESS("Retention applied."))
