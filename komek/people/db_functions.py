"""Trigram similarity of folded name keys, the same on PostgreSQL and SQLite.

PostgreSQL uses pg_trgm (a GiST index serves ``<->`` ordering); SQLite gets the same
measure as a Python function registered on each connection, so both databases rank
names identically (``komek.people.names.similarity`` follows pg_trgm's definition).
"""

from django.db.backends.signals import connection_created
from django.db.models import BooleanField, FloatField, Func

from komek.people import names


class NameSimilarity(Func):
    function = "similarity"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="komek_similarity", **extra)


class NameDistance(Func):
    """1 - similarity; on PostgreSQL the ``<->`` operator, which a GiST index can order by."""

    output_field = FloatField()
    arg_joiner = " <-> "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(1.0 - komek_similarity(%(expressions)s))",
            arg_joiner=", ",
            **extra,
        )


class NamesAlike(Func):
    """pg_trgm's ``%``: a similarity of at least ``pg_trgm.similarity_threshold`` (0.3,
    which Komek leaves as it is), a condition the GiST index answers by visiting only the
    words that share enough trigrams. Ordering by ``<->`` alone visits words in order of
    distance until enough are found, which for a word with few near neighbours is the
    whole index. On SQLite it holds for every pair: a bound on the distance filters."""

    output_field = BooleanField()
    arg_joiner = " %% "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra):
        return "1", []


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "komek_similarity", 2, names.similarity, deterministic=True
        )


def install() -> None:
    connection_created.connect(_register, dispatch_uid="komek_people_similarity")
