"""Signing in with a username and password, as Django's own backend does; and the
signed-in user of every request, read in one query with what nearly every request asks
for: their office (the records in scope, forms' offices, the menus) and their confirmed
authenticators (the second factor the session names, ``accounts.middleware``).

The query is written once, in SQL, and its values converted as the ORM converts them: on
the hotline's lookup, which runs as the operator types, building it through the ORM cost
more than running it."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Model
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts.models import Office

SIGNED_IN = """
    SELECT {columns} FROM {user} u
    LEFT JOIN {office} o ON o.id = u.office_id
    LEFT JOIN {device} d ON d.user_id = u.id AND d.confirmed
    WHERE u.id = %s
    ORDER BY d.id
"""
# The models the query reads, by their alias in it.
READ = {"u": get_user_model(), "o": Office, "d": TOTPDevice}


@cache
def _signed_in_query() -> tuple[str, list, dict[str, slice]]:
    """The query; its columns as the ORM's expressions (for their converters); where
    each model's columns are in a row."""
    quote = connection.ops.quote_name
    columns, places = [], {}
    for alias, model in READ.items():
        fields = model._meta.concrete_fields
        places[alias] = slice(len(columns), len(columns) + len(fields))
        columns += [field.get_col(alias) for field in fields]
    sql = SIGNED_IN.format(
        columns=", ".join(f"{column.alias}.{quote(column.target.column)}" for column in columns),
        user=quote(READ["u"]._meta.db_table),
        office=quote(Office._meta.db_table),
        device=quote(TOTPDevice._meta.db_table),
    )
    return sql, columns, places


def _built(model: type[Model], values: list) -> Model | None:
    """The row of ``model`` in ``values``, or None where the outer join found none."""
    return None if values[0] is None else model.from_db(connection.alias, None, values)


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        sql, columns, places = _signed_in_query()
        compiler = READ["u"]._default_manager.all().query.get_compiler(connection.alias)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            rows = list(
                compiler.apply_converters(cursor.fetchall(), compiler.get_converters(columns))
            )
        if not rows:
            return None
        user = _built(READ["u"], rows[0][places["u"]])
        user.office = _built(Office, rows[0][places["o"]])
        user.confirmed_devices = [
            device for row in rows if (device := _built(TOTPDevice, row[places["d"]])) is not None
        ]
        return user if self.user_can_authenticate(user) else None
