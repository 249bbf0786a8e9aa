"""URL samples for the permission test (komek/core/url_samples.py): a rule in two versions,
the person of the samples advised from the first, a country group with a member and a
holiday."""

from datetime import date

from komek.navigator import editing, services
from komek.navigator.evaluation import Situation
from komek.navigator.models import DayKind, RuleKind


def build(made: dict) -> dict[str, dict]:
    coordinator, person = made["coordinator"], made["person"]
    group = editing.group_create(
        by=coordinator, code="samples-eaeu", name="ЕАЭС", name_kk="ЕАЭО", name_en="EAEU"
    )
    member = editing.member_add(
        by=coordinator, group=group, country="KG", valid_from=date(2015, 8, 12), source="Договор"
    )
    first = editing.rule_create(
        by=coordinator,
        groups=[group],
        code="samples-registration",
        kind=RuleKind.REGISTRATION_DEADLINE,
        name="Регистрация",
        days=30,
        precedence=100,
        source_act="Правила въезда и пребывания иммигрантов",
    )
    situation = Situation(citizenship="KG", entered=date(2026, 2, 1), on=date(2026, 2, 10))
    services.advice_save(person=person, situation=situation, by=coordinator)
    current = editing.rule_revise(
        rule=first, by=coordinator, reason="Новая редакция", expected_version=1, days=15
    )
    day = editing.day_add(
        by=coordinator,
        date=date(2031, 3, 10),
        kind=DayKind.HOLIDAY,
        name="Перенос выходного",
        source="Трудовой кодекс",
    )
    return {
        "navigator:rule": {"pk": first.pk},
        "navigator:rule_revise": {"pk": current.pk},
        "navigator:rule_names": {"pk": current.pk},
        "navigator:rule_verify": {"pk": current.pk},
        "navigator:rule_unverify": {"pk": current.pk},
        "navigator:group_edit": {"pk": group.pk},
        "navigator:member_new": {"pk": group.pk},
        "navigator:member_edit": {"pk": member.pk},
        "navigator:day_edit": {"pk": day.pk},
        "navigator:day_delete": {"pk": day.pk},
    }
