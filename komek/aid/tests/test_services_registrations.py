"""What aid registers with the lower apps: its indicators and their breakdowns, its part
in merging two records of one person, its personal-data declarations and its selectors'
permission checks."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from komek.aid import services
from komek.aid.models import AidKind, Distribution, DistributionItem
from komek.aid.selectors import approval_queue, distribution_get_for, person_aid, spending_by_month
from komek.audit.models import Action, AuditEntry
from komek.audit.services import people_text
from komek.core import indicators, personal_data
from komek.core.indicators import Scope
from komek.core.roles import Role
from komek.people.merging import person_merge, person_merge_undo


def since_yesterday() -> Scope:
    today = timezone.localdate()
    return Scope(start=today - timedelta(days=1), end=today)


def figure(code: str, by: str | None = None):
    result = indicators.evaluate(indicators.get(code), since_yesterday(), by)
    return {part.key: part.value for part in result.parts} if by else result.total


def test_indicators_count_what_was_handed_over_and_not_reversed(
    office, food, ticket, line, social, coordinator, person, make_person, stock
):
    person.sex, person.born_year = "M", timezone.localdate().year - 30
    person.save()
    woman = make_person("Дилноза", sex="F", citizenship="UZ")
    services.distribute(person=person, office=office, items=[(food, 2)], by=social)
    services.distribute(person=woman, office=office, items=[(food, 1)], by=social)
    mistaken = services.distribute(
        person=make_person(), office=office, items=[(food, 1)], by=social
    )
    services.reverse(distribution=mistaken, by=coordinator, reason="ошибка")
    services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    assert figure("aid_people_assisted") == 2
    assert figure("aid_distributions") == 2
    assert figure("aid_value") == Decimal("45000")
    assert figure("aid_people_assisted", "sex") == {"M": 1, "F": 1}
    assert figure("aid_people_assisted", "age_group") == {"30-44": 1, "": 1}
    assert figure("aid_value", "citizenship") == {"UZ": Decimal("45000")}
    assert figure("aid_value", "office") == {str(office.pk): Decimal("45000")}
    assert figure("aid_value", "month") == {f"{timezone.localdate():%Y-%m}": Decimal("45000")}
    assert figure("aid_value", "project") == {str(line.project_id): Decimal("45000")}
    assert figure("aid_value", "budget_line") == {str(line.pk): Decimal("45000")}
    assert figure("aid_value", "donor") == {str(line.project.donor_id): Decimal("45000")}
    assert figure("aid_distributions", "aid_kind") == {str(food.pk): 2}
    parts = indicators.evaluate(indicators.get("aid_value"), since_yesterday(), "donor").parts
    assert [part.label for part in parts] == ["МОМ"]


def test_overrides_are_counted(
    office, food, line, social, coordinator, person, stock, monthly_food
):
    services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    assert figure("aid_overrides") == 0
    services.distribute(
        person=person, office=office, items=[(food, 1)], by=coordinator, override_reason="Зима"
    )
    assert figure("aid_overrides") == 1
    assert figure("aid_overrides", "office") == {str(office.pk): 1}


def test_a_merge_moves_the_duplicates_aid_and_its_entitlement_and_can_be_undone(
    office, food, line, social, person, make_person, stock, monthly_food, lawyer_user
):
    duplicate = make_person("Шерзоод")
    given = services.distribute(person=duplicate, office=office, items=[(food, 1)], by=social)
    merge = person_merge(source=duplicate, target=person, merged_by=lawyer_user)
    assert Distribution.objects.get(pk=given.pk).person == person
    assert DistributionItem.objects.get(distribution=given).person == person
    assert not services.check(person=person, kind=food, quantity=1).ok
    assert {"model": "aid.Distribution", "field": "person", "ids": [given.pk]} in merge.report[
        "aid"
    ]
    person_merge_undo(merge=merge, undone_by=lawyer_user)
    assert Distribution.objects.get(pk=given.pk).person == duplicate
    assert services.check(person=person, kind=food, quantity=1).ok


@pytest.fixture
def lawyer_user(make_staff):
    return make_staff(Role.LAWYER, username="erzhan")


def test_every_model_pointing_at_a_person_is_declared():
    for model in (Distribution, DistributionItem):
        assert personal_data.declares(model)


def test_anonymising_keeps_the_figures_and_blanks_the_texts(
    office, food, line, social, coordinator, person, stock
):
    given = services.distribute(
        person=person, office=office, items=[(food, 1)], by=social, place="Рынок «Шапагат»"
    )
    for holding in personal_data.holdings():
        if holding.model._meta.app_label == "aid":
            holding.anonymise(person)
    kept = Distribution.objects.get(pk=given.pk)
    assert kept.place == ""
    assert kept.items.get().value == Decimal("15000")


def test_a_distribution_opens_to_who_may_see_aid_and_the_person(
    office, other_office, food, line, social, person, stock, make_staff
):
    given = services.distribute(person=person, office=office, items=[(food, 1)], by=social)
    coordinator_here = make_staff(Role.COORDINATOR, national_scope=False)
    assert distribution_get_for(user=coordinator_here, pk=given.pk) == given
    assert AuditEntry.objects.filter(
        action=Action.VIEW, object_type="aid.Distribution", object_id=str(given.pk)
    ).exists()
    for outsider in (
        make_staff(Role.COORDINATOR, office=other_office),
        make_staff(Role.ADMINISTRATOR),
        make_staff(Role.DATA_PROTECTION_OFFICER),
    ):
        with pytest.raises(Http404):
            distribution_get_for(user=outsider, pk=given.pk)
    holding = personal_data.holding_of("aid.Distribution")
    assert holding.readable(coordinator_here, str(given.pk))
    assert not holding.readable(make_staff(Role.ADMINISTRATOR), str(given.pk))
    assert person_aid(person) == [given]


def test_the_approval_queue_shows_what_the_coordinator_may_approve(
    office, other_office, ticket, line, social, coordinator, person, make_staff
):
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    (waiting,) = approval_queue(user=coordinator)
    assert (waiting.distribution, waiting.item.budget_line) == (request, line)
    assert waiting.state.remaining == Decimal("960000")
    read = AuditEntry.objects.filter(detail="aid approval queue").latest("pk")
    assert (read.actor, read.people) == (coordinator, f",{person.pk},")
    assert approval_queue(user=social) == []
    assert approval_queue(user=make_staff(Role.COORDINATOR, office=other_office)) == []
    services.approve(distribution=request, by=coordinator)
    (waiting,) = approval_queue(user=coordinator)
    assert (waiting.distribution, waiting.stage) == (request, "purchase")


def test_the_approval_queue_shows_the_whole_chain_by_stage(
    office, ticket, line, social, coordinator, make_person, make_staff, bands
):
    cash = AidKind.objects.create(
        code="cash",
        name="Денежная помощь",
        unit="kzt",
        unit_value=Decimal(1),
        is_cash=True,
        stocked=False,
        needs_approval=True,
    )
    line.kinds.add(cash)

    def ask(kind, quantity=1, by=social):
        return services.request(
            person=make_person(), office=office, kind=kind, quantity=quantity, by=by,
            budget_line=line,
        )  # fmt: skip

    def bought(distribution):
        services.record_purchase(
            distribution=distribution,
            document=ContentFile(b"%PDF", name="ticket.pdf"),
            amount=Decimal("38000"),
            by=coordinator,
        )

    purchased = ask(ticket)
    to_buy = ask(ticket)
    grant = ask(cash, 20000)
    handed = ask(ticket)
    to_approve = ask(ticket)
    reversed_request = ask(ticket)
    own = ask(ticket, by=coordinator)
    for approved in (purchased, to_buy, grant, handed):
        services.approve(distribution=approved, by=coordinator)
    bought(purchased)
    bought(handed)
    services.hand_over(distribution=handed, by=social)
    services.reverse(distribution=reversed_request, by=coordinator, reason="ошибка")
    queue = approval_queue(user=coordinator)
    assert [(waiting.distribution, waiting.stage) for waiting in queue] == [
        (to_approve, "approval"),
        (to_buy, "purchase"),
        (purchased, "hand_over"),
        (grant, "hand_over"),
    ]
    assert [waiting.stage_label for waiting in queue[:3]] == [
        "ждёт одобрения",
        "одобрено, ждёт покупки",
        "ждёт выдачи",
    ]
    read = AuditEntry.objects.filter(detail="aid approval queue").latest("pk")
    shown = [to_approve, to_buy, purchased, grant]
    assert read.people == people_text(each.person_id for each in shown)
    # Another coordinator approves the first one's own request, and sees no reversed one.
    second = [(w.distribution, w.stage) for w in approval_queue(user=make_staff(Role.COORDINATOR))]
    assert (own, "approval") in second and (reversed_request, "approval") not in second


def test_spending_by_month_runs_up_to_the_total(
    office, food, ticket, line, social, coordinator, person, stock
):
    services.distribute(person=person, office=office, items=[(food, 2)], by=social)
    assert [(row.spent, row.total) for row in spending_by_month(line)] == [
        (Decimal("30000"), Decimal("30000"))
    ]


def test_retention_blanks_old_distributions_texts_and_documents_and_keeps_the_figures(
    office, ticket, line, social, coordinator, person
):
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from komek.aid.models import Purchase

    old = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    services.approve(distribution=old, by=coordinator)
    services.record_purchase(
        distribution=old, document=ContentFile(b"%PDF", name="t.pdf"), amount=30000, by=social
    )
    services.reverse(distribution=old, by=social, reason="Клиент уехал сам")
    recent = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    services.reverse(distribution=recent, by=social, reason="Передумал")
    Distribution.objects.exclude(pk=recent.reversed_by.pk).exclude(pk=recent.pk).update(
        created_at=timezone.now() - timedelta(days=8 * 365)
    )
    out = StringIO()
    call_command("apply_retention", "--category", "aid.distributions", stdout=out)
    # The request with its purchase document, and its reversal with its reason.
    assert "aid.distributions: 2 rows" in out.getvalue()
    assert Distribution.objects.get(reverses=old).reason == ""
    assert Purchase.objects.get(distribution=old).document == ""
    assert Purchase.objects.get(distribution=old).amount == 30000
    assert Distribution.objects.get(reverses=recent).reason == "Передумал"
