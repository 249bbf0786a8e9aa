"""Demo data is what the apps register: seed_demo runs their loaders in order."""

from io import StringIO

import pytest
from django.core.management import call_command

from komek.core import demo


def test_seed_demo_runs_each_registered_loader_in_order_and_says_what_it_made(monkeypatch):
    ran = []
    monkeypatch.setattr(demo, "_loaders", {})
    demo.register("second", lambda: ran.append("second") or 3, order=20, describe="{} rows".format)
    demo.register("first", lambda: ran.append("first") or 1, order=10)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert ran == ["first", "second"]
    assert out.getvalue().splitlines()[1:] == ["1", "3 rows"]


def test_every_app_with_demo_data_registers_it():
    assert [loader.name for loader in demo.loaders()] == [
        "accounts",
        "partners",
        "people",
        "hotline",
        "cases",
        "letters",
        "statistics",
        "aid",
        "publications",
        "publications_print",
        "navigator",
        "trainings",
        "duplicates",
    ]


def test_an_unknown_loader_is_refused():
    with pytest.raises(KeyError):
        demo.load("nothing")
