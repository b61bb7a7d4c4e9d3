"""Locators and actions shared by the browser tests (kept out of conftest.py so that
test modules can import them without clashing with tests/conftest.py)."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for support.py
from support import ServerProcess, free_port, server_env  # noqa: E402

CHROMIUM = os.environ.get("SEND_HELPER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
HEADLINE_QUESTION = "what is the single route of redress trial?"
# When SEND Helper asks "which did you mean?", the option a parent asking the headline question picks.
HEADLINE_CHOICE = re.compile(r"single route of redress national trial|national trial|redress", re.I)
CITED = "send-helper-widget .msg.bot:has(.sources)"
# Every address but the server under test: official sites, which a test browser cannot reach.
OFFSITE = re.compile(r"^https?://(?!127\.0\.0\.1|localhost)")


def page_with_offsite_stub(make_context, url: str):
    """A fresh context and page at ``url``. No internet here: official sites answer from
    a stub, so a link really opens a tab."""
    context = make_context()
    context.route(OFFSITE, lambda route: route.fulfill(body="official page"))
    page = context.new_page()
    page.goto(url)
    return context, page


def open_by_keyboard(context, page, link, key: str, tries: int = 40):
    """Press ``key`` until ``link`` has focus (in the page or a widget's shadow root),
    then Enter; returns the new tab, which must not be able to reach back to us."""
    for _ in range(tries):
        page.keyboard.press(key)
        if link.evaluate("a => a.getRootNode().activeElement === a"):
            break
    else:
        pytest.fail(f"{key} never reached the link {link.get_attribute('href')}")
    with context.expect_page() as opened:
        page.keyboard.press("Enter")
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.evaluate("() => window.opener") is None
    return tab


class Widget:
    """Locators and actions for the chat widget on a page (open shadow DOM is pierced)."""

    def __init__(self, page):
        self.page = page
        self.launcher = page.locator("send-helper-widget .launcher")
        self.panel = page.locator("send-helper-widget .panel")
        self.log = page.locator("send-helper-widget [role=log]")
        self.input = page.get_by_label("Your question")
        self.send_button = page.locator("send-helper-widget .send")
        self.bot_messages = page.locator("send-helper-widget .msg.bot")
        self.user_messages = page.locator("send-helper-widget .msg.user")
        self.typing = page.locator("send-helper-widget .typing")
        self.errors = page.locator("send-helper-widget .msg.error")
        self.counter = page.locator("send-helper-widget .counter")
        self.counter_status = page.locator("send-helper-widget .counter-status")
        self.input_error = page.locator("send-helper-widget .input-error")
        self.emergency_line = page.locator("send-helper-widget .panel .emergency")
        self.start_again = page.get_by_role("button", name="Start again")
        self.close_button = page.get_by_role("button", name="Close chat")

    def open(self):
        self.launcher.click()
        expect(self.panel).to_be_visible()
        expect(self.input).to_be_focused()
        expect(self.bot_messages.first).to_be_visible()  # the greeting

    def ask(self, text, *, expect_reply=True):
        before = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        if expect_reply:
            expect(self.bot_messages).not_to_have_count(before)
            expect(self.typing).to_be_hidden()
        return self.bot_messages.last

    def paste(self, text):
        """Paste `text` into the message box through the real clipboard (Ctrl+V), so a
        maxlength would cut it just as it would for a parent."""
        origin = self.page.evaluate("location.origin")
        self.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        self.page.evaluate("(t) => navigator.clipboard.writeText(t)", text)
        self.input.focus()
        self.input.press("ControlOrMeta+V")

    def last_answer_with_sources(self):
        return self.page.locator(CITED).last

    def cited_count(self):
        return self.page.locator(CITED).count()

    def follow_to_cited_answer(self, before, choice=HEADLINE_CHOICE):
        """After a reply arrived: if it has no sources but asks which topic was meant,
        pick the option matching `choice` as a parent would. Returns the cited answer."""
        self.last_choice = None
        if self.cited_count() <= before:
            options = self.bot_messages.last.locator(".quick:not([disabled])")
            texts = options.all_inner_texts()
            pick = next((i for i, t in enumerate(texts) if choice.search(t)), None)
            if pick is not None:
                self.last_choice = texts[pick]
                n = self.bot_messages.count()
                options.nth(pick).click()
                expect(self.bot_messages).not_to_have_count(n)
                expect(self.typing).to_be_hidden()
        expect(self.page.locator(CITED)).not_to_have_count(before)
        return self.last_answer_with_sources()

    def ask_for_cited_answer(self, text=HEADLINE_QUESTION, choice=HEADLINE_CHOICE):
        before = self.cited_count()
        self.ask(text)
        return self.follow_to_cited_answer(before, choice)

    def deep_active(self):
        """Describe the focused element, looking inside shadow roots."""
        return self.page.evaluate(
            """() => {
                let a = document.activeElement;
                while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
                if (!a) return null;
                return {tag: a.tagName.toLowerCase(), cls: a.className || '',
                        label: a.getAttribute('aria-label') || '', text: (a.textContent || '').trim(),
                        id: a.id || ''};
            }"""
        )

    def stored_state(self):
        raw = self.page.evaluate(
            """() => { for (let i = 0; i < sessionStorage.length; i++) {
                   const k = sessionStorage.key(i);
                   if (k.startsWith('send-helper:')) return sessionStorage.getItem(k);
               } return null; }"""
        )
        return json.loads(raw) if raw else None


class Adviser:
    def __init__(self, page):
        self.page = page
        self.box = page.get_by_role("searchbox", name="Search words")
        self.topic = page.get_by_label("Topic")
        self.count = page.locator("#count")
        self.results = page.locator("#results > li")

    def search_by_keyboard(self, text):
        self.page.locator("body").press("/")
        expect(self.box).to_be_focused()
        self.page.keyboard.type(text, delay=30)
        expect(self.results.first).to_be_visible()
        expect(self.count).to_contain_text(f"for “{text}”")

    def topics_shown(self):
        return [t.strip() for t in self.page.locator("#results .tag").all_inner_texts()]

    def deep_active(self):
        return self.page.evaluate("() => ({tag: document.activeElement.tagName.toLowerCase(), cls: document.activeElement.className})")


@contextmanager
def running_server(data_dir, timeout=120.0, **settings):
    """`python server.py` on a free loopback port in its own process group; yields its URL.
    `settings` become SEND_HELPER_<NAME> environment variables (cors_origins="...")."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--host", "127.0.0.1", "--port", str(port)],
                           server_env(data_dir, **settings), port, timeout=timeout)
    try:
        yield server.url
    finally:
        server.stop()
