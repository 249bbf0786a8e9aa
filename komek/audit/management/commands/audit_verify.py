"""``komek audit_verify``: walk the audit chain and name the first removed or changed
entry (exit status 1), or print how many entries hold and the last hash (keep it
elsewhere: a later run that does not reach it means the chain was cut or rewritten)."""

from django.core.management.base import BaseCommand, CommandError

from komek.audit import chain
from komek.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Check that no audit entry was removed or changed since it was written."

    def handle(self, *args, **options) -> None:
        entries = AuditEntry.objects.order_by("pk").iterator(chunk_size=2000)
        verified = chain.verify(entries)
        if verified.broken is not None:
            raise CommandError(
                f"Audit chain broken after {verified.count} good entries: {verified.broken}."
            )
        self.stdout.write(f"OK: {verified.count} entries, last hash {verified.last_hash or '-'}")
