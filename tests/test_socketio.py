"""The Socket.IO channel as Rasa's speaks it, driven by python-socketio's own client
against a real `python server.py`: sessions, replies in Rasa 3's shape, the same
safety step, limits, redaction and conversation store as the REST channel.

(rasa-webchat itself, in Chromium, is in tests/browser/test_rasa_widgets.py.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import requests
import socketio
from support import ServerProcess, free_port, server_env
from test_privacy import CANARY, OWN_MESSAGES, leaks

QUESTION = "what is the single route of redress trial?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("socketio")
    port = free_port()
    process = ServerProcess([sys.executable, "server.py", "--port", str(port)],
                            server_env(data, max_message_chars="300"), port)
    yield process, data
    process.stop()


class Chat:
    """One rasa-webchat-like client: asks for a session, then talks in it."""

    def __init__(self, url: str, session_id: str | None = None):
        self.client = socketio.SimpleClient()
        self.client.connect(url, transports=["polling"])
        self.client.emit("session_request", {"session_id": session_id})
        event, self.session_id = self.client.receive(timeout=10)
        assert event == "session_confirm"

    def say(self, data) -> list[dict]:
        """Everything the bot utters for one message: up to the part carrying metadata."""
        self.client.emit("user_uttered", data)
        parts = []
        while not parts or "metadata" not in parts[-1]:
            event, payload = self.client.receive(timeout=30)
            assert event == "bot_uttered"
            parts.append(payload)
        return parts

    def ask(self, text: str) -> list[dict]:
        return self.say({"message": text, "session_id": self.session_id, "customData": {"language": "en"}})

    def close(self):
        self.client.disconnect()


@pytest.fixture
def chat(server):
    chats = []

    def make(session_id: str | None = None) -> Chat:
        chats.append(Chat(server[0].url, session_id))
        return chats[-1]

    yield make
    for c in chats:
        c.close()


def test_a_session_is_given_kept_or_replaced(chat):
    new = chat()
    assert re.fullmatch(r"[0-9a-f]{32}", new.session_id)
    assert chat("parent 42").session_id == "parent 42", "a stored session id comes back unchanged"
    assert chat("<script>").session_id != "<script>", "an id we could not have given is replaced"


def test_waitress_refuses_websocket_plainly(server):
    """`python server.py` cannot hand a connection over: a WebSocket-only client is told so."""
    url = server[0].url + "/socket.io/?EIO=4&transport=websocket"
    refused = requests.get(url, timeout=10, headers={"Upgrade": "websocket", "Connection": "Upgrade",
                                                     "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                                                     "Sec-WebSocket-Version": "13"})
    assert refused.status_code == 400
    handshake = requests.get(server[0].url + "/socket.io/?EIO=4&transport=polling", timeout=10)
    assert handshake.status_code == 200 and '"upgrades":[]' in handshake.text


def test_replies_are_shaped_as_rasa_3_emits_them(chat):
    parts = chat().ask(QUESTION)
    # One event per paragraph; the quick replies and our details ride on the last.
    assert len(parts) >= 2 and all(set(p) == {"text"} for p in parts[:-1])
    assert "March 2018" in parts[0]["text"] and parts[-1]["text"].startswith("Source: NAHT for the Department for Education")
    last = parts[-1]
    assert last["quick_replies"] and all(
        q == {"content_type": "text", "title": q["title"], "payload": q["title"]} for q in last["quick_replies"])
    assert last["metadata"]["citations"][0]["id"] == "redress-trial"
    assert last["metadata"]["intent"] == "ask_question" and last["metadata"]["reply_id"]


def test_a_quick_reply_and_a_follow_up_keep_the_conversation(chat):
    talk = chat()
    option = talk.ask(QUESTION)[-1]["quick_replies"][0]
    picked = talk.ask(option["payload"])
    assert picked[-1]["metadata"]["citations"][0]["title"] == option["title"]
    # Another connection with the same session id (a reload) carries on.
    again = chat(talk.session_id)
    who = again.ask("who wrote it?")
    assert "Goodwill" in who[0]["text"], who


def test_the_same_conversation_is_shared_with_the_rest_channel(server, chat):
    talk = chat()
    talk.ask(QUESTION)
    follow = requests.post(f"{server[0].url}/webhooks/rest/webhook", timeout=30,
                           json={"sender": talk.session_id, "message": "when does it start?"}).json()[0]
    assert "March 2018" in follow["text"] and follow["custom"]["citations"][0]["id"] == "redress-trial"


def test_safety_comes_first(chat):
    parts = chat().ask("my son has swallowed a button battery")
    assert parts[0]["text"].startswith("999")
    assert parts[-1]["metadata"]["safety"] == "emergency" and parts[-1]["metadata"]["intent"] == "crisis"


@pytest.mark.parametrize("data,error", [
    ({"message": "x" * 301}, "too long"),
    ({"message": "   "}, "empty"),
    ({"text": "hello"}, "missing"),
    ("just a string", "missing"),
    ({"message": "hi", "session_id": "<bad>"}, "session_id"),
])
def test_a_message_we_cannot_read_is_answered_with_the_999_line(chat, data, error):
    talk = chat()
    [refusal] = talk.say(data)
    assert error in refusal["metadata"]["error"]
    assert "999" in refusal["text"] and "999" in refusal["metadata"]["emergency"]
    assert talk.ask("hello")[-1]["metadata"]["intent"] == "greet", "the connection is still usable"


def test_personal_details_are_redacted_and_never_logged(server, chat):
    process, data = server
    talk = chat()
    secrets = sorted({s for _, must_not in OWN_MESSAGES for s in must_not})
    for text, _ in OWN_MESSAGES:
        for part in talk.ask(text[:300]):
            assert not leaks(part["text"], secrets)
    stored = "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(Path(data).glob("insight.sqlite3*")))
    assert CANARY in stored, "unanswered questions are stored (redacted) for staff, as over REST"
    assert not leaks(stored, secrets)
    log = process.output()
    assert not leaks(log, secrets) and CANARY not in log


def test_messages_have_the_rest_channels_rate_limit(tmp_path):
    port = free_port()
    with ServerProcess([sys.executable, "server.py", "--port", str(port)],
                       server_env(tmp_path, rate_limit="3 per minute"), port) as process:
        talk = Chat(process.url)
        try:
            for _ in range(3):
                assert "error" not in talk.ask("hello")[-1]["metadata"]
            [refusal] = talk.ask("hello")
            assert "too many" in refusal["metadata"]["error"] and "999" in refusal["text"]
        finally:
            talk.close()


def test_with_redis_the_channel_sends_through_it(tmp_path, redis_server):
    """Past one process python-socketio passes every emit through Redis, so the process
    holding a chat's connection delivers what another one said."""
    import redis
    listener = redis.Redis.from_url(redis_server).pubsub()
    listener.subscribe("socketio")  # python-socketio's default channel
    port = free_port()
    with ServerProcess([sys.executable, "server.py", "--port", str(port)],
                       server_env(tmp_path, REDIS_URL=redis_server), port) as process:
        talk = Chat(process.url)
        try:
            assert talk.ask(QUESTION)[-1]["metadata"]["citations"][0]["id"] == "redress-trial"
        finally:
            talk.close()
    published = []
    while (message := listener.get_message(timeout=1)) is not None:
        published.append(message)
    assert any(m["type"] == "message" and b"bot_uttered" in m["data"] for m in published)
