"""Writes for humanitarian aid: the stock ledger (receipts, issues, transfers, write-offs,
counts), distributions (handed out now, or requested → approved → purchased → handed
over), their receipts' acknowledgement and their reversal.

Every write is one transaction and audited; a refusal raises ``AidRefused`` and leaves
nothing written. Stock is taken from the batches expiring first, their rows locked
(``SELECT … FOR UPDATE``), so two people handing out the last kit at once cannot both
get it; the batch's ``quantity >= 0`` constraint is the last guard. Locks are taken in
one order everywhere (people, batches by kind, budget lines by id) so that no two
distributions wait on each other."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.accounts.models import Office
from komek.aid.models import (
    AidKind,
    Approval,
    Batch,
    BudgetLine,
    Distribution,
    DistributionItem,
    LineMonth,
    Movement,
    Purchase,
    Status,
    StockMovement,
    WriteOffReason,
)
from komek.aid.rules import (
    ZERO,
    AidRefused,
    BudgetState,
    Verdict,
    approvers_needed,
    budget_refusal,
    budget_state,
    check,
    household_of,
    line_for,
    line_months,
    line_usage,
    month_of,
)
from komek.aid.timeline import AID
from komek.audit.models import Action
from komek.audit.services import diff, record
from komek.cases.models import Case
from komek.cases.services import case_event_add
from komek.core.history import codes_of
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.people.models import Person

__all__ = [
    "AidRefused",
    "BudgetState",
    "Verdict",
    "acknowledge",
    "approve",
    "budget_state",
    "check",
    "count",
    "distribute",
    "hand_over",
    "line_recount",
    "receive",
    "record_purchase",
    "request",
    "reverse",
    "transfer",
    "write_off",
]


def _input(message: str) -> AidRefused:
    return AidRefused("input", message)


def _positive(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise _input(
            _("The quantity must be a whole number above zero, not “%(value)s”.")
            % {"value": quantity}
        )
    return quantity


def _stocked(kind: AidKind) -> None:
    if not kind.stocked:
        raise _input(_("%(kind)s is not kept in stock.") % {"kind": kind})


def _paid_by(line: BudgetLine, kind: AidKind) -> None:
    if not line.kinds.filter(pk=kind.pk).exists():
        raise _input(
            _("The budget line “%(line)s” does not pay for %(kind)s.")
            % {"line": line, "kind": kind}
        )


def _line(kind: AidKind, given: BudgetLine | None, day: date) -> BudgetLine:
    if given is not None:
        _paid_by(given, kind)
        return given
    found = line_for(kind, day)
    if found is None:
        raise AidRefused(
            "budget", _("No budget line of a running project pays for %(kind)s.") % {"kind": kind}
        )
    return found


# What the audit entry of a movement keeps, as codes and ids (shown in words when read).
MOVEMENT_AUDITED = ("office", "kind", "batch", "quantity", "reason", "write_off_reason", "note")


def _audit_movement(movement: StockMovement, by, detail: str = "") -> None:
    coded = codes_of(movement, MOVEMENT_AUDITED)
    record(
        actor=by,
        action=Action.CREATE,
        obj=movement,
        changes=diff({}, {name: value for name, value in coded.items() if value != ""}),
        detail=detail,
    )


# Stock ----------------------------------------------------------------------------------


def _take(
    office: Office, kind: AidKind, quantity: int, *, batch: Batch | None = None
) -> list[tuple[Batch, int]]:
    """Take ``quantity`` from the office's batches of ``kind``, those expiring first first,
    their rows locked until the transaction ends; refused (rule "stock") when short."""
    batches = Batch.objects.select_for_update().filter(office=office, kind=kind, quantity__gt=0)
    if batch is not None:
        batches = batches.filter(pk=batch.pk)
    locked = list(batches.order_by(F("expires").asc(nulls_last=True), "received_at", "pk"))
    have = sum(held.quantity for held in locked)
    if have < quantity:
        raise AidRefused(
            "stock",
            _("Out of stock: %(office)s has %(have)s of %(kind)s, %(asked)s asked.")
            % {"office": office, "have": have, "kind": kind, "asked": quantity},
        )
    taken = []
    left = quantity
    for held in locked:
        if not left:
            break
        part = min(held.quantity, left)
        Batch.objects.filter(pk=held.pk).update(quantity=F("quantity") - part)
        taken.append((held, part))
        left -= part
    return taken


def _put(batch: Batch, quantity: int) -> None:
    Batch.objects.filter(pk=batch.pk).update(quantity=F("quantity") + quantity)


@transaction.atomic
def receive(
    *,
    office: Office,
    kind: AidKind,
    quantity: int,
    by,
    budget_line: BudgetLine | None = None,
    batch: str = "",
    expires: date | None = None,
    note: str = "",
) -> StockMovement:
    """Units received (from a donor in kind or bought on ``budget_line``) into a batch: a
    new one, or the office's batch of that code."""
    _positive(quantity)
    _stocked(kind)
    if budget_line is not None:
        _paid_by(budget_line, kind)
    if kind.tracks_expiry and expires is None:
        raise _input(_("%(kind)s has an expiry date: give the batch's.") % {"kind": kind})
    held = None
    if batch:
        held = (
            Batch.objects.select_for_update().filter(office=office, kind=kind, code=batch).first()
        )
        if held is not None and held.expires != expires:
            raise _input(
                _("Batch %(batch)s expires on %(date)s, not on the date given.")
                % {"batch": batch, "date": held.expires or "—"}
            )
    if held is None:
        held = Batch.objects.create(office=office, kind=kind, code=batch, expires=expires)
    _put(held, quantity)
    movement = StockMovement.objects.create(
        office=office,
        kind=kind,
        batch=held,
        quantity=quantity,
        reason=Movement.RECEIPT,
        budget_line=budget_line,
        note=note,
        by=by,
    )
    _audit_movement(movement, by)
    return movement


@transaction.atomic
def transfer(
    *, from_office: Office, to_office: Office, kind: AidKind, quantity: int, by
) -> tuple[StockMovement, StockMovement]:
    """Units sent from one office to another: a movement out and its pair in, per batch
    drawn (the batches expiring first), in one transaction. Returns the first pair; a
    transfer drawing on several batches has one pair for each."""
    _positive(quantity)
    _stocked(kind)
    if from_office == to_office:
        raise _input(_("A transfer goes to another office."))
    pairs = []
    for source, part in _take(from_office, kind, quantity):
        target = None
        if source.code:
            target = (
                Batch.objects.select_for_update()
                .filter(office=to_office, kind=kind, code=source.code)
                .first()
            )
        if target is None:
            target = Batch.objects.create(
                office=to_office,
                kind=kind,
                code=source.code,
                expires=source.expires,
                received_at=source.received_at,
            )
        _put(target, part)
        out = StockMovement.objects.create(
            office=from_office,
            kind=kind,
            batch=source,
            quantity=-part,
            reason=Movement.TRANSFER_OUT,
            by=by,
        )
        into = StockMovement.objects.create(
            office=to_office,
            kind=kind,
            batch=target,
            quantity=part,
            reason=Movement.TRANSFER_IN,
            pair=out,
            by=by,
        )
        StockMovement.objects.filter(pk=out.pk).update(pair=into)
        out.pair = into
        _audit_movement(out, by)
        _audit_movement(into, by)
        pairs.append((out, into))
    return pairs[0]


@transaction.atomic
def write_off(
    *,
    office: Office,
    kind: AidKind,
    quantity: int,
    reason: str,
    by,
    batch: Batch | None = None,
) -> StockMovement:
    """Units lost to ``reason`` (expired, damaged, lost), from ``batch`` or from the
    batches expiring first. Returns the first movement (one per batch drawn)."""
    _positive(quantity)
    _stocked(kind)
    if reason not in WriteOffReason.values:
        raise _input(
            _("The reason for a write-off is one of: %(reasons)s.")
            % {"reasons": ", ".join(WriteOffReason.values)}
        )
    if batch is not None and (batch.office_id != office.pk or batch.kind_id != kind.pk):
        raise _input(_("Batch %(batch)s is not of this office and kind.") % {"batch": batch})
    movements = []
    for held, part in _take(office, kind, quantity, batch=batch):
        movement = StockMovement.objects.create(
            office=office,
            kind=kind,
            batch=held,
            quantity=-part,
            reason=Movement.WRITE_OFF,
            write_off_reason=reason,
            by=by,
        )
        _audit_movement(movement, by)
        movements.append(movement)
    return movements[0]


def ledger_balance(office: Office, kind: AidKind) -> int:
    """The balance as the sum of the ledger."""
    total = StockMovement.objects.filter(office=office, kind=kind).aggregate(n=Sum("quantity"))
    return total["n"] or 0


@transaction.atomic
def count(*, office: Office, kind: AidKind, counted: int, by) -> StockMovement | None:
    """A stock count: the difference from the ledger's balance is recorded (units missing
    are taken from the batches expiring first; units found go to a batch of their own).
    None when the count agrees. Returns the first movement (one per batch drawn)."""
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise _input(
            _("The count must be a whole number, zero or more, not “%(value)s”.")
            % {"value": counted}
        )
    _stocked(kind)
    # Locked first, so that the balance cannot change between the reading and the entry.
    list(Batch.objects.select_for_update().filter(office=office, kind=kind).order_by("pk"))
    difference = counted - ledger_balance(office, kind)
    if difference == 0:
        return None
    if difference > 0:
        found = Batch.objects.create(office=office, kind=kind)
        _put(found, difference)
        drawn = [(found, difference)]
    else:
        drawn = [(held, -part) for held, part in _take(office, kind, -difference)]
    movements = []
    for held, part in drawn:
        movement = StockMovement.objects.create(
            office=office,
            kind=kind,
            batch=held,
            quantity=part,
            reason=Movement.COUNT,
            by=by,
        )
        _audit_movement(movement, by, detail=f"counted {counted}")
        movements.append(movement)
    return movements[0]


# Distributions ---------------------------------------------------------------------------


def _may_override(by, override_reason: str, refusals: list[AidRefused]) -> list[str]:
    """The rules set aside by an override, or the first refusal raised."""
    if not refusals:
        return []
    if not override_reason.strip():
        raise refusals[0]
    if not role_can(by, Capability.AID_APPROVE):
        first = refusals[0]
        only = _("Only a coordinator may override it.")
        first.message = f"{first.message} {only}"
        raise first
    return [refusal.rule for refusal in refusals]


def _budget_refusals(charges: dict[int, Decimal]) -> list[AidRefused]:
    """Lock the lines (``charges`` maps their ids to the amounts charged now, in the order
    of their ids) and refuse what would take one beyond its amount."""
    refusals = []
    locked = BudgetLine.objects.select_for_update().filter(pk__in=list(charges))
    for line in locked.order_by("pk").select_related("project"):
        state = budget_state(line, extra=charges.get(line.pk, Decimal(0)))
        if state.refused:
            refusals.append(budget_refusal(line, state))
    return refusals


def _charge(
    line_id: int,
    *,
    committed: Decimal = ZERO,
    spent: Decimal = ZERO,
    on: datetime | None = None,
) -> None:
    """Move the line's stored totals by what a change committed or spent, and what it
    spent in the month of ``on`` (when the aid was handed over or bought)."""
    # The update locks the line's row first, so no two changes create its month at once.
    BudgetLine.objects.filter(pk=line_id).update(
        committed=F("committed") + committed, spent=F("spent") + spent
    )
    if spent:
        if on is None:
            raise ValueError("Spending counts in a month: give the moment it was spent.")
        month, _created = LineMonth.objects.get_or_create(line_id=line_id, month=month_of(on))
        LineMonth.objects.filter(pk=month.pk).update(spent=F("spent") + spent)


def _items_by_line(items) -> dict[int, Decimal]:
    """The items' values per line, lines in the order of their ids (the order of locks)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for item in items:
        totals[item.budget_line_id] += item.value
    return dict(sorted(totals.items()))


@transaction.atomic
def line_recount(line: BudgetLine) -> BudgetLine:
    """Compute the line's committed and spent, and its months, again from its
    distributions and purchases (after rows were written in bulk, or to check them)."""
    locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
    locked.committed, locked.spent = line_usage(locked)
    locked.save(update_fields=["committed", "spent"])
    LineMonth.objects.filter(line=locked).delete()
    LineMonth.objects.bulk_create(
        LineMonth(line=locked, month=month, spent=spent)
        for month, spent in line_months(locked).items()
    )
    return locked


def _check_case(case: Case | None, person: Person) -> None:
    if case is not None and case.client_id != person.pk:
        raise _input(_("Case №%(case)s is not this person's.") % {"case": case.pk})


def _create(distribution: Distribution) -> Distribution:
    """Save a new distribution; its key taken already means a double submit (caught by
    the caller, who returns the first one)."""
    try:
        distribution.full_clean(
            exclude=["person", "case", "office", "created_by", "handed_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        raise _input(" ".join(error.messages)) from None
    distribution.save()
    return distribution


def _audit_distribution(distribution: Distribution, by, action: str, **changes) -> None:
    """The entry of a change of ``distribution``; ``override=True``: with the rules the
    override set aside (codes, in one order) and its reason, a phrase of the audit's
    catalogue (``komek.audit.display.DETAILS``)."""
    overridden = (
        f"override ({', '.join(sorted(distribution.overridden_rules))}): "
        f"{distribution.override_reason}"
        if changes.pop("override", False)
        else ""
    )
    record(
        actor=by,
        action=action,
        obj=distribution,
        changes=changes,
        detail=overridden,
        people=[distribution.person_id],
    )


def _items_diff(items: list[DistributionItem]) -> dict[str, list]:
    """The items as the audit keeps them: [kind id, quantity] pairs
    (``Distribution.history_display`` shows them in words)."""
    return {"items": [None, [[item.kind_id, item.quantity] for item in items]]}


def _on_case(distribution: Distribution, by, *, text: str = "", **data) -> None:
    """Put the distribution's step (its new status) on the timeline of the case it is
    linked to, with its items as [kind id, quantity] pairs."""
    case = distribution.case
    if case is None:
        return
    items = distribution.items.values_list("kind_id", "quantity").order_by("kind_id")
    case_event_add(
        case=case,
        author=by,
        kind=AID,
        text=text,
        data={
            "distribution": distribution.pk,
            "status": distribution.status,
            "items": [[kind, abs(quantity)] for kind, quantity in items],
            **data,
        },
    )


def _idempotent(key: str | None, make):
    """``make()`` once per ``key``: a second submit of the same key, even at the same
    moment, gets the first one's distribution and writes nothing."""
    if key:
        existing = Distribution.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return make()
    except IntegrityError:
        existing = Distribution.objects.filter(key=key).first() if key else None
        if existing is None:
            raise
        return existing


def _lock_household(person: Person, key: str | None) -> Distribution | None:
    """Lock the rows of the person and their household, so that two offices cannot both
    give the last of an entitlement at the same moment; then the distribution a double
    submit of ``key`` made while this one waited for the lock, if there is one."""
    list(Person.objects.select_for_update().filter(pk__in=household_of(person)).order_by("pk"))
    return Distribution.objects.filter(key=key).first() if key else None


def _issue(distribution: Distribution, items: list[DistributionItem], by) -> None:
    """Take the stocked items from the office's stock, kinds in one order."""
    for item in sorted(items, key=lambda item: item.kind_id):
        if not item.kind.stocked:
            continue
        for held, part in _take(distribution.office, item.kind, item.quantity):
            StockMovement.objects.create(
                office=distribution.office,
                kind=item.kind,
                batch=held,
                quantity=-part,
                reason=Movement.ISSUE,
                budget_line=item.budget_line,
                distribution=distribution,
                by=by,
            )


@transaction.atomic
def distribute(
    *,
    person: Person,
    office: Office,
    items: list[tuple[AidKind, int]],
    by,
    budget_line: BudgetLine | None = None,
    case: Case | None = None,
    place: str = "",
    household: bool = False,
    key: str | None = None,
    override_reason: str = "",
) -> Distribution:
    """Goods (or cash) handed to ``person`` now. Refused by an entitlement or a budget
    unless a coordinator overrides with a reason; by stock always; by approval for a kind
    or a value that must be requested and approved first (``request``)."""
    return _idempotent(
        key,
        lambda: _distribute(
            person=person,
            office=office,
            items=items,
            by=by,
            budget_line=budget_line,
            case=case,
            place=place,
            household=household,
            key=key,
            override_reason=override_reason,
        ),
    )


def _distribute(
    *, person, office, items, by, budget_line, case, place, household, key, override_reason
) -> Distribution:
    if not items:
        raise _input(_("Choose what is handed out."))
    kinds = [kind for kind, _quantity in items]
    if len({kind.pk for kind in kinds}) != len(kinds):
        raise _input(_("Each aid kind is given once, with its quantity."))
    for kind, quantity in items:
        _positive(quantity)
        if not kind.is_active:
            raise _input(_("%(kind)s is no longer given.") % {"kind": kind})
        if kind.needs_approval or (
            kind.approval_above is not None and kind.unit_value * quantity > kind.approval_above
        ):
            raise AidRefused(
                "approval",
                _("%(kind)s needs a coordinator's approval: request it first.") % {"kind": kind},
            )
    _check_case(case, person)
    now = timezone.now()
    today = timezone.localdate(now)
    lines = {kind.pk: _line(kind, budget_line, today) for kind in kinds}
    first = _lock_household(person, key)
    if first is not None:
        return first
    overridden = _may_override(
        by,
        override_reason,
        [
            verdict.refusal()
            for verdict in (
                check(person=person, kind=kind, quantity=quantity, at=now)
                for kind, quantity in items
            )
            if not verdict.ok
        ],
    )
    distribution = _create(
        Distribution(
            person=person,
            case=case,
            office=office,
            place=place,
            status=Status.HANDED_OVER,
            handed_by=by,
            handed_at=now,
            household=household,
            key=key or None,
            created_by=by,
            created_at=now,
        )
    )
    made = [
        DistributionItem(
            distribution=distribution,
            kind=kind,
            quantity=quantity,
            value=kind.unit_value * quantity,
            budget_line=lines[kind.pk],
            person=person,
            at=now,
        )
        for kind, quantity in items
    ]
    _issue(distribution, made, by)
    charges: dict[int, Decimal] = defaultdict(Decimal)
    for item in made:
        charges[item.budget_line.pk] += item.value
    overridden += _may_override(by, override_reason, _budget_refusals(charges))
    total = sum((item.value for item in made), Decimal(0))
    needed = approvers_needed(total)
    if needed > 1 or (needed == 1 and not role_can(by, Capability.AID_APPROVE)):
        raise AidRefused(
            "approval",
            _("Aid worth %(value)s KZT needs approval: request it first.") % {"value": total},
        )
    DistributionItem.objects.bulk_create(made)
    for line_id, value in _items_by_line(made).items():
        _charge(line_id, spent=value, on=now)
    if needed:
        Approval.objects.create(distribution=distribution, by=by, at=now)
        distribution.approvals_needed = needed
    if overridden:
        distribution.override_reason = override_reason.strip()
        distribution.overridden_rules = overridden
        distribution.overridden_by = by
    distribution.save()
    _audit_distribution(
        distribution,
        by,
        Action.CREATE,
        status=[None, distribution.status],
        **_items_diff(made),
        override=bool(overridden),
    )
    _on_case(distribution, by)
    return distribution


@transaction.atomic
def request(
    *,
    person: Person,
    office: Office,
    kind: AidKind,
    quantity: int,
    by,
    budget_line: BudgetLine,
    case: Case | None = None,
    key: str | None = None,
    override_reason: str = "",
) -> Distribution:
    """Costly aid asked for a person, to be approved (by as many coordinators as the band
    of its value says, at least one), bought and handed over. Its value is committed on
    the line from now; it counts towards the person's entitlement from now."""
    return _idempotent(
        key,
        lambda: _request(
            person=person,
            office=office,
            kind=kind,
            quantity=quantity,
            by=by,
            budget_line=budget_line,
            case=case,
            key=key,
            override_reason=override_reason,
        ),
    )


def _request(
    *, person, office, kind, quantity, by, budget_line, case, key, override_reason
) -> Distribution:
    _positive(quantity)
    if not kind.is_active:
        raise _input(_("%(kind)s is no longer given.") % {"kind": kind})
    _check_case(case, person)
    now = timezone.now()
    line = _line(kind, budget_line, timezone.localdate(now))
    first = _lock_household(person, key)
    if first is not None:
        return first
    verdict = check(person=person, kind=kind, quantity=quantity, at=now)
    value = kind.unit_value * quantity
    overridden = _may_override(by, override_reason, [] if verdict.ok else [verdict.refusal()])
    overridden += _may_override(by, override_reason, _budget_refusals({line.pk: value}))
    distribution = _create(
        Distribution(
            person=person,
            case=case,
            office=office,
            status=Status.REQUESTED,
            key=key or None,
            approvals_needed=max(1, approvers_needed(value)),
            override_reason=override_reason.strip() if overridden else "",
            overridden_rules=overridden,
            overridden_by=by if overridden else None,
            created_by=by,
            created_at=now,
        )
    )
    item = DistributionItem.objects.create(
        distribution=distribution,
        kind=kind,
        quantity=quantity,
        value=value,
        budget_line=line,
        person=person,
        at=now,
    )
    _charge(line.pk, committed=value)
    _audit_distribution(
        distribution,
        by,
        Action.CREATE,
        status=[None, distribution.status],
        **_items_diff([item]),
        override=bool(overridden),
    )
    _on_case(distribution, by)
    return distribution


def _locked(distribution: Distribution) -> Distribution:
    return (
        Distribution.objects.select_for_update(of=("self",))
        .select_related("office", "person", "case")
        .get(pk=distribution.pk)
    )


def _move(
    distribution: Distribution, by, to: str, *, override: bool = False, **fields
) -> Distribution:
    before = distribution.status
    distribution.status = to
    for name, value in fields.items():
        setattr(distribution, name, value)
    distribution.save()
    _audit_distribution(distribution, by, Action.CHANGE, status=[before, to], override=override)
    _on_case(distribution, by)
    return distribution


@transaction.atomic
def approve(*, distribution: Distribution, by, override_reason: str = "") -> Distribution:
    """One coordinator's approval of a request; approved once the band's number of
    approvers have given theirs. The budget is looked at again: a line gone beyond its
    amount since the request needs an override with a reason."""
    if not role_can(by, Capability.AID_APPROVE):
        raise AidRefused("approval", _("Only a coordinator approves aid."))
    current = _locked(distribution)
    if current.status != Status.REQUESTED or hasattr(current, "reversed_by"):
        raise AidRefused("approval", _("This request is not waiting for approval."))
    if current.created_by_id == by.pk:
        raise AidRefused("approval", _("A request is approved by someone other than who made it."))
    if current.approvals.filter(by=by).exists():
        raise AidRefused(
            "approval", _("You have approved it already: another coordinator must approve it.")
        )
    refusals = []
    if "budget" not in current.overridden_rules:
        refusals = _budget_refusals(
            {line: Decimal(0) for line in current.items.values_list("budget_line", flat=True)}
        )
    overridden = _may_override(by, override_reason, refusals)
    Approval.objects.create(distribution=current, by=by)
    if overridden:
        current.override_reason = "; ".join(
            filter(None, [current.override_reason, override_reason.strip()])
        )
        current.overridden_rules = sorted(set(current.overridden_rules) | set(overridden))
        current.overridden_by = by
    if current.approvals.count() < current.approvals_needed:
        current.save()
        _audit_distribution(
            current, by, Action.CHANGE, approvals=[None, by.username], override=bool(overridden)
        )
        return current
    return _move(current, by, Status.APPROVED, override=bool(overridden))


@transaction.atomic
def record_purchase(*, distribution: Distribution, document, amount: Decimal, by) -> Purchase:
    """What an approved request was bought for (the ticket), with its document. The
    purchase is spent on the request's line; a price above what the line has left is
    refused unless the request's budget was overridden."""
    current = _locked(distribution)
    if current.status != Status.APPROVED or hasattr(current, "reversed_by"):
        raise AidRefused("approval", _("Only an approved request is purchased."))
    if not isinstance(amount, Decimal | int) or amount <= 0:
        raise _input(_("The amount must be above zero, not “%(value)s”.") % {"value": amount})
    if not document:
        raise _input(_("Attach the purchase document."))
    item = current.items.select_related("budget_line").get()
    line = BudgetLine.objects.select_for_update().get(pk=item.budget_line_id)
    state = budget_state(line, extra=Decimal(amount) - item.value)
    if state.refused and "budget" not in current.overridden_rules:
        raise budget_refusal(line, state)
    purchase = Purchase(
        distribution=current, document=document, amount=amount, budget_line=line, by=by
    )
    purchase.full_clean(exclude=["distribution", "budget_line", "by"])
    purchase.save()
    _charge(line.pk, committed=-item.value, spent=purchase.amount, on=purchase.at)
    record(
        actor=by,
        action=Action.CREATE,
        obj=purchase,
        changes={"amount": [None, str(amount)]},
        people=[current.person_id],
    )
    _move(current, by, Status.PURCHASED)
    return purchase


@transaction.atomic
def hand_over(*, distribution: Distribution, by) -> Distribution:
    """An approved (or purchased) request handed to the person; goods bought for them
    (a ticket) need their purchase recorded first, stocked goods leave the stock now."""
    current = _locked(distribution)
    if current.status not in (Status.APPROVED, Status.PURCHASED) or hasattr(current, "reversed_by"):
        raise AidRefused("approval", _("Only an approved request is handed over."))
    items = list(current.items.select_related("kind", "budget_line"))
    bought_for = [i.kind for i in items if not i.kind.is_cash and not i.kind.stocked]
    if bought_for and current.status != Status.PURCHASED:
        raise AidRefused(
            "approval",
            _("Record the purchase of %(kind)s before handing it over.") % {"kind": bought_for[0]},
        )
    _issue(current, items, by)
    now = timezone.now()
    if current.status == Status.APPROVED:
        for line_id, value in _items_by_line(items).items():
            _charge(line_id, committed=-value, spent=value, on=now)
    return _move(current, by, Status.HANDED_OVER, handed_by=by, handed_at=now)


@transaction.atomic
def acknowledge(*, distribution: Distribution, by) -> Distribution:
    """The person signed the receipt. Once: a second acknowledgement changes nothing."""
    current = _locked(distribution)
    if current.status != Status.HANDED_OVER:
        raise _input(_("Only aid handed over is acknowledged."))
    if current.acknowledged_at is not None:
        return current
    current.acknowledged_at = timezone.now()
    current.save()
    _audit_distribution(
        current, by, Action.CHANGE, acknowledged_at=[None, str(current.acknowledged_at)]
    )
    return current


@transaction.atomic
def reverse(*, distribution: Distribution, by, reason: str) -> Distribution:
    """Undo a distribution by another one with the opposite quantities and values: the
    goods handed out go back to the batches they came from, the budget and the person's
    entitlement no longer count it. Nothing of the first one is edited."""
    if not reason.strip():
        raise _input(_("Say why the distribution is reversed."))
    current = _locked(distribution)
    if current.status == Status.REVERSED:
        raise _input(_("A reversal is not reversed; record the distribution again."))
    if hasattr(current, "reversed_by"):
        raise _input(_("This distribution is reversed already."))
    now = timezone.now()
    reversal = Distribution.objects.create(
        person=current.person,
        case=current.case,
        office=current.office,
        place=current.place,
        status=Status.REVERSED,
        household=current.household,
        reverses=current,
        reason=reason.strip(),
        created_by=by,
        created_at=now,
    )
    items = list(current.items.select_related("kind"))
    DistributionItem.objects.bulk_create(
        DistributionItem(
            distribution=reversal,
            kind=item.kind,
            quantity=-item.quantity,
            value=-item.value,
            budget_line_id=item.budget_line_id,
            person_id=item.person_id,
            at=item.at,
        )
        for item in items
    )
    issued = current.movements.filter(reason=Movement.ISSUE)
    for movement in issued.order_by("kind_id", "batch_id"):
        Batch.objects.filter(movements=movement).update(quantity=F("quantity") - movement.quantity)
        StockMovement.objects.create(
            office_id=movement.office_id,
            kind_id=movement.kind_id,
            batch_id=movement.batch_id,
            quantity=-movement.quantity,
            reason=Movement.REVERSAL,
            budget_line_id=movement.budget_line_id,
            distribution=reversal,
            by=by,
            at=now,
        )
    # A purchase is money paid: it stays spent; what the distribution committed, or spent
    # without one, is given back to its line.
    if current.status in (Status.REQUESTED, Status.APPROVED):
        for line_id, value in _items_by_line(items).items():
            _charge(line_id, committed=-value)
    elif current.status == Status.HANDED_OVER and not current.purchases.exists():
        for line_id, value in _items_by_line(items).items():
            _charge(line_id, spent=-value, on=current.handed_at)
    _audit_distribution(
        reversal, by, Action.CREATE, reverses=[None, current.pk], reason=[None, reason.strip()]
    )
    _on_case(reversal, by, text=reversal.reason, reverses=current.pk)
    return reversal
