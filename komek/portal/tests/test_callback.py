"""The callback request from the public site, end to end: the form in the person's
language, the request in the hotline's queue, a reference and what happens next; errors
named field by field and nothing kept; the same request twice makes one callback."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from komek.audit.models import AuditEntry
from komek.core.roles import Role
from komek.hotline.models import Channel, Contact
from komek.hotline.services import topic_update
from komek.portal.tests.callback_helpers import send, stopped_clock, url, wages

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(office):
    return wages()


def sent_page(response) -> str:
    assert response.status_code == 302
    page = Client().get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize(
    ("lang", "tag", "language"), [("tg", "tg", "tg"), ("uz-cyrl", "uz-Cyrl", "uz")]
)
def test_a_person_asks_for_a_callback_in_their_language_and_gets_a_reference(
    topic, lang, tag, language
):
    with stopped_clock() as clock:
        form = Client().get(url(lang))
        assert form.status_code == 200
        assert f'<html lang="{tag}">' in form.content.decode()
        response = send(clock, topic, lang=lang, language=language)
        page = sent_page(response)

    contact = Contact.objects.get()
    assert contact.channel == Channel.WEB_FORM
    assert contact.language == language
    assert contact.caller_phone == "+992935551234"
    assert f'<html lang="{tag}">' in page
    assert re.search(r"data-reference>([0-9A-F]{4}-[0-9A-F]{4})<", page).group(1) == (
        contact.reference
    )


def test_the_form_offers_the_pages_language_for_the_call(topic):
    html = Client().get(url("uz-cyrl")).content.decode()
    assert '<option value="uz" selected>' in html


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("tg", "Музди меҳнат"), ("uz", "Ish haqi"), ("uz-cyrl", "Иш ҳақи"), ("ky", "Зарплата")],
)
def test_the_topics_are_named_in_the_pages_language_or_else_in_russian(topic, lang, shown):
    topic_update(
        topic=topic,
        updated_by=None,
        name_tg="Музди меҳнат",
        name_uz="Ish haqi",
        name_uz_cyrl="Иш ҳақи",
    )
    html = Client().get(url(lang)).content.decode()
    label = re.search(rf'value="{topic.pk}"[^>]*>\s*([^<]+?)\s*</label>', html)
    assert label.group(1) == shown


def test_the_request_is_audited_without_the_senders_address(topic):
    with stopped_clock() as clock:
        send(clock, topic, address="10.9.8.7")
    entry = AuditEntry.objects.get(object_type="hotline.Contact")
    assert entry.actor is None
    assert entry.ip is None


def test_the_operator_sees_the_request_in_the_callback_queue(topic, make_staff, client_for):
    with stopped_clock() as clock:
        send(clock, topic)
        queue = client_for(make_staff(Role.HOTLINE_OPERATOR)).get(reverse("hotline:callbacks"))
    html = queue.content.decode()
    assert "data-web-form" in html
    assert Contact.objects.get().reference in html


def test_errors_are_named_field_by_field_and_nothing_is_kept(topic):
    with stopped_clock() as clock:
        response = send(clock, topic, caller_name="", caller_phone="12345", preferred="never")

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("caller_name", "caller_phone", "preferred"):
        assert f'data-error="{field}"' in html
        assert f'href="#id_{field}' in html
    assert 'data-error="language"' not in html
    # Each field's error is read with the field, after its help.
    assert 'aria-describedby="id_caller_phone_helptext id_caller_phone_error"' in html
    assert 'id="id_caller_phone_error"' in html
    assert not Contact.objects.exists()


def test_a_number_from_elsewhere_is_refused(topic):
    with stopped_clock() as clock:
        response = send(clock, topic, caller_phone="+49 151 12345678")
    assert 'data-error="caller_phone"' in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "phone", ["+7 701 123 45 67", "87011234567", "+998 90 123 45 67", "996 555 123 456"]
)
def test_the_central_asian_and_kazakh_numbers_are_taken(topic, phone):
    with stopped_clock() as clock:
        response = send(clock, topic, caller_phone=phone)
    assert response.status_code == 302


def test_the_same_request_twice_makes_one_callback_with_one_reference(topic):
    with stopped_clock() as clock:
        first = sent_page(send(clock, topic))
        again = sent_page(send(clock, topic, address="10.0.0.2", caller_phone="992935551234"))

    assert Contact.objects.count() == 1
    reference = Contact.objects.get().reference
    assert reference in first and reference in again


def test_the_reference_page_needs_the_address_the_form_gave(topic):
    response = Client().get(reverse("portal:callback_sent", kwargs={"lang": "tg"}) + "?r=forged")
    assert response.status_code == 302
    assert response["Location"] == url("tg")


def test_the_form_is_never_cached_and_sets_no_cookie(topic):
    response = Client().get(url())
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}


def test_the_form_is_readable_without_script_until_abuse_is_seen(topic):
    html = Client().get(url()).content.decode()
    assert "vendor/altcha" not in html and "portal/callback.js" not in html
    assert "<altcha-widget" not in html
    assert 'name="caller_phone"' in html
