"""The chat widget on the demo page, driven as a parent would, against the real server."""
from __future__ import annotations

import http.server
import re
import threading
import warnings
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from bot.protection import EMERGENCY
from browser_helpers import (CITED, HEADLINE_QUESTION, Widget, free_port, open_by_keyboard, page_with_offsite_stub,
                             running_server)

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=1</script>"
DATE_2017 = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 2017\b")


def xss_fired(page):
    return page.evaluate("() => typeof window.__xss !== 'undefined'")


def hold_requests(page, pattern="**/webhooks/rest/webhook", times=1):
    """Hold matching requests unanswered; returns the list the held routes go into."""
    held = []
    page.route(pattern, lambda route: held.append(route), times=times)
    return held


def wait_for(page, condition, what, tries=100):
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(50)
    pytest.fail(f"timed out waiting for {what}")


def test_headline_question_gets_a_cited_answer(widget_page: Widget):
    w = widget_page
    expect(w.launcher).to_have_accessible_name(re.compile("open chat", re.I))
    w.open()
    greeting = w.bot_messages.first
    expect(greeting).to_contain_text("automated")
    expect(greeting).to_contain_text("2017")
    expect(greeting).to_contain_text("IASS")

    answer = w.ask_for_cited_answer(HEADLINE_QUESTION)
    if w.last_choice:
        warnings.warn(f"SEND Helper asked which topic was meant for the headline question; chose {w.last_choice!r}")
    expect(w.user_messages.first).to_contain_text(HEADLINE_QUESTION)
    expect(answer).to_contain_text(re.compile("redress", re.I))
    expect(answer).to_contain_text("2017")
    sources = answer.locator(".sources")
    expect(sources).to_contain_text("Sources")
    expect(sources).to_contain_text("Department for Education")
    expect(sources).to_contain_text(DATE_2017)
    # A citation link, when there is one, opens safely in a new tab.
    for link in sources.locator("a").all():
        assert re.match(r"https?://", link.get_attribute("href"))
        assert link.get_attribute("target") == "_blank"
        assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    # The log is a polite live region; bubbles are not tabbable.
    expect(w.log).to_have_attribute("role", "log")
    expect(w.log).to_have_attribute("aria-live", "polite")
    assert w.page.locator("send-helper-widget .bubble[tabindex], send-helper-widget .msg[tabindex]").count() == 0


def test_a_cited_answer_links_to_its_official_pages_by_keyboard(make_context, base_url):
    ctx, page = page_with_offsite_stub(make_context, base_url + "/")
    w = Widget(page)
    w.open()
    answer = w.ask_for_cited_answer("When did the redress trial start?")
    expect(answer).to_contain_text("3 April 2018")
    cited = page.evaluate(
        "async () => (await (await fetch('/webhooks/rest/webhook', {method: 'POST', headers: {'Content-Type': "
        "'application/json'}, body: JSON.stringify({sender: 'link-check', message: 'When did the redress trial "
        "start?'})})).json())[0].custom.citations")
    links = answer.locator(".sources a")
    hrefs = links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == [c["url"] for c in cited if c["url"]] and len(hrefs) == 3, (hrefs, cited)
    expect(answer.locator(".sources li")).to_have_count(len(cited))
    expect(answer.locator(".sources")).to_contain_text("Official page: Single Route of Redress National Trial")
    expect(answer.locator(".sources")).to_contain_text("Since then: SEND: Single Route of Redress - National Trial")
    expect(answer.locator(".sources")).to_contain_text("NAHT, passing on an update from the Department for Education")
    for link in links.all():
        assert link.get_attribute("target") == "_blank"
        assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
        expect(link).to_have_accessible_name(re.compile(r"opens in new tab"))
    # Keyboard only: Shift+Tab back from the message box reaches the links, Enter opens one.
    w.input.focus()
    tab = open_by_keyboard(ctx, page, links.nth(1), "Shift+Tab")
    assert tab.url == cited[1]["url"]


def test_quick_reply_sends_payload_and_disables_its_set(widget_page: Widget):
    w = widget_page
    page = w.page
    offered = {}

    def with_buttons(route):
        response = route.fetch()
        body = response.json()
        if not any(m.get("buttons") for m in body):
            body[-1]["buttons"] = [
                {"title": "Tell me about the redress trial", "payload": HEADLINE_QUESTION},
                {"title": "Something else", "payload": "something else"},
            ]
        offered["buttons"] = next(m["buttons"] for m in body if m.get("buttons"))
        route.fulfill(response=response, json=body)

    page.route("**/webhooks/rest/webhook", with_buttons, times=1)
    w.open()
    w.ask("hello")
    quick = page.locator("send-helper-widget .msg.bot:has(.quick)").first.locator(".quick")
    expect(quick).to_have_count(len(offered["buttons"]))
    first = offered["buttons"][0]

    before = w.bot_messages.count()
    with page.expect_request("**/webhooks/rest/webhook") as req:
        quick.first.click()
    assert req.value.post_data_json["message"] == first["payload"]
    expect(w.user_messages.last).to_have_text(re.compile(re.escape(first["title"]) + "$"))
    expect(w.bot_messages).not_to_have_count(before)
    expect(w.typing).to_be_hidden()
    for i in range(quick.count()):
        expect(quick.nth(i)).to_be_disabled()
    expect(w.input).to_be_focused()
    # Clicking a used set again sends nothing.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "webhook" in r.url else None)
    quick.last.click(force=True)
    page.wait_for_timeout(300)
    assert sent == []


def test_conversation_survives_a_reload(widget_page: Widget):
    w = widget_page
    w.open()
    w.ask_for_cited_answer()
    state = w.stored_state()
    n_bot, n_user = w.bot_messages.count(), w.user_messages.count()

    w.page.reload()
    w = Widget(w.page)
    expect(w.panel).to_be_visible()  # it was open, so it stays open
    expect(w.bot_messages).to_have_count(n_bot)
    expect(w.user_messages).to_have_count(n_user)
    expect(w.user_messages.first).to_contain_text(HEADLINE_QUESTION)
    expect(w.last_answer_with_sources().locator(".sources")).to_contain_text("Department for Education")
    assert w.stored_state()["sender"] == state["sender"]

    # Closed stays closed, on this page and the next.
    w.close_button.click()
    w.page.goto(w.page.url)
    w = Widget(w.page)
    expect(w.launcher).to_be_visible()
    expect(w.panel).to_be_hidden()
    w.launcher.click()
    expect(w.user_messages).to_have_count(n_user)


def test_start_again_clears_the_conversation(widget_page: Widget):
    w = widget_page
    w.open()
    w.ask(HEADLINE_QUESTION)
    old_sender = w.stored_state()["sender"]
    w.start_again.click()
    expect(w.user_messages).to_have_count(0)
    expect(w.bot_messages).to_have_count(1)  # just the greeting
    expect(w.page.locator("send-helper-widget .sources, send-helper-widget .quick")).to_have_count(0)
    expect(w.input).to_be_focused()
    state = w.stored_state()
    assert state["sender"] != old_sender
    assert len(state["messages"]) == 1
    with w.page.expect_request("**/webhooks/rest/webhook") as req:
        w.ask("hello")
    assert req.value.post_data_json["sender"] == state["sender"]
    w.page.reload()
    expect(Widget(w.page).user_messages).to_have_count(1)


def test_keyboard_only(widget_page: Widget):
    w = widget_page
    page = w.page
    for _ in range(40):
        page.keyboard.press("Tab")
        if "launcher" in (w.deep_active() or {}).get("cls", ""):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    page.keyboard.press("Enter")
    expect(w.panel).to_be_visible()
    expect(w.input).to_be_focused()

    page.keyboard.type(HEADLINE_QUESTION)
    before = w.bot_messages.count()
    page.keyboard.press("Enter")
    expect(w.bot_messages).not_to_have_count(before)
    expect(w.typing).to_be_hidden()
    expect(w.input).to_be_focused()
    expect(w.input).to_have_value("")

    # If SEND Helper offers a choice, take it by keyboard.
    if w.cited_count() == 0:
        options = w.bot_messages.last.locator(".quick:not([disabled])")
        if options.count():
            for _ in range(20):
                page.keyboard.press("Shift+Tab")
                if "quick" in w.deep_active()["cls"]:
                    break
            n = w.bot_messages.count()
            page.keyboard.press("Enter")
            expect(w.bot_messages).not_to_have_count(n)
            expect(w.input).to_be_focused()
    expect(w.last_answer_with_sources()).to_be_visible()

    # Shift+Tab back from the input reaches the answer's controls, never the bubbles.
    seen = []
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        seen.append(w.deep_active())
        if "thumb" in seen[-1]["cls"]:
            break
    else:
        pytest.fail(f"Shift+Tab never reached the feedback buttons: {seen}")
    assert all(not re.search(r"\b(bubble|msg)\b", s["cls"]) for s in seen), seen

    # Escape closes and puts focus back on the launcher.
    page.keyboard.press("Escape")
    expect(w.panel).to_be_hidden()
    expect(w.launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(w.panel).to_be_visible()
    expect(w.input).to_be_focused()
    page.keyboard.press("Escape")
    expect(w.launcher).to_be_focused()


def test_focus_indicator_is_visible(widget_page: Widget):
    w = widget_page
    w.launcher.focus()
    w.page.keyboard.press("Shift+Tab")
    w.page.keyboard.press("Tab")
    expect(w.launcher).to_be_focused()
    style = w.launcher.evaluate("el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert style[0] != "none" and style[1] != "0px", style


def test_phone_320px(make_context, base_url):
    page = make_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).new_page()
    page.goto(base_url + "/")
    w = Widget(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    w.open()
    w.ask_for_cited_answer()

    box = w.panel.bounding_box()
    assert box["x"] == 0 and abs(box["width"] - 320) < 1, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640 + 1, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert w.log.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(w.input).to_be_in_viewport(ratio=1)
    expect(w.send_button).to_be_in_viewport(ratio=1)
    for target in (w.send_button, w.close_button, w.start_again, w.input):
        b = target.bounding_box()
        assert b["width"] >= 24 and b["height"] >= 24, b

    # A phone keyboard shrinks the visual viewport: the input must stay on screen.
    page.set_viewport_size({"width": 320, "height": 300})
    expect(w.input).to_be_in_viewport(ratio=1)
    box = w.panel.bounding_box()
    assert box["y"] + box["height"] <= 300 + 1, box


def test_text_typed_by_the_user_is_shown_as_text(widget_page: Widget):
    w = widget_page
    w.open()
    for payload in (XSS_IMG, XSS_SCRIPT):
        w.ask(payload)
        expect(w.user_messages.last).to_have_text(re.compile(re.escape(payload) + "$"))
    expect(w.page.locator("send-helper-widget .msg.error")).to_have_count(0)
    w.page.wait_for_timeout(300)
    assert w.page.locator("send-helper-widget img, send-helper-widget script").count() == 0
    assert not xss_fired(w.page)
    w.page.reload()
    expect(Widget(w.page).user_messages.last).to_contain_text(XSS_SCRIPT)
    assert not xss_fired(w.page)


def test_server_sent_content_is_shown_as_text(widget_page: Widget):
    w = widget_page
    page = w.page
    evil = [{
        "recipient_id": "x",
        "text": f"Look: {XSS_IMG} and {XSS_SCRIPT} <a href=\"javascript:window.__xss=1\">click</a> https://example.org/ok.",
        "buttons": [{"title": XSS_IMG, "payload": "/greet"}],
        "custom": {
            "intent": "x", "confidence": 1.0, "reply_id": "r-1",
            "citations": [
                {"id": "a", "title": XSS_SCRIPT, "source_title": XSS_IMG, "publisher": XSS_IMG, "published": "2017-11-30",
                 "url": "javascript:window.__xss=1"},
                {"id": "b", "title": "Fine title", "publisher": "Department for Education", "published": "2017-03-01", "url": "https://www.gov.uk/x"},
            ],
        },
    }]
    page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(json=evil), times=1)
    w.open()
    answer = w.ask("anything")
    expect(answer).to_contain_text(XSS_IMG)
    expect(answer).to_contain_text(XSS_SCRIPT)
    expect(answer.locator(".sources")).to_contain_text(XSS_SCRIPT)
    expect(answer.locator(".sources")).to_contain_text("30 November 2017")
    expect(answer.locator(".sources")).to_contain_text("1 March 2017")
    expect(page.locator("send-helper-widget .quick")).to_have_text(XSS_IMG)
    assert page.locator("send-helper-widget img, send-helper-widget script").count() == 0
    hrefs = answer.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/ok", "https://www.gov.uk/x"], hrefs
    page.wait_for_timeout(300)
    assert not xss_fired(page)


def test_retry_after_a_failed_request(widget_page: Widget):
    w = widget_page
    page = w.page
    page.route("**/webhooks/rest/webhook", lambda route: route.abort(), times=1)
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    retry = page.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    expect(page.locator("send-helper-widget .msg.error")).to_contain_text("Couldn't reach SEND Helper")
    expect(w.typing).to_be_hidden()
    before = w.bot_messages.count()
    with page.expect_request("**/webhooks/rest/webhook") as req:
        retry.click()
    assert req.value.post_data_json["message"] == HEADLINE_QUESTION
    expect(retry).to_have_count(0)
    expect(w.bot_messages).not_to_have_count(before)
    expect(w.input).to_be_focused()
    expect(w.user_messages).to_have_count(1)  # resent, not duplicated
    expect(w.follow_to_cited_answer(0).locator(".sources")).to_contain_text("Department for Education")


def test_timeout_offers_retry(page, base_url):
    def short_timeout(route):
        response = route.fetch()
        html = response.text().replace('src="/widget.js"', 'src="/widget.js" data-timeout-ms="1500"')
        assert 'data-timeout-ms="1500"' in html
        route.fulfill(response=response, body=html)

    page.route(base_url + "/", short_timeout)
    held = hold_requests(page)
    page.goto(base_url + "/")
    w = Widget(page)
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    expect(w.typing).to_be_visible()
    retry = page.get_by_role("button", name="Retry")
    expect(retry).to_be_visible(timeout=5000)
    expect(w.typing).to_be_hidden()
    expect(w.errors.last).to_contain_text("took too long")
    expect(w.errors.last).to_contain_text(EMERGENCY)
    assert held, "the first request never reached the network"
    before = w.bot_messages.count()
    retry.click()
    expect(w.bot_messages).not_to_have_count(before)
    expect(w.follow_to_cited_answer(0)).to_be_visible()


def test_feedback_thumbs(widget_page: Widget):
    w = widget_page
    page = w.page
    replies = []
    page.on("response", lambda r: replies.append(r) if r.url.endswith("/webhooks/rest/webhook") else None)
    w.open()
    answer = w.ask_for_cited_answer()
    cited = [m for r in replies for m in r.json() if (m.get("custom") or {}).get("citations")]
    reply = cited[-1]
    up = answer.get_by_role("button", name="Yes, useful")
    down = answer.get_by_role("button", name="No, not useful")
    expect(up).to_be_visible()
    expect(down).to_be_visible()
    with page.expect_response("**/api/feedback") as fb:
        up.click()
    body = fb.value.request.post_data_json
    assert body["useful"] is True
    assert body["reply_id"] == reply["custom"].get("reply_id")
    assert body["entry_id"] == reply["custom"]["citations"][0]["id"]
    assert body["sender"] == w.stored_state()["sender"]
    assert fb.value.status == 200 and fb.value.json()["status"] == "ok"
    expect(answer).to_contain_text("Thanks for telling us")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    # A second vote is not sent.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/feedback" in r.url else None)
    down.click(force=True)
    page.wait_for_timeout(300)
    assert sent == []
    page.reload()
    expect(Widget(page).last_answer_with_sources()).to_contain_text("Thanks for telling us")


def test_unread_badge_counts_replies_that_arrive_while_closed(widget_page: Widget):
    w = widget_page
    page = w.page
    held = hold_requests(page)
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    wait_for(page, lambda: held, "the question to be sent")
    before = w.bot_messages.count()
    page.keyboard.press("Escape")
    expect(w.panel).to_be_hidden()
    held[0].continue_()
    badge = page.locator("send-helper-widget .badge")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("1")
    expect(w.launcher).to_have_accessible_name(re.compile("1 unread message"))
    expect(page.locator("send-helper-widget .root > [role=status]")).to_contain_text("New message from SEND Helper")
    w.launcher.click()
    expect(badge).to_be_hidden()
    expect(w.launcher).not_to_have_accessible_name(re.compile("unread"))
    assert w.bot_messages.count() == before + 1


def test_styles_apply_under_the_servers_csp(widget_page: Widget):
    """The page and widget work under the server's CSP (the fixture fails a test on any CSP report)."""
    w = widget_page
    csp = w.page.evaluate("() => fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp, csp
    w.open()
    info = w.page.evaluate(
        """() => { const root = document.querySelector('send-helper-widget').shadowRoot;
                   return {sheets: root.adoptedStyleSheets.length, styleElements: root.querySelectorAll('style').length,
                           position: getComputedStyle(root.querySelector('.panel')).position}; }"""
    )
    assert info == {"sheets": 1, "styleElements": 0, "position": "fixed"}, info
    for path in ("/", "/adviser"):
        html = w.page.evaluate("(p) => fetch(p).then(r => r.text())", path)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", html, re.I), path


@pytest.fixture(scope="module")
def council_site(tmp_path_factory):
    """A council's own page on another origin, embedding the widget, and a server that allows it."""
    council_port = free_port()
    council = f"http://127.0.0.1:{council_port}"
    with running_server(tmp_path_factory.mktemp("cors"), cors_origins=council) as bot:
        html = f"""<!DOCTYPE html><html lang="en"><head><title>Council</title>
          <style>button, div, p, input, form {{ display: none !important; color: red !important; }}
                 html {{ font-size: 10px; }}</style></head>
          <body><main><h1>Local offer</h1></main>
          <script src="{bot}/widget.js" data-bot-url="{bot}" data-title="Ask our SEND bot" data-colour="#ffff00"></script>
          </body></html>""".encode()

        class Council(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", council_port), Council)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield council + "/local-offer"
        finally:
            server.shutdown()
            server.server_close()


def test_embedded_on_another_site(make_context, council_site):
    """The script tag on a council's site: another origin, and page CSS that would break it."""
    page = make_context().new_page()
    page.goto(council_site)
    w = Widget(page)
    expect(w.launcher).to_be_visible()
    expect(w.launcher).to_contain_text("Ask our SEND bot")
    # An accent colour without enough contrast against white is replaced by the default.
    bg = w.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg == "rgb(29, 112, 184)", bg
    w.open()
    answer = w.ask_for_cited_answer()
    expect(answer.locator(".sources")).to_contain_text("Department for Education")
    with page.expect_response("**/api/feedback") as fb:
        answer.get_by_role("button", name="Yes, useful").click()
    assert fb.value.ok


def test_reduced_motion_means_no_animation(make_context, base_url):
    page = make_context(reduced_motion="reduce").new_page()
    held = hold_requests(page)
    page.goto(base_url + "/")
    w = Widget(page)
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    expect(w.typing).to_be_visible()
    assert w.typing.evaluate("el => el.getAnimations({subtree: true}).length") == 0
    page.emulate_media(reduced_motion="no-preference")
    assert w.typing.evaluate("el => el.getAnimations({subtree: true}).length") > 0
    wait_for(page, lambda: held, "the question to be sent")
    before = w.bot_messages.count()
    held[0].continue_()
    expect(w.bot_messages).not_to_have_count(before)


def test_200_percent_zoom(make_context, base_url):
    """1280x800 at 200% zoom is a 640x400 CSS-pixel viewport."""
    page = make_context(viewport={"width": 640, "height": 400}).new_page()
    page.goto(base_url + "/")
    w = Widget(page)
    w.open()
    w.ask_for_cited_answer()
    box = w.panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640 + 1, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= 400 + 1, box
    expect(w.input).to_be_in_viewport(ratio=1)
    expect(w.close_button).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 640


def test_targets_are_at_least_24px_and_messages_are_not_rerendered(widget_page: Widget):
    w = widget_page
    page = w.page
    expect(w.launcher).to_be_visible()
    b = w.launcher.bounding_box()
    assert b["width"] >= 24 and b["height"] >= 24
    w.open()
    page.evaluate("() => { window.__greeting = document.querySelector('send-helper-widget').shadowRoot.querySelector('.msg.bot'); }")
    w.ask_for_cited_answer()
    # New messages are appended; earlier ones are never re-rendered (so each is announced once).
    assert page.evaluate(
        "() => document.querySelector('send-helper-widget').shadowRoot.querySelector('.msg.bot') === window.__greeting"
    )
    small = page.evaluate(
        """() => Array.from(document.querySelector('send-helper-widget').shadowRoot.querySelectorAll('button, input'))
                 .filter(el => el.getClientRects().length)
                 .map(el => [el.className, el.getBoundingClientRect().width, el.getBoundingClientRect().height])
                 .filter(([, w, h]) => w < 24 || h < 24)"""
    )
    assert small == []
    assert page.locator(CITED).count() >= 1


# ------------------------------------------------------------------ long messages and errors

DISCLOSURE = "He told me last night that he wants to kill himself."
FILLER = ("My son is nine, he has autism and ADHD, and we have waited two years for an EHC plan "
          "while the school keeps sending him home early. ")
SERVER_LIMIT = 2000  # Config.max_message_chars, which the widget uses unless told otherwise


def long_message(length, ending=DISCLOSURE):
    """`length` characters of a worried parent's message that ends with `ending`."""
    head = (FILLER * (length // len(FILLER) + 1))[: length - len(ending) - 1].rstrip()
    head += "x" * (length - len(ending) - 1 - len(head))
    text = head + " " + ending
    assert len(text) == length
    return text


@pytest.fixture
def server_errors(config, monkeypatch):
    """The real app's 413, 429 and 500 replies to a chat message, as (status, headers, JSON)."""
    from bot.web import create_app

    def chat(client, message):
        r = client.post("/webhooks/rest/webhook", json={"sender": "b", "message": message})
        return r.status_code, {k: v for k, v in r.headers.items() if k == "Retry-After"}, r.get_json()

    limited = create_app(replace(config, rate_limit="1 per minute")).test_client()
    chat(limited, "hello")
    errors = {429: chat(limited, "hello")}
    app = create_app(config)
    errors[413] = chat(app.test_client(), "x" * (config.max_message_chars + 1))

    def broken(*args, **kwargs):
        raise RuntimeError("the assistant failed")

    monkeypatch.setattr(app.extensions["send_helper"], "reply", broken)
    errors[500] = chat(app.test_client(), "hello")
    assert {status: reply[0] for status, reply in errors.items()} == {429: 429, 413: 413, 500: 500}, errors
    return errors


def fulfil_with(page, reply, times=1):
    status, headers, body = reply
    page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(status=status, headers=headers, json=body),
               times=times)


def test_a_long_paste_is_sent_whole_and_its_ending_is_answered(widget_page: Widget):
    w = widget_page
    page = w.page
    w.open()
    text = long_message(1900)
    w.paste(text)
    expect(w.input).to_have_value(text)
    counted = "You have 100 characters left (the limit is 2000)."
    expect(w.counter).to_have_text(counted)
    expect(w.counter_status).to_have_text(counted)  # what a screen reader hears once typing pauses
    with page.expect_response("**/webhooks/rest/webhook") as response:
        w.input.press("Enter")
    sent = response.value.request.post_data_json["message"]
    assert len(sent) == 1900 and sent.endswith(DISCLOSURE)
    assert response.value.ok
    expect(w.user_messages.last).to_have_text(re.compile(re.escape(DISCLOSURE) + "$"))
    expect(w.bot_messages.last).to_contain_text("999")
    expect(w.counter).to_be_hidden()
    expect(w.input).to_have_value("")


def test_a_paste_over_the_limit_is_refused_visibly_and_kept(widget_page: Widget):
    w = widget_page
    page = w.page
    w.open()
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "webhook" in r.url else None)
    users = w.user_messages.count()
    text = long_message(2300)
    w.paste(text)
    expect(w.counter).to_have_text("You have 300 characters too many (the limit is 2000).")
    w.input.press("Enter")
    expect(w.input_error).to_be_visible()
    expect(w.input_error).to_have_attribute("role", "alert")
    expect(w.input_error).to_contain_text(
        "Your message is 2300 characters; the limit is 2000. Please shorten it or send it in two parts.")
    expect(w.input_error).to_contain_text(EMERGENCY)
    expect(w.input).to_have_value(text)
    expect(w.input).to_be_focused()
    expect(w.input).to_have_attribute("aria-invalid", "true")
    page.wait_for_timeout(300)
    assert sent == []
    expect(w.user_messages).to_have_count(users)

    # Cut down to exactly the limit, it goes, whole.
    shorter = long_message(SERVER_LIMIT)
    w.input.fill(shorter)
    expect(w.input_error).to_be_hidden()
    expect(w.input).not_to_have_attribute("aria-invalid", "true")
    with page.expect_request("**/webhooks/rest/webhook") as request:
        w.input.press("Enter")
    assert request.value.post_data_json["message"] == shorter
    expect(w.user_messages).to_have_count(users + 1)


def test_the_emergency_line_is_always_in_the_panel(widget_page: Widget):
    w = widget_page
    w.open()
    expect(w.emergency_line).to_have_text("If anyone is in danger now, call 999.")
    expect(w.emergency_line).to_be_in_viewport()
    w.ask("hello")
    expect(w.emergency_line).to_be_visible()


def test_busy_reply_shows_the_emergency_line(widget_page: Widget, server_errors):
    w = widget_page
    page = w.page
    status, headers, body = server_errors[429]
    assert body["emergency"] == EMERGENCY
    fulfil_with(page, server_errors[429])
    w.open()
    w.ask("hello", expect_reply=False)
    error = w.errors.last
    expect(error).to_contain_text("busy")
    expect(error).to_contain_text(EMERGENCY)
    expect(error.get_by_role("button", name="Retry")).to_be_visible()
    expect(w.emergency_line).to_be_visible()


@pytest.mark.parametrize("failure", ["network", 500])
def test_failed_replies_show_the_emergency_line(widget_page: Widget, server_errors, failure):
    w = widget_page
    page = w.page
    if failure == "network":
        page.route("**/webhooks/rest/webhook", lambda route: route.abort(), times=1)
    else:
        fulfil_with(page, server_errors[failure])
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    error = w.errors.last
    expect(error).to_contain_text("Couldn't reach SEND Helper" if failure == "network" else "Something went wrong")
    expect(error).to_contain_text(EMERGENCY)
    expect(error.get_by_role("button", name="Retry")).to_be_visible()
    expect(w.typing).to_be_hidden()


def test_a_413_from_the_server_puts_the_message_back(widget_page: Widget, server_errors):
    """A server with a lower limit than the widget was told: the message is not lost."""
    w = widget_page
    page = w.page
    fulfil_with(page, server_errors[413])
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    error = w.errors.last
    expect(error).to_contain_text("too long")
    expect(error).to_contain_text("send it in two parts")
    expect(error).to_contain_text(EMERGENCY)
    expect(w.input).to_have_value(HEADLINE_QUESTION)
