"""The centre's rules for aid, read from data: entitlements (how much one person or
household may receive in a rolling period, and who qualifies), budgets (what a line has
left) and approval bands (how many coordinators approve aid of a value). Pure reads: the
services in ``komek.aid.services`` call them inside their transactions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komek.aid.models import (
    AidKind,
    ApprovalBand,
    BudgetLine,
    DistributionItem,
    EntitlementRule,
    Per,
    Purchase,
    Status,
)
from komek.cases.models import CLOSED, Case
from komek.people.models import FamilyLink, Person

# A line spent or committed to this share warns; beyond the whole of it, it refuses.
WARN_SHARE = Decimal("0.8")
ZERO = Decimal("0")


class AidRefused(Exception):
    """A service refused: ``rule`` says which ("stock", "entitlement", "budget",
    "approval", "input") and ``message`` what is wrong, in the reader's language. An
    entitlement refusal also gives what was already received, as ``(date, kind,
    quantity)``, and the first date the aid is possible again (None: never, as asked)."""

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        received: list[tuple[date, AidKind, int]] | None = None,
        next_possible: date | None = None,
        entitlement: EntitlementRule | None = None,
    ) -> None:
        self.rule = rule
        self.message = str(message)
        self.received = received or []
        self.next_possible = next_possible
        self.entitlement = entitlement
        super().__init__(self.message)


@dataclass(frozen=True)
class Verdict:
    """Whether a person may receive a quantity of a kind now, and if not, by which rule."""

    ok: bool
    rule: EntitlementRule | None = None
    received: list[tuple[date, AidKind, int]] = field(default_factory=list)
    next_possible: date | None = None
    message: str = ""

    def refusal(self) -> AidRefused:
        return AidRefused(
            "entitlement",
            self.message,
            received=self.received,
            next_possible=self.next_possible,
            entitlement=self.rule,
        )


@dataclass(frozen=True)
class BudgetState:
    amount: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    share: Decimal  # (committed + spent) / amount: 0.8 is 80 %
    warn: bool
    refused: bool


def household_of(person: Person) -> list[int]:
    """The person and the relatives their family links name, in either direction."""
    ids = {person.pk}
    for linked in FamilyLink.objects.filter(Q(person=person) | Q(relative=person)).values_list(
        "person_id", "relative_id"
    ):
        ids.update(linked)
    return sorted(ids)


def describe(rule: EntitlementRule, kinds: list[AidKind] | None = None) -> str:
    """The rule as a sentence: "Food package: at most 1 package in 30 days, per
    household"; ``kinds``: the rule's kinds when in hand, else read (or prefetched)."""
    kinds = list(rule.kinds.all()) if kinds is None else kinds
    kind = kinds[0]
    if rule.max_quantity is not None:
        limit = kind.in_units(rule.max_quantity)
    else:
        limit = _("%(amount)s KZT") % {
            "amount": formats.number_format(rule.max_value, 0, force_grouping=True)
        }
    per = rule.get_per_display()
    return ngettext(
        "%(kind)s: at most %(limit)s in %(days)s day, %(per)s",
        "%(kind)s: at most %(limit)s in %(days)s days, %(per)s",
        rule.period_days,
    ) % {
        "kind": ", ".join(str(each) for each in kinds),
        "limit": limit,
        "days": rule.period_days,
        "per": per,
    }


def _qualifies(person: Person, rule: EntitlementRule) -> bool:
    """No condition: everyone. Otherwise one of the vulnerabilities or an open case of one
    of the categories."""
    if not rule.qualifies_vulnerabilities and not rule.qualifies_case_categories:
        return True
    if set(rule.qualifies_vulnerabilities) & set(person.vulnerabilities or []):
        return True
    return bool(rule.qualifies_case_categories) and (
        Case.objects.filter(client=person, category__code__in=rule.qualifies_case_categories)
        .exclude(status__in=CLOSED)
        .exists()
    )


@dataclass
class _Received:
    at: datetime
    kind: int
    quantity: int = 0
    value: Decimal = ZERO


def _received(kinds: list[int], people: list[int], since: datetime, at: datetime):
    """What the people received of the rule's kinds in (since, at], one entry per
    distribution and kind, a reversed one netted to nothing and left out."""
    net: dict[tuple[int, int], _Received] = {}
    rows = DistributionItem.objects.filter(
        kind_id__in=kinds, person_id__in=people, at__gt=since, at__lte=at
    ).values_list(
        "at", "kind_id", "quantity", "value", "distribution_id", "distribution__reverses_id"
    )
    for when, kind, quantity, value, distribution, reverses in rows:
        entry = net.setdefault((reverses or distribution, kind), _Received(at=when, kind=kind))
        entry.quantity += quantity
        entry.value += value
    return sorted(
        (entry for entry in net.values() if entry.quantity or entry.value), key=lambda e: e.at
    )


def _fits(rule: EntitlementRule, quantity: int, value: Decimal) -> bool:
    return (rule.max_quantity is None or quantity <= rule.max_quantity) and (
        rule.max_value is None or value <= rule.max_value
    )


def rules_of(kind: AidKind) -> list[tuple[EntitlementRule, dict[int, AidKind]]]:
    """The active rules covering ``kind``, each with every kind it covers (a ticket home
    by bus is counted with those by rail and air), in one read."""
    covered = (
        EntitlementRule.kinds.through.objects.filter(
            entitlementrule__kinds=kind, entitlementrule__active=True
        )
        .select_related("entitlementrule", "aidkind")
        .order_by("entitlementrule_id", "aidkind__code")
    )
    rules: dict[int, tuple[EntitlementRule, dict[int, AidKind]]] = {}
    for pair in covered:
        kinds = rules.setdefault(pair.entitlementrule_id, (pair.entitlementrule, {}))[1]
        kinds[pair.aidkind_id] = pair.aidkind
    return list(rules.values())


def check(*, person: Person, kind: AidKind, quantity: int, at: datetime | None = None) -> Verdict:
    """May ``person`` receive ``quantity`` of ``kind`` at ``at`` (now)? Every active rule
    covering the kind must allow it, counting what they (or their household) received of
    the rule's kinds in its rolling period in every office and project."""
    at = at or timezone.now()
    value = kind.unit_value * quantity
    for rule, kinds in rules_of(kind):
        if not _qualifies(person, rule):
            return Verdict(
                ok=False,
                rule=rule,
                message=_("%(person)s does not qualify under the rule “%(rule)s”.")
                % {"person": person, "rule": describe(rule, list(kinds.values()))},
            )
        people = household_of(person) if rule.per == Per.HOUSEHOLD else [person.pk]
        period = timedelta(days=rule.period_days)
        entries = _received(list(kinds), people, at - period, at)
        used_quantity = sum(entry.quantity for entry in entries)
        used_value = sum((entry.value for entry in entries), ZERO)
        if _fits(rule, used_quantity + quantity, used_value + value):
            continue
        next_possible = None
        if _fits(rule, quantity, value):
            for entry in entries:
                used_quantity -= entry.quantity
                used_value -= entry.value
                if _fits(rule, used_quantity + quantity, used_value + value):
                    next_possible = timezone.localdate(entry.at + period)
                    break
        received = [
            (timezone.localdate(entry.at), kinds[entry.kind], entry.quantity) for entry in entries
        ]
        return Verdict(
            ok=False,
            rule=rule,
            received=received,
            next_possible=next_possible,
            message=_refusal_message(rule, list(kinds.values()), received, next_possible),
        )
    return Verdict(ok=True)


def _refusal_message(
    rule: EntitlementRule,
    kinds: list[AidKind],
    received: list[tuple[date, AidKind, int]],
    next_possible: date | None,
) -> str:
    """Which rule, what was received (of which kind, when the rule covers several) and
    when the next one is possible."""
    already = ", ".join(
        f"{formats.date_format(day, 'SHORT_DATE_FORMAT')}: "
        + (f"{kind} × {quantity}" if len(kinds) > 1 else str(quantity))
        for day, kind, quantity in received
    )
    message = _("Refused by the rule “%(rule)s”. Already received: %(already)s.") % {
        "rule": describe(rule, kinds),
        "already": already,
    }
    if next_possible is None:
        then = _("The quantity asked is above the limit.")
    else:
        then = _("Next possible on %(date)s.") % {
            "date": formats.date_format(next_possible, "SHORT_DATE_FORMAT")
        }
    return f"{message} {then}"


def line_usage(line: BudgetLine) -> tuple[Decimal, Decimal]:
    """What ``line`` has committed (requested or approved, not yet bought or handed over)
    and spent (purchases, and what was handed over without one), read from the
    distributions. A distribution reversed, and its reversal, count for nothing; a
    purchase is spent."""
    live = DistributionItem.objects.filter(
        budget_line=line, distribution__reversed_by__isnull=True
    ).exclude(distribution__status=Status.REVERSED)
    committed = (
        live.filter(distribution__status__in=[Status.REQUESTED, Status.APPROVED]).aggregate(
            total=Sum("value")
        )["total"]
        or ZERO
    )
    handed = (
        live.filter(distribution__status=Status.HANDED_OVER)
        .filter(~Exists(Purchase.objects.filter(distribution=OuterRef("distribution"))))
        .aggregate(total=Sum("value"))["total"]
        or ZERO
    )
    bought = Purchase.objects.filter(budget_line=line).aggregate(total=Sum("amount"))["total"]
    return committed, handed + (bought or ZERO)


def month_of(moment: datetime) -> date:
    """The month a sum counts in on a line's chart: the first day of its local month."""
    return timezone.localdate(moment).replace(day=1)


def line_months(line: BudgetLine) -> dict[date, Decimal]:
    """What ``line`` spent each month, added up from the distributions: what was handed
    over without a purchase by the local month of handing over, purchases by theirs."""
    handed = (
        DistributionItem.objects.filter(
            budget_line=line,
            distribution__status=Status.HANDED_OVER,
            distribution__reversed_by__isnull=True,
            distribution__purchases__isnull=True,
        )
        .annotate(month=TruncMonth("distribution__handed_at"))
        .values_list("month")
        .annotate(spent=Sum("value"))
    )
    bought = (
        Purchase.objects.filter(budget_line=line)
        .annotate(month=TruncMonth("at"))
        .values_list("month")
        .annotate(spent=Sum("amount"))
    )
    months: dict[date, Decimal] = defaultdict(Decimal)
    for month, spent in [*handed, *bought]:
        months[month.date()] += spent
    return {month: spent for month, spent in months.items() if spent}


def budget_state(line: BudgetLine, *, extra: Decimal = ZERO) -> BudgetState:
    """The line's state as the services keep it (``line_usage`` in stored columns, read
    afresh), ``extra`` more asked."""
    amount, committed, spent = BudgetLine.objects.values_list("amount", "committed", "spent").get(
        pk=line.pk
    )
    used = committed + spent + extra
    share = used / amount if amount else (Decimal(1) if used else ZERO)
    return BudgetState(
        amount=amount,
        committed=committed + extra,
        spent=spent,
        remaining=amount - used,
        share=share,
        warn=share >= WARN_SHARE,
        refused=share > 1,
    )


def budget_refusal(line: BudgetLine, state: BudgetState) -> AidRefused:
    return AidRefused(
        "budget",
        _(
            "The budget line “%(line)s” would be exceeded: %(amount)s KZT, %(used)s KZT "
            "committed and spent with this one."
        )
        % {
            "line": line,
            "amount": formats.number_format(state.amount, 0, force_grouping=True),
            "used": formats.number_format(state.committed + state.spent, 0, force_grouping=True),
        },
    )


def approvers_needed(value: Decimal) -> int:
    """The approvers of the lowest band holding ``value``; none where no band is set."""
    band = (
        ApprovalBand.objects.filter(Q(up_to__isnull=True) | Q(up_to__gte=value))
        .order_by(F("up_to").asc(nulls_last=True))
        .first()
    )
    return band.approvers if band else 0


def line_for(kind: AidKind, day: date) -> BudgetLine | None:
    """The line that pays for ``kind`` on ``day``: of the projects running then, the one
    ending first (its money is lost soonest)."""
    return (
        BudgetLine.objects.filter(kinds=kind, project__starts__lte=day, project__ends__gte=day)
        .select_related("project")
        .order_by("project__ends", "pk")
        .first()
    )
