"""Rules and advice for the tests of the rule pages, made through the editing services
(the advice directly: saving advice is the status check's, and here only its rules
matter)."""

from datetime import date

from komek.navigator import editing
from komek.navigator.models import Advice, Rule, RuleKind, Status


def make_rule(by, **fields) -> Rule:
    values = {
        "code": "test-window",
        "kind": RuleKind.ROLLING_WINDOW,
        "name": "Тест: 90 дней в 180",
        "countries": ["UZ"],
        "days": 90,
        "window_days": 180,
        "valid_from": date(2023, 1, 27),
        "source_act": "Правила въезда и пребывания иммигрантов",
        "source_article": "п. 9",
        "source_url": "https://adilet.zan.kz/rus/docs/P1100000148",
    }
    return editing.rule_create(by=by, **{**values, **fields})


def ours():
    """The rules the tests made, beside the initial data."""
    return Rule.objects.filter(code__startswith="test-")


def make_advice(person, rules, by) -> Advice:
    advice = Advice.objects.create(
        person=person,
        office=person.office,
        situation={"citizenship": "UZ"},
        answer={"status": Status.IN_ORDER},
        status=Status.IN_ORDER,
        given_by=by,
    )
    advice.rules.set(rules)
    return advice
