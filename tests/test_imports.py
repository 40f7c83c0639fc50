"""Module structure: no two modules of screener import each other (at the top or inside
a function), so each can be read without the other."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "screener"


def _imports() -> dict[str, set[str]]:
    """Each module of screener -> the modules of screener it imports, anywhere in it."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    found: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            submodules = [
                f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules
            ]
            found[name] |= set(submodules) or ({target} & set(modules))
    return found


def test_the_import_circles_are_broken():
    imports = _imports()
    for one, other in [
        ("screener.diary", "screener.formats"),
        ("screener.report", "screener.page"),
        ("screener.efsa", "screener.references"),
        ("screener.foods", "screener.matching"),
    ]:
        assert not (other in imports[one] and one in imports[other]), (one, other)
    # the formats build on the row model alone, never on the reader that uses them
    for name, imported in imports.items():
        if name.startswith("screener.formats"):
            assert "screener.diary" not in imported, name
    assert "screener.report" not in imports["screener.page"]  # sentences: screener.sentences
    # references holds the DRIs and the helpers EFSA's values build on; the choice between
    # the two systems is screener.reference_systems, which imports both
    assert "screener.efsa" not in imports["screener.references"]
    # the food table needs nothing of the matcher: matching registers what it keeps in
    # the table's cache (foods.kept_with_table)
    assert "screener.matching" not in imports["screener.foods"]
    assert {"screener.efsa", "screener.references"} <= imports["screener.reference_systems"]


def test_the_only_mutual_imports_left():
    imports = _imports()
    mutual = {
        tuple(sorted((one, other)))
        for one, targets in imports.items()
        for other in targets
        if one != other and one in imports.get(other, set())
    }
    assert mutual == set()  # no two modules import each other
