from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from komek.accounts.enrolment import enrolment_link_issue, enrolment_path
from komek.accounts.models import User


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment link for a user without an authenticator and print it "
        "(the link is not stored; issuing is audited)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--base-url",
            default=settings.KOMEK_BASE_URL,
            help="Komek's address as users reach it (default: KOMEK_BASE_URL).",
        )

    def handle(self, *args, username: str, base_url: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username}.")
        try:
            token, link = enrolment_link_issue(user=user, issued_by=None)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        expires = timezone.localtime(link.expires_at)
        self.stdout.write(f"{base_url.rstrip('/')}{enrolment_path(token)}")
        self.stderr.write(f"Works once, until {expires:%Y-%m-%d %H:%M}.")
