"""Every user-visible string goes through `tr`, and every one has English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.i18n import PACKAGES, catalog, set_language, tr

ROOT = Path(__file__).resolve().parents[2]


def _marked_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"tr", "N_"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found[node.args[0].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_every_marked_string_has_an_english_translation():
    english = catalog("en")
    missing = {text: where for text, where in _marked_strings().items() if text not in english}
    assert not missing, "no English for:\n" + "\n".join(f"  {w}: {t!r}" for t, w in missing.items())


def test_translations_keep_their_placeholders():
    import string

    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    english = catalog("en")
    wrong = [k for k, v in english.items() if fields(k) != fields(v)]
    assert not wrong, f"placeholders differ: {wrong}"


def test_language_switch_changes_what_users_read():
    assert tr("Mã không hợp lệ") == "Mã không hợp lệ"
    set_language("en")
    assert tr("Mã không hợp lệ: {code}", code="X1") == "Invalid code: X1"
    with pytest.raises(ValueError):
        set_language("fr")
