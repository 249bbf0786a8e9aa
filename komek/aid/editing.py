"""A coordinator's changes to the aid rules as data: the aid kinds, the entitlement rules and
the approval bands. Each change is validated (the error names the field), kept in the
record's history and audited, in one transaction; a refused change writes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from komek.aid.models import (
    AidKind,
    ApprovalBand,
    Batch,
    DistributionItem,
    EntitlementRule,
    StockMovement,
)
from komek.audit.models import Action
from komek.audit.services import create_audited, record, update_audited
from komek.hotline.models import Topic
from komek.people.models import Vulnerability

KIND_FIELDS = [
    "code",
    "name",
    "name_kk",
    "name_en",
    "unit",
    "unit_value",
    "is_cash",
    "stocked",
    "needs_approval",
    "approval_above",
    "tracks_expiry",
    "is_active",
]
RULE_FIELDS = [
    "kinds",
    "per",
    "max_quantity",
    "max_value",
    "period_days",
    "qualifies_vulnerabilities",
    "qualifies_case_categories",
    "source",
    "to_be_verified",
    "active",
]
BAND_FIELDS = ["up_to", "approvers", "source"]


def kind_in_use(kind: AidKind) -> bool:
    """Whether anything refers to the kind by its code: stock, aid given, a rule, a line."""
    return (
        DistributionItem.objects.filter(kind=kind).exists()
        or StockMovement.objects.filter(kind=kind).exists()
        or Batch.objects.filter(kind=kind).exists()
        or EntitlementRule.objects.filter(kinds=kind).exists()
        or kind.lines.exists()
    )


def check_kind(kind: AidKind) -> None:
    if kind.is_cash and kind.stocked:
        raise ValidationError({"stocked": _("Cash is not kept in stock.")})
    if kind.approval_above is not None and kind.approval_above < 0:
        raise ValidationError({"approval_above": _("Give a value of zero or more.")})
    if kind.unit_value is not None and kind.unit_value < 0:
        raise ValidationError({"unit_value": _("Give a value of zero or more.")})


@transaction.atomic
def kind_create(*, by, **fields) -> AidKind:
    kind = AidKind(**fields)
    check_kind(kind)
    return create_audited(obj=kind, actor=by, fields=KIND_FIELDS)


@transaction.atomic
def kind_update(*, kind: AidKind, by, **fields) -> AidKind:
    """Change a kind; its code is fixed once stock, aid, a rule or a budget line uses it."""
    stored = AidKind.objects.select_for_update().get(pk=kind.pk)
    if "code" in fields and fields["code"] != stored.code and kind_in_use(stored):
        raise ValidationError(
            {"code": _("This kind is already in use: its code can no longer change.")}
        )
    for name, value in fields.items():
        setattr(kind, name, value)
    check_kind(kind)
    return update_audited(obj=kind, actor=by, changes=fields, fields=KIND_FIELDS)


def check_rule(rule: EntitlementRule) -> None:
    if rule.max_quantity is None and rule.max_value is None:
        raise ValidationError(
            {"max_quantity": _("Give a number of units, a value in KZT, or both.")}
        )
    if rule.max_value is not None and rule.max_value <= 0:
        raise ValidationError({"max_value": _("Give a value above zero.")})
    if rule.max_quantity == 0:
        raise ValidationError({"max_quantity": _("Give a number above zero.")})
    if not rule.period_days:
        raise ValidationError({"period_days": _("Give a period of at least one day.")})
    unknown = set(rule.qualifies_vulnerabilities) - set(Vulnerability.values)
    if unknown:
        raise ValidationError(
            {
                "qualifies_vulnerabilities": _("Unknown: %(codes)s.")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    categories = set(rule.qualifies_case_categories)
    known = set(Topic.objects.filter(code__in=categories).values_list("code", flat=True))
    if categories - known:
        raise ValidationError(
            {
                "qualifies_case_categories": _("Unknown: %(codes)s.")
                % {"codes": ", ".join(sorted(categories - known))}
            }
        )


# The rule's own columns; its kinds (a many-to-many) are set and audited after it is saved.
RULE_COLUMNS = [name for name in RULE_FIELDS if name != "kinds"]


def _require_kinds(kinds) -> None:
    if not kinds:
        raise ValidationError({"kinds": _("Choose the aid kinds the rule counts.")})


def _set_kinds(rule: EntitlementRule, kinds, by) -> None:
    """Give ``rule`` the ``kinds`` it counts together, auditing the codes that changed."""
    _require_kinds(kinds)
    before = sorted(rule.kinds.values_list("code", flat=True)) if rule.pk else []
    after = sorted(kind.code for kind in kinds)
    rule._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    rule.kinds.set(kinds)
    if before != after:
        record(actor=by, action=Action.CHANGE, obj=rule, changes={"kinds": [before, after]})


@transaction.atomic
def rule_create(*, by, kinds, **fields) -> EntitlementRule:
    _require_kinds(kinds)
    rule = EntitlementRule(**fields)
    check_rule(rule)
    created = create_audited(obj=rule, actor=by, fields=RULE_COLUMNS)
    _set_kinds(created, kinds, by)
    return created


@transaction.atomic
def rule_update(*, rule: EntitlementRule, by, kinds=None, **fields) -> EntitlementRule:
    for name, value in fields.items():
        setattr(rule, name, value)
    check_rule(rule)
    updated = update_audited(obj=rule, actor=by, changes=fields, fields=RULE_COLUMNS)
    if kinds is not None:
        _set_kinds(updated, kinds, by)
    return updated


def check_band(band: ApprovalBand) -> None:
    if band.approvers is None or band.approvers > 2:
        raise ValidationError({"approvers": _("A band needs 0, 1 or 2 approvers.")})
    if band.up_to is not None and band.up_to <= 0:
        raise ValidationError({"up_to": _("Give a value above zero.")})
    if band.up_to is None:
        # The band without an upper bound is one: the database's NULLs would let two in.
        others = ApprovalBand.objects.filter(up_to__isnull=True)
        if others.exclude(pk=band.pk).exists():
            raise ValidationError({"up_to": _("There is already a band for any value above.")})


@transaction.atomic
def band_create(*, by, **fields) -> ApprovalBand:
    band = ApprovalBand(**fields)
    check_band(band)
    return create_audited(obj=band, actor=by, fields=BAND_FIELDS)


@transaction.atomic
def band_update(*, band: ApprovalBand, by, **fields) -> ApprovalBand:
    for name, value in fields.items():
        setattr(band, name, value)
    check_band(band)
    return update_audited(obj=band, actor=by, changes=fields, fields=BAND_FIELDS)
