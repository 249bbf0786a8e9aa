"""``flush`` empties every table, the audit log included, which PostgreSQL's TRUNCATE
trigger on the audit table would refuse. As the tables' owner (the only role that may
alter a trigger) it sets that trigger aside for its own transaction. The test runner
empties the database between transactional tests this way."""

from django.core.management.commands import flush
from django.db import connections, transaction

TRIGGER = "audit_auditentry_no_truncate"


class Command(flush.Command):
    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgname = %s "
                "AND tgrelid = to_regclass('audit_auditentry')",
                [TRIGGER],
            )
            if cursor.fetchone() is None:
                return super().handle(**options)
            cursor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")
            super().handle(**options)
            cursor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")
        return None
