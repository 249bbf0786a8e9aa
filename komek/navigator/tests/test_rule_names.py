"""A rule's name in the migrants' languages: a translation kept on the current version,
given without writing a new version, carried to the next version while the name stays,
shipped for the shipped rules, and read in the reader's language with Russian behind it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from komek.audit.models import Action, AuditEntry
from komek.core.roles import Role
from komek.navigator import editing, shipped
from komek.navigator.models import Rule
from komek.navigator.tests.rule_data import make_rule, ours

pytestmark = pytest.mark.django_db

TAJIK = "Тест: 90 рӯз дар 180"


@pytest.fixture
def lawyer(make_staff):
    return make_staff(Role.LAWYER, username="lawyer")


@pytest.fixture
def rule(lawyer):
    rule = make_rule(lawyer)
    return editing.rule_verify(rule=rule, by=lawyer)


def test_a_translation_of_the_name_writes_no_new_version_and_keeps_the_verification(lawyer, rule):
    translated = editing.rule_names_translate(rule=rule, by=lawyer, name_tg=TAJIK)
    assert ours().count() == 1
    assert (translated.pk, translated.version, translated.verified) == (rule.pk, 1, True)
    assert Rule.objects.get(pk=rule.pk).name_tg == TAJIK
    entry = AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(rule.pk)).latest("pk")
    assert entry.changes["name_tg"] == ["", TAJIK]


def test_only_the_current_version_is_translated(lawyer, rule):
    editing.rule_revise(rule=rule, by=lawyer, reason="Новая редакция", expected_version=1, days=60)
    with pytest.raises(ValidationError):
        editing.rule_names_translate(rule=rule, by=lawyer, name_tg=TAJIK)
    assert Rule.objects.get(pk=rule.pk).name_tg == ""


def test_a_new_version_keeps_the_translations_while_the_name_stays(lawyer, rule):
    editing.rule_names_translate(rule=rule, by=lawyer, name_tg=TAJIK)
    rule.refresh_from_db()
    kept = editing.rule_revise(
        rule=rule, by=lawyer, reason="Новая редакция", expected_version=1, days=60
    )
    assert kept.name_tg == TAJIK
    renamed = editing.rule_revise(
        rule=kept, by=lawyer, reason="Другое название", expected_version=2, name="Тест: иначе"
    )
    assert renamed.name_tg == ""


def test_the_name_is_read_in_the_readers_language_and_in_russian_where_not_translated(lawyer, rule):
    editing.rule_names_translate(rule=rule, by=lawyer, name_tg=TAJIK, name_uz_cyrl="Тест: 90 кун")
    rule.refresh_from_db()
    expected = {"tg": TAJIK, "uz-Cyrl": "Тест: 90 кун", "ky": rule.name, "ru": rule.name}
    for language, name in expected.items():
        with translation.override(language):
            assert rule.label == name, language


def test_a_lawyer_translates_the_name_on_the_rules_page(client_for, lawyer, rule):
    url = reverse("navigator:rule_names", args=[rule.pk])
    response = client_for(lawyer).post(url, {"name_tg": TAJIK, "name_ky": "Тест: 90 күн"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.name_tg, rule.name_ky, rule.name_uz) == (TAJIK, "Тест: 90 күн", "")


def test_an_operator_cannot_translate_a_rules_name(client_for, make_staff, rule):
    url = reverse("navigator:rule_names", args=[rule.pk])
    response = client_for(make_staff(Role.HOTLINE_OPERATOR)).post(url, {"name_tg": TAJIK})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.name_tg == ""


def test_every_shipped_rule_has_its_name_in_each_migrant_language():
    shipped.ensure()
    names = shipped.read("rule_names.json")["rules"]
    for entry in shipped.read("rules.json"):
        rule = Rule.objects.get(code=entry["code"], version=1)
        for field in editing.PUBLIC_NAME_FIELDS:
            assert getattr(rule, field) == names[entry["code"]][field], (rule.code, field)
            assert getattr(rule, field) != rule.name
