"""``komek audit_verify``: walk the audit chain and name the first removed or changed
entry (exit status 1), or print how many entries hold and the last hash (keep it
elsewhere: a later run that does not reach it means the chain was cut or rewritten).
After a retention run removed the oldest entries, the chain starts from the latest prune
record, whose own chain is checked first."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from komek.audit import chain
from komek.audit.models import AuditEntry, AuditPrune


class Command(BaseCommand):
    help = "Check that no audit entry was removed or changed since it was written."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, database: str, **options) -> None:
        prunes = list(AuditPrune.objects.using(database).order_by("pk"))
        entries = AuditEntry.objects.using(database).order_by("pk").iterator(chunk_size=2000)
        verified = chain.verify(entries, prunes)
        if verified.broken is not None:
            raise CommandError(
                f"Audit chain broken after {verified.count} good entries: {verified.broken}."
            )
        start = (
            f" after entries up to #{verified.pruned_through} were removed by retention"
            if verified.pruned_through is not None
            else ""
        )
        self.stdout.write(
            f"OK: {verified.count} entries{start}, last hash {verified.last_hash or '-'}"
        )
