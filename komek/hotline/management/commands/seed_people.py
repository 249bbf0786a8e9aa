import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import Office, User
from komek.hotline import generation
from komek.hotline.topics import seed_topics


class Command(BaseCommand):
    help = "Generate realistic synthetic people with contacts (for benchmarks and load tests)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--contacts-per-person", type=float, default=5.0)
        parser.add_argument("--office", default="astana")
        parser.add_argument("--operator", default="operator")
        parser.add_argument("--seed", type=int, default=42)

    def _progress(self, done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} people")
        if done == total:
            sys.stderr.write("\n")

    def handle(self, *args, count, contacts_per_person, office, operator, seed, **options):
        if not settings.DEMO_TOOLS:
            raise CommandError("Synthetic data is refused when KOMEK_ENV=production.")
        owner = Office.objects.filter(code=office).first()
        staff = User.objects.filter(username=operator).first()
        if owner is None or staff is None:
            raise CommandError("Run seed_demo first, or name an existing --office and --operator.")
        seed_topics()
        started = time.monotonic()
        people, contacts = generation.seed(
            count=count,
            office=owner,
            operator=staff,
            contacts_per_person=contacts_per_person,
            seed=seed,
            progress=self._progress,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"{people} people and {contacts} contacts in {elapsed:.1f} s.")
        )
