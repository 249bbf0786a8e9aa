"""Dependencies point one way: a lower app never names a higher one.

An app names another when its Python imports ``komek.<app>``, or when its Python
(``reverse``, ``reverse_lazy``, ``redirect``, ``resolve_url``, a ``url_name=`` argument) or
its templates (``{% url %}``, ``{% include %}``, ``{% extends %}``) name the other app's
URLs or templates. Where a lower page shows higher data, the higher app registers with
the lower one (menu entries, panels, actions, indicators): see docs/adding-a-module.md.

The rule applies to an app's tests too: a test of a lower app that needs a higher app's
data is a cross-app test and belongs under tests/ (which is not checked), so that an app's
own tests keep running when a higher app is removed. The one exception is core's
permission test, whose job is to walk every URL of every installed app.
"""

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "komek"

# Lowest first. An app may name the apps of lower layers; apps of the same layer may not
# name each other unless SAME_LAYER_ALLOWED says so.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"core"}),
    frozenset({"accounts", "audit", "notifications"}),
    frozenset({"partners", "people"}),
    frozenset({"hotline"}),
    frozenset({"cases"}),
    frozenset(
        {
            "letters",
            "statistics",
            "aid",
            "trainings",
            "publications",
            "navigator",
            "api",
        }
    ),
    # The public pages show the booklets, the navigator's answers and the offices, and
    # send callback requests to the hotline: above every app whose data they show.
    frozenset({"portal"}),
)

SAME_LAYER_ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        # Accounts records sign-ins, lockouts and user and office changes in the audit
        # log; audit's tests drive accounts' pages to see an entry made during a request.
        # Users and the log they leave are one foundation; notifications stays apart.
        ("accounts", "audit"),
        ("audit", "accounts"),
        # A booklet explains the rules the navigator keeps: the staleness report asks it
        # whether a rule a booklet cites was revised after the edition was published.
        ("publications", "navigator"),
        # A training's budget is charged to a line of the projects the aid pages keep.
        ("trainings", "aid"),
    }
)

# Files that may name any app, with the reason.
EXEMPT = frozenset(
    {
        # The permission test walks every URL of every installed app × every role.
        "komek/core/tests/test_permissions.py",
    }
)

URL_FUNCTIONS = frozenset({"reverse", "reverse_lazy", "redirect", "resolve_url"})
URL_KEYWORDS = frozenset({"url_name", "viewname"})
TEMPLATE_SUFFIXES = frozenset({".html", ".txt", ".xml", ".svg"})
TEMPLATE_NAMING = re.compile(r"""\{%\s*(?P<tag>url|include|extends)\s+['"](?P<target>[^'"]+)['"]""")


@dataclass(frozen=True)
class Naming:
    path: str
    line: int
    app: str
    how: str


@dataclass(frozen=True)
class Violation:
    naming: Naming
    source_app: str

    def __str__(self) -> str:
        naming = self.naming
        return (
            f"{naming.path}:{naming.line}: {self.source_app} (layer {layer_of(self.source_app)})"
            f" names {naming.app} (layer {layer_of(naming.app)}) in {naming.how}; a lower app"
            " must not name a higher one or an app of its own layer: let the other app"
            " register with it instead."
        )


def layer_of(app: str) -> int:
    for index, apps in enumerate(LAYERS):
        if app in apps:
            return index
    raise AssertionError(f"{app} is in no layer: add it to LAYERS in tests/test_architecture.py")


def may_name(source_app: str, named_app: str) -> bool:
    if source_app == named_app:
        return True
    source_layer, named_layer = layer_of(source_app), layer_of(named_app)
    if source_layer == named_layer:
        return (source_app, named_app) in SAME_LAYER_ALLOWED
    return source_layer > named_layer


def _app_from_module(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "komek":
        return parts[1]
    return None


def _app_from_url_name(value: object) -> str | None:
    if isinstance(value, str) and ":" in value:
        return value.split(":", 1)[0]
    return None


def python_namings(source: str, path: str) -> Iterator[Naming]:
    """The apps that Python ``source`` names, through imports and URL names."""
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_from_module(alias.name):
                    yield Naming(path, node.lineno, app, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "komek":
                for alias in node.names:
                    yield Naming(path, node.lineno, alias.name, f"from komek import {alias.name}")
            elif app := _app_from_module(node.module):
                yield Naming(path, node.lineno, app, f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            function = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            arguments = node.args[:1] if function in URL_FUNCTIONS else []
            for argument in arguments:
                if app := _app_from_url_name(getattr(argument, "value", None)):
                    how = f"{function}({argument.value!r})"
                    yield Naming(path, argument.lineno, app, how)
            for keyword in node.keywords:
                value = getattr(keyword.value, "value", None)
                if keyword.arg in URL_KEYWORDS and (app := _app_from_url_name(value)):
                    yield Naming(path, keyword.value.lineno, app, f"{keyword.arg}={value!r}")


def template_namings(text: str, path: str) -> Iterator[Naming]:
    """The apps that template ``text`` names, through ``{% url %}``, includes and extends."""
    for match in TEMPLATE_NAMING.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        separator = ":" if match["tag"] == "url" else "/"
        if separator in match["target"]:
            app = match["target"].split(separator, 1)[0]
            yield Naming(path, line, app, f"{{% {match['tag']} '{match['target']}' %}}")


def app_of(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) < 2 or not (PACKAGE / relative.parts[0] / "apps.py").exists():
        return None
    return relative.parts[0]


def namings_in(path: Path) -> Iterator[Naming]:
    name = path.relative_to(ROOT).as_posix()
    if path.suffix == ".py":
        yield from python_namings(path.read_text(encoding="utf-8"), name)
    elif "templates" in path.relative_to(PACKAGE).parts and path.suffix in TEMPLATE_SUFFIXES:
        yield from template_namings(path.read_text(encoding="utf-8"), name)


def violations(paths: Iterable[Path]) -> list[Violation]:
    found = []
    for path in paths:
        source_app = app_of(path)
        if source_app is None or path.relative_to(ROOT).as_posix() in EXEMPT:
            continue
        for naming in namings_in(path):
            installed = any(naming.app in apps for apps in LAYERS)
            if not installed and not (PACKAGE / naming.app / "apps.py").exists():
                continue  # a template folder or URL namespace that is no Komek app
            if not may_name(source_app, naming.app):
                found.append(Violation(naming, source_app))
    return found


def project_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*") if path.is_file())


def test_no_app_names_a_higher_app_or_an_app_of_its_own_layer():
    found = [str(violation) for violation in violations(project_files())]
    assert not found, "\n".join(found)


def test_every_app_has_a_layer():
    for apps_py in PACKAGE.glob("*/apps.py"):
        layer_of(apps_py.parent.name)


def test_the_layers_read_lowest_first():
    assert may_name("cases", "hotline")
    assert may_name("hotline", "people")
    assert may_name("people", "core")
    assert may_name("statistics", "cases")
    assert not may_name("hotline", "cases")
    assert not may_name("core", "accounts")
    assert not may_name("notifications", "accounts")


def test_letters_and_statistics_may_not_name_each_other():
    assert not may_name("letters", "statistics")
    assert not may_name("statistics", "letters")


def test_an_import_of_a_higher_app_is_reported_with_file_line_and_direction():
    source = "import os\n\nfrom komek.cases.models import Case\nimport komek.letters.rendering\n"
    namings = list(python_namings(source, "komek/hotline/views/x.py"))
    assert [(n.line, n.app) for n in namings] == [(3, "cases"), (4, "letters")]
    message = str(Violation(namings[0], "hotline"))
    assert message.startswith("komek/hotline/views/x.py:3: hotline (layer 3) names cases (layer 4)")


def test_a_url_name_of_a_higher_app_in_python_is_reported():
    source = (
        "def view(request):\n"
        "    next_url = reverse('cases:detail', args=[1])\n"
        "    navigation.register(url_name='statistics:dashboard')\n"
        '    return redirect("letters:list")\n'
    )
    namings = python_namings(source, "komek/people/views.py")
    assert [(n.line, n.app) for n in namings] == [(2, "cases"), (3, "statistics"), (4, "letters")]


def test_a_url_or_template_of_a_higher_app_in_a_template_is_reported():
    text = (
        '{% extends "core/base.html" %}\n'
        "<a href=\"{% url 'cases:open' contact.pk %}\">\n"
        '{% include "letters/panel.html" %}\n'
    )
    namings = template_namings(text, "komek/hotline/templates/hotline/x.html")
    assert [(n.line, n.app) for n in namings] == [(1, "core"), (2, "cases"), (3, "letters")]


def test_the_checker_fails_on_a_file_that_names_a_higher_app(tmp_path, monkeypatch):
    package = tmp_path / "komek"
    for app in ("core", "cases"):
        (package / app).mkdir(parents=True)
        (package / app / "apps.py").write_text("")
    offender = package / "core" / "templates" / "core" / "menu.html"
    offender.parent.mkdir(parents=True)
    offender.write_text("<a href=\"{% url 'cases:list' %}\">\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    found = violations([offender, package / "cases" / "apps.py"])
    assert [str(violation).split(";")[0] for violation in found] == [
        "komek/core/templates/core/menu.html:1: core (layer 0) names cases (layer 4)"
        " in {% url 'cases:list' %}"
    ]


def test_files_outside_the_apps_and_exempt_files_are_not_checked():
    assert app_of(PACKAGE / "settings.py") is None
    assert app_of(PACKAGE / "conftest.py") is None
    assert violations([PACKAGE / "core" / "tests" / "test_permissions.py"]) == []
