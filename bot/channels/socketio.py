"""Rasa's Socket.IO channel, as rasa-webchat speaks it, at ``/socket.io/``.

The client emits ``session_request`` ``{session_id}`` and hears ``session_confirm``
with the id (a new one when it had none); rasa-webchat keeps the id in localStorage,
so a reload carries on the same conversation. Each ``user_uttered`` ``{message,
session_id}`` is answered by ``bot_uttered`` events as Rasa 3 emits them: one per
paragraph, the buttons on the last as ``quick_replies``. Our citations, intent and
safety tier ride on the last one as ``metadata``, which rasa-webchat passes over.

The session id is the conversation's sender, so the REST channel's checks, safety
step, state store and records apply unchanged, and messages have a rate limit of the
same size per address. python-socketio runs in threading mode: long-polling under any
WSGI server, WebSocket where the server hands over the raw socket (gunicorn); past one
process, Redis carries its messages between them.
"""

from __future__ import annotations

import logging
import uuid

import socketio
from flask import Flask

from bot import inputs
from bot.assistant import Assistant
from bot.channels import buttons, details
from bot.config import Config
from bot.dialogue import Reply
from bot.protection import EMERGENCY

log = logging.getLogger(__name__)
PATH = "socket.io"


def messages(reply: Reply, reply_id: str) -> list[dict]:
    """The ``bot_uttered`` payloads for one reply, in order."""
    parts = [{"text": part} for part in reply.text.strip().split("\n\n") if part.strip()] or [{"text": reply.text}]
    if reply.buttons:
        parts[-1]["quick_replies"] = [{"content_type": "text", **b} for b in buttons(reply)]
    parts[-1]["metadata"] = details(reply, reply_id)
    return parts


class Budget:
    """The REST channel's per-address rate limit (``SEND_HELPER_RATE_LIMIT``), counted
    for Socket.IO messages on their own, in memory or in Redis like the REST budget."""

    def __init__(self, config: Config):
        from limits import parse_many, storage, strategies
        self.items = parse_many(config.rate_limit) if config.rate_limit else []
        self.window = strategies.MovingWindowRateLimiter(storage.storage_from_string(config.redis_url or "memory://"))

    def allows(self, address: str) -> bool:
        try:
            # A list, not a generator: every window ("60 per minute", "1000 per day") counts each message.
            return all([self.window.hit(item, "send-helper-socketio", address) for item in self.items])
        except Exception:  # noqa: BLE001 - a limiter that cannot count must not refuse parents
            log.warning("the Socket.IO rate limit could not be counted; letting the message through")
            return True


class Channel(socketio.Namespace):
    """The default namespace, answering as Rasa's ``SocketIOInput`` with session persistence."""

    def __init__(self, assistant: Assistant):
        super().__init__("/")
        self.assistant = assistant
        self.budget = Budget(assistant.config)

    def on_connect(self, sid: str, environ: dict, auth=None) -> None:
        self.save_session(sid, {"address": environ.get("REMOTE_ADDR", "")})

    def on_session_request(self, sid: str, data=None) -> None:
        try:
            session_id = inputs.sender(data if isinstance(data, dict) else {}, "session_id",
                                       self.assistant.config.max_sender_chars)
        except inputs.ApiError:
            session_id = uuid.uuid4().hex  # none yet, or not one we could have given
        with self.session(sid) as session:
            session["session_id"] = session_id
        self.emit("session_confirm", session_id, to=sid)

    def on_user_uttered(self, sid: str, data=None) -> None:
        config = self.assistant.config
        body = data if isinstance(data, dict) else {}
        session = self.get_session(sid)
        if not self.budget.allows(session.get("address", "")):
            self.refuse(sid, "too many messages: please wait a moment and try again")
            return
        try:
            # rasa-webchat sends the session id with every message; fall back to the one confirmed.
            sender = inputs.sender(body, "session_id", config.max_sender_chars) if body.get("session_id") \
                else session.get("session_id", sid)
            text = inputs.message(body, config.max_message_chars)
            reply = self.assistant.reply(sender, text)
        except inputs.ApiError as exc:
            self.refuse(sid, f"I could not read that: {exc.message}")
            return
        except Exception:  # noqa: BLE001 - a parent always hears something, and staff get an id
            error_id = uuid.uuid4().hex[:12]
            log.exception("error %s on a Socket.IO message", error_id)
            self.refuse(sid, "something went wrong on our side", error_id=error_id)
            return
        for message in messages(reply, uuid.uuid4().hex):
            self.emit("bot_uttered", message, to=sid)

    def refuse(self, sid: str, error: str, **extra: str) -> None:
        """An error as a bot message (widgets have no error box), with the 999 line: a
        message we could not read may have been a disclosure. ``metadata`` carries it
        as the REST channel's error bodies do."""
        self.emit("bot_uttered", {"text": f"Sorry, {error}. {EMERGENCY}",
                                  "metadata": {"error": error, "emergency": EMERGENCY, **extra}}, to=sid)


def _origins(allowed: tuple[str, ...]):
    """The host sites that may connect (``SEND_HELPER_CORS_ORIGINS``, "*" for any),
    and always our own pages."""
    def check(origin: str, environ: dict) -> bool:
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin == own or origin in allowed or "*" in allowed
    return check


def attach(app: Flask, assistant: Assistant) -> None:
    """Serve the channel at ``/socket.io/`` in front of the Flask app."""
    config = assistant.config
    server = socketio.Server(
        async_mode="threading", cors_allowed_origins=_origins(config.cors_origins),
        client_manager=socketio.RedisManager(config.redis_url) if config.redis_url else None,
        # Where the server cannot hand over the socket, neither offer nor accept WebSocket.
        transports=["polling", "websocket"] if config.websocket else ["polling"],
        allow_upgrades=config.websocket, max_http_buffer_size=config.max_body_bytes,
        logger=False, engineio_logger=False)
    server.register_namespace(Channel(assistant))
    app.wsgi_app = socketio.WSGIApp(server, app.wsgi_app, socketio_path=PATH)
