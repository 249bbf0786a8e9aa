"""PostgreSQL roles: the tables' owner migrates, the app reads and writes rows.

The owner of a table may TRUNCATE it, disable or drop its triggers: run as the owner, the
app (or whoever takes its credentials) could empty or rewrite the audit log whatever the
triggers say. So the app connects as a role that owns nothing (``DATABASE_URL``) and may
SELECT, INSERT, UPDATE and DELETE rows, but only SELECT and INSERT audit entries and only
SELECT prune records (only the owner prunes, ``komek/audit/prune.py``);
``komek migrate`` connects as the owner (``KOMEK_MIGRATE_DATABASE_URL``) and grants the
app role what it needs on the tables it made.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from psycopg import sql

AUDIT_TABLE = "audit_auditentry"
PRUNE_TABLE = "audit_auditprune"
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# What the app role may not do to the audit tables, revoked after every migration.
WITHHELD = {
    AUDIT_TABLE: "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER",
    PRUNE_TABLE: "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER",
}


def split_roles() -> tuple[dict, str]:
    """The owner's connection settings and the app role's name; refused unless
    PostgreSQL is configured with two different roles."""
    owner = settings.KOMEK_MIGRATE_DATABASE
    if owner is None:
        raise ImproperlyConfigured(
            "Set KOMEK_MIGRATE_DATABASE_URL to the database URL of the tables' owner "
            "(DATABASE_URL names the app's role)."
        )
    app_role = connections[DEFAULT_DB_ALIAS].settings_dict["USER"]
    if not app_role or app_role == owner["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_URL and KOMEK_MIGRATE_DATABASE_URL must name two different roles: "
            "the app's, which owns nothing, and the tables' owner."
        )
    return owner, app_role


@contextmanager
def as_owner() -> Iterator[None]:
    """Connect the default database as the tables' owner for the duration."""
    owner, _app_role = split_roles()
    connection = connections[DEFAULT_DB_ALIAS]
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def create_role_statement(role: str, password: str) -> sql.Composed:
    return sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
        sql.Identifier(role), sql.Literal(password)
    )


def grant_statements(role: str, database: str, audit_tables: Sequence[str]) -> list[sql.Composed]:
    """What ``role`` may do, granted by the tables' owner: rows, not tables; of the audit
    log, only reading and appending, of its prune records only reading (of those of
    ``audit_tables`` that exist yet). Default privileges cover the tables later
    migrations make; the audit tables' revocations, the last statements, are repeated
    after every migration."""
    statements = [
        "GRANT CONNECT ON DATABASE {database} TO {role}",
        "GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {{role}}",
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {ROW_PRIVILEGES} ON TABLES TO {{role}}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ] + [f"REVOKE {WITHHELD[table]} ON {{{table}}} FROM {{role}}" for table in audit_tables]
    return [
        sql.SQL(statement).format(  # type: ignore[arg-type]  # literal templates above
            role=sql.Identifier(role),
            database=sql.Identifier(database),
            **{table: sql.Identifier(table) for table in audit_tables},
        )
        for statement in statements
    ]


def grant_app_role(cursor, *, role: str, password: str, database: str) -> bool:
    """Create ``role`` if it does not exist and grant it its privileges, through the
    owner's ``cursor``; whether it was created."""
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    created = cursor.fetchone() is None
    if created:
        cursor.execute(create_role_statement(role, password))
    # Before the migrations that make them there is no audit table to revoke from;
    # `komek migrate` grants again once they exist (and their triggers refuse rewrites
    # whatever the grants).
    cursor.execute(
        "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NOT NULL",
        [list(WITHHELD)],
    )
    existing = [name for (name,) in cursor.fetchall()]
    for statement in grant_statements(role, database, existing):
        cursor.execute(statement)
    return created


def apply_roles() -> tuple[str, bool]:
    """As the owner, in one transaction: create the app role if it does not exist yet
    (with DATABASE_URL's password) and grant it its privileges. The role's name, and
    whether it was created."""
    _owner, app_role = split_roles()
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    password, database = settings_dict["PASSWORD"] or "", settings_dict["NAME"]
    with as_owner(), transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        created = grant_app_role(cursor, role=app_role, password=password, database=database)
    return app_role, created
