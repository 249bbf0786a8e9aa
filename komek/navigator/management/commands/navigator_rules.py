import json
from datetime import date

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from komek.navigator.engine import rule_source
from komek.navigator.management import arguments
from komek.navigator.models import Rule
from komek.navigator.rulebook import rules_in_force


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def as_json(rule: Rule) -> dict:
    return {
        "id": rule.pk,
        "code": rule.code,
        "version": rule.version,
        "kind": rule.kind,
        "name": rule.name,
        "countries": rule.countries,
        "groups": sorted(group.code for group in rule.groups.all()),
        "purposes": rule.purposes,
        "requires": rule.requires,
        "excludes": rule.excludes,
        "precedence": rule.precedence,
        "days": rule.days,
        "window_days": rule.window_days,
        "counting": rule.counting,
        "count_from": rule.count_from,
        "entry_day_counts": rule.entry_day_counts,
        "exit_day_counts": rule.exit_day_counts,
        "amount_mci": str(rule.amount_mci) if rule.amount_mci is not None else None,
        "amount_mci_max": str(rule.amount_mci_max) if rule.amount_mci_max is not None else None,
        "permit": rule.permit,
        "document": rule.document,
        "for_status": rule.for_status,
        "valid_from": iso(rule.valid_from),
        "valid_to": iso(rule.valid_to),
        "judged_by": rule.judged_by,
        "source": rule_source(rule),
        "source_act": rule.source_act,
        "source_article": rule.source_article,
        "source_url": rule.source_url,
        "confidence": rule.confidence,
        "note": rule.note,
        "verified": rule.verified,
        "verified_by": rule.verified_by.username if rule.verified_by else None,
        "verified_at": rule.verified_at.isoformat() if rule.verified_at else None,
    }


class Command(BaseCommand):
    help = (
        "The current rule versions in force on a day (today by default), for a citizenship "
        "(its own rules and its groups' on that day) or all."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citizenship", help="ISO 3166-1 alpha-2, e.g. UZ.")
        parser.add_argument("--on", help="The day, YYYY-MM-DD (today by default).")
        parser.add_argument("--json", action="store_true", help="Print them as JSON.")

    def handle(self, *args, citizenship, on, **options):
        rules = rules_in_force(
            citizenship=arguments.citizenship(citizenship, "--citizenship")
            if citizenship
            else None,
            on=arguments.day(on, "--on") if on else None,
        )
        if options["json"]:
            self.stdout.write(json.dumps([as_json(rule) for rule in rules], ensure_ascii=False))
            return
        for rule in rules:
            verified = _("verified by a lawyer") if rule.verified else _("not verified by a lawyer")
            self.stdout.write(
                f"{rule.pk:>4}  {rule.code} v{rule.version} [{rule.kind}] {rule.name}"
            )
            self.stdout.write(f"      {rule_source(rule)} ({verified})")
