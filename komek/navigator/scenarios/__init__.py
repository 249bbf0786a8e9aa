"""Scenario tables: situations with the answers a lawyer expects, as CSV (or XLSX).

Columns: ``name``, ``citizenship``, ``entered``, ``on`` (required), ``stays`` (earlier
stays ``ENTERED:LEFT`` separated by spaces), ``purpose``, ``registered``, ``documents``
(separated by spaces), and the expectations, each checked only when filled in:
``status``, ``since``, ``days_used``, ``days_left``, ``frees_on``, ``register``,
``leave``, ``leave_window`` (the due date of that obligation), ``rules`` (rule codes the
answer must come from; ``!code`` one it must not). ``-`` expects no value. ``note`` is
free text."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from komek.core.tables import ImportRejected, read_table
from komek.navigator.evaluation import Evaluation, Situation
from komek.navigator.management import arguments
from komek.navigator.models import Status

SHIPPED = Path(__file__).resolve().parent / "shipped.csv"
REQUIRED = ("name", "citizenship", "entered", "on")
DUE_COLUMNS = ("register", "leave", "leave_window")
NONE = "-"
EXPECTATIONS = ("status", "since", "days_used", "days_left", "frees_on", *DUE_COLUMNS)


@dataclass(frozen=True)
class Scenario:
    row: int
    name: str
    situation: Situation
    expected: dict[str, str]  # column → the cell, filled expectations only

    @property
    def rules(self) -> tuple[set[str], set[str]]:
        """The rule codes the answer must come from, and those it must not."""
        codes = self.expected.get("rules", "").split()
        return (
            {code for code in codes if not code.startswith("!")},
            {code[1:] for code in codes if code.startswith("!")},
        )


def read(path: Path) -> list[Scenario]:
    try:
        header, rows = read_table(path)
    except ImportRejected as rejected:
        raise CommandError(f"{path}: {rejected}") from None
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise CommandError(f"{path}: the table has no column {', '.join(missing)}.")
    scenarios = []
    for number, row in enumerate(rows, start=2):
        cells = dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=True))
        scenarios.append(scenario(number, cells))
    return scenarios


def scenario(number: int, cells: dict[str, str]) -> Scenario:
    def where(column: str) -> str:
        return f"row {number}, {column}"

    def optional_day(column: str) -> date | None:
        value = cells.get(column, "")
        return arguments.day(value, where(column)) if value else None

    situation = arguments.situation(
        citizenship=arguments.citizenship(cells["citizenship"], where("citizenship")),
        entered=arguments.day(cells["entered"], where("entered")),
        on=arguments.day(cells["on"], where("on")),
        stays=tuple(
            arguments.stay(value, where("stays")) for value in cells.get("stays", "").split()
        ),
        purpose=arguments.purpose(cells.get("purpose", ""), where("purpose")),
        registered=optional_day("registered"),
        documents=arguments.documents(cells.get("documents", "").split(), where("documents")),
        names={"on": where("on"), "registered": where("registered"), "stays": where("stays")},
    )
    expected = {
        column: value
        for column, value in cells.items()
        if value and column in (*EXPECTATIONS, "rules")
    }
    for column in ("since", "frees_on", *DUE_COLUMNS):
        if expected.get(column, NONE) != NONE:
            arguments.day(expected[column], where(column))
    for column in ("days_used", "days_left"):
        if expected.get(column, NONE) != NONE and not expected[column].isdigit():
            raise CommandError(f"{where(column)}: {expected[column]!r} is not a number of days.")
    if expected.get("status", Status.IN_ORDER) not in Status.values:
        raise CommandError(
            f"{where('status')}: {expected['status']!r} is not one of {', '.join(Status.values)}."
        )
    return Scenario(number, cells["name"], situation, expected)


def shown(value: date | int | None) -> str:
    if value is None:
        return NONE
    return value.isoformat() if isinstance(value, date) else str(value)


def got(evaluation: Evaluation) -> dict[str, str]:
    """The answer in the table's terms."""
    answer = {
        "status": evaluation.status,
        "since": shown(evaluation.status_since),
        "days_used": shown(evaluation.days_used),
        "days_left": shown(evaluation.days_left),
        "frees_on": shown(evaluation.window_frees_on),
    }
    for code in DUE_COLUMNS:
        dues = [line.due for line in evaluation.obligations if line.code == code and line.due]
        answer[code] = shown(min(dues)) if dues else NONE
    return answer


def disagreements(scenario: Scenario, evaluation: Evaluation) -> list[str]:
    """Each expectation the answer does not meet, as 'column: expected …, got …'."""
    answer = got(evaluation)
    found = [
        f"{column}: expected {scenario.expected[column]}, got {answer[column]}"
        for column in EXPECTATIONS
        if column in scenario.expected and scenario.expected[column] != answer[column]
    ]
    used = {rule.code for rule in evaluation.rules}
    wanted, unwanted = scenario.rules
    found += [f"rules: expected {code}, not used" for code in sorted(wanted - used)]
    found += [f"rules: expected no {code}, but it was used" for code in sorted(unwanted & used)]
    return found
