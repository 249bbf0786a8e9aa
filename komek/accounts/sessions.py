"""Django's database sessions, with the one read every request makes written in SQL: on
the hotline's lookup, which runs as the operator types, building the query through the
ORM cost more than running it. Writing, expiry and clearing are Django's."""

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

LIVE_SESSION = "SELECT session_data FROM {session} WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        sql = LIVE_SESSION.format(session=connection.ops.quote_name(self.model._meta.db_table))
        with connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(sql, [self.session_key, now])
            found = cursor.fetchone()
        if found is None:
            self._session_key = None
            return None
        return self.model(session_key=self.session_key, session_data=found[0])
