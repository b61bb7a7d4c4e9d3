"""Locators and actions shared by the browser tests (kept out of conftest.py so that
test modules can import them without clashing with tests/conftest.py)."""
from __future__ import annotations

import json

from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 800}
HEADLINE_QUESTION = "what is the single route of redress trial?"


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

    def last_answer_with_sources(self):
        return self.page.locator("send-helper-widget .msg.bot:has(.sources)").last

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
