"""SQLite, the default database, as every connection of Komek opens it: in WAL mode, so
that readers and one writer do not stop each other."""

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from komek.settings import SQLITE_OPTIONS


@pytest.fixture
def open_connection(tmp_path, django_db_blocker):
    """Connections to a database file of the test's own, not the test database."""
    opened = []

    def factory(**options) -> DatabaseWrapper:
        settings = connection.settings_dict | {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "komek.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS | options,
        }
        wrapper = DatabaseWrapper(settings, alias=f"probe{len(opened)}")
        wrapper.ensure_connection()
        opened.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():
        yield factory
        for wrapper in opened:
            wrapper.close()


def pragma(wrapper: DatabaseWrapper, name: str):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_every_connection_is_in_wal_mode_with_normal_sync_and_a_busy_timeout(open_connection):
    wrapper = open_connection()
    assert pragma(wrapper, "journal_mode") == "wal"
    assert pragma(wrapper, "synchronous") == 1  # NORMAL
    assert pragma(wrapper, "busy_timeout") == 20_000


def execute(wrapper: DatabaseWrapper, sql: str) -> list[tuple]:
    with wrapper.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_a_reader_reads_while_a_write_is_open_and_the_writer_commits_while_it_reads(
    open_connection,
):
    # Without WAL the writer's commit would wait for the reader: no waiting here.
    writer, reader = open_connection(timeout=0.1), open_connection(timeout=0.1)
    execute(writer, "CREATE TABLE audit (detail TEXT)")
    execute(writer, "INSERT INTO audit VALUES ('before')")
    execute(writer, "BEGIN IMMEDIATE")  # the write lock, as every Komek transaction takes it
    execute(writer, "INSERT INTO audit VALUES ('during')")

    execute(reader, "BEGIN")
    assert execute(reader, "SELECT detail FROM audit") == [("before",)]
    execute(writer, "COMMIT")
    assert execute(reader, "SELECT count(*) FROM audit") == [(1,)]  # the reader's snapshot
    execute(reader, "COMMIT")
    assert execute(reader, "SELECT count(*) FROM audit") == [(2,)]


@pytest.mark.django_db
def test_the_test_database_is_a_file_the_browser_tests_live_server_opens_on_its_own():
    """On SQLite's shared in-memory database the live server would use the test's own
    connection from its threads: a query calling the name similarity (a Python function)
    then deadlocks against the test reading rows, and the run hangs."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db()
