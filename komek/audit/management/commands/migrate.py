"""``komek migrate``: with KOMEK_MIGRATE_DATABASE_URL set, migrates as the tables' owner
and then grants the app's role (DATABASE_URL) its row access to what the migrations made
(``komek/audit/database.py``); without it, Django's own ``migrate``."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS

from komek.audit import database


class Command(migrate.Command):
    def handle(self, *args, **options) -> None:
        if settings.KOMEK_MIGRATE_DATABASE is None or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        try:
            with database.as_owner():
                super().handle(*args, **options)
            role, _created = database.apply_roles()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(f"Granted role {role} row access to the migrated tables.")
        return None
