"""Every PDF form embeds every font it names (read back with poppler's pdffonts, a tool we did not write)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from test_forms import data

from devices.forms import FORMS, render_form

pytestmark = pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is not installed")


def fonts_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_embeds_all_its_fonts(form, tmp_path):
    fonts = fonts_of(render_form(form, data()), tmp_path)
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert not [line for line in fonts if line.startswith("Helvetica")]
