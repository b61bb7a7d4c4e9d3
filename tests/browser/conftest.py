"""Fixtures for the browser tests: Debian's Chromium driven by Playwright (sync API).

The server under test comes from the session fixture `live_server` (tests/conftest.py),
which starts a real `python server.py` and yields its base URL.

Chromium is the system one (/usr/bin/chromium, from apt); Playwright never downloads a
browser here. Set SEND_HELPER_CHROMIUM to use another binary.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from playwright import sync_api as playwright_sync
from playwright.sync_api import expect

from browser_helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Widget

HERE = Path(__file__).resolve().parent
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against the live server")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server):
    return str(live_server).rstrip("/")


class PageProblems:
    """Uncaught script errors and CSP violations seen by a page; a test ends with none."""

    def __init__(self):
        self.errors: list[str] = []

    def watch(self, page):
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: self.errors.append(f"console: {msg.text}")
            if msg.type == "error" and re.search(r"Content Security Policy|Refused to", msg.text)
            else None,
        )


@pytest.fixture
def make_context(chromium, request):
    """new context(**options) -> a fresh browser context, closed after the test."""
    contexts = []
    problems = PageProblems()

    def make(**options):
        opts = {"viewport": DESKTOP, **options}
        ctx = chromium.new_context(**opts)
        ctx.set_default_timeout(30_000)
        ctx.on("page", problems.watch)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()
    if problems.errors:
        pytest.fail("page problems:\n" + "\n".join(problems.errors))


@pytest.fixture
def page(make_context):
    ctx = make_context()
    pg = ctx.new_page()
    yield pg


@pytest.fixture
def widget_page(page, base_url):
    page.goto(base_url + "/")
    return Widget(page)


@pytest.fixture
def axe_path():
    path = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        msg = "axe-core missing: run `npm ci` in tests/browser"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path

