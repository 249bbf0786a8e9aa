"""The Fellegi–Sunter model of two records being one person, on Splink and DuckDB (or
Spark, for a registry beyond one machine: docs/linkage-on-spark.md).

Names are compared as the project folds them (``records``): exact, swapped, in the
passport spelling, then by Jaro-Winkler; dates by their parts, with the day and month
swapped, the year alone and a year apart; then phones, documents, citizenship and sex.
Common names and dates weigh less than rare ones (term frequencies). The parameters are
trained on the registry itself, without labels: u from random pairs, m by EM.

DuckDB runs embedded and offline: it never installs or loads an extension by itself,
keeps to DUPLICATE_MEMORY_MB of memory, and spills what is more to a temporary directory
of its own, never next to the code.

The levels are written once for every backend: Splink's own levels where the function
is named differently (Jaro-Winkler, lists in common), and the rest in DuckDB's SQL, which
Splink translates (sqlglot) for another backend.
"""

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from django.conf import settings as django_settings
from django.utils.translation import gettext_noop
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.database_api import DatabaseAPI
from splink.internals.exceptions import SplinkException

from komek.people.linkage.records import TABLE

logger = logging.getLogger(__name__)
# Splink's progress bars and INFO lines would fill the command's output.
LOG_LEVEL = logging.WARNING
# Random pairs for the u parameters: enough for the rare levels to be met.
U_PAIRS = 2_000_000
# The share of true duplicates that agree on name and full date of birth, for the prior.
PRIOR_RECALL = 0.7
# Splink's own prior, for a registry too small to estimate one.
DEFAULT_PRIOR = 1e-4
# Pairs of records of one person per record, assumed for a registry too small to count
# them: one record in ten a copy of another (the generated million has three in ten).
SMALL_REGISTRY_DUPLICATES = 0.1
# A registry smaller than this teaches the model too little: most levels are never met
# among its pairs, and a name borne by two of ten people would weigh as a common one. It is
# scored by the reference model instead.
LEARN_FROM = 300
# Komek's model trained on a million generated records (``bench/dedup.py --reference``).
REFERENCE = Path(__file__).with_name("reference.json")
# A kept model is trained again for a registry this many times the one it learned from:
# its term frequencies and prior were another registry's.
GROWTH = 2
OFFLINE = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


def connect(temp_directory: str, *, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never fetches an extension, and spills to
    ``temp_directory`` past the memory it is allowed."""
    config: dict[str, Any] = {
        **OFFLINE,
        "temp_directory": temp_directory,
        "memory_limit": f"{django_settings.DUPLICATE_MEMORY_MB}MB",
    }
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


# Every level's label is kept in a pair's reasons and shown translated (``gettext_noop`` marks it).
DIFFERENT = cll.ElseLevel().configure(label_for_charts=gettext_noop("different"))


def _jw(threshold: float, label: str, *columns: str) -> ComparisonLevelCreator:
    """Every column at ``threshold`` of Jaro-Winkler or more: Splink's level names the
    function as the backend does (DuckDB's ``jaro_winkler_similarity``, the ``jaro_winkler``
    of Splink's jar on Spark), which no translation of the SQL would."""
    levels = [cll.JaroWinklerLevel(column, threshold) for column in columns]
    return cll.And(*levels).configure(label_for_charts=label)


def _level(sql: str, label: str, **options) -> ComparisonLevelCreator:
    if "tf_adjustment_column" in options:
        # The level's own u, not that of an exact-match level the comparison lacks.
        options["disable_tf_exact_match_detection"] = True
    return cll.CustomLevel(sql, label, base_dialect_str="duckdb").configure(**options)


def _names() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            _level(
                "surname_key_l IS NULL OR surname_key_r IS NULL "
                "OR given_key_l IS NULL OR given_key_r IS NULL",
                gettext_noop("unknown"),
                is_null_level=True,
            ),
            _level(
                "surname_key_l = surname_key_r AND given_key_l = given_key_r",
                gettext_noop("same name"),
                tf_adjustment_column="name_key",
            ),
            # No term frequencies here: the level is too rare in random pairs for its u
            # to stand beside a name's frequency.
            _level(
                "surname_key_l = given_key_r AND given_key_l = surname_key_r",
                gettext_noop("given name and surname swapped"),
            ),
            _level(
                "latin_key_l = latin_key_r OR latin_key_l = name_key_r OR name_key_l = latin_key_r",
                gettext_noop("same name in the passport spelling"),
            ),
            _level(
                "surname_fix_l = surname_fix_r AND given_fix_l = given_fix_r",
                gettext_noop("same name once a rare spelling is read as the common one"),
            ),
            _jw(0.94, gettext_noop("nearly the same name"), "surname_key", "given_key"),
            _jw(0.88, gettext_noop("similar name"), "surname_key", "given_key"),
            _level(
                "surname_key_l = surname_key_r",
                gettext_noop("same surname only"),
                tf_adjustment_column="surname_key",
            ),
            _level(
                "given_key_l = given_key_r",
                gettext_noop("same given name only"),
                tf_adjustment_column="given_key",
            ),
            DIFFERENT,
        ],
    )


def _patronymic() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="patronymic",
        comparison_levels=[
            _level(
                "patronymic_key_l IS NULL OR patronymic_key_r IS NULL",
                gettext_noop("unknown"),
                is_null_level=True,
            ),
            _level("patronymic_key_l = patronymic_key_r", gettext_noop("same patronymic")),
            _jw(0.88, gettext_noop("similar patronymic"), "patronymic_key"),
            DIFFERENT,
        ],
    )


def _born() -> cl.CustomComparison:
    same_year = "born_year_l = born_year_r"
    same_month = f"{same_year} AND born_month_l = born_month_r"
    return cl.CustomComparison(
        output_column_name="born",
        comparison_levels=[
            _level(
                "born_year_l IS NULL OR born_year_r IS NULL",
                gettext_noop("unknown"),
                is_null_level=True,
            ),
            _level(
                "born_date_l = born_date_r",
                gettext_noop("same date"),
                tf_adjustment_column="born_date",
            ),
            _level(
                f"{same_year} AND born_month_l = born_day_r AND born_day_l = born_month_r",
                gettext_noop("day and month swapped"),
            ),
            _level(
                "abs(born_year_l - born_year_r) = 1 AND born_month_l = born_month_r "
                "AND born_day_l = born_day_r",
                gettext_noop("same day and month, a year apart"),
            ),
            # A date known only in part is weighed by how it was left incomplete: the
            # same partial date twice is rarer among strangers than a partial date
            # beside a full one.
            _level(
                f"{same_month} AND born_day_l IS NULL AND born_day_r IS NULL",
                gettext_noop("same year and month, neither day known"),
            ),
            _level(
                f"{same_month} AND (born_day_l IS NULL OR born_day_r IS NULL)",
                gettext_noop("same year and month, one day unknown"),
            ),
            _level(same_month, gettext_noop("same year and month, another day")),
            _level(
                f"{same_year} AND born_month_l IS NULL AND born_month_r IS NULL",
                gettext_noop("same year, both known to the year only"),
            ),
            _level(
                f"{same_year} AND (born_month_l IS NULL OR born_month_r IS NULL)",
                gettext_noop("same year, one date known to the year only"),
            ),
            _level(same_year, gettext_noop("same year, another day")),
            _level("abs(born_year_l - born_year_r) = 1", gettext_noop("a year apart")),
            DIFFERENT,
        ],
    )


def _same(column: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            _level(
                f"{column}_l IS NULL OR {column}_r IS NULL",
                gettext_noop("unknown"),
                is_null_level=True,
            ),
            _level(f"{column}_l = {column}_r", gettext_noop("the same")),
            DIFFERENT,
        ],
    )


def _shared(column: str, label: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            # ``array_length``, not its alias ``len`` (a string's length to sqlglot).
            _level(
                f"array_length({column}_l) = 0 OR array_length({column}_r) = 0",
                gettext_noop("unknown"),
                is_null_level=True,
            ),
            # Splink's level: sqlglot writes DuckDB's ``list_has_any`` as an operator
            # Spark lacks.
            cll.ArrayIntersectLevel(column, min_intersection=1).configure(label_for_charts=label),
            DIFFERENT,
        ],
    )


def settings() -> SettingsCreator:
    """The model before training: comparisons and the blocking rules of a run."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _names(),
            _patronymic(),
            _born(),
            _shared("phones", gettext_noop("a phone in common")),
            _shared("documents", gettext_noop("a document number in common")),
            _same("citizenship"),
            _same("sex"),
        ],
        # Namesakes are many (a common name is borne by hundreds at a million records):
        # a name is compared only with a date part or another key in common, and the
        # records without a date with every record of their name.
        blocking_rules_to_generate_predictions=[
            block_on("name_key", "born_year"),
            block_on("name_fix", "born_year"),
            block_on("latin_key", "born_year"),
            block_on("name_key", "born_month", "born_day"),
            block_on("surname_key", "born_date"),
            block_on("given_key", "born_date"),
            CustomRule("l.undated_key = r.name_key"),
            CustomRule("l.name_key = r.undated_key"),
            block_on("phones", arrays_to_explode=["phones"]),
            block_on("documents", arrays_to_explode=["documents"]),
        ],
        retain_intermediate_calculation_columns=True,
    )


def definition(model: dict[str, Any]) -> tuple[list, list]:
    """What a model compares and blocks on, without the parameters it learned."""
    comparisons = [
        (
            comparison["output_column_name"],
            [
                (level["sql_condition"], level.get("tf_adjustment_column"))
                for level in comparison["comparison_levels"]
            ],
        )
        for comparison in model["comparisons"]
    ]
    rules = [
        (rule["blocking_rule"], rule.get("arrays_to_explode") or [])
        for rule in model["blocking_rules_to_generate_predictions"]
    ]
    return comparisons, rules


def outdated(trained: dict[str, Any], *, trained_on: int, people_count: int) -> bool:
    """Whether a kept model is to be trained again before a run over ``people_count``
    records on DuckDB: Komek's model was defined otherwise since (or it was trained on
    Spark), or it learned from a registry a fraction of this one."""
    current = settings().create_settings_dict("duckdb")
    return people_count > GROWTH * trained_on or definition(trained) != definition(current)


def train(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The model's settings with parameters trained on the records in ``con``."""
    return train_on(DuckDBAPI(con))


def train_on(api: DatabaseAPI) -> dict[str, Any]:
    """The model's settings with parameters trained on the records of the table
    ``people`` that ``api`` reaches (DuckDB's, or Spark's for a registry beyond one
    machine). A step that finds no pairs to learn from, or too many for its assumptions
    (a small registry), leaves Splink's defaults."""
    linker = Linker(api.register(TABLE), settings(), log_level=LOG_LEVEL)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=1)
    steps = [
        lambda linker: linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "born_date")], recall=PRIOR_RECALL
        ),
        # Each session trains what its blocking lets vary: first everything but the name
        # and the year, then the name and the date among records sharing a phone.
        lambda linker: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("name_key", "born_year")
        ),
        lambda linker: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("phone")
        ),
    ]
    for step in steps:
        before = linker.misc.save_model_to_json()
        try:
            step(linker)
        except (SplinkException, ValueError) as error:
            # A session that fails midway leaves out the comparisons its blocking fixed:
            # the model is taken up again as it was before the step.
            logger.warning("Linkage training step skipped: %s", error)
            linker = Linker(api.register(TABLE), before, log_level=LOG_LEVEL)
    trained = linker.misc.save_model_to_json()
    # No pair agreeing on name and date gives a prior of 0, which no evidence can lift.
    if not 0 < trained["probability_two_random_records_match"] < 1:
        trained["probability_two_random_records_match"] = DEFAULT_PRIOR
    return trained


def most_common_frequencies(
    con: duckdb.DuckDBPyConnection, trained: dict[str, Any]
) -> dict[str, float]:
    """For each column whose values' frequencies adjust a level of ``trained``, the share of
    the records in ``con`` that hold its most common value."""
    columns = sorted(
        {
            level["tf_adjustment_column"]
            for comparison in trained["comparisons"]
            for level in comparison["comparison_levels"]
            if level.get("tf_adjustment_column")
        }
    )
    return {
        column: con.execute(
            f"SELECT max(n) / sum(n) FROM (SELECT count(*) AS n FROM {TABLE}"  # noqa: S608
            f" WHERE {column} IS NOT NULL GROUP BY {column})"
        ).fetchall()[0][0]
        for column in columns
    }


def reference(people_count: int) -> dict[str, Any]:
    """The reference model for a registry of ``people_count`` records (two or more), too
    small to learn from: its prior that of SMALL_REGISTRY_DUPLICATES (the chance of two
    records being one person grows as the registry shrinks), and every name and date
    agreeing weighed as the most common one (``most_common_frequencies``), a few records
    telling nothing of which are common: two namesakes born the same year on other days are
    then to be reviewed, not taken for one person."""
    kept = json.loads(REFERENCE.read_text(encoding="utf-8"))
    trained, most_common = kept["settings"], kept["most_common_frequencies"]
    pairs_per_record = (people_count - 1) / 2
    trained["probability_two_random_records_match"] = min(
        SMALL_REGISTRY_DUPLICATES / pairs_per_record, 1
    )
    # A comparison the generated records never let EM learn (they have no patronymics)
    # would weigh by Splink's guesses: it is left out.
    trained["comparisons"] = [
        comparison
        for comparison in trained["comparisons"]
        if all(
            level.get("is_null_level") or level.get("m_probability") is not None
            for level in comparison["comparison_levels"]
        )
    ]
    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.pop("tf_adjustment_column", None)
            if column:
                level["u_probability"] = max(level["u_probability"], most_common[column])
            # Never met among the random pairs: rarer than one of them.
            if not level.get("is_null_level") and level.get("u_probability") is None:
                level["u_probability"] = 1 / U_PAIRS
    return trained


@dataclass(frozen=True)
class Edge:
    """Two records scored alike: ``a`` < ``b`` (ids), ``reasons`` per comparison."""

    a: int
    b: int
    score: float
    reasons: dict[str, dict[str, Any]]


def _labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Each comparison's level labels by their value in Splink's comparison vector:
    -1 for the null level, then from the most to the least alike counting down to 0."""
    labels = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        kept = [level for level in levels if not level.get("is_null_level")]
        by_value = {
            len(kept) - 1 - index: level["label_for_charts"] for index, level in enumerate(kept)
        }
        by_value[-1] = next(
            (level["label_for_charts"] for level in levels if level.get("is_null_level")), ""
        )
        labels[comparison["output_column_name"]] = by_value
    return labels


def predict(
    con: duckdb.DuckDBPyConnection, model: dict[str, Any], *, threshold: float
) -> Iterator[Edge]:
    """The pairs of records in ``con`` that ``model`` scores at ``threshold`` or more."""
    return predict_on(DuckDBAPI(con), model, threshold=threshold)


def _rows(api: DatabaseAPI, sql: str) -> Iterator[tuple[Any, ...]]:
    """The rows of ``sql``, never all in memory at once: DuckDB's cursor a batch at a
    time, Spark's partitions brought to the driver one by one."""
    if isinstance(api, DuckDBAPI):
        cursor = api.duckdb_con.execute(sql)
        while rows := cursor.fetchmany(10_000):
            yield from rows
    else:
        yield from api._execute_sql_against_backend(sql).toLocalIterator()


def predict_on(api: DatabaseAPI, model: dict[str, Any], *, threshold: float) -> Iterator[Edge]:
    """The pairs of records of the table ``people`` that ``api`` reaches and that
    ``model`` (trained on the same backend: its SQL is that backend's) scores at
    ``threshold`` or more."""
    linker = Linker(api.register(TABLE), model, log_level=LOG_LEVEL)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table = predictions.physical_name
    present = {column.unquote().name for column in predictions.columns}
    labels = _labels(model)
    # Match weights in bits; a comparison without term frequencies has no adjustment.
    columns = [
        f"gamma_{name}, mw_{name}, "
        + (f"mw_tf_adj_{name}" if f"mw_tf_adj_{name}" in present else "0")
        for name in labels
    ]
    # Splink names its tables itself: nothing of the user's goes into this SQL.
    sql = (
        f"SELECT unique_id_l, unique_id_r, match_probability, {', '.join(columns)} "  # noqa: S608
        f"FROM {table}"
    )
    for a, b, score, *values in _rows(api, sql):
        reasons = {}
        for index, name in enumerate(labels):
            gamma, weight, tf_weight = values[3 * index : 3 * index + 3]
            reasons[name] = {
                "level": labels[name][gamma],
                "weight": round((weight or 0.0) + (tf_weight or 0.0), 2),
            }
        yield Edge(min(a, b), max(a, b), score, reasons)
    predictions.drop_table_from_database_and_remove_from_cache()
