"""``komek db_roles``: on PostgreSQL, as the tables' owner (KOMEK_MIGRATE_DATABASE_URL),
create the app's role (DATABASE_URL) if it does not exist and grant it rows, not tables:
no ownership, and of the audit log only reading and appending. ``komek migrate`` does
the same after migrating; run this once to set up, or after changing DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from komek.audit import database


class Command(BaseCommand):
    help = "Create the app's PostgreSQL role and grant it row access (run as the owner)."

    def handle(self, *args, **options) -> None:
        try:
            role, created = database.apply_roles()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                f"{error}\nThe owner may need CREATEROLE to create the app's role; or create "
                "it once as a superuser (CREATE ROLE name LOGIN PASSWORD '...') and run "
                "komek db_roles again."
            ) from error
        verb = "Created" if created else "Granted"
        self.stdout.write(
            f"{verb} role {role}: rows of every table, only SELECT and INSERT on "
            f"{database.AUDIT_TABLE}, owns nothing."
        )
