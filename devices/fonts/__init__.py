"""The bundled Vietnamese-capable font (Noto Sans, SIL OFL 1.1): never a system font."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def font_path(bold: bool = False) -> Path:
    return FOLDER / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")
