"""Official tables into datasets: one row per cell (long form), headers in Russian, Kazakh
or English, numbers as government bodies write them (``18 875``), totals rows skipped.

The columns are mapped first (guessed from the headers, confirmed or changed by the
user), every row is checked, and only a table without a single problem is written, as a
new version of its dataset; the previous version is kept."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from komek.audit.models import Action
from komek.audit.services import record
from komek.core import staging
from komek.core.bulk import copy_rows
from komek.core.countries import country_code
from komek.core.tables import ImportRejected, over_max_length
from komek.statistics.models import Dataset, DatasetVersion, Measure, Observation
from komek.statistics.territories import territory_key

# The roles a column can play; any other column is a further dimension or ignored.
PERIOD_FROM, PERIOD_TO, TERRITORY, CITIZENSHIP, VALUE = (
    "period_from",
    "period_to",
    "territory",
    "citizenship",
    "value",
)
DIMENSION, IGNORE = "dimension", "ignore"
REQUIRED = (PERIOD_FROM, PERIOD_TO, TERRITORY, VALUE)
ROLES = {
    PERIOD_FROM: gettext_lazy("period from"),
    PERIOD_TO: gettext_lazy("period to"),
    TERRITORY: gettext_lazy("territory"),
    CITIZENSHIP: gettext_lazy("citizenship"),
    VALUE: gettext_lazy("value"),
    DIMENSION: gettext_lazy("further dimension"),
    IGNORE: gettext_lazy("ignore"),
}
# Headers as published, lowercased: English, Russian, Kazakh.
HEADERS = {
    PERIOD_FROM: {"period_from", "period from", "период с", "начало периода", "кезең басы"},
    PERIOD_TO: {"period_to", "period to", "период по", "конец периода", "кезең соңы"},
    TERRITORY: {"territory", "region", "территория", "регион", "область", "аумақ", "өңір"},
    CITIZENSHIP: {"citizenship", "country", "гражданство", "страна", "азаматтығы", "елі"},
    VALUE: {"value", "count", "значение", "количество", "число", "мәні", "саны"},
}
# Further dimensions with a name of their own, whatever language the header is in.
DIMENSION_NAMES = {
    "sex": {"sex", "пол", "жынысы"},
    "purpose": {"purpose", "purpose of stay", "цель", "цель пребывания", "келу мақсаты"},
}
TOTAL_WORDS = {"итого", "всего", "total", "барлығы", "жиыны", "барлыгы"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y")
# What the database stores: dates within two centuries, values of Observation.value.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
_value_field = Observation._meta.get_field("value")
DECIMALS = _value_field.decimal_places
DIGITS = _value_field.max_digits - DECIMALS
BIGGEST, CENT = Decimal(10) ** DIGITS, Decimal(1).scaleb(-DECIMALS)
WORD = re.compile(r"[\s:,.]+")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


# Called after each batch written with the figures written so far and their total.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    pass


@dataclass
class Parsed:
    headers: list[str]
    mapping: dict[str, str]
    dimensions: list[str]
    observations: list[tuple] = field(default_factory=list)
    totals_skipped: int = 0


def guess_mapping(headers: list[str]) -> dict[str, str]:
    mapping = {}
    for header in headers:
        role = next((role for role, names in HEADERS.items() if header in names), None)
        mapping[header] = role if role and role not in mapping.values() else DIMENSION
    return mapping


def dimension_name(header: str) -> str:
    return next((code for code, names in DIMENSION_NAMES.items() if header in names), header)


def parse_mapping(text: str, headers: list[str]) -> dict[str, str]:
    """``"Регион=territory,Примечание=ignore"`` over the guessed mapping."""
    mapping = guess_mapping(headers)
    for pair in filter(None, (part.strip() for part in text.split(","))):
        header, _sep, role = (part.strip() for part in pair.partition("="))
        if header.lower() not in mapping or role not in ROLES:
            raise ImportRejected(
                [_("Mapping “%(pair)s”: no such column or role.") % {"pair": pair}]
            )
        mapping[header.lower()] = role
    return mapping


def parse_number(text: str) -> Decimal:
    cleaned = SPACES.sub("", text)
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite() or value < 0:
        raise InvalidOperation
    return value


def _memo(parse: Callable[[str], object]) -> Callable[[str], object]:
    seen: dict[str, object] = {}

    def cached(text: str):
        if text not in seen:
            seen[text] = parse(text)
        return seen[text]

    return cached


def _parse_date(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _is_total(cells: list[str]) -> bool:
    """A totals row: a cell reading "Итого", "Всего по Центральной Азии", "Барлығы:"..."""
    return any(WORD.split(cell.casefold(), maxsplit=1)[0] in TOTAL_WORDS for cell in cells)


def parse(headers: list[str], rows: list[list[str]], mapping: dict[str, str]) -> Parsed:
    missing = [role for role in REQUIRED if role not in mapping.values()]
    if missing:
        raise ImportRejected(
            [
                _("No column is mapped to “%(role)s” (headers: %(headers)s).")
                % {"role": ROLES[role], "headers": ", ".join(headers)}
                for role in missing
            ]
        )
    column = {role: headers.index(header) for header, role in mapping.items() if role in ROLES}
    dimension_columns = [
        (dimension_name(header), headers.index(header))
        for header, role in mapping.items()
        if role == DIMENSION
    ]
    parsed = Parsed(headers, mapping, [name for name, _index in dimension_columns])
    errors: list[str] = []
    seen: dict[tuple, int] = {}
    read_date, read_country = _memo(_parse_date), _memo(country_code)
    read_territory = _memo(territory_key)

    def problem(number: int, role: str, value: str, text: str) -> None:
        header = next(header for header, mapped in mapping.items() if mapped == role)
        errors.append(
            _("row %(row)d, column %(column)s: “%(value)s” %(problem)s")
            % {"row": number, "column": header, "value": value, "problem": text}
        )

    for offset, cells in enumerate(rows):
        number = offset + 2
        cells = cells + [""] * (len(headers) - len(cells))
        if _is_total(cells):
            parsed.totals_skipped += 1
            continue
        ok = True
        start, end = cells[column[PERIOD_FROM]], cells[column[PERIOD_TO]]
        period_from, period_to = read_date(start), read_date(end)
        for role, text, value in ((PERIOD_FROM, start, period_from), (PERIOD_TO, end, period_to)):
            if value is None:
                problem(number, role, text, _("is not a date (YYYY-MM-DD or DD.MM.YYYY)."))
                ok = False
            elif not EARLIEST <= value <= LATEST:
                problem(
                    number,
                    role,
                    text,
                    _("is not between %(first)d and %(last)d.")
                    % {"first": EARLIEST.year, "last": LATEST.year},
                )
                ok = False
        if ok and period_to < period_from:
            problem(number, PERIOD_TO, end, _("is before the start of the period."))
            ok = False
        territory = cells[column[TERRITORY]]
        if (
            not territory
            or over_max_length(Observation, "territory", territory)
            # Folding may lengthen a name ("ß" becomes "ss").
            or over_max_length(Observation, "territory_key", read_territory(territory))
        ):
            problem(number, TERRITORY, territory[:20], _("must be 1 to 100 characters."))
            ok = False
        citizenship = ""
        if CITIZENSHIP in column:
            text = cells[column[CITIZENSHIP]]
            citizenship = read_country(text) or ""
            if not citizenship:
                problem(number, CITIZENSHIP, text, _("is not a country (name or ISO code)."))
                ok = False
        try:
            value = parse_number(cells[column[VALUE]])
        except (InvalidOperation, ValueError):
            problem(number, VALUE, cells[column[VALUE]], _("is not a number of zero or more."))
            ok = False
        else:
            if value >= BIGGEST or value != value.quantize(CENT):
                problem(
                    number,
                    VALUE,
                    cells[column[VALUE]],
                    _("has more than %(before)d digits before the point or %(after)d after it.")
                    % {"before": DIGITS, "after": DECIMALS},
                )
                ok = False
        if not ok:
            continue
        dimensions = {name: cells[index] for name, index in dimension_columns}
        key = (period_from, period_to, read_territory(territory), citizenship, *dimensions.values())
        if key in seen:
            problem(
                number,
                VALUE,
                cells[column[VALUE]],
                _("is a second figure for the same cell as row %(row)d.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        parsed.observations.append(
            (period_from, period_to, territory, key[2], citizenship, dimensions, value)
        )
    if errors:
        raise ImportRejected(errors)
    if not parsed.observations:
        raise ImportRejected([_("The table has no figures.")])
    return parsed


COLUMNS = [
    "version_id",
    "period_from",
    "period_to",
    "territory",
    "territory_key",
    "citizenship",
    "dimensions",
    "value",
]


def write(
    parsed: Parsed,
    *,
    code: str,
    title: str,
    file_name: str,
    sha256: str,
    imported_by,
    measure: str | None = None,
    source: str = "",
    progress: Progress = no_progress,
    then: Callable[[], None] = lambda: None,
) -> DatasetVersion:
    """A new current version of dataset ``code`` (created if new); the old one is kept.
    The figures are written in committed batches that nobody sees (``core/staging.py``),
    then the version is numbered and made current, with ``then``, in one short
    transaction: run it outside any transaction."""
    for name, text in (("title", title), ("source", source)):
        limit = over_max_length(Dataset, name, text)
        if limit:
            raise ImportRejected(
                [
                    _("The dataset's %(field)s is longer than %(limit)d characters.")
                    % {"field": Dataset._meta.get_field(name).verbose_name, "limit": limit}
                ]
            )
    total = len(parsed.observations)
    with staging.staged_import(kind="import_stats", user=imported_by) as batch:
        dataset = Dataset.objects.filter(code=code).first() or Dataset.with_staged.create(
            code=code,
            title=title or code,
            measure=measure or Measure.OTHER,
            source=source,
            import_batch=batch,
        )
        version = DatasetVersion.with_staged.create(
            dataset=dataset,
            number=0,
            is_current=False,
            file_name=file_name[:200],
            sha256=sha256,
            rows=total,
            totals_skipped=parsed.totals_skipped,
            dimensions=parsed.dimensions,
            imported_by=imported_by,
            import_batch=batch,
        )
        as_json = json.dumps if connection.vendor == "postgresql" else dict
        for done, chunk in enumerate(
            staging.batches(parsed.observations, staging.BATCH_SIZE * 5), start=1
        ):
            with staging.writing(batch):
                copy_rows(
                    Observation,
                    COLUMNS,
                    (
                        (version.pk, start, end, territory, key, citizenship, as_json(dims), value)
                        for start, end, territory, key, citizenship, dims, value in chunk
                    ),
                )
            progress(min(done * staging.BATCH_SIZE * 5, total), total)
        with staging.switch_in(batch):
            _make_current(version, title=title, measure=measure, source=source)
            then()
            record(
                actor=imported_by,
                action=Action.CREATE,
                obj=version,
                detail=f"import_stats {code} v{version.number} from {file_name}: "
                f"{version.rows} figures, {version.totals_skipped} total rows skipped",
                username="komek import_stats",
            )
    return version


def _make_current(version: DatasetVersion, *, title: str, measure: str | None, source: str):
    dataset = Dataset.with_staged.select_for_update().get(pk=version.dataset_id)
    if dataset.import_batch_id is None:
        changed = {"title": title, "measure": measure, "source": source}
        for name, value in changed.items():
            if value:
                setattr(dataset, name, value)
        dataset.save()
    last = dataset.versions.order_by("-number").first()
    dataset.versions.filter(is_current=True).update(is_current=False)
    version.number = (last.number + 1) if last else 1
    version.is_current = True
    version.save(update_fields=["number", "is_current"])
