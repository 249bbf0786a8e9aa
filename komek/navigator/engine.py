"""The evaluation of one situation over the rules in force: pure, no database access.

Everything legal comes from the ``Rule`` rows handed in (``Rulebook``); this module only
knows how to read them: which version applies to a situation, which one of several is
followed, how a deadline of N days is counted, and how the days of a rolling window are
added up."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komek.navigator.models import (
    CountFrom,
    Counting,
    DayKind,
    Document,
    JudgedBy,
    Permit,
    Purpose,
    Rule,
    RuleKind,
    Status,
)

ONE_DAY = timedelta(days=1)

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
# quota, document) every rule that applies is shown.
SINGLE = ("register", "leave", "leave_window", "work")
# The worst first: the status shown is the first one that holds.
STATUS_ORDER = (
    Status.OVERSTAYING,
    Status.REGISTRATION_OVERDUE,
    Status.WORKING_WITHOUT_PERMIT,
)
# Holding one of these says the person works, whatever the purpose on the card.
WORK_DOCUMENTS = frozenset({Document.EMPLOYMENT_CONTRACT, Document.WORK_PERMIT})


# The situation and the answer -------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    entered: date
    left: date  # the day of exit


@dataclass(frozen=True)
class Situation:
    """What is known of one person on one day; nothing here names the person."""

    citizenship: str  # ISO 3166-1 alpha-2, upper case
    entered: date  # the current stay's entry
    on: date  # the day to evaluate on
    stays: tuple[Stay, ...] = ()  # earlier stays, for the rolling window
    purpose: str = ""  # a Purpose value, "" = not known
    registered: date | None = None  # the day registration was done, if any
    documents: frozenset[str] = frozenset()  # Document values held

    def as_json(self) -> dict:
        return {
            "citizenship": self.citizenship,
            "entered": self.entered.isoformat(),
            "on": self.on.isoformat(),
            "stays": [
                {"entered": stay.entered.isoformat(), "left": stay.left.isoformat()}
                for stay in sorted(self.stays, key=lambda stay: (stay.entered, stay.left))
            ],
            "purpose": self.purpose,
            "registered": self.registered.isoformat() if self.registered else None,
            "documents": sorted(self.documents),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Situation":
        """The inverse of ``as_json``; a ValueError (or KeyError) names what is wrong."""
        registered = data.get("registered")
        return cls(
            citizenship=str(data["citizenship"]).upper(),
            entered=date.fromisoformat(data["entered"]),
            on=date.fromisoformat(data["on"]),
            stays=tuple(
                Stay(date.fromisoformat(stay["entered"]), date.fromisoformat(stay["left"]))
                for stay in data.get("stays", ())
            ),
            purpose=data.get("purpose", ""),
            registered=date.fromisoformat(registered) if registered else None,
            documents=frozenset(data.get("documents", ())),
        )

    def holds(self, document: str) -> bool:
        """Registration counts as held once it was done, by the day of evaluation."""
        if document == Document.REGISTRATION and self.registered is not None:
            return self.registered <= self.on or document in self.documents
        return document in self.documents


def rule_source(rule: Rule) -> str:
    return ", ".join(
        part for part in (rule.source_act, rule.source_article, rule.source_url) if part
    )


@dataclass(frozen=True)
class Line:
    code: str  # register | leave | leave_window | work | fee | quota | document | sanction
    title: str  # in the active language
    due: date | None
    rule: Rule  # the version it came from
    met: bool = False  # an obligation already fulfilled (registered in time)
    why: tuple[str, ...] = ()  # line by line, in the active language

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "rule": self.rule.pk,
            "source": rule_source(self.rule),
            "verified": self.rule.verified,
        }


@dataclass(frozen=True)
class Evaluation:
    situation: Situation
    on: date
    status: str  # a Status value
    status_since: date | None
    days_used: int | None  # None when no rolling-window rule applies
    days_left: int | None
    window_days: int | None
    window_limit: int | None
    counting: dict | None  # {"entry_day_counts": bool, "exit_day_counts": bool}
    window_frees_on: date | None
    obligations: tuple[Line, ...]  # sorted by due (None last)
    sanctions: tuple[Line, ...]  # sanctions at risk
    why: tuple[str, ...]  # why this status

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every version the answer came from, each once, in the order of the lines."""
        seen: dict[int, Rule] = {}
        for line in (*self.obligations, *self.sanctions):
            seen.setdefault(line.rule.pk, line.rule)
        return tuple(seen.values())

    def as_json(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "status": self.status,
            "status_since": self.status_since.isoformat() if self.status_since else None,
            "days_used": self.days_used,
            "days_left": self.days_left,
            "window_days": self.window_days,
            "window_limit": self.window_limit,
            "counting": self.counting,
            "window_frees_on": self.window_frees_on.isoformat() if self.window_frees_on else None,
            "obligations": [line.as_json() for line in self.obligations],
            "sanctions": [line.as_json() for line in self.sanctions],
        }


# What the engine is given -----------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    country: str
    valid_from: date | None
    valid_to: date | None

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Calendar:
    """Working days: Monday to Friday unless a holiday or a day off carried over, and any
    day marked as a working day carried over."""

    def __init__(self, days: Mapping[date, str]) -> None:
        self.days = dict(days)

    def is_working(self, day: date) -> bool:
        kind = self.days.get(day)
        if kind is not None:
            return kind == DayKind.WORKING
        return day.weekday() < 5

    def nth_working(self, start: date, n: int) -> date:
        """The n-th working day counting ``start`` as the first if it is one."""
        day, found = start, 0
        while True:
            if self.is_working(day):
                found += 1
                if found == n:
                    return day
            day += ONE_DAY


@dataclass(frozen=True)
class Rulebook:
    """The current rule versions with their groups, the groups' members, the calendar."""

    rules: tuple[Rule, ...]
    rule_groups: Mapping[int, tuple[str, ...]]  # rule id → group codes
    members: Mapping[str, tuple[Membership, ...]]  # group code → memberships
    calendar: Calendar = field(default_factory=lambda: Calendar({}))


# Applicability ----------------------------------------------------------------------------


def day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def judging_date(rule: Rule, situation: Situation) -> date:
    return situation.entered if rule.judged_by == JudgedBy.ENTRY else situation.on


def in_force(rule: Rule, on: date) -> bool:
    return (rule.valid_from is None or rule.valid_from <= on) and (
        rule.valid_to is None or on <= rule.valid_to
    )


def covers_country(rule: Rule, book: Rulebook, citizenship: str, on: date) -> bool:
    """Whether the rule names the citizenship, or a group it was a member of on ``on``."""
    groups = book.rule_groups.get(rule.pk, ())
    if not rule.countries and not groups:
        return True
    if citizenship in rule.countries:
        return True
    return any(
        member.country == citizenship and member.covers(on)
        for group in groups
        for member in book.members.get(group, ())
    )


def applies(rule: Rule, book: Rulebook, situation: Situation) -> bool:
    judged = judging_date(rule, situation)
    return (
        in_force(rule, judged)
        and covers_country(rule, book, situation.citizenship, judged)
        and (not rule.purposes or situation.purpose in rule.purposes)
        and all(situation.holds(document) for document in rule.requires)
        and not any(situation.holds(document) for document in rule.excludes)
    )


def followed_first(rules: Iterable[Rule]) -> list[Rule]:
    """The rule followed first: highest precedence, then the latest in force, then the
    oldest row."""
    return sorted(
        rules,
        key=lambda rule: (-rule.precedence, -(rule.valid_from or date.min).toordinal(), rule.pk),
    )


def rule_label(rule: Rule) -> str:
    label = _("“%(name)s” (%(code)s, version %(version)s)") % {
        "name": rule.name,
        "code": rule.code,
        "version": rule.version,
    }
    if not rule.verified:
        label = _("%(rule)s, not verified by a lawyer") % {"rule": label}
    return label


def applies_why(rule: Rule, situation: Situation) -> str:
    judged = judging_date(rule, situation)
    if rule.judged_by == JudgedBy.ENTRY:
        judged_by = _("judged by the date of entry %(date)s") % {"date": day(judged)}
    else:
        judged_by = _("judged by the day of evaluation %(date)s") % {"date": day(judged)}
    if rule.valid_from and rule.valid_to:
        period = _("in force %(start)s–%(end)s") % {
            "start": day(rule.valid_from),
            "end": day(rule.valid_to),
        }
    elif rule.valid_from:
        period = _("in force from %(start)s") % {"start": day(rule.valid_from)}
    elif rule.valid_to:
        period = _("in force until %(end)s") % {"end": day(rule.valid_to)}
    else:
        period = _("in force with no start date recorded")
    return _("Applies: %(rule)s; %(judged)s, %(period)s; confidence: %(confidence)s.") % {
        "rule": rule_label(rule),
        "judged": judged_by,
        "period": period,
        "confidence": rule.get_confidence_display(),
    }


# Deadlines --------------------------------------------------------------------------------


def deadline(rule: Rule, entered: date, calendar: Calendar) -> tuple[date, str]:
    """The last day of a period of ``rule.days`` days from entry, and its arithmetic."""
    n = rule.days or 0
    values = {"n": n, "entered": day(entered)}
    if rule.counting == Counting.WORKING:
        start = entered if rule.count_from == CountFrom.ENTRY else entered + ONE_DAY
        due = calendar.nth_working(start, n)
        text = (
            _("%(n)s working days from the day of entry %(entered)s → %(due)s")
            if rule.count_from == CountFrom.ENTRY
            else _("%(n)s working days from the day after entry %(entered)s → %(due)s")
        )
    elif rule.count_from == CountFrom.ENTRY:
        due = entered + timedelta(days=n - 1)
        text = _("%(n)s calendar days counting the day of entry %(entered)s → %(due)s")
    else:
        due = entered + timedelta(days=n)
        text = _("%(n)s calendar days from the day after entry %(entered)s → %(due)s")
    return due, text % {**values, "due": day(due)}


# The rolling window -----------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    days_used: int
    days_left: int
    due: date | None  # the last day the current stay may last
    overstaying_since: date | None
    frees_on: date | None


def stay_days(
    situation: Situation, *, entry_day_counts: bool, exit_day_counts: bool, start: date
) -> bytearray:
    """One byte per day from ``start`` to ``situation.on``: 1 for a day of stay. An
    earlier stay's exit day counts only if ``exit_day_counts``; the day of evaluation
    always counts (the person is still there)."""
    on = situation.on
    marks = bytearray((on - start).days + 1)
    stays = [(stay.entered, stay.left, False) for stay in situation.stays]
    stays.append((situation.entered, on, True))
    for entered, left, current in stays:
        first = entered if entry_day_counts else entered + ONE_DAY
        last = left if (current or exit_day_counts) else left - ONE_DAY
        first, last = max(first, start), min(last, on)
        if first <= last:
            lo, hi = (first - start).days, (last - start).days + 1
            marks[lo:hi] = b"\x01" * (hi - lo)
    return marks


def rolling_window(rule: Rule, situation: Situation) -> Window:
    """Days used on ``situation.on`` in the window of ``rule.window_days`` days ending that
    day, and what follows for the current stay; O(stays + window + current stay)."""
    limit, width, on = rule.days or 0, rule.window_days or 0, situation.on
    start = min(situation.entered, on) - timedelta(days=width)
    marks = stay_days(
        situation,
        entry_day_counts=rule.entry_day_counts,
        exit_day_counts=rule.exit_day_counts,
        start=start,
    )
    index_on = len(marks) - 1
    # used(D) for every D of the current stay, by a sliding window, to find the first
    # day it went over the limit.
    first_index = (situation.entered - start).days
    used = sum(marks[max(0, first_index - width + 1) : first_index + 1])
    overstaying_since = None
    for index in range(first_index, index_on + 1):
        if index > first_index:
            used += marks[index]
            if index - width >= 0:
                used -= marks[index - width]
        if used > limit and overstaying_since is None:
            overstaying_since = start + timedelta(days=index)
    days_used = used
    due = None
    if overstaying_since is None and limit < width:
        # Staying on: each further day adds one, a day leaving the window takes one off.
        future, d = used, 0
        while True:
            d += 1
            future += 1
            leaving = index_on + d - width
            if 0 <= leaving <= index_on:
                future -= marks[leaving]
            if future > limit:
                due = on + timedelta(days=d - 1)
                break
    elif overstaying_since is not None:
        due = overstaying_since - ONE_DAY
    frees_on = None
    if 0 < limit <= days_used:
        remaining, d = days_used, 0
        while remaining >= limit:
            d += 1
            leaving = index_on + d - width
            if 0 <= leaving <= index_on:
                remaining -= marks[leaving]
        frees_on = on + timedelta(days=d)
    return Window(
        days_used=days_used,
        days_left=max(0, limit - days_used),
        due=due,
        overstaying_since=overstaying_since,
        frees_on=frees_on,
    )


# The evaluation ---------------------------------------------------------------------------


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
    if rule.days is None:
        why.append(_("The rule sets no number of days; the stay ends as it says."))
        return Line("leave", rule.name, None, rule, why=tuple(why))
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


def work_line(rule: Rule, situation: Situation, why: list[str], outcome: Outcome) -> Line | None:
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
    title = _("To work: %(permit)s") % {"permit": Permit(permit).label}
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
            _("Permit fee: %(amount)s MCI (%(rule)s)") % {"amount": mci, "rule": rule.name}
            if mci
            else _("Permit fee: %(rule)s") % {"rule": rule.name}
        )
    elif code == "document":
        label = Document(rule.document).label if rule.document else rule.name
        title = _("Document needed: %(document)s") % {"document": label}
    else:
        title = _("Quota: %(rule)s") % {"rule": rule.name}
    return Line(code, title, None, rule, why=tuple(why))


def sanction_line(rule: Rule, since: date | None, why: list[str]) -> Line:
    status = Status(rule.for_status).label
    mci = amount(rule)
    values = {"status": status, "amount": mci, "rule": rule.name}
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
        ordered = followed_first(rules) if code in SINGLE else rules
        followed = ordered[:1] if code in SINGLE else ordered
        for rule in followed:
            why = [applies_why(rule, situation)]
            if code in SINGLE:
                why.extend(
                    _("%(other)s also applies but yields to it.") % {"other": rule_label(other)}
                    for other in ordered[1:]
                )
            line: Line | None
            if code == "register":
                line = register_line(rule, situation, book, why, outcome)
            elif code == "leave":
                line = leave_line(rule, situation, book, why, outcome)
            elif code == "leave_window":
                window, window_rule = rolling_window(rule, situation), rule
                line = window_line(rule, situation, window, why, outcome)
            elif code == "work":
                line = work_line(rule, situation, why, outcome)
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
