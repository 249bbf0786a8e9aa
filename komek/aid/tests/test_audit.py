"""The audit entries of aid keep codes and ids, never words of one language: read back,
they are in the reader's language (the kind's name, the movement's label, the override's
phrase), whoever wrote them in whatever language."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from komek.aid import services
from komek.aid.models import BudgetLine
from komek.aid.selectors import approval_queue
from komek.audit.models import AuditEntry
from komek.audit.selectors import shown_changes


@pytest.fixture
def named_food(food):
    food.name_en = "Food package"
    food.name_kk = "Азық-түлік жиынтығы"
    food.save()
    return food


def read(entries, viewer, language: str) -> list[dict]:
    """What the audit log shows of each entry to ``viewer`` in ``language``."""
    with translation.override(language):
        shown_changes(entries, viewer)
        return [
            {
                "detail": str(entry.shown_detail),
                **{change.label: change.new for change in entry.shown_changes},
            }
            for entry in entries
        ]


def test_a_movement_keeps_ids_and_reads_in_each_language(
    office, named_food, line, coordinator, stock
):
    services.write_off(office=office, kind=named_food, quantity=2, reason="damaged", by=coordinator)
    services.count(office=office, kind=named_food, counted=5, by=coordinator)
    entries = list(AuditEntry.objects.filter(object_type="aid.StockMovement").order_by("pk"))
    receipt, write_off, _count = entries
    assert receipt.changes["kind"] == [None, named_food.pk]
    assert receipt.changes["office"] == [None, office.pk]
    assert write_off.changes["write_off_reason"] == [None, "damaged"]
    assert "note" not in receipt.changes
    # The record's name is no word of any language.
    assert all(re.fullmatch(r"[\d\- :+]+", entry.object_repr) for entry in entries)
    english = read(entries, coordinator, "en")
    assert english[0]["aid kind"] == "Food package"
    assert english[0]["movement"] == "receipt"
    assert english[1]["reason for the write-off"] == "damaged"
    assert english[2]["detail"] == "stock counted: 5"
    russian = read(entries, coordinator, "ru")
    assert russian[0]["вид помощи"] == "Продуктовый набор"
    assert russian[0]["движение"] == "поступление"
    assert russian[2]["detail"] == "инвентаризация: насчитано 5"
    assert read(entries, coordinator, "kk")[0]["көмек түрі"] == "Азық-түлік жиынтығы"


def test_a_distribution_keeps_its_items_as_ids_and_its_override_as_a_phrase(
    office, named_food, line, social, coordinator, person, stock, monthly_food
):
    services.distribute(person=person, office=office, items=[(named_food, 1)], by=social)
    second = services.distribute(
        person=person,
        office=office,
        items=[(named_food, 1)],
        by=coordinator,
        override_reason="Большая семья",
    )
    entry = AuditEntry.objects.get(object_type="aid.Distribution", object_id=str(second.pk))
    assert entry.changes["items"] == [None, [[named_food.pk, 1]]]
    [english] = read([entry], coordinator, "en")
    assert english["items given"] == "Food package × 1"
    assert english["detail"] == "entitlement rule overridden: Большая семья"
    [russian] = read([entry], coordinator, "ru")
    assert russian["позиции выдачи"] == "Продуктовый набор × 1"
    assert russian["detail"] == "исключение из правила выдачи: Большая семья"


def test_an_override_given_with_the_approval_is_audited(
    office, ticket, line, social, coordinator, person, bands
):
    request = services.request(
        person=person, office=office, kind=ticket, quantity=1, by=social, budget_line=line
    )
    BudgetLine.objects.filter(pk=line.pk).update(amount=Decimal("30000"))
    services.approve(
        distribution=request, by=coordinator, override_reason="Донор согласовал перерасход"
    )
    entry = AuditEntry.objects.filter(
        object_type="aid.Distribution", object_id=str(request.pk)
    ).latest("pk")
    assert entry.changes["status"] == ["requested", "approved"]
    assert entry.detail == "override (budget): Донор согласовал перерасход"
    [english] = read([entry], coordinator, "en")
    assert english["detail"] == "budget line overridden: Донор согласовал перерасход"


def test_the_reading_of_the_approval_queue_is_a_phrase_in_each_language(coordinator):
    approval_queue(user=coordinator)
    entry = AuditEntry.objects.get(detail="aid approval queue")
    assert read([entry], coordinator, "en")[0]["detail"] == "aid approval queue"
    assert read([entry], coordinator, "ru")[0]["detail"] == "очередь на одобрение помощи"
