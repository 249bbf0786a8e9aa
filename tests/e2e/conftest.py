"""Browser tests: Playwright driving Debian's chromium against a live Komek server."""

import os
import shutil
from urllib.parse import urljoin, urlsplit

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (seeding, reading TOTP keys) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KOMEK_SCREENSHOTS") != "1":
        skip = pytest.mark.skip(reason="screenshots are taken by `make screenshots`")
        for item in items:
            if "screenshots" in item.keywords:
                item.add_marker(skip)
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("KOMEK_REQUIRE_TOOLS") == "1":
        raise pytest.UsageError(f"{CHROMIUM} is required (KOMEK_REQUIRE_TOOLS=1).")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab; the test fails if the browser refused anything under the
    Content-Security-Policy (an inline script or style a page still carries)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == []


def current_code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form:has(#id_password) button[type=submit]").click()
    page.locator("#id_token").fill(current_code(username))
    page.locator("main form:has(#id_token) button[type=submit]").click()
    page.wait_for_selector("#user-menu", state="attached")


def open_page(page, group: str, name: str) -> None:
    """Go to a page of the main menu: through its group's dropdown when the user has more
    than one page of the group, else by the link the group is shown as."""
    menu = page.locator("nav .navbar-nav")
    toggle = menu.get_by_role("button", name=group)
    if toggle.count():
        toggle.click()
    follow(page, menu.get_by_role("link", name=name))


def follow(page, link) -> None:
    """Click a link and wait until the page it leads to has loaded, its deferred scripts
    included: a key pressed or a button clicked before they run would do nothing."""
    target = urlsplit(urljoin(page.url, link.get_attribute("href"))).path
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == target)


def sign_out(page) -> None:
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Выйти").click()
