"""URL samples for the permission test (komek/core/url_samples.py): a rule in two versions,
the person of the samples advised from the first, a country group with a member and a
holiday."""

from datetime import date

from komek.navigator import editing
from komek.navigator.models import Advice, DayKind, RuleKind, Status


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
        source_act="Правила въезда и пребывания иммигрантов",
    )
    advice = Advice.objects.create(
        person=person,
        office=made["office"],
        situation={},
        answer={},
        status=Status.IN_ORDER,
        given_by=coordinator,
    )
    advice.rules.set([first])
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
        "navigator:rule_verify": {"pk": current.pk},
        "navigator:rule_unverify": {"pk": current.pk},
        "navigator:group_edit": {"pk": group.pk},
        "navigator:member_new": {"pk": group.pk},
        "navigator:member_edit": {"pk": member.pk},
        "navigator:day_edit": {"pk": day.pk},
        "navigator:day_delete": {"pk": day.pk},
    }
