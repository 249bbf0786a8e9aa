from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from komek.core import demo


class Command(BaseCommand):
    help = (
        "Create the demo data every app registers (offices, one user per role, partners, "
        "people, contacts, cases, letter templates, official tables). Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_TOOLS:
            raise CommandError("Demo data is refused when KOMEK_ENV=production.")
        self.stdout.write(self.style.SUCCESS("Demo data ready:"))
        for description in demo.load():
            self.stdout.write(description)
