"""What a reader of the repository relies on: links that lead somewhere inside it, and a
licence that the package metadata declares."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def relative_links(document: Path) -> list[str]:
    targets = (match["target"] for match in LINK.finditer(document.read_text(encoding="utf-8")))
    return [target for target in targets if not re.match(r"[a-z]+:|#", target)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_relative_link_leads_to_a_file_in_the_repository(document):
    for target in relative_links(document):
        path = (document.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{document.name} links outside the repository: {target}"
        assert path.exists(), f"{document.name} links to a missing file: {target}"


def test_the_licence_is_the_agpl_and_the_package_says_so():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.split()[:8] == [
        "GNU",
        "AFFERO",
        "GENERAL",
        "PUBLIC",
        "LICENSE",
        "Version",
        "3,",
        "19",
    ]
    assert "END OF TERMS AND CONDITIONS" in licence
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
