"""Reads of humanitarian aid: permission-checked, and audited where they show a person."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from django.db import models
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komek.accounts.models import Office
from komek.accounts.scoping import in_scope
from komek.aid.models import (
    AidKind,
    Approval,
    Batch,
    BudgetLine,
    Distribution,
    DistributionItem,
    LineMonth,
    Project,
    Status,
)
from komek.aid.rules import BudgetState, budget_state
from komek.audit.models import Action
from komek.audit.services import record
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.access import Access, require_access
from komek.people.models import Person


def distribution_get_for(
    *, user, pk: int, purpose: Literal["view", "change"] = "view"
) -> Distribution:
    """The distribution if ``user`` may see aid and open its person's record; 404
    otherwise. ``purpose="view"`` audits the reading."""
    if not role_can(user, Capability.AID_VIEW):
        raise Http404
    distribution = (
        Distribution.objects.select_related("person", "case", "office", "handed_by", "reverses")
        .prefetch_related(Prefetch("items", DistributionItem.objects.select_related("kind")))
        .filter(pk=pk)
        .first()
    )
    if distribution is None:
        raise Http404
    require_access(user, distribution.person, Access.FULL)
    if purpose == "view":
        record(actor=user, action=Action.VIEW, obj=distribution, people=[distribution.person_id])
    return distribution


def person_aid(person: Person) -> list[Distribution]:
    """What ``person`` was given or asked for, newest first, with items and reversals.
    The caller has checked the reader may see the person (and audited it)."""
    return list(
        Distribution.objects.filter(person=person)
        .select_related("office", "handed_by", "overridden_by", "reverses")
        .prefetch_related(
            Prefetch("items", DistributionItem.objects.select_related("kind", "budget_line"))
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class StockLevel:
    office: Office
    kind: AidKind
    quantity: int


def stock_levels(*, office: Office | None = None) -> list[StockLevel]:
    """What each office holds of each kind: the sum of its batches, which the services
    keep equal to the sum of its ledger in the transaction that writes both."""
    batches = Batch.objects.all()
    if office is not None:
        batches = batches.filter(office=office)
    totals = batches.values("office", "kind").annotate(quantity=Sum("quantity"))
    offices = Office.objects.in_bulk({row["office"] for row in totals})
    kinds = AidKind.objects.in_bulk({row["kind"] for row in totals})
    levels = [
        StockLevel(offices[row["office"]], kinds[row["kind"]], row["quantity"]) for row in totals
    ]
    return sorted(levels, key=lambda level: (level.office.code, level.kind.code))


def expiring_batches(*, office: Office | None = None, within_days: int = 30) -> QuerySet[Batch]:
    """Batches with units left that expire within ``within_days`` (or have expired),
    soonest first: to be issued first, or written off."""
    until = timezone.localdate() + timedelta(days=within_days)
    batches = Batch.objects.filter(quantity__gt=0, expires__lte=until)
    if office is not None:
        batches = batches.filter(office=office)
    return batches.select_related("office", "kind").order_by("expires", "pk")


@dataclass(frozen=True)
class LineState:
    line: BudgetLine
    state: BudgetState


def budget_lines(*, project: Project | None = None) -> list[LineState]:
    lines = BudgetLine.objects.select_related("project__donor").prefetch_related("kinds")
    if project is not None:
        lines = lines.filter(project=project)
    return [LineState(line, budget_state(line)) for line in lines]


class Stage(models.TextChoices):
    """Where a request waits in its chain, and so what is done with it next."""

    APPROVAL = "approval", _("waiting for approval")
    PURCHASE = "purchase", _("approved, waiting for the purchase")
    HAND_OVER = "hand_over", _("waiting to be handed over")


@dataclass(frozen=True)
class Waiting:
    """A request in the approval queue, at its stage, with the line it is charged to and
    what remains on it."""

    distribution: Distribution
    item: DistributionItem
    state: BudgetState
    stage: str

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def _stage(distribution: Distribution, items: list[DistributionItem]) -> str:
    if distribution.status == Status.REQUESTED:
        return Stage.APPROVAL
    bought_for = any(not item.kind.is_cash and not item.kind.stocked for item in items)
    if distribution.status == Status.APPROVED and bought_for:
        return Stage.PURCHASE
    return Stage.HAND_OVER


def approval_queue(*, user) -> list[Waiting]:
    """The requests of the user's offices on their way through the chain, by stage:
    waiting for an approval the user may give (not their own, not approved by them
    already), approved and waiting for their purchase (goods bought for the person),
    waiting to be handed over (bought, or approved cash and stocked goods); oldest first
    within each. The reading is audited with the people it shows."""
    if not role_can(user, Capability.AID_APPROVE):
        return []
    to_approve = (
        Distribution.objects.filter(status=Status.REQUESTED)
        .exclude(created_by=user)
        .exclude(pk__in=Approval.objects.filter(by=user).values("distribution"))
    )
    further = Distribution.objects.filter(status__in=[Status.APPROVED, Status.PURCHASED])
    waiting = (
        in_scope(to_approve | further, user)
        .filter(reversed_by__isnull=True)
        .select_related("person", "case", "office", "created_by")
        .prefetch_related(
            Prefetch(
                "items",
                DistributionItem.objects.select_related("kind", "budget_line__project"),
            )
        )
        .order_by("created_at", "pk")
    )
    states: dict[int, BudgetState] = {}
    queue = []
    for distribution in waiting:
        items = list(distribution.items.all())
        stage = _stage(distribution, items)
        for item in items:
            line = item.budget_line
            if line.pk not in states:
                states[line.pk] = budget_state(line)
            queue.append(Waiting(distribution, item, states[line.pk], stage))
    order = list(Stage.values)
    queue.sort(key=lambda waiting: order.index(waiting.stage))
    record(
        actor=user,
        action=Action.VIEW,
        detail="aid approval queue",
        people=[waiting.distribution.person_id for waiting in queue],
    )
    return queue


@dataclass(frozen=True)
class MonthSpending:
    month: date
    spent: Decimal
    total: Decimal  # spent from the start of the line to the end of this month


def spending_by_month(line: BudgetLine) -> list[MonthSpending]:
    """What ``line`` spent each month (handed over without a purchase, by the month of
    handing over; purchases by their month), with the running total, for its chart: the
    months the services keep, not a sum over the line's distributions."""
    total = Decimal(0)
    result = []
    months = LineMonth.objects.filter(line=line).exclude(spent=0)
    for month, spent in months.values_list("month", "spent"):
        total += spent
        result.append(MonthSpending(month, spent, total))
    return result
