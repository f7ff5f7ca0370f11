"""The layers point down: core, db and devices never import Qt (import-linter); the store's services keep
their private helpers to themselves."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# What reads the wall clock as a date or an hour; time.monotonic() (durations) is fine.
WALL_CLOCK = re.compile(r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.(?:time|localtime|gmtime|ctime)"
                        r"|QDateTime\.currentDateTime(?:Utc)?|QDate\.currentDate|QTime\.currentTime)\s*\(")
CLOCK_SOURCE = ROOT / "core" / "clock.py"
CHECKED = ["core", "db", "devices", "ui", "kiosk", "counter", "display", "admin", "motcua", "tools", "tests"]


def test_only_the_store_clock_reads_the_wall_clock():
    """Time is an input: no module but core/clock.py reads the machine's date or hour (bench/ measures time)."""
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for folder in CHECKED for path in sorted((ROOT / folder).rglob("*.py")) if path != CLOCK_SOURCE
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if WALL_CLOCK.search(line.split("#", 1)[0]) and "WALL_CLOCK" not in line]
    assert not found, "reads the wall clock (use the store's clock, or core.clock.system_now):\n" + "\n".join(found)


STORE_MODULES = sorted((ROOT / "db" / "store").glob("*.py")) + [ROOT / "db" / "catalog_io.py"]


def _private_imports(tree: ast.Module) -> list[str]:
    """`from db.store.x import _name` (or `from db.store import _name`, `from db.catalog_io import _name`)."""
    return [f"{node.lineno}: from {node.module} import {alias.name}"
            for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
            and (node.module == "db.store" or node.module.startswith("db.store.") or node.module == "db.catalog_io")
            for alias in node.names if alias.name.startswith("_")]


def _foreign_private_uses(tree: ast.Module) -> list[str]:
    """`self._x` where `_x` is not a method or attribute this module defines, and `<x>.ctx._y`."""
    own = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    own |= {target.attr for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id == "self" and node.attr not in own:
            found.append(f"{node.lineno}: self.{node.attr}")
        elif isinstance(node.value, ast.Attribute) and node.value.attr == "ctx":
            found.append(f"{node.lineno}: ….ctx.{node.attr}")
    return found


def test_store_services_use_no_private_name_of_another_module():
    """A service module reaches the others through public names only: the context (db/store/base.py), the
    shared look-ups (db/store/rows.py), another service (`self.store.<service>`); never a sibling's `_helper`."""
    found = [f"{path.relative_to(ROOT)}:{line}" for path in STORE_MODULES
             for tree in [ast.parse(path.read_text("utf-8"))]
             for line in _private_imports(tree) + _foreign_private_uses(tree)]
    assert not found, "uses another module's private name:\n" + "\n".join(found)


def test_the_private_name_check_catches_both_kinds():
    tree = ast.parse("from db.store.tickets import _counter\n"
                     "class X:\n    def f(self):\n        return self._info(1), self.ctx._tx()\n")
    assert _private_imports(tree) == ["1: from db.store.tickets import _counter"]
    assert _foreign_private_uses(tree) == ["4: self._info", "4: ….ctx._tx"]
