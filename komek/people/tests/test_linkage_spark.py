"""The duplicate search's model on Splink's Spark backend: every level of the same
settings finds the same pairs alike on Spark as on DuckDB. Runs only where the ``spark``
extra (pyspark, with Java) is installed."""

import logging
from itertools import combinations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from komek.people.linkage import model
from komek.people.linkage.records import linkage_record, load

pyspark = pytest.importorskip("pyspark")

PEOPLE = [
    # surname, given name, patronymic, passport Latin, born, phones, documents, citizenship
    ("Хусанов", "Шерзод", "Бахтиёрович", ("Xusanov", "Sherzod"), (1991, 5, 7), ["A"], ["F"], "UZ"),
    ("Xusanov", "Sherzod", "", ("", ""), (1991, 5, 7), ["A", "B"], [], "UZ"),
    ("Khusanov", "Sherzot", "Бахтиерович", ("", ""), (1991, 7, 5), [], ["F"], "UZ"),
    ("Шерзод", "Хусанов", "", ("", ""), (1992, 5, 7), ["C"], [], "UZ"),
    ("Хусанов", "Шерзод", "Рустамович", ("", ""), (1991, None, None), ["B"], [], "UZ"),
    ("Хусанав", "Шерзод", "Бахтиёрович", ("", ""), (1990, 5, 7), [], [], "UZ"),
    ("Каримова", "Дилноза", "", ("Karimova", "Dilnoza"), (1991, 5, 7), ["A"], [], "TJ"),
    ("Каримова", "", "", ("", ""), (None, None, None), [], [], ""),
    # Dates known in part, and another day of the same month.
    ("Хусанов", "Шерзод", "", ("", ""), (1991, 5, None), [], [], "UZ"),
    ("Хусанов", "Шерзод", "", ("", ""), (1991, 5, None), [], [], "UZ"),
    ("Хусанов", "Шерзод", "", ("", ""), (1991, 5, 20), [], [], "UZ"),
    ("Хусанов", "Шерзод", "", ("", ""), (1991, None, None), [], [], "UZ"),
]


def _records(con) -> pa.Table:
    """The people as the model reads them: folded, and their spellings corrected, by
    loading them into DuckDB as a search does."""
    records = []
    for pk, person in enumerate(PEOPLE, start=1):
        surname, given, patronymic, latin, born, phones, documents, citizenship = person
        row = {
            "pk": pk,
            "ref": str(pk),
            "office_id": 1,
            "surname": surname,
            "given_name": given,
            "patronymic": patronymic,
            "latin_surname": latin[0],
            "latin_given_name": latin[1],
            "born_year": born[0],
            "born_month": born[1],
            "born_day": born[2],
            "citizenship": citizenship,
            # Unknown where the citizenship is, for the null levels of both.
            "sex": "F" if citizenship == "TJ" else "M" if citizenship else "",
        }
        records.append(linkage_record(row, phones=phones, documents=documents))
    load(con, [records])
    return con.execute("SELECT * FROM people ORDER BY unique_id").to_arrow_table()


def _pairs(path, con) -> None:
    """Every two records side by side, as Splink compares them (``column_l``,
    ``column_r``), in a Parquet file both backends read with the same types."""
    records = _records(con)
    fields = [pa.field("pair", pa.int64())]
    for side in ("l", "r"):
        fields += [pa.field(f"{field.name}_{side}", field.type) for field in records.schema]
    rows = [
        {
            "pair": index,
            **{f"{key}_l": value for key, value in left.items()},
            **{f"{key}_r": value for key, value in right.items()},
        }
        for index, (left, right) in enumerate(combinations(records.to_pylist(), 2))
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(fields)), path)


def _conditions(dialect: str) -> list[str]:
    """Each level's SQL in ``dialect``, but the catch-all ``ELSE``."""
    return [
        level["sql_condition"]
        for comparison in model.settings().comparisons
        for level in comparison.get_comparison(dialect).as_dict()["comparison_levels"]
        if level["sql_condition"] != "ELSE"
    ]


def _agreements(execute, dialect: str) -> list[tuple[int, ...]]:
    cases = ", ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END" for sql in _conditions(dialect))
    return [tuple(row) for row in execute(f"SELECT {cases} FROM pairs ORDER BY pair")]  # noqa: S608


@pytest.fixture
def spark(tmp_path):
    # py4j logs its goodbye when the interpreter exits, after pytest closed the streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[1]")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", "512m")
        .config("spark.local.dir", str(tmp_path / "local"))
        .config("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_every_level_finds_the_same_pairs_on_spark_as_on_duckdb(spark, tmp_path):
    from splink.backends.spark import SparkAPI

    path = tmp_path / "pairs.parquet"
    con = model.connect(str(tmp_path))
    _pairs(path, con)
    con.execute(f"CREATE TABLE pairs AS SELECT * FROM read_parquet('{path}')")  # noqa: S608
    spark.read.parquet(str(path)).createOrReplaceTempView("pairs")
    # Registers the jar's functions (``jaro_winkler``) in the session.
    SparkAPI(spark_session=spark)

    on_duckdb = _agreements(lambda sql: con.execute(sql).fetchall(), "duckdb")
    on_spark = _agreements(lambda sql: spark.sql(sql).collect(), "spark")

    assert on_spark == on_duckdb
    # Every level is met by some pair, so that each was put to the test.
    assert all(any(row[index] for row in on_duckdb) for index in range(len(on_duckdb[0])))
