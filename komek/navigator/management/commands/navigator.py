import json

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.navigator.engine import day, rule_source
from komek.navigator.evaluation import Evaluation, Line, evaluate
from komek.navigator.management import arguments
from komek.navigator.models import Status


class Command(BaseCommand):
    help = (
        "A person's status, obligations and days in the rolling window on a day, from the "
        "current rule versions. Each --stay is an earlier stay; the current one runs from "
        "--entered to --on (today by default)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citizenship", required=True, help="ISO 3166-1 alpha-2, e.g. KG.")
        parser.add_argument("--entered", required=True, help="Entry of the current stay.")
        parser.add_argument(
            "--stay", action="append", default=[], help="An earlier stay, ENTERED:LEFT."
        )
        parser.add_argument("--purpose", default="", help="Purpose on the migration card.")
        parser.add_argument("--registered", help="The day registration was done.")
        parser.add_argument("--on", help="The day to evaluate on (today by default).")
        parser.add_argument(
            "--document", action="append", default=[], help="A document held (repeatable)."
        )
        parser.add_argument("--json", action="store_true", help="Print the answer as JSON.")

    def handle(self, *args, **options):
        situation = arguments.situation(
            citizenship=arguments.citizenship(options["citizenship"], "--citizenship"),
            entered=arguments.day(options["entered"], "--entered"),
            on=(arguments.day(options["on"], "--on") if options["on"] else timezone.localdate()),
            stays=tuple(arguments.stay(value, "--stay") for value in options["stay"]),
            purpose=arguments.purpose(options["purpose"], "--purpose"),
            registered=(
                arguments.day(options["registered"], "--registered")
                if options["registered"]
                else None
            ),
            documents=arguments.documents(options["document"], "--document"),
            names={"on": "--on", "registered": "--registered", "stays": "--stay"},
        )
        evaluation = evaluate(situation)
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_json(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(readable(evaluation)))


def readable(evaluation: Evaluation) -> list[str]:
    status = Status(evaluation.status).label
    if evaluation.status_since:
        status = _("%(status)s since %(date)s") % {
            "status": status,
            "date": day(evaluation.status_since),
        }
    lines = [_("On %(on)s: %(status)s") % {"on": day(evaluation.on), "status": status}]
    lines += [f"  {why}" for why in evaluation.why]
    if evaluation.days_used is not None:
        lines.append(
            _("Days used: %(used)s of %(limit)s in %(width)s; days left: %(left)s")
            % {
                "used": evaluation.days_used,
                "limit": evaluation.window_limit,
                "width": evaluation.window_days,
                "left": evaluation.days_left,
            }
        )
    if evaluation.window_frees_on:
        lines.append(
            _("The window frees up on %(date)s") % {"date": day(evaluation.window_frees_on)}
        )
    for heading, group in (
        (_("Obligations"), evaluation.obligations),
        (_("Sanctions at risk"), evaluation.sanctions),
    ):
        if group:
            lines.append(f"{heading}:")
            lines += [text for line in group for text in described(line)]
    return lines


def described(line: Line) -> list[str]:
    verified = _("verified by a lawyer") if line.rule.verified else _("not verified by a lawyer")
    mark = "✓" if line.met else "•"
    return [
        f"{mark} {line.title}",
        f"    {rule_source(line.rule)} ({verified})",
        *(f"    {why}" for why in line.why),
    ]
