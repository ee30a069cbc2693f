"""Browser tests: Playwright driving Debian's Chromium against the live test server.

If Chromium is missing, the setup installs the Debian packages ``chromium`` and
``chromium-driver`` with apt when it can (as root); otherwise every browser test is skipped with
a loud message in the summary — never silently.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("RENDA_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Playwright's sync API runs an event loop in the test thread; the ORM calls our tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_state: dict[str, str | None] = {"problem": None}


def _ensure_chromium() -> str | None:
    """Return None when Chromium is usable, else the reason it is not.

    ``make test`` installs it once before pytest starts (``scripts/ensure-chromium``); the test
    workers never run apt themselves (two of them raced for apt's lock and both gave up).
    """
    if CHROMIUM.exists():
        return None
    script = Path(__file__).resolve().parents[2] / "scripts" / "ensure-chromium"
    if os.geteuid() == 0 and shutil.which("apt-get") and script.exists():
        lock = Path(os.environ.get("TMPDIR", "/tmp")) / "renda-ensure-chromium.lock"
        with lock.open("w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # one worker installs, the others wait for it
            subprocess.run([str(script)], check=False, timeout=1800)  # noqa: S603
    if CHROMIUM.exists():
        return None
    return f"{CHROMIUM} is missing (install: apt-get install chromium chromium-driver)"


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if not browser_items:
        return
    problem = _ensure_chromium()
    _state["problem"] = problem
    if problem and os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests, but {problem}")
    if problem:
        skip = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: {problem}")
        for item in browser_items:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    problem = _state.get("problem")
    if problem:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(f"BROWSER TESTS WERE SKIPPED: {problem}", red=True, bold=True)
        terminalreporter.write_line(bar, red=True, bold=True)


@pytest.fixture(scope="session")
def playwright_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser, live_server):
    context = playwright_browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    pg = context.new_page()
    failed: list[str] = []
    # No page may load anything from another host.
    pg.on(
        "request",
        lambda r: failed.append(r.url) if not r.url.startswith((live_server.url, "data:", "blob:")) else None,
    )
    yield pg
    context.close()
    assert not failed, f"pages requested other hosts: {failed}"


@pytest.fixture
def phone_page(playwright_browser, live_server):
    context = playwright_browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _one_session_write_per_sign_in(settings):
    """The live server shares the test's in-memory SQLite (shared cache), where two threads writing one
    table fail at once ("database table is locked") instead of waiting. A page and its own requests
    (an image, a download, a poll) each saved the session (``SESSION_SAVE_EVERY_REQUEST``); in the
    browser tests only a change saves it, as it would without the sliding expiry."""
    settings.SESSION_SAVE_EVERY_REQUEST = False
