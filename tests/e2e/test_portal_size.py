"""Every public page, in each state a person sees it in, costs at most 150 KB on the wire
with everything it loads: a browser with an empty cache opens the page and waits until
the service worker has kept it for offline (the worker's own script and what it keeps
count too); every response that came from the network counts with its headers and its
body as sent (compressed when it was). A page opened by a first action (the callback
form sent with errors) counts with the page it was opened from."""

import pytest
from playwright.sync_api import expect

from tests.e2e.portal_site import (  # noqa: F401 - fixtures
    PortalPage,
    each_portal_page,
    person_filling_at_once,
    site,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def empty_cache(browser):
    """A phone's new browser (no cache, no service worker yet) and the requests it made
    that were answered, the service worker's included."""
    context = browser.new_context(viewport=PHONE, locale="de-DE", is_mobile=True)
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab, finished
    context.close()


def kept_for_offline(tab) -> None:
    """Waits until the service worker is active (it has kept its assets) and, for a page
    it keeps (one answered 200), until the page says it is saved for offline."""
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    status = tab.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    if status == 200:
        expect(tab.locator("#offline-state")).to_be_visible()


def transferred(finished: list) -> dict[str, int]:
    """Bytes on the wire per address: a response a service worker answered from its cache
    or from its own request costs nothing more than that request."""
    sizes: dict[str, int] = {}
    for request in finished:
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        size = request.sizes()
        sizes[request.url] = (
            sizes.get(request.url, 0) + size["responseHeadersSize"] + size["responseBodySize"]
        )
    return sizes


def test_the_page_weighs_at_most_150_kb(live_server, empty_cache, portal_page: PortalPage):
    tab, finished = empty_cache
    portal_page.open(tab, live_server.url)
    kept_for_offline(tab)
    sizes = transferred(finished)
    assert any("/m/" in url for url in sizes)
    assert sum(sizes.values()) <= BUDGET, sizes
