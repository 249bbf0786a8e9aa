"""Removing audit entries past their retention period, the one sanctioned way.

Only the start of the chain goes: the entries before the first one still kept. In the
same transaction, before the entries, a prune record (``AuditPrune``) keeps the id and
hash of the last entry removed, how many were and by whom; the first entry left links to
that hash, and ``komek audit_verify`` starts from the latest prune. An ordinary entry
says what was removed.

On PostgreSQL the audit table's trigger lets a DELETE through only when the transaction
set ``komek.audit_prune``, the role deleting owns the table (the app's role does not,
and has no DELETE privilege on it either) and a prune record covers the row; TRUNCATE
stays refused. A retention run of the audit log therefore connects as the tables' owner
(``KOMEK_MIGRATE_DATABASE_URL``) when the app's role is not. SQLite has no roles: there
the entries are protected by ``AuditEntry.delete()`` refusing and by the chain.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction

from komek.audit import chain, database
from komek.audit.models import Action, AuditEntry, AuditPrune
from komek.audit.services import record
from komek.core.personal_data import Unavailable

SETTING = "komek.audit_prune"


def prefix(rows: models.QuerySet) -> models.QuerySet:
    """The entries of ``rows`` that start the chain: those before the first entry that is
    not among them."""
    first_kept = (
        AuditEntry.objects.filter(~models.Exists(rows.filter(pk=models.OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return rows if first_kept is None else rows.filter(pk__lt=first_kept)


def _database_role() -> str:
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (role,) = cursor.fetchone()
    return role


@contextmanager
def _deletes_allowed() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        yield
        cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])


@transaction.atomic(savepoint=False)
def prune(rows: models.QuerySet, *, command: str) -> int:
    """Remove the entries of ``rows`` that start the chain (``prefix``), recorded by a
    prune and an entry saying so; how many were removed."""
    chain.lock()
    last = prefix(rows).order_by("-pk").values_list("pk", "hash").first()
    if last is None:
        return 0
    through_id, through_hash = last
    removed = AuditEntry.objects.filter(pk__lte=through_id)
    previous = AuditPrune.objects.order_by("-pk").values_list("hash", flat=True).first()
    pruned = AuditPrune(
        through_id=through_id,
        through_hash=through_hash,
        count=removed.count(),
        command=command,
        database_role=_database_role(),
        prev_hash=previous or "",
    )
    pruned.hash = chain.prune_hash(pruned)
    pruned.save()
    with _deletes_allowed():
        removed.delete()
    record(
        actor=None,
        username=command,
        action=Action.DELETE,
        obj=pruned,
        detail=(
            f"{pruned.count} audit entries up to #{through_id} removed past their retention "
            f"period; the chain now starts after hash {through_hash}"
        ),
    )
    return pruned.count


def _owns_audit_table() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
            "WHERE oid = %s::regclass",
            [database.AUDIT_TABLE],
        )
        (owns,) = cursor.fetchone()
    return owns


@contextmanager
def as_table_owner() -> Iterator[None]:
    """Connect as the audit table's owner for the duration, if the app's role is not:
    only the owner may prune. Raises ``Unavailable`` when it cannot."""
    if connection.vendor != "postgresql" or _owns_audit_table():
        yield
        return
    if settings.KOMEK_MIGRATE_DATABASE is None:
        raise Unavailable(
            "removing audit entries needs the audit table's owner: set "
            "KOMEK_MIGRATE_DATABASE_URL (as for `komek migrate`) where apply_retention runs"
        )
    try:
        database.split_roles()
    except ImproperlyConfigured as error:
        raise Unavailable(str(error)) from None
    with database.as_owner():
        yield
