"""On PostgreSQL the app's role cannot empty or rewrite the audit log, and concurrent
writers keep one chain. (SQLite has neither roles nor concurrent writers.)"""

import secrets
import threading

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from komek.audit import database
from komek.audit.models import Action, AuditEntry
from komek.audit.services import record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

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
