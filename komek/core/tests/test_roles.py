"""The role map is the one place where roles are named; everything else asks for a
capability, so that changing what a role may do is a change to one reviewed file."""

import re
from pathlib import Path

import komek
from komek.core.roles import ROLE_CAPABILITIES, Capability, Role, roles_with

PROJECT = Path(komek.__file__).parent
# Where naming a role is the point: the map itself, the forms that choose a user's role,
# the demo staff and the sample staff of the permission test (accounts/samples.py).
MAY_NAME_ROLES = {
    "core/roles.py",
    "accounts/forms.py",
    "accounts/demo.py",
    "accounts/samples.py",
    "conftest.py",
}
# A role named through the enum, or a user's role compared with something.
ROLE_NAME = re.compile(r"\bRole\.[A-Z_]+|\.role\s*(?:==|!=|in\b)|role__in=[\[(]")


def _code_files():
    for file in PROJECT.rglob("*.py"):
        relative = file.relative_to(PROJECT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in MAY_NAME_ROLES:
            continue
        yield relative, file.read_text(encoding="utf-8")


def test_no_code_outside_the_role_map_names_a_role():
    naming = [
        f"{relative}: {match.group()}"
        for relative, text in _code_files()
        for match in ROLE_NAME.finditer(text)
    ]
    assert naming == []


def test_every_staff_role_holds_the_capability_to_use_komek_and_an_outside_translator_not():
    assert set(Role.values) == set(ROLE_CAPABILITIES)
    assert set(roles_with(Capability.USE)) == set(Role.values) - {Role.TRANSLATOR}
