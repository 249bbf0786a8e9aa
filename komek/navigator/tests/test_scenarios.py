"""The shipped scenario table, run as a lawyer would run it."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from komek.navigator import scenarios
from komek.navigator.evaluation import evaluate
from komek.navigator.models import JudgedBy, Rule

pytestmark = pytest.mark.usefixtures("shipped")

SHIPPED_RULES = [
    entry["code"]
    for entry in json.loads(
        (scenarios.SHIPPED.parent.parent / "data" / "rules.json").read_text(encoding="utf-8")
    )
]


def run(path) -> str:
    out = io.StringIO()
    call_command("navigator_test", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_shipped_table_passes():
    count = len(scenarios.read(scenarios.SHIPPED))
    assert f"{count} of {count} scenarios passed." in run(scenarios.SHIPPED)


@pytest.mark.django_db
def test_a_wrong_edit_of_a_rule_makes_the_table_fail():
    """A new version of the Kyrgyz 30-day rule that says 20 days."""
    old = Rule.objects.get(code="registration-kg-30", replaced_by__isnull=True)
    groups = list(old.groups.all())
    with transaction.atomic():
        new = Rule.objects.get(pk=old.pk)
        new.pk, new.version, new.days, new.replaced_by = None, old.version + 1, 20, old
        new.save()
        new.groups.set(groups)
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        new.replaced_by = None
        new.save(update_fields=["replaced_by"])
    out = io.StringIO()
    with pytest.raises(CommandError, match="scenarios disagree"):
        call_command("navigator_test", str(scenarios.SHIPPED), stdout=out)
    assert "(kg-2017-07-15-protocol-30-days):\n  register: expected 2017-08-13, got 2017-08-03" in (
        out.getvalue()
    )


def judged(rule: Rule, scenario: scenarios.Scenario) -> date:
    situation = scenario.situation
    return situation.entered if rule.judged_by == JudgedBy.ENTRY else situation.on


def explanation(scenario: scenarios.Scenario) -> str:
    answer = evaluate(scenario.situation)
    return "\n".join(why for line in (*answer.obligations, *answer.sanctions) for why in line.why)


@pytest.mark.django_db
def test_every_shipped_rule_is_explained_on_both_sides_of_its_start():
    table = scenarios.read(scenarios.SHIPPED)
    missing = []
    for code in SHIPPED_RULES:
        rule = Rule.objects.get(code=code, replaced_by__isnull=True)
        after = [
            scenario
            for scenario in table
            if code in scenario.rules[0]
            and (rule.valid_from is None or judged(rule, scenario) >= rule.valid_from)
        ]
        if not any(code in explanation(scenario) for scenario in after):
            missing.append(f"{code}: no scenario explains it in force")
        before = [
            scenario
            for scenario in table
            if code in scenario.rules[1] and judged(rule, scenario) < (rule.valid_from or date.min)
        ]
        if rule.valid_from is not None and not before:
            missing.append(f"{code}: no scenario before {rule.valid_from}")
    assert missing == []
