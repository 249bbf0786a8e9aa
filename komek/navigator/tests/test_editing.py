"""The rule services: a new version never changes the old one, a stale or concurrent edit
is refused, only the current version is verified, wrong values are refused with the field
named and nothing written, and every change is audited."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.navigator import editing
from komek.navigator.models import (
    CalendarDay,
    CountryGroup,
    DayKind,
    GroupMember,
    Rule,
    RuleKind,
    Status,
)
from komek.navigator.tests.rule_data import make_rule, ours

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def coordinator(make_staff):
    return make_staff(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def rule(coordinator):
    return make_rule(coordinator)


def _refusal(caught: pytest.ExceptionInfo) -> dict:
    return caught.value.message_dict


def test_a_new_rule_is_version_1_unverified_and_audited(rule, coordinator):
    assert (rule.version, rule.verified, rule.current) == (1, False, True)
    assert rule.created_by == coordinator
    entry = AuditEntry.objects.get(object_type="navigator.Rule", object_id=str(rule.pk))
    assert entry.action == Action.CREATE
    assert entry.changes["days"] == [None, 90]


def test_a_code_already_used_is_refused(rule, coordinator):
    with pytest.raises(ValidationError) as caught:
        make_rule(coordinator)
    assert "code" in _refusal(caught)
    assert ours().count() == 1


def test_revising_writes_version_2_and_keeps_version_1_as_it_was(rule, lawyer, coordinator):
    editing.rule_verify(rule=rule, by=lawyer)
    eaeu = editing.group_create(by=coordinator, code="test-eaeu", name="ЕАЭС")
    before = Rule.objects.filter(pk=rule.pk).values().get()

    new = editing.rule_revise(
        rule=rule,
        by=coordinator,
        reason="Постановление № 5",
        expected_version=1,
        days=60,
        groups=[eaeu],
    )

    old = Rule.objects.get(pk=rule.pk)
    assert (new.code, new.version, new.days, new.verified) == ("test-window", 2, 60, False)
    assert new.change_reason == "Постановление № 5"
    assert list(new.groups.all()) == [eaeu]
    assert list(old.groups.all()) == []
    assert (old.replaced_by, old.current, new.current) == (new, False, True)
    after = Rule.objects.filter(pk=rule.pk).values().get()
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"replaced_by_id", "replaced_at"}
    assert old.verified_by == lawyer


def test_revising_audits_what_changed_with_the_reason(rule, coordinator):
    new = editing.rule_revise(
        rule=rule, by=coordinator, reason="Исправлено", expected_version=1, days=60
    )
    entry = AuditEntry.objects.get(
        object_type="navigator.Rule", object_id=str(new.pk), action=Action.CREATE
    )
    assert entry.changes == {"days": [90, 60]}
    assert entry.detail == "Исправлено"
    retired = AuditEntry.objects.get(
        object_type="navigator.Rule", object_id=str(rule.pk), action=Action.CHANGE
    )
    assert retired.changes["replaced_by"][1] == str(new)


def test_the_old_versions_history_records_only_its_retirement(rule, coordinator):
    editing.rule_revise(rule=rule, by=coordinator, reason="Исправлено", expected_version=1, days=60)
    records = list(Rule.objects.get(pk=rule.pk).history.order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "~"]
    assert {record.code for record in records} == {"test-window"}
    assert records[-1].history_user == coordinator


def test_a_revision_needs_a_reason(rule, coordinator):
    with pytest.raises(ValidationError) as caught:
        editing.rule_revise(rule=rule, by=coordinator, reason="  ", expected_version=1, days=60)
    assert "change_reason" in _refusal(caught)
    assert ours().count() == 1


def test_a_revision_from_a_version_someone_replaced_meanwhile_is_refused(rule, coordinator):
    editing.rule_revise(
        rule=rule, by=coordinator, reason="Первая правка", expected_version=1, days=60
    )
    with pytest.raises(ValidationError, match="версию 2"):
        editing.rule_revise(
            rule=rule, by=coordinator, reason="Вторая правка", expected_version=1, days=30
        )
    assert list(ours().values_list("version", "days")) == [(2, 60), (1, 90)]


def test_a_revision_expecting_another_version_is_refused(rule, coordinator):
    with pytest.raises(ValidationError):
        editing.rule_revise(rule=rule, by=coordinator, reason="Правка", expected_version=3, days=30)
    assert ours().get().days == 90


def test_a_revision_keeps_the_code(rule, coordinator):
    with pytest.raises(ValidationError) as caught:
        editing.rule_revise(
            rule=rule, by=coordinator, reason="Правка", expected_version=1, code="other"
        )
    assert "code" in _refusal(caught)


def test_a_wrong_value_in_a_revision_writes_nothing(rule, coordinator):
    with pytest.raises(ValidationError) as caught:
        editing.rule_revise(
            rule=rule, by=coordinator, reason="Правка", expected_version=1, window_days=60
        )
    assert "window_days" in _refusal(caught)
    assert ours().get().current


@pytest.mark.parametrize(
    "fields,named",
    [
        ({"window_days": 90}, "window_days"),
        ({"window_days": None}, "window_days"),
        ({"days": 0}, "days"),
        ({"countries": ["XX"]}, "countries"),
        ({"countries": ["uz"]}, "countries"),
        ({"purposes": ["holiday"]}, "purposes"),
        ({"requires": ["visa"]}, "requires"),
        ({"requires": ["work_permit"], "excludes": ["work_permit"]}, "excludes"),
        ({"amount_mci": Decimal("10"), "amount_mci_max": Decimal("5")}, "amount_mci_max"),
        ({"amount_mci_max": Decimal("5")}, "amount_mci"),
        ({"amount_mci": Decimal("-1")}, "amount_mci"),
        ({"valid_to": date(2023, 1, 27)}, "valid_to"),
        ({"kind": RuleKind.SANCTION}, "for_status"),
        ({"kind": RuleKind.WORK_AUTHORISATION}, "permit"),
        ({"kind": RuleKind.DOCUMENT_NEEDED}, "document"),
        ({"source_act": ""}, "source_act"),
    ],
)
def test_a_rule_with_a_wrong_value_is_refused_naming_the_field(coordinator, fields, named):
    with pytest.raises(ValidationError) as caught:
        make_rule(coordinator, **fields)
    assert named in _refusal(caught)
    assert not ours().exists()


def test_a_sanction_naming_its_status_is_accepted(coordinator):
    sanction = make_rule(
        coordinator,
        code="test-fine",
        kind=RuleKind.SANCTION,
        days=None,
        window_days=None,
        for_status=Status.OVERSTAYING,
        amount_mci=Decimal("10"),
        amount_mci_max=Decimal("20"),
    )
    assert sanction.amount_mci_max == Decimal("20")


def test_a_lawyer_verifies_the_current_version(rule, lawyer):
    editing.rule_verify(rule=rule, by=lawyer)
    rule.refresh_from_db()
    assert rule.verified_by == lawyer and rule.verified_at is not None
    entry = AuditEntry.objects.filter(object_id=str(rule.pk), action=Action.CHANGE).get()
    assert entry.changes["verified_by"] == [None, str(lawyer)]
    editing.rule_unverify(rule=rule, by=lawyer)
    rule.refresh_from_db()
    assert (rule.verified_by, rule.verified_at) == (None, None)


def test_a_replaced_version_cannot_be_verified(rule, lawyer, coordinator):
    editing.rule_revise(rule=rule, by=coordinator, reason="Правка", expected_version=1, days=60)
    with pytest.raises(ValidationError, match="заменена"):
        editing.rule_verify(rule=rule, by=lawyer)
    assert not Rule.objects.get(pk=rule.pk).verified


def test_only_a_lawyer_verifies(rule, coordinator):
    with pytest.raises(PermissionDenied):
        editing.rule_verify(rule=rule, by=coordinator)
    assert not Rule.objects.get(pk=rule.pk).verified


def test_groups_and_dated_memberships(coordinator):
    eaeu = editing.group_create(
        by=coordinator, code="test-eaeu", name="ЕАЭС", source="Договор о ЕАЭС"
    )
    member = editing.member_add(
        by=coordinator, group=eaeu, country="KG", valid_from=date(2015, 8, 12), source="Договор"
    )
    editing.member_update(member=member, by=coordinator, valid_to=date(2030, 1, 1))
    editing.group_update(group=eaeu, by=coordinator, name_en="EAEU")
    assert GroupMember.objects.get(group__code__startswith="test-").valid_to == date(2030, 1, 1)
    assert CountryGroup.objects.get(code="test-eaeu").name_en == "EAEU"
    audited = AuditEntry.objects.filter(object_type__startswith="navigator.").values_list(
        "object_type", "action"
    )
    assert sorted(audited) == sorted(
        [
            ("navigator.CountryGroup", Action.CREATE),
            ("navigator.CountryGroup", Action.CHANGE),
            ("navigator.GroupMember", Action.CREATE),
            ("navigator.GroupMember", Action.CHANGE),
        ]
    )


@pytest.mark.parametrize(
    "fields,named",
    [
        ({"country": "XX"}, "country"),
        (
            {"country": "KG", "valid_from": date(2020, 1, 1), "valid_to": date(2019, 1, 1)},
            "valid_to",
        ),
        ({"country": "KG", "valid_from": date(2020, 1, 1)}, "valid_from"),
    ],
)
def test_a_wrong_membership_is_refused(coordinator, fields, named):
    eaeu = editing.group_create(by=coordinator, code="test-eaeu", name="ЕАЭС")
    editing.member_add(by=coordinator, group=eaeu, country="KG", valid_from=date(2015, 8, 12))
    with pytest.raises(ValidationError) as caught:
        editing.member_add(by=coordinator, group=eaeu, **fields)
    assert named in _refusal(caught)
    assert GroupMember.objects.filter(group__code__startswith="test-").count() == 1


def test_a_membership_after_the_last_one_ended_is_accepted(coordinator):
    group = editing.group_create(by=coordinator, code="test-cis", name="СНГ")
    editing.member_add(
        by=coordinator, group=group, country="GE", valid_from=None, valid_to=date(2009, 8, 18)
    )
    editing.member_add(by=coordinator, group=group, country="GE", valid_from=date(2025, 1, 1))
    assert GroupMember.objects.filter(group__code__startswith="test-").count() == 2


def test_calendar_days_are_added_changed_and_deleted_with_their_source(coordinator, shipped):
    day = editing.day_add(
        by=coordinator, date=date(2031, 3, 10), kind=DayKind.DAY_OFF, source="Постановление № 1"
    )
    editing.day_update(day=day, by=coordinator, kind=DayKind.HOLIDAY, name="Перенос")
    assert CalendarDay.objects.get(date__year=2031).kind == DayKind.HOLIDAY
    editing.day_delete(day=day, by=coordinator)
    assert not CalendarDay.objects.filter(date__year=2031).exists()
    actions = AuditEntry.objects.filter(object_type="navigator.CalendarDay").values_list(
        "action", flat=True
    )
    assert sorted(actions) == sorted([Action.CREATE, Action.CHANGE, Action.DELETE])
    assert CalendarDay.history.filter(history_type="-").get().history_user == coordinator


def test_a_calendar_day_needs_a_source_and_a_free_date(coordinator):
    with pytest.raises(ValidationError) as caught:
        editing.day_add(by=coordinator, date=date(2031, 1, 1), kind=DayKind.HOLIDAY, source="")
    assert "source" in _refusal(caught)
    editing.day_add(by=coordinator, date=date(2031, 1, 1), kind=DayKind.HOLIDAY, source="ТК")
    with pytest.raises(ValidationError) as caught:
        editing.day_add(by=coordinator, date=date(2031, 1, 1), kind=DayKind.WORKING, source="ТК")
    assert "date" in _refusal(caught)
    assert CalendarDay.objects.filter(date__year=2031).count() == 1


def test_every_shipped_rule_passes_the_checks_of_an_edit(shipped):
    """A lawyer revising a shipped rule is refused only for what they change."""
    shipped = Rule.objects.exclude(code__startswith="test-")
    assert shipped.exists()
    for rule in shipped:
        editing.check_rule(rule)


THREADS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_lawyers_revising_the_same_version_at_once_write_one_new_version(make_staff):
    lawyers = [make_staff(Role.LAWYER) for _ in range(THREADS)]
    rule = make_rule(lawyers[0])
    start = threading.Barrier(THREADS)
    written: list[int] = []
    refused: list[str] = []
    failures: list[BaseException] = []

    def revise(lawyer, days) -> None:
        try:
            start.wait()
            new = editing.rule_revise(
                rule=rule, by=lawyer, reason="Правка", expected_version=1, days=days
            )
            written.append(new.days)
        except ValidationError as refusal:
            refused.append(" ".join(refusal.messages))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=revise, args=(lawyer, 10 + n)) for n, lawyer in enumerate(lawyers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(written) == 1 and len(refused) == THREADS - 1
    assert all("версию 2" in refusal for refusal in refused)
    assert list(ours().values_list("version", "days")) == [(2, written[0]), (1, 90)]
    assert ours().get(version=1).replaced_by.version == 2
