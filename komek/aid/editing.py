"""A coordinator's changes to the aid rules as data (the aid kinds, the entitlement rules and
the approval bands) and to the money they draw on (the donors, their projects and the
projects' budget lines). Each change is validated (the error names the field), kept in the
record's history and audited, in one transaction; a refused change writes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from komek.aid.models import (
    AidKind,
    ApprovalBand,
    Batch,
    BudgetLine,
    DistributionItem,
    Donor,
    EntitlementRule,
    Project,
    Purchase,
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
DONOR_FIELDS = ["code", "name", "name_kk", "name_en"]
PROJECT_FIELDS = ["donor", "code", "name", "starts", "ends", "currency"]
LINE_FIELDS = ["project", "code", "name", "kinds", "amount"]


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


def _require_kinds(kinds, refusal: str) -> None:
    if not kinds:
        raise ValidationError({"kinds": refusal})


def _require_rule_kinds(kinds) -> None:
    _require_kinds(kinds, _("Choose the aid kinds the rule counts."))


def _set_kinds(obj: EntitlementRule | BudgetLine, kinds, by) -> None:
    """Give a saved rule or budget line its ``kinds``, auditing the codes that changed."""
    before = sorted(obj.kinds.values_list("code", flat=True))
    after = sorted(kind.code for kind in kinds)
    obj._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    obj.kinds.set(kinds)
    if before != after:
        record(actor=by, action=Action.CHANGE, obj=obj, changes={"kinds": [before, after]})


@transaction.atomic
def rule_create(*, by, kinds, **fields) -> EntitlementRule:
    _require_rule_kinds(kinds)
    rule = EntitlementRule(**fields)
    check_rule(rule)
    created = create_audited(obj=rule, actor=by, fields=RULE_COLUMNS)
    _set_kinds(created, kinds, by)
    return created


@transaction.atomic
def rule_update(*, rule: EntitlementRule, by, kinds=None, **fields) -> EntitlementRule:
    if kinds is not None:
        _require_rule_kinds(kinds)
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


@transaction.atomic
def donor_create(*, by, **fields) -> Donor:
    return create_audited(obj=Donor(**fields), actor=by, fields=DONOR_FIELDS)


@transaction.atomic
def donor_update(*, donor: Donor, by, **fields) -> Donor:
    return update_audited(obj=donor, actor=by, changes=fields, fields=DONOR_FIELDS)


def _charged(**lookup) -> bool:
    """Whether stock, aid or a purchase was charged to the budget lines of ``lookup``."""
    return (
        DistributionItem.objects.filter(**lookup).exists()
        or StockMovement.objects.filter(**lookup).exists()
        or Purchase.objects.filter(**lookup).exists()
    )


def check_project(project: Project) -> None:
    if project.starts and project.ends and project.ends < project.starts:
        raise ValidationError({"ends": _("The project cannot end before it starts.")})


@transaction.atomic
def project_create(*, by, **fields) -> Project:
    project = Project(**fields)
    check_project(project)
    return create_audited(obj=project, actor=by, fields=PROJECT_FIELDS)


@transaction.atomic
def project_update(*, project: Project, by, **fields) -> Project:
    """Change a project; its code is fixed once a line of it is charged."""
    stored = Project.objects.select_for_update().get(pk=project.pk)
    if "code" in fields and fields["code"] != stored.code and _charged(budget_line__project=stored):
        raise ValidationError(
            {"code": _("Aid is already charged to this project: its code can no longer change.")}
        )
    for name, value in fields.items():
        setattr(project, name, value)
    check_project(project)
    return update_audited(obj=project, actor=by, changes=fields, fields=PROJECT_FIELDS)


def check_line(line: BudgetLine) -> None:
    if line.amount is None:
        return
    if line.amount < 0:
        raise ValidationError({"amount": _("Give a value of zero or more.")})
    used = line.committed + line.spent
    if line.amount < used:
        raise ValidationError(
            {
                "amount": _(
                    "The line has already committed or spent %(used)s KZT: "
                    "its amount cannot be less."
                )
                % {"used": formats.number_format(used, 2, use_l10n=True, force_grouping=True)}
            }
        )


# The line's own columns; its kinds (a many-to-many) are set and audited after it is saved.
LINE_COLUMNS = [name for name in LINE_FIELDS if name != "kinds"]


def _require_line_kinds(kinds) -> None:
    _require_kinds(kinds, _("Choose the aid kinds the line pays for."))


@transaction.atomic
def line_create(*, by, kinds, **fields) -> BudgetLine:
    _require_line_kinds(kinds)
    line = BudgetLine(**fields)
    check_line(line)
    created = create_audited(obj=line, actor=by, fields=LINE_COLUMNS)
    _set_kinds(created, kinds, by)
    return created


@transaction.atomic
def line_update(*, line: BudgetLine, by, kinds=None, **fields) -> BudgetLine:
    """Change a line; its amount never falls below what it has committed and spent, and its
    project and code are fixed once aid is charged to it."""
    if kinds is not None:
        _require_line_kinds(kinds)
    stored = BudgetLine.objects.select_for_update().get(pk=line.pk)
    # The totals are the services' (kept under this lock): the row is saved with the stored
    # ones, never with those of a copy read before a distribution changed them.
    line.committed, line.spent = stored.committed, stored.spent
    # What was charged stays with its donor's project, under the code it was reported by.
    for name in ("project", "code"):
        if (
            name in fields
            and fields[name] != getattr(stored, name)
            and _charged(budget_line=stored)
        ):
            refusal = _("Aid is already charged to this line: its project and code stay.")
            raise ValidationError({name: refusal})
    for name, value in fields.items():
        setattr(line, name, value)
    check_line(line)
    updated = update_audited(obj=line, actor=by, changes=fields, fields=LINE_COLUMNS)
    if kinds is not None:
        _set_kinds(updated, kinds, by)
    return updated
