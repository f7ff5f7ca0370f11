"""The phone pages for the tests: a real `motcua web` child on 127.0.0.1 (plain HTTP, the test's running clock)
and a real headless browser (Debian's chromium driven by selenium through chromium-driver) at 360×800.

    site = PhoneSite.start(folder, db_url)   # waits until it answers
    browser = phone_browser()
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from clock_tools import env_at, env_real_clock
from server_tools import ROOT, free_port, stop_process

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
SCREENSHOTS = ROOT / "docs" / "screenshots"
WAIT_S = 30  # a deadline for what must happen, on a loaded 2-core machine (not a measure of speed)


@dataclass
class PhoneSite:
    folder: Path
    db_url: str
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls, folder: Path, db_url: str, *, deadline_s: float = 90) -> "PhoneSite":
        folder.mkdir(parents=True, exist_ok=True)
        port = free_port()
        config = folder / "web.toml"
        config.write_text(f'db_url = "{db_url}"\n[web]\npublic_base_url = "http://127.0.0.1:{port}"\n', "utf-8")
        log = folder / "web.log"
        env = env_at(None, {**os.environ, "MOTCUA_CONFIG": str(config)})
        env.pop("MOTCUA_DB_URL", None)
        with open(log, "w") as out:
            proc = subprocess.Popen([sys.executable, "-m", "motcua", "web", "--host", "127.0.0.1", "--port", str(port)],
                                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        site = cls(folder, db_url, port, proc, log)
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            assert proc.poll() is None, log.read_text()
            try:
                httpx.get(f"{site.url}/static/phone.css", timeout=2)
                return site
            except httpx.HTTPError:
                time.sleep(0.2)
        site.stop()
        raise AssertionError(f"the phone pages did not answer: {log.read_text()}")

    def stop(self) -> None:
        stop_process(self.proc)


def phone_browser():
    """Headless chromium at a cheap phone's 360×800, Vietnamese first; skips when chromium is not installed."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromium-driver are missing: run `bash install/setup.sh --dev`")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=360,800",
                "--lang=vi", "--autoplay-policy=no-user-gesture-required", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    # a phone's viewport (a desktop window has a minimum width above 360)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 800,
                                                                          "pixelRatio": 1.0}})
    # the browser on the machine's own clock (clock_tools.env_real_clock): what it shows is the server's
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env_real_clock()), options=options)
    driver.set_page_load_timeout(WAIT_S)
    return driver


def until(driver, condition, seconds: float = WAIT_S):
    """Wait for `condition(driver)` (a selenium wait with a deadline that holds on a loaded machine)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def now(d):
        try:
            return condition(d)
        except WebDriverException as error:  # a page being replaced by the next one (after a form is sent)
            if "does not belong to the document" in (error.msg or ""):
                return False
            raise

    # the page replaces its live part on every update: an element read just then is stale, read it again
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(now)


def screenshot(driver, name: str) -> None:
    """docs/screenshots/phone_<name>.png when MOTCUA_SCREENSHOTS is set (tools/screenshot_phone_pages.sh)."""
    if os.environ.get("MOTCUA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / f"phone_{name}.png"))
