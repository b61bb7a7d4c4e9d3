"""Rasa's REST channel: ``POST /webhooks/rest/webhook`` takes ``{"sender", "message"}``
and answers a list of bot messages, ``[{"recipient_id", "text", "buttons"?, "custom"}]``."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, current_app, jsonify

from bot import inputs
from bot.channels import buttons, details
from bot.dialogue import Reply

blueprint = Blueprint("rest", __name__)


def message(reply: Reply, recipient: str, reply_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"recipient_id": recipient, "text": reply.text}
    if reply.buttons:
        body["buttons"] = buttons(reply)
    body["custom"] = details(reply, reply_id)
    return body


@blueprint.get("/webhooks/rest/")
def status():
    # Rasa's REST channel answers this; some widgets check it before they connect.
    return jsonify(status="ok")


@blueprint.post("/webhooks/rest/webhook")
def webhook():
    assistant = current_app.extensions["send_helper"]
    config = assistant.config
    body = inputs.json_body()
    sender = inputs.sender(body, "sender", config.max_sender_chars)
    text = inputs.message(body, config.max_message_chars)
    return jsonify([message(assistant.reply(sender, text), sender, uuid.uuid4().hex)])
