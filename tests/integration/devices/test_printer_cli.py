"""`motcua printer test|status` as an installer uses it."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from motcua.cli import main


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_CONFIG", str(tmp_path / "none.toml"))


def test_printer_test_to_a_preview_folder_says_where_the_png_is(tmp_path, capsys):
    assert main(["printer", "test", "--printer", f"preview://{tmp_path}/out", "--width", "58"]) == 0
    out = capsys.readouterr().out
    png = next((tmp_path / "out").glob("*.png"))
    assert "Đã gửi phiếu mẫu" in out and str(png) in out
    image = Image.open(png)
    assert image.width == 384
    assert [d.data for d in decode(image.convert("L"))] == [b"A001"]


def test_printer_test_over_the_network(fake_printer, capsys):
    assert main(["printer", "test", "--printer", fake_printer.url]) == 0
    assert fake_printer.url in capsys.readouterr().out
    assert b"A001" in fake_printer.wait_jobs(1)[0]


def test_printer_status_in_json_and_in_words(fake_printer, capsys):
    fake_printer.paper_out = True
    assert main(["printer", "status", "--printer", fake_printer.url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["state"], data["paper"], data["can_print"]) == ("paper_out", "out", False)
    assert main(["--lang", "en", "printer", "status", "--printer", fake_printer.url]) == 0
    assert capsys.readouterr().out.strip() == "The printer is out of paper."


def test_printer_failures_are_one_line_and_exit_1(capsys):
    assert main(["printer", "test", "--printer", "lpt1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Địa chỉ máy in lpt1 không dùng được: phải bắt đầu bằng tcp://" in err
    assert main(["printer", "status", "--printer", "win32://Nope"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert main(["printer", "status", "--printer", "tcp://[::1:9100"]) == 1
    assert capsys.readouterr().err == "Lỗi: Địa chỉ máy in tcp://[::1:9100 sai dạng, ví dụ đúng: tcp://192.168.1.50:9100\n"


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["printer", "status", "--width", "70"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
