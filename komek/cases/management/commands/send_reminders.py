from django.core.management.base import BaseCommand

from komek.cases.reminders import sweep_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily sweep of reminders: follow-up tasks for referrals with no answer "
        "by the expected date, and notifications for tasks due. Run it from cron once a "
        "day; `komek worker` carries it out."
    )

    def handle(self, *args, **options) -> None:
        result = sweep_reminders.enqueue()
        self.stdout.write(f"queued {result.id}")
