"""Every cell Komek writes to a spreadsheet goes through ``komek.core.exports.safe_cell``:
``komek/core/exports.py`` is the only module that may reach a spreadsheet writer
(openpyxl's workbooks and cells, xlsxwriter, the csv module's writers), so no module
can write a cell that was not made safe. Reading tables is ``komek/core/tables.py``'s
job, with openpyxl's reader only. Tests are not checked: they build the files they read."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "komek"
WRITER = "komek/core/exports.py"
# What a module other than the writer may take from the spreadsheet libraries.
READERS = {"komek/core/tables.py": {"openpyxl.load_workbook"}}
CSV_WRITERS = {"writer", "DictWriter"}
LIBRARIES = ("openpyxl", "xlsxwriter")


def _names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Each spreadsheet library name a module imports or uses, with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    yield node.lineno, alias.name
                if alias.name == "csv":
                    yield from _csv_writers(tree, alias.asname or "csv")
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            for alias in node.names:
                if root in LIBRARIES:
                    yield node.lineno, f"{node.module}.{alias.name}"
                elif node.module == "csv" and alias.name in CSV_WRITERS:
                    yield node.lineno, f"csv.{alias.name}"


def _csv_writers(tree: ast.AST, name: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == name
            and node.attr in CSV_WRITERS
        ):
            yield node.lineno, f"csv.{node.attr}"


def bypasses(root: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).as_posix()
        if relative == WRITER or "/tests/" in relative or "/migrations/" in relative:
            continue
        allowed = READERS.get(relative, set())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{relative}:{line} uses {name}: write cells through komek.core.exports"
            for line, name in sorted(_names(tree))
            if name not in allowed
        ]
    return found


def test_only_the_exports_module_writes_spreadsheet_cells():
    assert bypasses() == []


def test_a_module_writing_a_workbook_or_a_csv_itself_is_reported(tmp_path):
    app = tmp_path / "komek" / "reports"
    app.mkdir(parents=True)
    (app / "sneaky.py").write_text(
        "import csv\nfrom openpyxl import Workbook\nimport xlsxwriter\n"
        "def write(out):\n    csv.writer(out).writerow(['=1+1'])\n",
        encoding="utf-8",
    )
    (app / "fine.py").write_text("import csv\nrows = csv.reader([])\n", encoding="utf-8")
    assert bypasses(tmp_path / "komek") == [
        "komek/reports/sneaky.py:2 uses openpyxl.Workbook: write cells through komek.core.exports",
        "komek/reports/sneaky.py:3 uses xlsxwriter: write cells through komek.core.exports",
        "komek/reports/sneaky.py:5 uses csv.writer: write cells through komek.core.exports",
    ]
