"""The rules, country groups and calendar Komek ships (``komek/navigator/data/``), none
verified by a lawyer. Written by the data migration ``0002_initial_data``, the rules'
names in the migrants' languages (``rule_names.json``) by ``0003_rule_names_for_migrants``;
``ensure()`` writes them again into a database that lost them (a test database flushed by
a transactional test)."""

import json
from datetime import date
from pathlib import Path

from django.apps import apps as current_apps
from django.db import DEFAULT_DB_ALIAS

DATA = Path(__file__).resolve().parent / "data"


def read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def dated(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(apps, db: str) -> None:
    """Write the shipped data with ``apps``' models (a migration's historical ones)."""
    CountryGroup = apps.get_model("navigator", "CountryGroup")
    GroupMember = apps.get_model("navigator", "GroupMember")
    Rule = apps.get_model("navigator", "Rule")
    CalendarDay = apps.get_model("navigator", "CalendarDay")
    groups = {}
    for entry in read("groups.json"):
        members = entry.pop("members")
        group = CountryGroup.objects.using(db).create(**entry)
        groups[group.code] = group
        GroupMember.objects.using(db).bulk_create(
            GroupMember(
                group=group,
                country=member["country"],
                valid_from=dated(member.get("valid_from")),
                valid_to=dated(member.get("valid_to")),
                source=member["source"],
            )
            for member in members
        )
    for entry in read("rules.json"):
        names = entry.pop("groups", [])
        for field in ("valid_from", "valid_to"):
            entry[field] = dated(entry.get(field))
        rule = Rule.objects.using(db).create(**entry)
        rule.groups.set([groups[name] for name in names])
    CalendarDay.objects.using(db).bulk_create(
        CalendarDay(
            date=date.fromisoformat(day["date"]),
            kind=day["kind"],
            name=day["name"],
            source=day["source"],
        )
        for day in read("calendar.json")["days"]
    )


def load_names(apps, db: str) -> None:
    """Give the shipped rules their names in the migrants' languages: every version whose
    Russian name is still the one translated, where a name is not given yet."""
    Rule = apps.get_model("navigator", "Rule")
    for code, entry in read("rule_names.json")["rules"].items():
        translations = {field: value for field, value in entry.items() if field != "name"}
        for rule in Rule.objects.using(db).filter(code=code, name=entry["name"]):
            missing = {
                field: value for field, value in translations.items() if not getattr(rule, field)
            }
            if missing:
                Rule.objects.using(db).filter(pk=rule.pk).update(**missing)


def unload(apps, db: str) -> None:
    codes = [entry["code"] for entry in read("rules.json")]
    Rule = apps.get_model("navigator", "Rule")
    # Later versions of a shipped rule go with it; an older version names the one that
    # replaced it (protected), so it is deleted first.
    for rule in Rule.objects.using(db).filter(code__in=codes).order_by("version"):
        rule.delete()
    days = [date.fromisoformat(day["date"]) for day in read("calendar.json")["days"]]
    apps.get_model("navigator", "CalendarDay").objects.using(db).filter(date__in=days).delete()
    codes = [entry["code"] for entry in read("groups.json")]
    apps.get_model("navigator", "CountryGroup").objects.using(db).filter(code__in=codes).delete()


def ensure(db: str = DEFAULT_DB_ALIAS) -> None:
    """Write the shipped data where none of it is left."""
    codes = [entry["code"] for entry in read("groups.json")]
    CountryGroup = current_apps.get_model("navigator", "CountryGroup")
    if not CountryGroup.objects.using(db).filter(code__in=codes).exists():
        load(current_apps, db)
        load_names(current_apps, db)
