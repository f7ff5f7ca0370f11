"""The code's habits hold: ruff and mypy are configured, and mypy excuses no module."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]


def test_mypy_checks_core_and_db_and_excuses_no_module():
    """Every module of core/ and db/ passes mypy: no `ignore_errors` override comes back."""
    mypy = config()["mypy"]
    assert set(mypy["files"]) == {"core", "db"}
    excused = {m for o in mypy.get("overrides", []) if o.get("ignore_errors") for m in o["module"]}
    assert not excused, f"modules excused from mypy: {sorted(excused)}"


def test_the_test_command_runs_ruff_and_mypy_before_pytest():
    script = (ROOT / "install" / "test.sh").read_text("utf-8")
    assert script.index("bin/ruff check") < script.index("bin/mypy") < script.index("-m pytest")
    assert set(config()["ruff"]["lint"]["select"]) >= {"E", "F", "W", "B"}
