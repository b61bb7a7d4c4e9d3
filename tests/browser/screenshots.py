"""Regenerate the screenshots in docs/screenshots/ from the real pages.

    python tests/browser/screenshots.py                      # starts `python server.py` on a free port
    python tests/browser/screenshots.py --base-url http://127.0.0.1:5005

Uses Debian's Chromium (/usr/bin/chromium) through Playwright, like the browser tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(HERE))
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, Adviser, Widget, running_server  # noqa: E402


def widget_with_answer(browser, base, path, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.goto(base + "/")
    w = Widget(page)
    w.open()
    expect(w.ask_for_cited_answer()).to_be_visible()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    # Show the end of the answer: its Sources line, the feedback buttons and any suggestions.
    w.log.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_timeout(200)
    page.screenshot(path=str(path))
    ctx.close()


def adviser(browser, base, path):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(base + "/adviser")
    a = Adviser(page)
    a.search_by_keyboard("redress")
    page.wait_for_timeout(200)
    page.screenshot(path=str(path))
    ctx.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-url", help="a running SEND Helper server (default: start one)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(base):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                widget_with_answer(browser, base, OUT / "widget-desktop.png", viewport={"width": 1280, "height": 800})
                widget_with_answer(browser, base, OUT / "widget-phone.png", viewport={"width": 375, "height": 740},
                                   is_mobile=True, has_touch=True)
                adviser(browser, base, OUT / "adviser.png")
            finally:
                browser.close()
        for name in ("widget-desktop.png", "widget-phone.png", "adviser.png"):
            print(OUT / name)

    if args.base_url:
        shoot(args.base_url.rstrip("/"))
    else:
        with tempfile.TemporaryDirectory() as data, running_server(data) as base:
            shoot(base)


if __name__ == "__main__":
    main()
