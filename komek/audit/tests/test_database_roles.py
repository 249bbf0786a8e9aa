"""On PostgreSQL the app's role cannot empty or rewrite the audit log, the owner removes
entries past their period only through the sanctioned prune, and concurrent writers keep
one chain. (SQLite has neither roles nor concurrent writers.)"""

import secrets
import threading
from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from komek.audit import chain, database, prune
from komek.audit.models import Action, AuditEntry, AuditPrune
from komek.audit.services import record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ELEVEN_YEARS = timedelta(days=11 * 365)
REFUSED_TO_THE_APP = [
    "TRUNCATE audit_auditentry",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only",
    "DROP TRIGGER audit_auditentry_append_only ON audit_auditentry",
    "UPDATE audit_auditentry SET detail = 'rewritten'",
    "DELETE FROM audit_auditentry",
]


@pytest.fixture
def app_role():
    """A role for this test database, granted what ``komek db_roles`` grants, by the
    tables' owner (here the superuser that made the test database)."""
    name = f"{connection.settings_dict['NAME']}_app"
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(database.create_role_statement(name, password))
        database.grant_app_role(
            cursor, role=name, password=password, database=connection.settings_dict["NAME"]
        )
    yield name, password
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


@pytest.fixture
def as_app(app_role):
    name, password = app_role
    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        dbname=settings_dict["NAME"],
        user=name,
        password=password,
        autocommit=True,
    ) as app:
        yield app


@pytest.mark.parametrize("statement", REFUSED_TO_THE_APP)
def test_the_app_role_cannot_empty_or_rewrite_the_audit_log(as_app, statement):
    record(actor=None, action=Action.LOGIN_FAILED, username="someone", detail="password")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(statement)
    assert AuditEntry.objects.get().detail == "password"


def test_the_app_role_reads_and_writes_rows_and_appends_to_the_audit_log(as_app, office):
    count = "SELECT count(*) FROM audit_auditentry"
    (before,) = as_app.execute(count).fetchone()
    as_app.execute("UPDATE accounts_office SET city = 'Тараз' WHERE id = %s", [office.pk])
    as_app.execute(
        "INSERT INTO audit_auditentry (at, actor_username, action, object_type, object_id,"
        " object_repr, changes, detail, prev_hash, hash)"
        " VALUES (now(), 'app', 'view', '', '', '', '{}', '', '', '')"
    )
    assert as_app.execute(count).fetchone() == (before + 1,)


def test_even_the_owner_is_refused_a_truncate_while_the_trigger_stands():
    record(actor=None, action=Action.LOGIN_FAILED, username="someone", detail="password")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_writers_at_the_same_time_keep_one_chain(capsys):
    writers, each = 4, 15
    start = threading.Barrier(writers)

    def write(number: int) -> None:
        start.wait()
        try:
            for _ in range(each):
                record(actor=None, action=Action.LOGIN, username=f"writer{number}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=[number]) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith(f"OK: {writers * each} entries")


def _waiting_for_the_chain() -> bool:
    """Whether a writer of this database waits for the chain's lock (a bigint advisory
    key is kept as its high and low 32 bits)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid::bigint = %s AND objid::bigint = %s",
            [chain.CHAIN_LOCK >> 32, chain.CHAIN_LOCK & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0] > 0


def test_a_writer_that_waited_for_the_lock_links_to_the_entry_committed_meanwhile():
    """The lock and the head are read in one round trip: the head must still be read after
    the lock is granted, so that it is the entry the writer before committed."""
    written, release = threading.Event(), threading.Event()
    entries: dict[str, AuditEntry] = {}

    def write(name: str, *, hold: bool = False) -> None:
        try:
            with transaction.atomic():
                entries[name] = record(actor=None, action=Action.LOGIN, username=name)
                if hold:
                    written.set()
                    release.wait()
        finally:
            connections.close_all()

    first = threading.Thread(target=write, args=["first"], kwargs={"hold": True})
    second = threading.Thread(target=write, args=["second"])
    first.start()
    written.wait()
    second.start()
    while second.is_alive() and not _waiting_for_the_chain():
        second.join(0.01)
    release.set()
    first.join()
    second.join()
    assert entries["second"].prev_hash == entries["first"].hash
    call_command("audit_verify")


def old_entries_covered_by_a_prune_record(number: int = 2) -> list[AuditEntry]:
    """Entries past their period and a prune record covering them, written as the owner
    without removing anything: only the deletion itself is left to try."""
    entries = [
        record(actor=None, action=Action.LOGIN, username=f"old{index}") for index in range(number)
    ]
    covering = AuditPrune(
        through_id=entries[-1].pk, through_hash=entries[-1].hash, count=number, command="test"
    )
    covering.hash = chain.prune_hash(covering)
    covering.save()
    return entries


def test_the_app_role_cannot_delete_audit_entries_even_with_the_prune_setting(as_app, app_role):
    entries = old_entries_covered_by_a_prune_record()
    delete = "DELETE FROM audit_auditentry WHERE id = %s"
    with pytest.raises(psycopg.errors.InsufficientPrivilege), as_app.transaction():
        as_app.execute("SET LOCAL komek.audit_prune = 'on'")
        as_app.execute(delete, [entries[0].pk])
    # Granted DELETE by mistake, it still does not own the table.
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT DELETE ON audit_auditentry TO "{app_role[0]}"')
    with pytest.raises(psycopg.errors.RaiseException, match="append-only"), as_app.transaction():
        as_app.execute("SET LOCAL komek.audit_prune = 'on'")
        as_app.execute(delete, [entries[0].pk])
    assert AuditEntry.objects.count() == 2


@pytest.mark.parametrize(
    "statements",
    [
        ["DELETE FROM audit_auditentry WHERE id = %(covered)s"],
        ["SET LOCAL komek.audit_prune = 'on'", "DELETE FROM audit_auditentry"],
        ["SET LOCAL komek.audit_prune = 'on'", "TRUNCATE audit_auditentry"],
    ],
    ids=["without the setting", "beyond the prune record", "truncate"],
)
def test_the_owner_deletes_only_through_the_sanctioned_path(statements):
    entries = old_entries_covered_by_a_prune_record()
    record(actor=None, action=Action.LOGIN, username="recent")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, {"covered": entries[0].pk})
    assert AuditEntry.objects.count() == 3


def test_the_sanctioned_path_removes_the_old_entries_as_the_owner(capsys):
    old = [record(actor=None, action=Action.LOGIN, username=f"old{index}") for index in range(2)]
    record(actor=None, action=Action.LOGIN, username="recent")
    assert prune.prune(AuditEntry.objects.filter(pk__in=[e.pk for e in old]), command="test") == 2
    assert AuditPrune.objects.get().database_role == connection.settings_dict["USER"]
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith(f"OK: 2 entries after entries up to #{old[-1].pk}")


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO audit_auditprune (at, through_id, through_hash, count, command,"
        " database_role, prev_hash, hash) VALUES (now(), 1000, '', 1, 'forged', '', '', '')",
        "UPDATE audit_auditprune SET count = 0",
        "DELETE FROM audit_auditprune",
        "TRUNCATE audit_auditprune",
    ],
)
def test_prune_records_are_read_only_to_the_app_and_append_only_to_the_owner(as_app, statement):
    old_entries_covered_by_a_prune_record()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(statement)
    if not statement.startswith("INSERT"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditPrune.objects.get().count == 2


@pytest.fixture
def running_as_app(app_role, settings):
    """Django's connection as the app's role, the test database's owner kept aside."""
    name, password = app_role
    owner = dict(connection.settings_dict)
    settings.KOMEK_MIGRATE_DATABASE = None
    connection.close()
    connection.settings_dict.update(USER=name, PASSWORD=password)
    yield owner
    connection.close()
    connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])


@transaction.atomic
def old_entry() -> None:
    chain.append(
        AuditEntry(action=Action.LOGIN, actor_username="old", at=timezone.now() - ELEVEN_YEARS)
    )


def test_apply_retention_as_the_app_role_skips_the_audit_log_without_the_owner(running_as_app):
    old_entry()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"Not applied: audit\.entries\.") as refused:
        call_command("apply_retention", stdout=out, stderr=err)
    assert refused.value.returncode == 3
    assert "needs the audit table's owner: set KOMEK_MIGRATE_DATABASE_URL" in err.getvalue()
    assert "hotline.contacts: 0 rows" in out.getvalue()
    assert AuditEntry.objects.filter(actor_username="old").exists()


def test_apply_retention_as_the_app_role_prunes_as_the_owner(running_as_app, settings, capsys):
    settings.KOMEK_MIGRATE_DATABASE = running_as_app
    old_entry()
    call_command("apply_retention")
    assert "audit.entries: 1 rows" in capsys.readouterr().out
    assert AuditPrune.objects.get().database_role == running_as_app["USER"]
    assert not AuditEntry.objects.filter(actor_username="old").exists()
    call_command("audit_verify")
    assert capsys.readouterr().out.startswith("OK: ")
