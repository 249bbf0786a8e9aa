"""The evaluation of one situation over the rules in force: pure, no database access.

Everything legal comes from the ``Rule`` rows handed in (``Rulebook``); this package only
knows how to read them: which version applies to a situation, which one of several is
followed (``book``), how the days of a rolling window are added up (``window``), and how
the lines of the answer and the person's status follow (here)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from komek.navigator.engine.answer import Evaluation, Line, Situation, Stay, rule_source
from komek.navigator.engine.book import (
    ONE_DAY,
    Calendar,
    Membership,
    Rulebook,
    applies,
    applies_why,
    covers_country,
    day,
    deadline,
    followed_first,
    in_force,
    rule_label,
)
from komek.navigator.engine.window import Window, rolling_window
from komek.navigator.models import Document, Permit, Purpose, Rule, RuleKind, Status

__all__ = [
    "Calendar",
    "Evaluation",
    "Line",
    "Membership",
    "Rulebook",
    "Situation",
    "Stay",
    "applies",
    "covers_country",
    "day",
    "evaluate",
    "in_force",
    "rolling_window",
    "rule_source",
]

# The obligation each kind of rule gives; a sanction is not an obligation but a risk.
OBLIGATION_OF_KIND = {
    RuleKind.STAY_UNREGISTERED: "register",
    RuleKind.REGISTRATION_DEADLINE: "register",
    RuleKind.MAX_STAY: "leave",
    RuleKind.ROLLING_WINDOW: "leave_window",
    RuleKind.WORK_AUTHORISATION: "work",
    RuleKind.PERMIT_FEE: "fee",
    RuleKind.QUOTA: "quota",
    RuleKind.DOCUMENT_NEEDED: "document",
}
# Of these obligations one rule is followed, the others yield to it; of the rest (fee,
# quota, document) every rule that applies is shown. Work is one of them only where a rule
# says no permit is needed (``one_way_to_work``); otherwise every permit that applies is
# a way to work (a household permit or the employer's), shown side by side.
SINGLE = ("register", "leave", "leave_window")
# The worst first: the status shown is the first one that holds.
STATUS_ORDER = (
    Status.OVERSTAYING,
    Status.REGISTRATION_OVERDUE,
    Status.WORKING_WITHOUT_PERMIT,
)
# Holding one of these says the person works, whatever the purpose on the card.
WORK_DOCUMENTS = frozenset({Document.EMPLOYMENT_CONTRACT, Document.WORK_PERMIT})


@dataclass
class Outcome:
    """What the lines found, before the status is chosen."""

    statuses: dict[str, date | None] = field(default_factory=dict)  # status → since
    why: dict[str, list[str]] = field(default_factory=dict)  # status → why
    # Statuses the person falls into if a due passes: status → the day it would start.
    ahead: dict[str, date] = field(default_factory=dict)

    def holds(self, status: str, since: date | None, why: Iterable[str]) -> None:
        earlier = self.statuses.get(status)
        if status not in self.statuses or (since and (earlier is None or since < earlier)):
            self.statuses[status] = since
            self.why[status] = list(why)

    def would(self, status: str, since: date) -> None:
        if status not in self.ahead or since < self.ahead[status]:
            self.ahead[status] = since


def register_line(
    rule: Rule, situation: Situation, book: Rulebook, why: list[str], outcome: Outcome
) -> Line:
    if not rule.days:
        why.append(_("The rule sets no number of days."))
        return Line("register", rule.label, None, rule, why=tuple(why))
    due, arithmetic = deadline(rule, situation.entered, book.calendar)
    why.append(arithmetic)
    registered = situation.registered
    met = registered is not None and registered <= due
    if met:
        title = _("Registered on %(registered)s, in time (due by %(due)s)")
        why.append(title % {"registered": day(registered), "due": day(due)})
    elif registered is not None and registered <= situation.on:
        title = _("Registered on %(registered)s, late (was due by %(due)s)")
        why.append(title % {"registered": day(registered), "due": day(due)})
    else:
        title = _("Register with the migration police by %(due)s")
        if situation.on > due:
            since = due + ONE_DAY
            why.append(
                _("Not registered by %(on)s: registration overdue since %(since)s.")
                % {"on": day(situation.on), "since": day(since)}
            )
            outcome.holds(Status.REGISTRATION_OVERDUE, since, why)
        else:
            outcome.would(Status.REGISTRATION_OVERDUE, due + ONE_DAY)
    values = {"registered": day(registered) if registered else "", "due": day(due)}
    return Line("register", title % values, due, rule, met=met, why=tuple(why))


def leave_line(
    rule: Rule, situation: Situation, book: Rulebook, why: list[str], outcome: Outcome
) -> Line:
    if not rule.days:
        why.append(_("The rule sets no number of days; the stay ends as it says."))
        return Line("leave", rule.label, None, rule, why=tuple(why))
    due, arithmetic = deadline(rule, situation.entered, book.calendar)
    why.append(arithmetic)
    settle(due, situation, why, outcome)
    title = _("Leave Kazakhstan by %(due)s (at most %(days)s days per stay)") % {
        "due": day(due),
        "days": rule.days,
    }
    return Line("leave", title, due, rule, why=tuple(why))


def settle(due: date, situation: Situation, why: list[str], outcome: Outcome) -> None:
    """Overstaying since the day after ``due`` if that has passed, else a risk ahead."""
    if situation.on > due:
        since = due + ONE_DAY
        why.append(
            _("Still in Kazakhstan on %(on)s: overstaying since %(since)s.")
            % {
                "on": day(situation.on),
                "since": day(since),
            }
        )
        outcome.holds(Status.OVERSTAYING, since, why)
    else:
        outcome.would(Status.OVERSTAYING, due + ONE_DAY)


def window_line(
    rule: Rule, situation: Situation, window: Window, why: list[str], outcome: Outcome
) -> Line | None:
    why.append(
        _(
            "%(used)s of %(limit)s days used in the %(width)s days up to %(on)s "
            "(day of entry counts: %(entry)s, day of exit counts: %(exit)s); "
            "%(left)s days left."
        )
        % {
            "used": window.days_used,
            "limit": rule.days,
            "width": rule.window_days,
            "on": day(situation.on),
            "entry": _("yes") if rule.entry_day_counts else _("no"),
            "exit": _("yes") if rule.exit_day_counts else _("no"),
            "left": window.days_left,
        }
    )
    if window.frees_on:
        why.append(
            _("With no further stay, fewer than %(limit)s days are used from %(date)s.")
            % {"limit": rule.days, "date": day(window.frees_on)}
        )
    if window.overstaying_since is not None:
        why.append(
            _("More than %(limit)s days in %(width)s were used on %(since)s: overstaying.")
            % {
                "limit": rule.days,
                "width": rule.window_days,
                "since": day(window.overstaying_since),
            }
        )
        outcome.holds(Status.OVERSTAYING, window.overstaying_since, why)
    elif window.due is not None:
        why.append(
            _("Staying on, %(limit)s days in %(width)s are reached on %(due)s.")
            % {"limit": rule.days, "width": rule.window_days, "due": day(window.due)}
        )
        outcome.would(Status.OVERSTAYING, window.due + ONE_DAY)
    if window.due is None:
        return None
    title = _("Leave Kazakhstan by %(due)s (at most %(limit)s days in any %(width)s)") % {
        "due": day(window.due),
        "limit": rule.days,
        "width": rule.window_days,
    }
    return Line("leave_window", title, window.due, rule, why=tuple(why))


def one_way_to_work(rules: list[Rule]) -> bool:
    """Where a rule that applies says no permit is needed, it alone is followed."""
    return any((rule.permit or Permit.NONE) == Permit.NONE for rule in rules)


def work_line(
    rule: Rule, situation: Situation, why: list[str], outcome: Outcome, *, alternative: bool
) -> Line | None:
    """Shown only to someone who works or means to: the purpose on the card is work, or
    they hold an employment contract or a work permit. A visitor is not told about
    permits they do not need."""
    works = situation.purpose == Purpose.WORK or any(
        situation.holds(document) for document in WORK_DOCUMENTS
    )
    if not works:
        return None
    permit = rule.permit or Permit.NONE
    if permit == Permit.NONE:
        return Line("work", str(Permit.NONE.label), None, rule, met=True, why=tuple(why))
    held = situation.holds(Document.WORK_PERMIT)
    title = (_("One way to work: %(permit)s") if alternative else _("To work: %(permit)s")) % {
        "permit": Permit(permit).label
    }
    if held:
        why.append(_("A work permit is held."))
    elif situation.purpose == Purpose.WORK:
        why.append(_("The purpose is work and no work permit is held: working without a permit."))
        outcome.holds(Status.WORKING_WITHOUT_PERMIT, None, why)
    return Line("work", title, None, rule, met=held, why=tuple(why))


def amount(rule: Rule) -> str | None:
    def plain(value: Decimal) -> str:
        return f"{value.normalize():f}"

    if rule.amount_mci is None:
        return None
    if rule.amount_mci_max is not None and rule.amount_mci_max != rule.amount_mci:
        return f"{plain(rule.amount_mci)}–{plain(rule.amount_mci_max)}"
    return plain(rule.amount_mci)


def other_line(code: str, rule: Rule, why: list[str]) -> Line:
    if code == "fee":
        mci = amount(rule)
        title = (
            _("Permit fee: %(amount)s MCI (%(rule)s)") % {"amount": mci, "rule": rule.label}
            if mci
            else _("Permit fee: %(rule)s") % {"rule": rule.label}
        )
    elif code == "document":
        label = Document(rule.document).label if rule.document else rule.label
        title = _("Document needed: %(document)s") % {"document": label}
    else:
        title = _("Quota: %(rule)s") % {"rule": rule.label}
    return Line(code, title, None, rule, why=tuple(why))


def sanction_line(rule: Rule, since: date | None, why: list[str]) -> Line:
    status = Status(rule.for_status).label
    mci = amount(rule)
    values = {"status": status, "amount": mci, "rule": rule.label}
    if mci:
        title = _("Fine of %(amount)s MCI for %(status)s (%(rule)s)") % values
    else:
        title = _("Sanction for %(status)s, amount not known (%(rule)s)") % values
    if since is not None:
        why.append(_("The status starts on %(date)s.") % {"date": day(since)})
    return Line("sanction", title, since, rule, why=tuple(why))


def evaluate(situation: Situation, book: Rulebook) -> Evaluation:
    applicable = [rule for rule in book.rules if applies(rule, book, situation)]
    by_code: dict[str, list[Rule]] = {}
    sanctions: list[Rule] = []
    for rule in applicable:
        if rule.kind == RuleKind.SANCTION:
            sanctions.append(rule)
        else:
            by_code.setdefault(OBLIGATION_OF_KIND[RuleKind(rule.kind)], []).append(rule)

    outcome = Outcome()
    lines: list[Line] = []
    window: Window | None = None
    window_rule: Rule | None = None
    for code, rules in by_code.items():
        single = code in SINGLE or (code == "work" and one_way_to_work(rules))
        ordered = followed_first(rules) if single or code == "work" else rules
        followed = ordered[:1] if single else ordered
        for rule in followed:
            why = [applies_why(rule, situation)]
            if single:
                why.extend(
                    _("%(other)s also applies but yields to it.") % {"other": rule_label(other)}
                    for other in ordered[1:]
                )
            line: Line | None
            if code == "register":
                line = register_line(rule, situation, book, why, outcome)
            elif code == "leave":
                line = leave_line(rule, situation, book, why, outcome)
            elif code == "leave_window" and rule.days and rule.window_days:
                window, window_rule = rolling_window(rule, situation), rule
                line = window_line(rule, situation, window, why, outcome)
            elif code == "leave_window":
                line = None
            elif code == "work":
                line = work_line(rule, situation, why, outcome, alternative=len(followed) > 1)
            else:
                line = other_line(code, rule, why)
            if line is not None:
                lines.append(line)

    status, since = Status.IN_ORDER, None
    for candidate in STATUS_ORDER:
        if candidate in outcome.statuses:
            status, since = candidate, outcome.statuses[candidate]
            break
    if status == Status.IN_ORDER:
        status_why = [_("No obligation is overdue on %(on)s.") % {"on": day(situation.on)}]
    else:
        status_why = outcome.why[status]

    at_risk = []
    for rule in sanctions:
        if rule.for_status in outcome.statuses:
            start = outcome.statuses[rule.for_status]
        elif rule.for_status in outcome.ahead:
            start = outcome.ahead[rule.for_status]
        else:
            continue
        at_risk.append(sanction_line(rule, start, [applies_why(rule, situation)]))

    def by_due(line: Line) -> tuple:
        return (line.due is None, line.due or date.min, line.code, line.rule.code)

    return Evaluation(
        situation=situation,
        on=situation.on,
        status=status,
        status_since=since,
        days_used=window.days_used if window else None,
        days_left=window.days_left if window else None,
        window_days=window_rule.window_days if window_rule else None,
        window_limit=window_rule.days if window_rule else None,
        counting=(
            {
                "entry_day_counts": window_rule.entry_day_counts,
                "exit_day_counts": window_rule.exit_day_counts,
            }
            if window_rule
            else None
        ),
        window_frees_on=window.frees_on if window else None,
        obligations=tuple(sorted(lines, key=by_due)),
        sanctions=tuple(sorted(at_risk, key=by_due)),
        why=tuple(status_why),
    )
