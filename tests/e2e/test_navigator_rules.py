"""A lawyer keeps the migration rules in a real browser: opens the rules, writes a new
version of one with the reason, and is shown the person whose saved advice relied on the
version just replaced, with a link to check their situation again."""

import re

import pytest
from playwright.sync_api import expect

from komek.accounts import demo as accounts_demo
from komek.accounts.demo import demo_password
from komek.accounts.models import User
from komek.navigator.models import Rule
from komek.navigator.tests.rule_data import make_advice, make_rule
from komek.people import demo as people_demo
from komek.people.models import Person
from komek.people.services import person_assign
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RULE_NAME = "Пребывание узбекистанцев: 90 дней в 180"


@pytest.fixture
def advised():
    accounts_demo.seed()
    people_demo.seed()
    lawyer = User.objects.get(username="lawyer")
    client = Person.objects.get(ref="AST-0001")
    # The lawyer's caseload: the client is theirs.
    person_assign(person=client, staff=lawyer, assigned_by=None)
    rule = make_rule(User.objects.get(username="coordinator"), code="e2e-window", name=RULE_NAME)
    advice = make_advice(client, [rule], User.objects.get(username="operator"))
    return {"client": client, "advice": advice, "rule": rule}


def test_a_lawyer_writes_a_new_version_and_sees_whom_to_call_back(live_server, page, advised):
    sign_in(page, live_server.url, "lawyer", demo_password("lawyer"))
    open_page(page, "Справочники", "Миграционные правила")
    row = page.get_by_role("row").filter(has_text=RULE_NAME)
    expect(row).to_contain_text("не проверено юристом")
    expect(row).to_contain_text("Узбекистан")
    row.get_by_role("link", name=RULE_NAME).click()

    page.get_by_role("link", name="Написать новую версию").click()
    page.get_by_label("Почему меняется").fill("Постановление № 5: 60 дней")
    page.get_by_label("Дней", exact=True).fill("60")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_role("heading", name="Консультации на перепроверку")).to_be_visible()
    client, advice = advised["client"], advised["advice"]
    listed = page.locator("#affected tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Хусанов Шерзод")
    expect(listed).to_contain_text("версия 1 → 2")
    expect(listed).to_contain_text("Постановление № 5: 60 дней")
    expect(listed.get_by_role("link", name="Проверить снова")).to_have_attribute(
        "href", re.compile(rf"\?person={client.pk}&advice={advice.pk}$")
    )
    current = Rule.objects.get(code="e2e-window", replaced_by=None)
    assert (current.version, current.days, current.verified) == (2, 60, False)
