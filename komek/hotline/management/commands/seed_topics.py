from django.core.management.base import BaseCommand

from komek.hotline.topics import seed_topics


class Command(BaseCommand):
    help = "Create the starting consultation topics that are missing. Safe to run again."

    def handle(self, *args, **options) -> None:
        count = seed_topics()
        self.stdout.write(self.style.SUCCESS(f"{count} topics present."))
