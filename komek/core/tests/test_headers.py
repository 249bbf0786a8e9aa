"""Headers on every response: no cached copy of a signed-in page, no unused browser feature."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from komek.core.headers import PERMISSIONS_POLICY
from komek.core.roles import Role


def test_a_signed_in_page_is_never_stored_by_a_cache(client_for, make_staff):
    response = client_for(make_staff(Role.COORDINATOR)).get(reverse("core:home"))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_every_response_refuses_the_browser_features_komek_does_not_use(
    client, client_for, make_staff
):
    anonymous = client.get(resolve_url(settings.LOGIN_URL))
    assert anonymous.status_code == 200
    signed_in = client_for(make_staff(Role.HOTLINE_OPERATOR)).get(reverse("core:home"))
    assert anonymous["Permissions-Policy"] == signed_in["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY
