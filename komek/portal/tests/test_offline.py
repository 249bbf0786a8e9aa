"""The service worker that keeps opened pages and PDFs for offline: served from /m/ so
that its scope is the portal, as a script the Content-Security-Policy allows."""

import pytest
from django.utils.html import escapejs

from komek.portal.page import OFFLINE_CACHE

pytestmark = pytest.mark.django_db


def test_the_worker_is_a_script_served_from_the_portal(client):
    response = client.get("/m/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert f'var CACHE = "{escapejs(OFFLINE_CACHE)}";' in body
    assert f'var SCOPE = "{escapejs("/m/")}";' in body
    assert f'"{escapejs("/static/portal/portal.css")}"' in body


def test_every_page_shows_the_saved_state_only_once_the_script_finds_it_kept(client):
    html = client.get("/m/ky/").content.decode()
    assert '<p id="offline-state" class="saved" role="status" hidden>' in html
