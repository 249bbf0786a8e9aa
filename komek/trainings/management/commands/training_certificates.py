import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from komek.accounts.models import User
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.trainings import certificate_files, certificates
from komek.trainings.models import Event


class Command(BaseCommand):
    help = (
        "Issue the certificates due at a training event and write one PDF per certified "
        'participant into a folder; prints [{"participant": ID, "file": PATH, '
        '"verify_url": URL}] as JSON.'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("event_id", type=int)
        parser.add_argument("--out", required=True, help="Folder to write the PDFs into.")
        parser.add_argument(
            "--by",
            help="Username of who issues them (default: whoever created the event).",
        )
        parser.add_argument(
            "--base-url",
            default=settings.KOMEK_BASE_URL,
            help="Komek's address as the QR codes lead to it (default: KOMEK_BASE_URL).",
        )

    def handle(self, *args, event_id: int, out: str, by: str | None, base_url: str, **options):
        if not base_url:
            raise CommandError(
                "The QR codes need Komek's public address: set KOMEK_BASE_URL or pass --base-url."
            )
        event = Event.objects.filter(pk=event_id).select_related("created_by").first()
        if event is None:
            raise CommandError(f"No training event {event_id}.")
        issuer = self._issuer(by) if by else event.created_by
        try:
            certificates.certificates_issue(event=event, issued_by=issuer)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        folder = Path(out).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for certificate in certificates.standing(event):
            path = folder / certificate_files.file_name(certificate)
            path.write_bytes(certificate_files.certificate_pdf(certificate, base_url=base_url))
            written.append(
                {
                    "participant": certificate.enrolment.participant_id,
                    "file": str(path),
                    "verify_url": certificates.verify_url(certificate, base_url=base_url),
                }
            )
            certificates.certificate_export(user=issuer, certificate=certificate)
        self.stdout.write(json.dumps(written, ensure_ascii=False))

    @staticmethod
    def _issuer(username: str) -> User:
        found = User.objects.filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"--by: no active user {username!r}.")
        if not role_can(found, Capability.TRAININGS_MANAGE):
            raise CommandError(f"--by: {username} may not issue certificates.")
        return found
