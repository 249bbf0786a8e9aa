"""A coordinator's editing of the aid kinds, entitlement rules and approval bands: what is
saved is audited and shown in the record's history, bad input changes nothing and names
the field, and nobody else may open the forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from komek.aid import editing
from komek.aid.models import AidKind, ApprovalBand, EntitlementRule
from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.hotline.services import topic_create

KIND = {
    "code": "baby",
    "name": "Детский набор",
    "name_kk": "Балалар жиынтығы",
    "name_en": "Baby kit",
    "unit": "kit",
    "unit_value": "12000",
    "stocked": "on",
    "is_active": "on",
}


def test_a_coordinator_adds_a_kind_then_changes_it_and_its_history_shows_the_change(
    client_for, coordinator
):
    client = client_for(coordinator)
    response = client.post(reverse("aid:kind_create"), KIND)
    assert response.status_code == 302
    kind = AidKind.objects.get(code="baby")
    assert kind.unit_value == Decimal("12000")

    edit = reverse("aid:kind_edit", args=[kind.pk])
    response = client.post(edit, {**KIND, "unit_value": "13500", "approval_above": "50000"})
    assert response.status_code == 302
    kind.refresh_from_db()
    assert (kind.unit_value, kind.approval_above) == (Decimal("13500"), Decimal("50000"))
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_id=str(kind.pk), actor=coordinator)
    assert entry.changes["unit_value"] == ["12000.00", "13500"]

    page = client.get(edit).content.decode()
    assert "<del>12000,00</del> → <ins>13500,00</ins>" in page
    assert kind.history.count() == 2


def test_a_kind_in_use_keeps_its_code_and_the_refusal_names_the_field(
    client_for, coordinator, food, stock
):
    response = client_for(coordinator).post(
        reverse("aid:kind_edit", args=[food.pk]),
        {**KIND, "code": "food-2026", "name": "Продуктовый набор", "unit": "package"},
    )
    assert response.status_code == 400
    assert "код больше нельзя изменить" in response.context["form"].errors["code"][0]
    food.refresh_from_db()
    assert (food.code, food.name, food.unit_value) == ("food", "Продуктовый набор", 15000)
    assert food.history.count() == 1
    assert not AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(food.pk)).exists()


def test_an_unused_kind_may_change_its_code(coordinator):
    kind = editing.kind_create(by=coordinator, code="winter", name="Зимний комплект", unit="set",
                               unit_value=Decimal("25000"))  # fmt: skip
    editing.kind_update(kind=kind, by=coordinator, code="winter-clothes")
    assert AidKind.objects.get(pk=kind.pk).code == "winter-clothes"


def test_cash_kept_in_stock_is_refused_on_the_stocked_field(coordinator):
    with pytest.raises(ValidationError) as refused:
        editing.kind_create(
            by=coordinator, code="cash", name="Денежная помощь", unit="kzt",
            unit_value=Decimal("1"), is_cash=True, stocked=True,
        )  # fmt: skip
    assert "stocked" in refused.value.message_dict
    assert not AidKind.objects.filter(code="cash").exists()


def test_a_coordinator_writes_a_rule_with_who_qualifies_and_its_source(
    client_for, coordinator, food
):
    topic_create(created_by=None, code="health", name_ru="Здоровье")
    client = client_for(coordinator)
    form = {
        "kinds": [food.pk],
        "per": "person",
        "max_value": "300000",
        "period_days": "365",
        "qualifies_vulnerabilities": ["pregnant", "disability"],
        "qualifies_case_categories": ["health"],
        "source": "Положение, п. 7",
        "to_be_verified": "on",
        "active": "on",
    }
    assert client.post(reverse("aid:rule_create"), form).status_code == 302
    rule = EntitlementRule.objects.get()
    assert rule.qualifies_vulnerabilities == ["pregnant", "disability"]
    assert rule.qualifies_case_categories == ["health"]
    assert rule.to_be_verified is True

    edit = reverse("aid:rule_edit", args=[rule.pk])
    assert client.post(edit, {**form, "period_days": "180"}).status_code == 302
    assert EntitlementRule.objects.get().period_days == 180
    page = client.get(edit).content.decode()
    assert "<del>365</del> → <ins>180</ins>" in page
    # The history names the vulnerabilities and categories, not their codes.
    assert "<ins>беременность, инвалидность</ins>" in page
    assert "<ins>Здоровье</ins>" in page


def test_a_rule_without_a_limit_is_refused_and_the_stored_rule_is_unchanged(
    client_for, coordinator, monthly_food, food
):
    versions = monthly_food.history.count()
    response = client_for(coordinator).post(
        reverse("aid:rule_edit", args=[monthly_food.pk]),
        {"kinds": [food.pk], "per": "person", "period_days": "7", "source": "—"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["max_quantity"]
    monthly_food.refresh_from_db()
    assert (monthly_food.per, monthly_food.max_quantity, monthly_food.period_days) == (
        "household",
        1,
        30,
    )
    assert monthly_food.history.count() == versions


def test_a_rule_naming_an_unknown_case_category_is_refused(coordinator, food):
    with pytest.raises(ValidationError) as refused:
        editing.rule_create(
            by=coordinator, kinds=[food], max_quantity=1, period_days=30, source="—",
            qualifies_case_categories=["nonexistent"],
        )  # fmt: skip
    assert "qualifies_case_categories" in refused.value.message_dict
    assert not EntitlementRule.objects.exists()


def test_a_coordinator_edits_an_approval_band_and_a_second_open_band_is_refused(
    client_for, coordinator, bands
):
    client = client_for(coordinator)
    band = ApprovalBand.objects.get(up_to=Decimal("20000"))
    edit = reverse("aid:band_edit", args=[band.pk])
    response = client.post(edit, {"up_to": "30000", "approvers": "0", "source": "Приказ №5"})
    assert response.status_code == 302
    band.refresh_from_db()
    assert (band.up_to, band.source) == (Decimal("30000"), "Приказ №5")
    assert "Приказ №5" in client.get(edit).content.decode()

    response = client.post(reverse("aid:band_create"), {"up_to": "", "approvers": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["up_to"]
    assert ApprovalBand.objects.count() == 3


def test_the_kinds_page_offers_editing_to_a_coordinator_only(client_for, coordinator, social, food):
    edit = reverse("aid:kind_edit", args=[food.pk]).encode()
    assert edit in client_for(coordinator).get(reverse("aid:kinds")).content
    assert edit not in client_for(social).get(reverse("aid:kinds")).content


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HOTLINE_OPERATOR])
def test_a_social_worker_or_an_operator_may_not_edit_the_rules(
    client_for, make_staff, role, food, monthly_food, bands
):
    client = client_for(make_staff(role))
    band = ApprovalBand.objects.first()
    urls = [
        reverse("aid:kind_create"),
        reverse("aid:kind_edit", args=[food.pk]),
        reverse("aid:rule_create"),
        reverse("aid:rule_edit", args=[monthly_food.pk]),
        reverse("aid:band_create"),
        reverse("aid:band_edit", args=[band.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {**KIND, "code": "x"}).status_code == 403
    assert AidKind.objects.count() == 1


def test_a_rule_counts_the_kinds_chosen_together_and_a_change_of_them_is_audited(
    client_for, coordinator, food, ticket, monthly_food
):
    client = client_for(coordinator)
    edit = reverse("aid:rule_edit", args=[monthly_food.pk])
    form = {"per": "household", "max_quantity": "1", "period_days": "30", "source": "—"}
    response = client.post(edit, {**form, "kinds": []})
    assert response.status_code == 400
    assert response.context["form"].errors["kinds"]
    assert client.post(edit, {**form, "kinds": [food.pk, ticket.pk]}).status_code == 302
    assert set(monthly_food.kinds.all()) == {food, ticket}
    entry = AuditEntry.objects.filter(changes__has_key="kinds").get()
    assert entry.changes["kinds"] == [["food"], sorted([food.code, ticket.code])]
