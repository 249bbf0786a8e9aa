"""The public navigator: the navigator's evaluation of a situation sent by GET, in the
page's language, with the lawyer's-verification notice; nothing stored; a malformed
form named field by field."""

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone, translation

from komek.navigator.evaluation import evaluate
from komek.navigator.tests.conftest import situation

pytestmark = pytest.mark.usefixtures("shipped")

ASKED = situation("TJ", stays=())
QUERY = {
    "citizenship": ASKED.citizenship,
    "entered": ASKED.entered.isoformat(),
    "on": ASKED.on.isoformat(),
    "purpose": ASKED.purpose,
    "documents": sorted(ASKED.documents),
}


def row_counts() -> dict[str, int]:
    # Every table of the database; a model another test module declares for itself (a
    # probe of core's jobs) has none.
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


def test_the_empty_form_asks_without_answering(client):
    response = client.get("/m/tg/navigator/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="get" action="/m/tg/navigator/"' in html
    assert 'id="result"' not in html


def test_the_answer_is_the_navigators_in_the_pages_language(client):
    response = client.get("/m/tg/navigator/", QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("tg"):
        evaluation = evaluate(ASKED)
    assert f'data-status="{evaluation.status}"' in html
    assert evaluation.obligations
    for line in evaluation.obligations:
        assert line.title in html
    assert '<html lang="tg">' in html


def test_the_answer_carries_the_lawyers_verification_notice(client):
    html = client.get("/m/ru/navigator/", QUERY).content.decode()
    assert "data-notice" in html
    evaluation = evaluate(ASKED)
    if any(not rule.verified for rule in evaluation.rules):
        assert "data-unverified" in html


def test_asking_stores_nothing(client):
    before = row_counts()
    client.get("/m/tg/navigator/", QUERY)
    client.get("/m/tg/navigator/", {**QUERY, "entered": "not a date"})
    assert row_counts() == before


def test_asking_sets_no_cookie(client):
    response = client.get("/m/tg/navigator/", QUERY)
    assert response.cookies == {}


def test_the_day_defaults_to_today(client):
    query = {key: value for key, value in QUERY.items() if key != "on"}
    response = client.get("/m/ru/navigator/", query)
    assert response.status_code == 200
    assert response.context["evaluation"].on == timezone.localdate()


def test_a_malformed_form_names_each_mistake_and_answers_nothing(client):
    response = client.get(
        "/m/ru/navigator/", {"citizenship": "XX", "entered": "31.02.2026", "on": "2026-03-02"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    errors = html.split('id="errors"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_citizenship"' in errors
    assert 'href="#id_entered"' in errors
    assert 'id="result"' not in html


def test_an_entry_after_the_day_asked_about_is_refused(client):
    response = client.get("/m/ru/navigator/", {**QUERY, "entered": "2026-04-01"})
    assert response.status_code == 400
    assert 'href="#id_entered"' in response.content.decode()


def test_earlier_stays_are_counted(client):
    stays = {
        "stay-TOTAL_FORMS": "1",
        "stay-INITIAL_FORMS": "0",
        "stay-0-entered": "2025-12-01",
        "stay-0-left": "2025-12-30",
    }
    response = client.get("/m/ru/navigator/", {**QUERY, **stays})
    assert response.status_code == 200
    assert response.context["evaluation"].situation.stays


def test_a_stay_with_no_end_is_refused(client):
    stays = {"stay-TOTAL_FORMS": "1", "stay-INITIAL_FORMS": "0", "stay-0-entered": "2025-12-01"}
    response = client.get("/m/ru/navigator/", {**QUERY, **stays})
    assert response.status_code == 400
    assert 'href="#id_stay-0-left"' in response.content.decode()


@pytest.mark.parametrize("lang", ["tg", "ky", "uz", "uz-cyrl"])
def test_the_rules_the_answer_comes_from_are_named_in_the_pages_language(client, lang):
    html = client.get(f"/m/{lang}/navigator/", QUERY).content.decode()
    evaluation = evaluate(ASKED)
    field = f"name_{lang.replace('-', '_')}"
    assert evaluation.rules
    for rule in evaluation.rules:
        assert getattr(rule, field) in html
        assert rule.name not in html
