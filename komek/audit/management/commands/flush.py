"""``flush`` empties every table, the audit log and its prune records included, which
PostgreSQL's TRUNCATE triggers on those tables would refuse. As the tables' owner (the
only role that may alter a trigger) it sets those triggers aside for its own
transaction. The test runner empties the database between transactional tests this
way."""

from django.core.management.commands import flush
from django.db import connections, transaction

TRIGGERS = {
    "audit_auditentry": "audit_auditentry_no_truncate",
    "audit_auditprune": "audit_auditprune_no_truncate",
}


class Command(flush.Command):
    def handle(self, **options) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            standing = []
            for table, trigger in TRIGGERS.items():
                cursor.execute(
                    "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = to_regclass(%s)",
                    [trigger, table],
                )
                if cursor.fetchone() is not None:
                    standing.append((table, trigger))
            for table, trigger in standing:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            super().handle(**options)
            for table, trigger in standing:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        return None
