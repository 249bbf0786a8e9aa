"""The demo booklet through the pages, as a visitor of the demo finds it."""

import pytest
from django.urls import reverse

from komek.accounts import demo as accounts_demo
from komek.accounts.models import User
from komek.publications import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    accounts_demo.seed()
    demo.load()
    return User.objects.get(username="coordinator")


def test_the_demo_booklet_opens_on_every_page(client_for, coordinator):
    client = client_for(coordinator)
    slug = demo.SLUG
    listing = client.get(reverse("publications:list")).content.decode()
    assert 'data-language="uz" data-progress="published"' in listing
    assert 'data-language="ky" data-progress="outdated"' in listing
    page = client.get(reverse("publications:material", args=[slug])).content.decode()
    assert "<table>" in page
    kyrgyz = client.get(
        reverse("publications:translate", args=[slug, "ky"]), {"state": "outdated"}
    ).content.decode()
    assert kyrgyz.count("data-outdated") == 1
    assert "<ins" in kyrgyz
    tajik = client.get(reverse("publications:translate", args=[slug, "tg"])).content.decode()
    assert 'data-state="needs_review"' in tajik and 'data-state="untranslated"' in tajik
    for name, lang in (("export", "tg"), ("import", "tg"), ("publish", "tg")):
        assert client.get(reverse(f"publications:{name}", args=[slug, lang])).status_code == 200
    uzbek = client.get(reverse("publications:edition", args=[slug, "uz", 1])).content.decode()
    assert 'id="edition-text"' in uzbek
    for name in ("staleness", "glossary", "work"):
        assert client.get(reverse(f"publications:{name}")).status_code == 200
