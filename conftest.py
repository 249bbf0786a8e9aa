"""The test database files live in var/ (komek/settings.py), which a fresh clone has not
made yet."""

from pathlib import Path


def pytest_configure(config):
    (Path(__file__).parent / "var").mkdir(exist_ok=True)
