"""Widgets nobody on this project wrote, from npm, in a real Chromium against a real
server process: rasa-webchat over Socket.IO and @scalableminds/chatroom over REST.

Each is embedded as a council would: on a page of another origin (served here by
Playwright), loading the package's own browser build from tests/browser/node_modules.
rasa-webchat runs against both shipped production commands: `python server.py`
(Waitress; long-polling) and gunicorn with gunicorn.conf.py (WebSocket after the
first poll).
"""
from __future__ import annotations

import http.server
import os
import re
import sys
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_helpers import ServerProcess, free_port, server_env

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
BUNDLES = {"/lib/rasa-webchat.js": MODULES / "rasa-webchat" / "lib" / "index.js",
           "/lib/chatroom.js": MODULES / "@scalableminds" / "chatroom" / "dist" / "Chatroom.js",
           "/lib/chatroom.css": MODULES / "@scalableminds" / "chatroom" / "dist" / "Chatroom.css"}
# The council's pages take the bot's address from their query string (?bot=URL).
PAGES = {
    "/webchat.html": """<div id="webchat"></div><script src="/lib/rasa-webchat.js"></script><script>
        WebChat.default({selector: "#webchat", socketUrl: new URLSearchParams(location.search).get("bot"),
                         socketPath: "/socket.io/", initPayload: "/get_started", title: "SEND Helper",
                         params: {storage: "local"}, embedded: true, customMessageDelay: () => 0}, null);</script>""",
    "/chatroom.html": """<link rel="stylesheet" href="/lib/chatroom.css"><div class="chat-container"></div>
        <script src="/lib/chatroom.js"></script><script>
        new window.Chatroom({host: new URLSearchParams(location.search).get("bot"), title: "SEND Helper",
                             container: document.querySelector(".chat-container"),
                             welcomeMessage: "Ask me about SEND"}).openChat();</script>""",
}
QUESTION = "what is the single route of redress trial?"
SOURCE = re.compile(r"Source: NAHT for the Department for Education, 30 November 2017")
# The production commands, as the README gives them.
COMMANDS = {"waitress": lambda port: [sys.executable, "server.py", "--port", str(port)],
            "gunicorn": lambda port: [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                      "-b", f"127.0.0.1:{port}", "server:create_app()"]}


@pytest.fixture(scope="module")
def council():
    """A council's site on another loopback origin: the two pages and the npm builds."""
    missing = [str(p) for p in BUNDLES.values() if not p.exists()]
    if missing:
        message = "widget packages missing: run `npm ci` in tests/browser"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    files = {path: ("application/javascript" if path.endswith(".js") else "text/css", source.read_bytes())
             for path, source in BUNDLES.items()}
    files.update({path: ("text/html; charset=utf-8", f"<!DOCTYPE html><html lang=en><head><title>Council</title>"
                                                     f"</head><body>{body}</body></html>".encode())
                  for path, body in PAGES.items()})

    class Site(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            kind, body = files.get(self.path.split("?")[0], ("text/plain", b"not here"))
            self.send_response(200 if body != b"not here" else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_port}"
    site.shutdown()
    site.server_close()


def start(command: str, council: str, data) -> ServerProcess:
    port = free_port()
    return ServerProcess(COMMANDS[command](port), server_env(data, cors_origins=council), port)


@pytest.fixture(scope="module", params=sorted(COMMANDS))
def server(request, council, tmp_path_factory):
    process = start(request.param, council, tmp_path_factory.mktemp(request.param))
    yield request.param, process.url
    process.stop()


def open_page(make_context, url: str):
    page = make_context().new_page()
    # rasa-webchat imports a web font; there is no internet here.
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(url)
    return page, sockets


def test_rasa_webchat_over_socketio(server, council, make_context):
    command, url = server
    page, sockets = open_page(make_context, f"{council}/webchat.html?bot={url}")
    responses, mine = page.locator(".rw-response"), page.locator(".rw-client")
    field = page.locator(".rw-new-message")
    # initPayload /get_started: the greeting.
    expect(responses.first).to_contain_text("I'm SEND Helper")

    field.fill(QUESTION)
    field.press("Enter")
    expect(responses.filter(has_text=SOURCE).first).to_be_visible()
    expect(responses.filter(has_text="March 2018").first).to_be_visible()

    # A quick reply: the parent's bubble shows its words; the bot answers that option.
    page.locator(".rw-reply", has_text="Minister's letter").click()
    expect(mine.last).to_have_text("Minister's letter about the single route of redress trial")
    expect(responses.filter(has_text="Robert Goodwill")).to_have_count(1)

    # A reload keeps the session: the same id, the history, and the context ("it" is
    # the letter; a new conversation would not know).
    session = page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id")
    page.reload()
    expect(mine.first).to_have_text(QUESTION)
    field.fill("who wrote it?")
    field.press("Enter")
    expect(responses.filter(has_text="Robert Goodwill")).to_have_count(2)
    assert page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id") == session

    if command == "gunicorn":
        assert any("transport=websocket" in url for url in sockets), "gunicorn upgrades to WebSocket"
    else:
        assert not sockets, "Waitress long-polls: no upgrade is offered"


def test_chatroom_over_rest_shows_a_cited_answer_and_readable_button_clicks(council, make_context, tmp_path):
    bot = start("waitress", council, tmp_path)
    try:
        page, _ = open_page(make_context, f"{council}/chatroom.html?bot={bot.url}")
        field = page.locator(".chatroom form.input input[type=text]")
        field.fill(QUESTION)
        field.press("Enter")
        chats = page.locator(".chatroom .chats .chat")
        expect(chats.filter(has_text=SOURCE).first).to_be_visible()
        button = page.locator(".chatroom .chat-buttons li, .chatroom .chat-buttons button").first
        title = button.inner_text().strip()
        button.click()
        # The parent's own message is the button's words, not a payload.
        expect(chats.filter(has_text=title).last).to_be_visible()
        expect(chats.filter(has_text=re.compile(r"Source: "))).to_have_count(2)
        shown = page.locator(".chatroom .chats").inner_text()
        assert "/choose_topic" not in shown and "topic_id" not in shown
    finally:
        bot.stop()
