"""The README's store example runs exactly as printed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from clock_tools import env_at

ROOT = Path(__file__).resolve().parents[2]


def test_readme_store_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- store-example -->\s*```python\n(.*?)```", readme, re.S)
    assert block, "README has no store example"
    monkeypatch.chdir(tmp_path)
    motcua = [sys.executable, "-m", "motcua"]
    subprocess.run([*motcua, "--db", "sqlite:///motcua-demo.sqlite3", "demo", "--no-launch"], check=True,
                   capture_output=True, env=env_at())
    result = subprocess.run([sys.executable, "-c", block.group(1)], capture_output=True, text=True, cwd=tmp_path,
                            env=env_at())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["A001", "A001"]
