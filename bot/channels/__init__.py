"""Channels: how each kind of client hears a reply.

The dialogue returns a plain ``Reply`` (text, buttons, citations, safety); each module
here turns it into what one kind of client expects, and takes that client's messages
in. Adding a channel means adding a module here and registering it in ``bot/web.py``;
nothing in retrieval or the dialogue changes.

- ``rest``: Rasa's REST channel (our widget, @scalableminds/chatroom, scripts).
- ``socketio``: Rasa's Socket.IO channel (rasa-webchat).
- ``rasa_actions``: the Rasa action server, for a team running its own Rasa.
- the command line (``python -m bot ask``) prints a reply in ``bot/cli.py``.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue import Reply


def buttons(reply: Reply) -> list[dict[str, str]]:
    """Each button with its own words as the payload: a widget that shows a clicked
    payload as the parent's message (chatroom does) shows readable words, and the
    dialogue maps the words back to the option exactly (``Dialogue.clicked``)."""
    return [{"title": b["title"], "payload": b["title"]} for b in reply.buttons]


def details(reply: Reply, reply_id: str) -> dict[str, Any]:
    """What a reply carries beside its words, the same in every channel: intent,
    confidence, citations, the id feedback refers to, and any safety tier."""
    custom: dict[str, Any] = {"intent": reply.intent, "confidence": round(reply.confidence, 2),
                              "citations": reply.citations, "reply_id": reply_id}
    if reply.safety:
        custom.update(safety=reply.safety, safety_category=reply.safety_category)
    return custom
