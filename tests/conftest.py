"""Shared fixtures. UI tests run offscreen; PostgreSQL tests need MOTCUA_TEST_PG_URL."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Every test starts in Vietnamese, the default language, and leaves it so."""
    set_language("vi")
    yield
    set_language("vi")
