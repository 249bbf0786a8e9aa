from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from komek.accounts import demo as accounts_demo
from komek.cases import demo as cases_demo
from komek.hotline import demo as hotline_demo
from komek.letters import demo as letters_demo
from komek.partners import demo as partners_demo
from komek.people import demo as people_demo
from komek.statistics import demo as statistics_demo


class Command(BaseCommand):
    help = (
        "Create the demo offices, users (one per role), partners, people, contacts, "
        "cases with tasks, letterheads and letter templates. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_TOOLS:
            raise CommandError("Demo data is refused when KOMEK_ENV=production.")
        logins = accounts_demo.seed()
        partners = partners_demo.seed()
        people = people_demo.seed()
        contacts = hotline_demo.seed()
        cases = cases_demo.seed()
        templates = letters_demo.seed()
        datasets = statistics_demo.seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {partners} partners, {len(people)} people, "
                f"{contacts} contacts, {cases} cases, {templates} letter templates, "
                f"{datasets} official tables."
            )
        )
        self.stdout.write("")
        self.stdout.write("Demo logins (development only):")
        self.stdout.write(f"  {'username':<15} {'password':<28} role")
        for login in logins:
            self.stdout.write(f"  {login.username:<15} {login.password:<28} {login.role}")
        self.stdout.write("")
        self.stdout.write(
            "Every staff account signs in with a second factor. Get a demo user's current "
            "code with:\n  .venv/bin/komek totp USERNAME\n"
            "or add its key to an authenticator app (FreeOTP, Aegis, Google Authenticator):"
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<15} {login.totp_key}")
