"""Synthetic aid history at national scale, for benchmarks: past hand-outs to people, the
stock receipts they were issued from and the budget lines that paid for them.

Each hand-out is written with the rows ``services.distribute`` writes for it, followed
by ``services.acknowledge`` (a test compares the two, table by table): the distribution,
its items charged to a line, one issue per stocked item in the stock ledger, drawn from
the batch the services would draw from. Stock arrives as one receipt per office, kind
and month into a batch of its own (``services.receive``), exactly what that month hands
out, so every batch is empty when the next arrives (issued first-expiring-first) and the
balance of the ledger equals the sum of the batches; the last batch of each office and
kind keeps ``stock_left`` units. Each calendar year is paid by a project of a synthetic
donor whose one line pays for every kind given, its amount chosen so that the year's
hand-outs use ``BUDGET_USED`` of it: no line is ever exceeded. The lines' stored totals
are counted again (``services.line_recount``) once the rows are written.

Only what ``distribute`` accepts from a social worker is generated: kinds that need no
approval and no qualification, quantities within the entitlement rules, and a person's
hand-outs spaced by more than the longest rolling period of the kinds given, so that
every one of them passes ``check`` (people are assumed to have no family links, as the
synthetic people of ``komek seed_people`` have none). Deterministic for a given seed.
Rows are written with COPY on PostgreSQL and with bulk inserts elsewhere; the audit log
is not written for synthetic rows (as for synthetic people and contacts).
"""

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction

from komek.aid import services
from komek.aid.models import (
    AidKind,
    Batch,
    BudgetLine,
    Distribution,
    DistributionItem,
    Donor,
    EntitlementRule,
    Movement,
    Project,
    Status,
    StockMovement,
)
from komek.aid.rules import approvers_needed
from komek.core.bulk import analyze, copy_rows
from komek.hotline.generation import _next_id, _reset_sequences

BATCH = 20_000
# The share of a year's line its hand-outs use.
BUDGET_USED = Decimal("0.75")
DONOR = "syn"
# The share of hand-outs made in another office than the person's.
ELSEWHERE = 0.1
# When stock arrives (UTC: 08:00 in Astana) and the hours hand-outs are made in.
RECEIVED_AT = time(3, 0)
OPEN_HOURS = range(4, 13)
# How long after the hand-out the person signs the receipt (``services.acknowledge``).
SIGNED_AFTER = timedelta(minutes=1)
SHELF_LIFE = timedelta(days=365)

DISTRIBUTION_COLUMNS = [
    "id",
    "person_id",
    "case_id",
    "office_id",
    "place",
    "status",
    "handed_by_id",
    "handed_at",
    "acknowledged_at",
    "household",
    "reverses_id",
    "reason",
    "override_reason",
    "overridden_rules",
    "overridden_by_id",
    "approvals_needed",
    "key",
    "created_by_id",
    "created_at",
]
ITEM_COLUMNS = [
    "distribution_id",
    "kind_id",
    "quantity",
    "value",
    "budget_line_id",
    "person_id",
    "at",
]
MOVEMENT_COLUMNS = [
    "office_id",
    "kind_id",
    "batch_id",
    "quantity",
    "reason",
    "write_off_reason",
    "note",
    "budget_line_id",
    "distribution_id",
    "pair_id",
    "by_id",
    "at",
]
BATCH_COLUMNS = ["id", "office_id", "kind_id", "code", "expires", "received_at", "quantity"]


@dataclass(frozen=True)
class Basket:
    """What one hand-out gives (kinds and quantities), and how often it is given."""

    items: tuple[tuple[AidKind, int], ...]
    weight: float = 1.0

    @property
    def value(self) -> Decimal:
        return sum((kind.unit_value * quantity for kind, quantity in self.items), Decimal(0))


@dataclass(frozen=True)
class HandOut:
    at: datetime
    person: int
    office: int
    basket: int


def _spacing(baskets: Sequence[Basket]) -> timedelta:
    """More than the longest rolling period of the kinds' rules (the hand-outs of one
    person are that far apart); refuses what ``distribute`` would refuse."""
    longest = 0
    for basket in baskets:
        for kind, quantity in basket.items:
            if kind.needs_approval or not kind.is_active:
                raise ValueError(f"{kind.code} is not handed out by distribute().")
            for rule in EntitlementRule.objects.filter(kinds=kind, active=True):
                if rule.qualifies_vulnerabilities or rule.qualifies_case_categories:
                    raise ValueError(f"{kind.code} is for people who qualify: not generated.")
                value = kind.unit_value * quantity
                if (rule.max_quantity is not None and quantity > rule.max_quantity) or (
                    rule.max_value is not None and value > rule.max_value
                ):
                    raise ValueError(f"{kind.code} × {quantity} is beyond its entitlement.")
                longest = max(longest, rule.period_days)
        if approvers_needed(basket.value):
            raise ValueError(
                f"{basket.value} KZT needs an approval, which distribute() refuses to ask for."
            )
    return timedelta(days=longest + 1)


def plan(
    *,
    count: int,
    people: Sequence[tuple[int, int]],
    offices: Sequence[int],
    baskets: Sequence[Basket],
    until: datetime,
    days: int,
    seed: int,
) -> list[HandOut]:
    """``count`` hand-outs to ``people`` ((person id, office id) pairs) in the ``days``
    before ``until``, oldest first: how many each person gets is drawn at random, their
    dates at random but spaced (``_spacing``)."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    gap = _spacing(baskets).days
    most = 1 + (days - 1) // gap
    weights = [basket.weight for basket in baskets]
    first_day = until.date() - timedelta(days=days)
    per_person: Counter[int] = Counter()
    left = count
    while left:
        drawn = Counter(rng.randrange(len(people)) for _ in range(left))
        for index, wanted in sorted(drawn.items()):
            room = most - per_person[index]
            per_person[index] += min(room, wanted)
            left -= min(room, wanted)
    made = []
    for index, times in sorted(per_person.items()):
        person, home = people[index]
        spare = days - (times - 1) * gap
        starts = sorted(rng.randrange(spare) for _ in range(times))
        for order, start in enumerate(starts):
            day = first_day + timedelta(days=start + order * gap)
            at = datetime.combine(day, time(rng.choice(OPEN_HOURS), rng.randrange(60)), UTC)
            at += timedelta(seconds=rng.randrange(60))
            office = home
            if len(offices) > 1 and rng.random() < ELSEWHERE:
                office = rng.choice([other for other in offices if other != home])
            made.append(HandOut(at, person, office, rng.choices(range(len(baskets)), weights)[0]))
    made.sort(key=lambda hand_out: (hand_out.at, hand_out.person))
    return [hand_out for hand_out in made if hand_out.at < until]


def budget(totals: Mapping[int, Decimal], kinds: Sequence[AidKind]) -> dict[int, BudgetLine]:
    """The line of each year's project of the synthetic donor, paying for ``kinds``, its
    amount raised by what ``totals`` (value handed out, by year) will take of it."""
    donor, _made = Donor.objects.get_or_create(
        code=DONOR, defaults={"name": "Синтетический донор", "name_en": "Synthetic donor"}
    )
    lines = {}
    for year, total in sorted(totals.items()):
        project, _made = Project.objects.get_or_create(
            code=f"{DONOR}-{year}",
            defaults={
                "donor": donor,
                "name": f"Синтетический проект {year}",
                "starts": date(year, 1, 1),
                "ends": date(year, 12, 31),
            },
        )
        line, _made = BudgetLine.objects.get_or_create(
            project=project, code="relief", defaults={"name": "Помощь", "amount": Decimal(0)}
        )
        line.amount += Decimal(math.ceil(total / BUDGET_USED / 1000) * 1000)
        line.save()
        line.kinds.add(*kinds)
        lines[year] = line
    return lines


def batch_code(seed: int, month: date) -> str:
    """The batch of a month's receipt (a run with another seed has batches of its own)."""
    return f"SYN{seed}-{month:%Y-%m}"


def seed(
    *,
    count: int,
    people: Sequence[tuple[int, int]],
    baskets: Sequence[Basket],
    staff: Mapping[int, object],
    until: datetime,
    days: int,
    seed: int,
    stock_left: int = 0,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Write ``count`` past hand-outs (see ``plan``) by ``staff`` (office id → the social
    worker handing out there), their stock and their budget; returns how many."""
    hand_outs = plan(
        count=count,
        people=people,
        offices=sorted(staff),
        baskets=baskets,
        until=until,
        days=days,
        seed=seed,
    )
    kinds = sorted({kind for basket in baskets for kind, _quantity in basket.items}, key=str)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    issued: Counter[tuple[int, int, date]] = Counter()
    for hand_out in hand_outs:
        basket = baskets[hand_out.basket]
        totals[hand_out.at.year] += basket.value
        month = hand_out.at.date().replace(day=1)
        for kind, quantity in basket.items:
            if kind.stocked:
                issued[hand_out.office, kind.pk, month] += quantity
    as_json = json.dumps if connection.vendor == "postgresql" else (lambda value: value)
    with transaction.atomic():
        lines = budget(totals, kinds)
        batches = _receive(issued, {kind.pk: kind for kind in kinds}, staff, stock_left, seed)
    first = _next_id(Distribution)
    done = 0
    while done < len(hand_outs):
        chunk = hand_outs[done : done + BATCH]
        distribution_rows, item_rows, movement_rows = [], [], []
        for number, hand_out in enumerate(chunk, start=first + done):
            by = staff[hand_out.office].pk
            line = lines[hand_out.at.year].pk
            distribution_rows.append(
                (
                    number,
                    hand_out.person,
                    None,
                    hand_out.office,
                    "",
                    Status.HANDED_OVER,
                    by,
                    hand_out.at,
                    hand_out.at + SIGNED_AFTER,
                    False,
                    None,
                    "",
                    "",
                    as_json([]),
                    None,
                    0,
                    None,
                    by,
                    hand_out.at,
                )
            )
            items = baskets[hand_out.basket].items
            for kind, quantity in items:
                value = kind.unit_value * quantity
                item_rows.append(
                    (number, kind.pk, quantity, value, line, hand_out.person, hand_out.at)
                )
            for kind, quantity in sorted(items, key=lambda item: item[0].pk):
                if not kind.stocked:
                    continue
                batch = batches[hand_out.office, kind.pk, hand_out.at.date().replace(day=1)]
                movement_rows.append(
                    (
                        hand_out.office,
                        kind.pk,
                        batch,
                        -quantity,
                        Movement.ISSUE,
                        "",
                        "",
                        line,
                        number,
                        None,
                        by,
                        hand_out.at,
                    )
                )
        with transaction.atomic():
            copy_rows(Distribution, DISTRIBUTION_COLUMNS, distribution_rows)
            copy_rows(DistributionItem, ITEM_COLUMNS, item_rows)
            copy_rows(StockMovement, MOVEMENT_COLUMNS, movement_rows)
        done += len(chunk)
        progress(done, len(hand_outs))
    _reset_sequences(Batch, StockMovement, Distribution, DistributionItem)
    analyze(Batch, StockMovement, Distribution, DistributionItem)
    # What each hand-out spent, added up on its line as after any bulk write.
    for line in lines.values():
        services.line_recount(line)
    return len(hand_outs)


def _receive(
    issued: Mapping[tuple[int, int, date], int],
    kinds: Mapping[int, AidKind],
    staff: Mapping[int, object],
    stock_left: int,
    seed: int,
) -> dict[tuple[int, int, date], int]:
    """One receipt per office, kind and month, of what the month hands out (and
    ``stock_left`` more in the last month of each office and kind); their batch ids."""
    last = {}
    for office, kind, month in sorted(issued):
        last[office, kind] = month
    ids = {}
    batch_rows, movement_rows = [], []
    for number, (office, kind, month) in enumerate(sorted(issued), start=_next_id(Batch)):
        left = stock_left if last[office, kind] == month else 0
        received_at = datetime.combine(month, RECEIVED_AT, UTC)
        expires = (received_at + SHELF_LIFE).date() if kinds[kind].tracks_expiry else None
        batch_rows.append(
            (number, office, kind, batch_code(seed, month), expires, received_at, left)
        )
        movement_rows.append(
            (
                office,
                kind,
                number,
                issued[office, kind, month] + left,
                Movement.RECEIPT,
                "",
                "",
                None,
                None,
                None,
                staff[office].pk,
                received_at,
            )
        )
        ids[office, kind, month] = number
    copy_rows(Batch, BATCH_COLUMNS, batch_rows)
    copy_rows(StockMovement, MOVEMENT_COLUMNS, movement_rows)
    return ids
