"""Consultation topics in the migrants' languages: the starting topics come with them, a
coordinator's own wording is kept, and a topic reads in Russian where one is missing."""

import pytest
from django.urls import reverse
from django.utils import translation

from komek.audit.models import AuditEntry
from komek.core.roles import Role
from komek.hotline.models import Topic
from komek.hotline.services import topic_create, topic_update
from komek.hotline.topics import PUBLIC_NAME_FIELDS, STARTING_TOPICS, seed_topics

pytestmark = pytest.mark.django_db


def test_the_starting_topics_come_with_their_names_in_the_migrants_languages():
    seed_topics()
    for code, *_names in STARTING_TOPICS:
        topic = Topic.objects.get(code=code)
        assert all(getattr(topic, field) for field in PUBLIC_NAME_FIELDS), code
    wages = Topic.objects.get(code="wages")
    with translation.override("tg"):
        assert wages.label == "Музди меҳнат"
    with translation.override("uz-Cyrl"):
        assert wages.label == "Иш ҳақи"
    with translation.override("uz"):
        assert wages.label == "Ish haqi"


def test_seeding_again_fills_the_missing_names_and_keeps_a_coordinators_wording():
    topic_create(created_by=None, code="wages", name_ru="Зарплата", name_tg="Маош")
    seed_topics()
    wages = Topic.objects.get(code="wages")
    assert wages.name_tg == "Маош"
    assert wages.name_ky == "Эмгек акы"


def test_a_topic_without_a_name_in_the_language_reads_in_russian():
    topic = topic_create(created_by=None, code="visa", name_ru="Виза", name_en="Visa")
    for language in ("tg", "ky", "uz", "uz-Cyrl", "ru"):
        with translation.override(language):
            assert topic.label == "Виза"
    with translation.override("en"):
        assert topic.label == "Visa"


def test_a_coordinator_names_a_topic_in_kyrgyz(client_for, make_staff):
    topic = topic_create(created_by=None, code="visa", name_ru="Виза")
    coordinator = make_staff(Role.COORDINATOR)
    data = {"code": "visa", "name_ru": "Виза", "name_ky": "Виза алуу", "order": 10}
    response = client_for(coordinator).post(reverse("hotline:topic_edit", args=[topic.pk]), data)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name_ky == "Виза алуу"
    assert topic.history.first().name_ky == "Виза алуу"


def test_a_topics_names_are_audited():
    topic = topic_create(created_by=None, code="visa", name_ru="Виза")
    topic_update(topic=topic, updated_by=None, name_uz="Viza")
    entry = AuditEntry.objects.filter(object_id=str(topic.pk)).latest("pk")
    assert entry.changes["name_uz"] == ["", "Viza"]
