"""A lawyer's or a coordinator's changes to the migration rules as data: a new rule, a new
version of one (the old version is kept as it was, so that the advice given from it still
names exactly what it relied on), a lawyer's verification, the country groups and their
dated members, and the calendar days that working-day counts skip. Each change is
validated (the error names the field), kept in the record's history and audited, in one
transaction; a refused change writes nothing."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from komek.audit.models import Action
from komek.audit.services import create_audited, diff, record, update_audited, values_of
from komek.core.countries import is_country
from komek.core.history import codes_of
from komek.core.permissions import role_can
from komek.core.roles import Capability
from komek.navigator.models import (
    CalendarDay,
    CountryGroup,
    Document,
    GroupMember,
    Purpose,
    Rule,
    RuleKind,
)

# What a version says; the rest of a row (its place among the versions, who wrote and
# verified it) is the services' to set.
RULE_FIELDS = [
    "code",
    "kind",
    "name",
    "countries",
    "purposes",
    "requires",
    "excludes",
    "precedence",
    "days",
    "window_days",
    "counting",
    "count_from",
    "entry_day_counts",
    "exit_day_counts",
    "amount_mci",
    "amount_mci_max",
    "permit",
    "document",
    "for_status",
    "valid_from",
    "valid_to",
    "judged_by",
    "source_act",
    "source_article",
    "source_url",
    "confidence",
    "note",
]
# The rule's name as migrants read it on the public portal: a translation, not what the
# version says, so that correcting one writes no new version (which a lawyer would have to
# verify again, and whose advice would be called back).
PUBLIC_NAME_FIELDS = ["name_uz", "name_uz_cyrl", "name_tg", "name_ky"]
GROUP_FIELDS = ["code", "name", "name_kk", "name_en", "source"]
# A membership names its group by code (its ``__str__``); the group's name, in the language
# of whoever wrote, stays out of the audit log.
MEMBER_FIELDS = ["country", "valid_from", "valid_to", "source"]
DAY_FIELDS = ["date", "kind", "name", "source"]


def _unknown(values: Iterable[str], known: Iterable[str]) -> list[str]:
    return sorted(set(values) - set(known))


def _check_countries(field: str, codes: Iterable[str]) -> None:
    wrong = sorted(code for code in set(codes) if not is_country(code))
    if wrong:
        raise ValidationError(
            {
                field: _("Not a country code (ISO 3166-1, two letters such as KG): %(codes)s.")
                % {"codes": ", ".join(wrong)}
            }
        )


def check_period(valid_from, valid_to) -> None:
    if valid_from and valid_to and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The last day must come after the first day.")})


def check_rule(rule: Rule) -> None:
    """Refuse a version whose values cannot be right, naming the field."""
    _check_countries("countries", rule.countries)
    for field, known in (
        ("purposes", Purpose.values),
        ("requires", Document.values),
        ("excludes", Document.values),
    ):
        unknown = _unknown(getattr(rule, field), known)
        if unknown:
            raise ValidationError({field: _("Unknown: %(codes)s.") % {"codes": ", ".join(unknown)}})
    both = sorted(set(rule.requires) & set(rule.excludes))
    if both:
        raise ValidationError(
            {
                "excludes": _("A document cannot be both required and excluding: %(codes)s.")
                % {"codes": ", ".join(both)}
            }
        )
    for field in ("days", "window_days"):
        if getattr(rule, field) == 0:
            raise ValidationError({field: _("Give a number of days above zero.")})
    if rule.kind == RuleKind.ROLLING_WINDOW:
        if not rule.days or not rule.window_days:
            raise ValidationError(
                {"window_days": _("A rolling window needs its length and the days allowed in it.")}
            )
        if rule.window_days <= rule.days:
            raise ValidationError(
                {"window_days": _("The window must be longer than the days allowed in it.")}
            )
    if rule.amount_mci is not None and rule.amount_mci < 0:
        raise ValidationError({"amount_mci": _("Give an amount of zero or more.")})
    if rule.amount_mci_max is not None:
        if rule.amount_mci is None:
            raise ValidationError(
                {"amount_mci": _("Give the lowest amount as well as the highest.")}
            )
        if rule.amount_mci_max < rule.amount_mci:
            raise ValidationError(
                {"amount_mci_max": _("The highest amount cannot be below the lowest.")}
            )
    required = {
        RuleKind.SANCTION: ("for_status", _("Say which status the sanction punishes.")),
        RuleKind.WORK_AUTHORISATION: ("permit", _("Say what permit is needed to work.")),
        RuleKind.DOCUMENT_NEEDED: ("document", _("Say which document is needed.")),
    }
    if rule.kind in required:
        field, refusal = required[rule.kind]
        if not getattr(rule, field):
            raise ValidationError({field: refusal})
    check_period(rule.valid_from, rule.valid_to)


def _group_codes(groups: Iterable[CountryGroup]) -> list[str]:
    return sorted(group.code for group in groups)


@transaction.atomic
def rule_create(*, by, groups: Iterable[CountryGroup] = (), **fields) -> Rule:
    """A new rule: version 1 of a code no rule has yet, unverified."""
    if Rule.objects.filter(code=fields.get("code")).exists():
        raise ValidationError(
            {"code": _("A rule with this code exists: write a new version of it instead.")}
        )
    rule = Rule(**fields, version=1, created_by=by)
    check_rule(rule)
    rule = create_audited(obj=rule, actor=by, fields=RULE_FIELDS)
    groups = list(groups)
    rule.groups.set(groups)
    if groups:
        record(
            actor=by, action=Action.CHANGE, obj=rule, changes={"groups": [[], _group_codes(groups)]}
        )
    return rule


@transaction.atomic
def rule_revise(
    *,
    rule: Rule,
    by,
    reason: str,
    expected_version: int,
    groups: Iterable[CountryGroup] | None = None,
    **changes: Any,
) -> Rule:
    """Write version n+1 of ``rule`` with ``changes``, unverified, and retire version n.

    ``expected_version`` is the version the editor started from: if someone wrote another
    version meanwhile, the change is refused rather than silently undoing theirs. The old
    version's content is never changed; it only learns what replaced it and when."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"change_reason": _("Say why the rule changes.")})
    if "code" in changes and changes["code"] != rule.code:
        raise ValidationError({"code": _("A new version keeps the code of the rule.")})
    current = Rule.objects.select_for_update().filter(code=rule.code, replaced_by=None).first()
    if current is None or current.pk != rule.pk or current.version != expected_version:
        # A version written while this one waited for the lock is found by a new query.
        newest = Rule.objects.filter(code=rule.code).aggregate(Max("version"))["version__max"]
        raise ValidationError(
            _(
                "Someone wrote version %(current)s of this rule meanwhile (you started from "
                "version %(expected)s): open the current version and make your change again."
            )
            % {"current": newest, "expected": expected_version}
        )
    old_groups = list(current.groups.all())
    new_groups = old_groups if groups is None else list(groups)
    # The translations of the name go on with it, and not with a name that changed.
    renamed = changes.get("name", current.name) != current.name
    translations = {} if renamed else values_of(current, PUBLIC_NAME_FIELDS)
    new = Rule(
        **{**values_of(current, RULE_FIELDS), **translations, **changes},
        version=current.version + 1,
        created_by=by,
        change_reason=reason,
    )
    check_rule(new)
    # The "one current version per code" constraint is checked when both rows are written.
    new.full_clean(validate_constraints=False)
    # Only one version of a code may be current, and the old row can name its successor
    # only once that exists: the old row steps aside under another code for the moment of
    # the insert (a queryset update, so its history does not record the swap), and gets its
    # own back together with ``replaced_by`` below. The row is locked; nobody sees this.
    Rule.objects.filter(pk=current.pk).update(code=f"~{current.pk}")
    new._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    new.save()
    new.groups.set(new_groups)
    current.replaced_by = new
    current.replaced_at = timezone.now()
    current._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    current.save(update_fields=["code", "replaced_by", "replaced_at"])
    changed = diff(codes_of(current, RULE_FIELDS), codes_of(new, RULE_FIELDS))
    if _group_codes(old_groups) != _group_codes(new_groups):
        changed["groups"] = [_group_codes(old_groups), _group_codes(new_groups)]
    record(actor=by, action=Action.CREATE, obj=new, changes=changed, detail=reason)
    record(
        actor=by,
        action=Action.CHANGE,
        obj=current,
        changes={"replaced_by": [None, str(new)]},
        detail=reason,
    )
    return new


@transaction.atomic
def rule_names_translate(*, rule: Rule, by, **names: str) -> Rule:
    """Give the current version's name in the migrants' languages (``PUBLIC_NAME_FIELDS``):
    kept on the version itself, in its history and the audit log."""
    unknown = _unknown(names, PUBLIC_NAME_FIELDS)
    if unknown:
        raise ValueError(f"Not a translation of a rule's name: {', '.join(unknown)}")
    locked = _current_locked(rule)
    return update_audited(obj=locked, actor=by, changes=names, fields=PUBLIC_NAME_FIELDS)


def _current_locked(rule: Rule) -> Rule:
    locked = Rule.objects.select_for_update().get(pk=rule.pk)
    if locked.replaced_by_id is not None:
        raise ValidationError(
            _("Version %(version)s has been replaced: only the current version can be verified.")
            % {"version": locked.version}
        )
    return locked


def _set_verified(rule: Rule, by, verified_by) -> Rule:
    if not role_can(by, Capability.NAVIGATOR_VERIFY):
        raise PermissionDenied
    locked = _current_locked(rule)
    before = locked.verified_by
    locked.verified_by = verified_by
    locked.verified_at = timezone.now() if verified_by else None
    locked._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    locked.save(update_fields=["verified_by", "verified_at"])
    record(
        actor=by,
        action=Action.CHANGE,
        obj=locked,
        changes={"verified_by": [str(before) if before else None, str(verified_by or "") or None]},
    )
    return locked


@transaction.atomic
def rule_verify(*, rule: Rule, by) -> Rule:
    """A lawyer confirms the current version against the law."""
    return _set_verified(rule, by, by)


@transaction.atomic
def rule_unverify(*, rule: Rule, by) -> Rule:
    """A lawyer takes the confirmation back: the version reads as not verified again."""
    return _set_verified(rule, by, None)


@transaction.atomic
def group_create(*, by, **fields) -> CountryGroup:
    return create_audited(obj=CountryGroup(**fields), actor=by, fields=GROUP_FIELDS)


@transaction.atomic
def group_update(*, group: CountryGroup, by, **fields) -> CountryGroup:
    return update_audited(obj=group, actor=by, changes=fields, fields=GROUP_FIELDS)


def check_member(member: GroupMember) -> None:
    _check_countries("country", [member.country])
    check_period(member.valid_from, member.valid_to)
    others = GroupMember.objects.filter(group=member.group, country=member.country).exclude(
        pk=member.pk
    )
    for other in others:
        starts_before_other_ends = (
            other.valid_to is None
            or member.valid_from is None
            or member.valid_from <= other.valid_to
        )
        ends_after_other_starts = (
            member.valid_to is None
            or other.valid_from is None
            or member.valid_to >= other.valid_from
        )
        if starts_before_other_ends and ends_after_other_starts:
            raise ValidationError(
                {"valid_from": _("This country is already a member of the group in that period.")}
            )


@transaction.atomic
def member_add(*, by, **fields) -> GroupMember:
    """A country joins a group from a date (empty: always was)."""
    member = GroupMember(**fields)
    check_member(member)
    return create_audited(obj=member, actor=by, fields=MEMBER_FIELDS)


@transaction.atomic
def member_update(*, member: GroupMember, by, **fields) -> GroupMember:
    """Correct a membership or end it: ``valid_to`` is its last day."""
    for name, value in fields.items():
        setattr(member, name, value)
    check_member(member)
    return update_audited(obj=member, actor=by, changes=fields, fields=MEMBER_FIELDS)


@transaction.atomic
def day_add(*, by, **fields) -> CalendarDay:
    """A holiday, a weekday off carried over or a weekend day worked, with its act."""
    if CalendarDay.objects.filter(date=fields.get("date")).exists():
        raise ValidationError({"date": _("This date is in the calendar already: change it.")})
    return create_audited(obj=CalendarDay(**fields), actor=by, fields=DAY_FIELDS)


@transaction.atomic
def day_update(*, day: CalendarDay, by, **fields) -> CalendarDay:
    return update_audited(obj=day, actor=by, changes=fields, fields=DAY_FIELDS)


@transaction.atomic
def day_delete(*, day: CalendarDay, by) -> None:
    """The day is an ordinary one again; its history keeps what it was."""
    locked = CalendarDay.objects.select_for_update().get(pk=day.pk)
    record(
        actor=by,
        action=Action.DELETE,
        obj=locked,
        changes=diff(values_of(locked, DAY_FIELDS), {}),
    )
    locked._history_user = by  # type: ignore[attr-defined]  # simple_history's, undeclared
    locked.delete()
