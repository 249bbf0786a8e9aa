"""Every public page, in each state a person sees it in, checked by axe-core against the
rules of WCAG 2.1 A and AA, on a phone's screen: zero violations.

axe-core is vendored from its npm package (``tests/e2e/vendor/axe-core``, see its VERSION)
and given to the page by ``page.evaluate`` with the script's text. Not by
``page.add_script_tag(path=...)``: Playwright writes that file's text into an inline
``<script>``, which the portal's Content-Security-Policy refuses (the test would see
"Refused to execute inline script"). Not with the context's ``bypass_csp`` either: the
pages are checked under the policy they are served with, and the test still fails if the
browser refused anything under it. A script evaluated through the DevTools protocol is
the test's, not the page's, and the policy does not apply to it."""

from pathlib import Path

import pytest

from tests.e2e.portal_site import (  # noqa: F401 - fixtures
    PortalPage,
    each_portal_page,
    person_filling_at_once,
    phone_tab,
    site,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def visitor(browser):
    """A phone's tab whose browser asks for a language the portal does not speak (so
    that /m/ shows the chooser); the test fails if the browser refused anything under
    the Content-Security-Policy."""
    with phone_tab(browser, locale="de-DE") as tab:
        yield tab


def violations(tab) -> list[str]:
    """axe-core's violations of WCAG 2.1 A and AA on the page, one line per element."""
    tab.evaluate(AXE.read_text())
    found = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        WCAG_21_AA,
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at {node['target']}: "
        f"{node['failureSummary']}"
        for rule in found
        for node in rule["nodes"]
    ]


def test_the_page_has_no_accessibility_violation(live_server, visitor, portal_page: PortalPage):
    portal_page.open(visitor, live_server.url)
    assert visitor.locator("html").get_attribute("lang")
    assert violations(visitor) == []
