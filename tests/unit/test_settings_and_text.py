"""Settings load from TOML and the environment; search folds diacritics."""

from __future__ import annotations

from core.settings import Settings, load_settings, save_settings
from core.text import fold, matches


def test_settings_default_to_an_sqlite_file_and_a_preview_printer(tmp_path):
    settings = load_settings(tmp_path / "missing.toml", env={})
    assert settings.db_url.startswith("sqlite:///") and settings.db_url.endswith("motcua.sqlite3")
    assert settings.printer.resolved_url().startswith("preview://")
    assert settings.language == "vi"


def test_settings_round_trip_and_env_override(tmp_path):
    path = tmp_path / "motcua.toml"
    s = Settings(db_url="sqlite:///x.db", language="en")
    s.printer.url = "tcp://127.0.0.1:9100"
    s.station.counter_number = 4
    save_settings(s, path)
    loaded = load_settings(path, env={})
    assert (loaded.printer.url, loaded.station.counter_number, loaded.language) == ("tcp://127.0.0.1:9100", 4, "en")
    assert load_settings(path, env={"MOTCUA_DB_URL": "postgresql://h/db"}).db_url == "postgresql://h/db"


def test_a_settings_file_is_readable_by_its_owner_only_even_when_it_was_not_before(tmp_path):
    """motcua.toml may hold the database's password: never 0644 (counter's first start saves it)."""
    path = tmp_path / "cau-hinh" / "motcua.toml"
    save_settings(Settings(db_url="postgresql+psycopg://motcua:bi-mat@10.0.0.2/motcua"), path)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)
    save_settings(Settings(db_url="sqlite:///x.db"), path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_settings(path, env={}).db_url == "sqlite:///x.db"


def test_fold_and_match_without_diacritics():
    assert fold("Đăng  ký KHAI SINH") == "dang ky khai sinh"
    assert matches("dang ky khai sinh", "Đăng ký khai sinh")
    assert matches("khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài")
    assert not matches("khai tu", "Đăng ký khai sinh")


def test_the_public_base_url_is_an_http_address_or_nothing(tmp_path):
    import pytest

    from core.settings import SettingsError

    path = tmp_path / "motcua.toml"
    path.write_text('[web]\npublic_base_url = "https://motcua.example.vn/"\n', "utf-8")
    assert load_settings(path, env={}).web.public_base_url == "https://motcua.example.vn"
    path.write_text('[web]\npublic_base_url = "motcua.example.vn"\n', "utf-8")
    with pytest.raises(SettingsError, match="web.public_base_url"):
        load_settings(path, env={})
    assert load_settings(tmp_path / "none.toml", env={}).web.public_base_url == ""
