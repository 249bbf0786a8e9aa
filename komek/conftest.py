"""Shared fixtures: named users, one per role, plus an outsider from another office, and
the system tools that PDFs need."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from komek.accounts import services
from komek.accounts.models import Office, User
from komek.core.roles import Role

PASSWORD = "correct-horse-battery"


@pytest.fixture
def office(db) -> Office:
    return services.office_create(created_by=None, code="astana", name="Астана", city="Астана")


@pytest.fixture
def other_office(db) -> Office:
    return services.office_create(created_by=None, code="almaty", name="Алматы", city="Алматы")


def make_user(username: str, role: str, office: Office, **extra) -> User:
    user = services.user_create(
        created_by=None, password=PASSWORD, username=username, role=role, office=office, **extra
    )
    device = services.second_factor_start(user=user)
    services.second_factor_confirm(device=device)
    return user


@pytest.fixture
def make_staff(office):
    def factory(role: str = Role.HOTLINE_OPERATOR, username: str | None = None, **extra) -> User:
        return make_user(
            username or f"{role}-{User.objects.count()}", role, extra.pop("office", office), **extra
        )

    return factory


def verified_client(user: User) -> Client:
    """A client signed in as ``user`` with the second factor passed."""
    client = Client()
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for():
    return verified_client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # A request by a user with another interface language leaves it active in the thread
    # after the response: each test starts in the default language, whatever ran before.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files go to a throwaway folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


def require_system_tool(available: bool, what: str) -> None:
    """Skip a test whose system package is missing, unless CI demands every tool
    (KOMEK_REQUIRE_TOOLS=1, set by .ci/run, which installs them)."""
    if available:
        return
    if os.environ.get("KOMEK_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{what} is required (KOMEK_REQUIRE_TOOLS=1).")
    pytest.skip(f"{what} is not installed")


def weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


@pytest.fixture
def needs_pdf_tools():
    require_system_tool(
        weasyprint_loads(), "Pango, for WeasyPrint (apt-get install libpango-1.0-0)"
    )
    require_system_tool(
        bool(shutil.which("pdftotext")), "pdftotext (apt-get install poppler-utils)"
    )


# The colour of a chart's bars (core/includes/bar_chart.html), to find charts in a picture.
CHART_BAR_RGB = (0x0B, 0x55, 0x63)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [shutil.which("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def chart_pixels(png: Path) -> int:
    """How many pixels of a picture have the colour of the charts' bars."""
    from PIL import Image

    data = Image.open(png).convert("RGB").tobytes()
    return sum(
        1
        for pixel in zip(data[0::3], data[1::3], data[2::3], strict=True)
        if all(
            abs(channel - target) < 24 for channel, target in zip(pixel, CHART_BAR_RGB, strict=True)
        )
    )


def first_page_png(pdf: Path) -> Path:
    """The first page of a PDF drawn by pdftoppm, beside it."""
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return prefix.with_suffix(".png")
