"""Reading an agency's list of participants: CSV or XLSX (``komek.core.tables``) with
Russian or Kazakh headers, the agency and the region written in words of either
language. Every row is checked before anything is written; a list with any problem is
refused whole, each problem named by row (as numbered in the spreadsheet, the header being
row 1) and column (as the file names it)."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from komek.core import regions
from komek.core.dimensions import Sex
from komek.core.phones import InvalidPhone, to_e164
from komek.core.tables import ImportRejected, over_max_length, read_table
from komek.people.names import name_key, visible_name
from komek.trainings.models import Agency, Event, Participant


def _words(text: str) -> str:
    """Lower case, ё as е, hyphens and punctuation as spaces, single spaces."""
    text = text.casefold().replace("ё", "е")
    return " ".join(re.sub(r"[-–—.,;:«»\"'()]", " ", text).split())


# Headers, Russian, Kazakh and English, of each of Komek's columns.
HEADERS: dict[str, tuple[str, ...]] = {
    "surname": ("фамилия", "тегі", "тегi", "surname"),
    "given_name": ("имя", "аты", "есімі", "given name", "given_name", "name"),
    "patronymic": ("отчество", "әкесінің аты", "акесинин аты", "patronymic"),
    "full_name": ("фио", "ф и о", "аты жөні", "тегі аты әкесінің аты", "full name"),
    "sex": ("пол", "жынысы", "sex"),
    "agency": ("ведомство", "мекеме", "орган", "организация", "ұйым", "agency"),
    "unit": ("подразделение", "бөлімше", "бөлімі", "unit"),
    "position": ("должность", "лауазымы", "position"),
    "region": ("регион", "өңір", "область", "облыс", "region"),
    "phone": ("телефон", "тел", "байланыс телефоны", "phone"),
    "email": (
        "email",
        "e mail",
        "электронная почта",
        "эл почта",
        "электрондық пошта",
        "эл пошта",
    ),
}
# The headers the upload page names, as an agency writes them in Russian and in Kazakh.
SHOWN_HEADERS = (
    ("Фамилия", "Тегі"),
    ("Имя", "Аты"),
    ("Отчество", "Әкесінің аты"),
    ("Пол", "Жынысы"),
    ("Ведомство", "Мекеме"),
    ("Подразделение", "Бөлімше"),
    ("Должность", "Лауазымы"),
    ("Регион", "Өңір"),
    ("Телефон", ""),
    ("Email", ""),
)
COLUMN_OF_HEADER = {_words(header): column for column, names in HEADERS.items() for header in names}

SEXES = {
    Sex.MALE: ("м", "муж", "мужской", "ер", "еркек", "m", "male"),
    Sex.FEMALE: ("ж", "жен", "женский", "ә", "әйел", "f", "female"),
}

AGENCIES = {
    Agency.MIGRATION_POLICE: (
        "миграционная полиция",
        "мп",
        "управление миграционной службы",
        "көші қон полициясы",
        "көші қон қызметі",
    ),
    Agency.LABOUR_INSPECTION: (
        "трудовая инспекция",
        "инспекция труда",
        "государственная инспекция труда",
        "еңбек инспекциясы",
    ),
    Agency.EMPLOYMENT_CENTRE: (
        "центр занятости",
        "центр занятости акимата",
        "центр занятости населения",
        "жұмыспен қамту орталығы",
    ),
    Agency.BORDER_SERVICE: ("пограничная служба", "погранслужба", "шекара қызметі"),
    Agency.PROSECUTOR: ("прокуратура",),
    Agency.COURT: ("суд", "сот"),
    Agency.NGO: ("нпо", "нко", "общественная организация", "үеұ", "қоғамдық ұйым"),
    Agency.OTHER: ("другое", "иное", "другой", "басқа"),
}

# Each region's Russian and Kazakh names (the catalogs name them in the reader's language
# only): a region's adjective takes "область"/"обл", its Kazakh name "облысы"; a city of
# national significance may come with "г."/"город"/"қаласы".
REGION_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "KZ-10": (("абайская",), ("абай",)),
    "KZ-11": (("акмолинская",), ("ақмола",)),
    "KZ-15": (("актюбинская",), ("ақтөбе",)),
    "KZ-19": (("алматинская",), ("алматы",)),
    "KZ-23": (("атырауская",), ("атырау",)),
    "KZ-27": (("западно казахстанская", "зко"), ("батыс қазақстан",)),
    "KZ-31": (("жамбылская",), ("жамбыл",)),
    "KZ-33": (("жетысуская",), ("жетісу",)),
    "KZ-35": (("карагандинская",), ("қарағанды",)),
    "KZ-39": (("костанайская",), ("қостанай",)),
    "KZ-43": (("кызылординская",), ("қызылорда",)),
    "KZ-47": (("мангистауская", "мангыстауская"), ("маңғыстау",)),
    "KZ-55": (("павлодарская",), ("павлодар",)),
    "KZ-59": (("северо казахстанская", "ско"), ("солтүстік қазақстан",)),
    "KZ-61": (("туркестанская",), ("түркістан",)),
    "KZ-62": (("улытауская",), ("ұлытау",)),
    "KZ-63": (("восточно казахстанская", "вко"), ("шығыс қазақстан",)),
}
CITY_NAMES = {"KZ-71": ("астана",), "KZ-75": ("алматы",), "KZ-79": ("шымкент",)}


def _region_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for region in regions.regions():
        words[_words(region.code)] = region.code
    for code, (russian, kazakh) in REGION_NAMES.items():
        for name in russian:
            for suffix in ("", " область", " обл"):
                words[name + suffix] = code
        for name in kazakh:
            words[name + " облысы"] = code
    for code, names in CITY_NAMES.items():
        for name in names:
            for form in (name, f"г {name}", f"город {name}", f"{name} қаласы", f"{name} қ"):
                words[form] = code
    return words


def _agency_words() -> dict[str, str]:
    words = {_words(code): code for code in Agency.values}
    for code, names in AGENCIES.items():
        words.update({_words(name): code for name in names})
    return words


REGION_WORDS = _region_words()
AGENCY_WORDS = _agency_words()
SEX_WORDS = {_words(word): code for code, words in SEXES.items() for word in words}


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Any]


def _columns(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        column = COLUMN_OF_HEADER.get(_words(header))
        if column and column not in found:
            found[column] = position
    has_names = {"surname", "given_name"} <= set(found) or "full_name" in found
    # The headers as a list may write them, in no reader's language in particular.
    missing = [] if has_names else ["Фамилия/Тегі + Имя/Аты | ФИО"]
    if "sex" not in found:
        missing.append("Пол/Жынысы")
    if missing:
        raise ImportRejected(
            [
                _("row 1: the list has no column %(columns)s (its headers: %(headers)s).")
                % {"columns": ", ".join(missing), "headers": ", ".join(headers)}
            ]
        )
    return found


def _split_full_name(text: str) -> tuple[str, str, str]:
    parts = text.split()
    return (
        parts[0] if parts else "",
        parts[1] if len(parts) > 1 else "",
        " ".join(parts[2:]),
    )


def parse(
    headers: list[str], rows: list[list[str]], *, event: Event, agency: str = ""
) -> list[Row]:
    """The checked rows of the list; ``agency`` stands for an empty or missing agency
    column (a list sent by one agency rarely names it), the event's region for a missing
    region. Raises ImportRejected with every problem found."""
    index = _columns(headers)
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    parsed: list[Row] = []

    def cell(cells: list[str], column: str) -> str:
        position = index.get(column)
        return cells[position] if position is not None and position < len(cells) else ""

    one_name_column = "surname" not in index

    def problem(number: int, column: str, value: str, text: str) -> None:
        if one_name_column and column in ("surname", "given_name", "patronymic"):
            column = "full_name"
        header = (
            headers[index[column]]
            if column in index
            else str(Participant._meta.get_field(column).verbose_name)
        )
        errors.append(
            _("row %(row)d, column %(column)s: “%(value)s” %(problem)s")
            % {"row": number, "column": header, "value": value, "problem": text}
        )

    for offset, cells in enumerate(rows):
        number = offset + 2
        before = len(errors)
        values = {column: cell(cells, column) for column in HEADERS}
        if one_name_column:
            surname, given_name, patronymic = _split_full_name(values["full_name"])
            values.update(surname=surname, given_name=given_name, patronymic=patronymic)
        for column in ("surname", "given_name"):
            if not values[column]:
                problem(number, column, values[column], _("is empty: required."))
        sex = SEX_WORDS.get(_words(values["sex"]))
        if sex is None:
            problem(number, "sex", values["sex"], _("is not a sex (М/Ж, ер/әйел)."))
        typed_agency = _words(values["agency"])
        found_agency = AGENCY_WORDS.get(typed_agency) if typed_agency else agency or None
        if found_agency is None:
            text = (
                _("is not an agency Komek knows (migration police, labour inspection...).")
                if typed_agency
                else _("is empty: name the agency, or choose the list's agency.")
            )
            problem(number, "agency", values["agency"], text)
        typed_region = _words(values["region"])
        region = REGION_WORDS.get(typed_region) if typed_region else event.region
        if region is None:
            problem(number, "region", values["region"], _("is not a region of Kazakhstan."))
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problem(number, "email", values["email"], _("is not an email address."))
        for column in ("surname", "given_name", "patronymic", "unit", "position", "email"):
            limit = over_max_length(Participant, column, values[column])
            if limit:
                problem(
                    number,
                    column,
                    values[column][:20] + "…",
                    _("is longer than %(limit)d characters.") % {"limit": limit},
                )
        for column in ("surname", "given_name", "patronymic"):
            try:
                values[column] = visible_name(values[column])
            except ValueError:
                problem(number, column, values[column], _("is made only of invisible characters."))
        if values["phone"]:
            try:
                values["phone"] = to_e164(values["phone"])
            except InvalidPhone:
                problem(number, "phone", values["phone"], _("is not a phone number."))
        kept = {
            "surname": values["surname"],
            "given_name": values["given_name"],
            "patronymic": values["patronymic"],
            "sex": sex,
            "agency": found_agency,
            "unit": values["unit"],
            "position": values["position"],
            "region": region,
            "phone": values["phone"],
            "email": values["email"],
        }
        if len(errors) > before:
            continue
        key = (name_key(kept["surname"], kept["given_name"]), kept["agency"])
        if key in seen:
            problem(
                number,
                "surname",
                values["surname"],
                _("is the same official as in row %(row)d.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        parsed.append(Row(number=number, values=kept))
    if errors:
        raise ImportRejected(errors)
    return parsed


def read(path: Path, *, event: Event, agency: str = "") -> list[Row]:
    headers, rows = read_table(path)
    return parse(headers, rows, event=event, agency=agency)
