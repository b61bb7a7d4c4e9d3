"""The advisers' API (search, topics), the widget's feedback, and staff's reload."""

from __future__ import annotations

import hmac
import re
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from bot import inputs
from bot.inputs import ApiError

_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}\Z")
blueprint = Blueprint("api", __name__)


def _assistant():
    return current_app.extensions["send_helper"]


@blueprint.get("/api/search")
def search():
    assistant = _assistant()
    limit_chars = assistant.config.max_message_chars
    query = inputs.clean(request.args.get("q", ""))
    if not query:
        raise ApiError("add a query: /api/search?q=words")
    if len(query) > limit_chars:
        raise ApiError(f"the query is too long (limit {limit_chars} characters)", 413)
    try:
        limit = int(request.args.get("limit", 10))
    except ValueError:
        raise ApiError("'limit' must be a whole number") from None
    if not 1 <= limit <= 50:
        raise ApiError("'limit' must be between 1 and 50")
    topic = request.args.get("topic") or None
    return jsonify(assistant.search(query, limit=limit, topic=topic).to_json())


@blueprint.get("/api/topics")
def topics():
    return jsonify(topics=_assistant().snapshot().knowledge.topics())


@blueprint.post("/api/feedback")
def feedback():
    body = inputs.json_body()
    reply_id = inputs.text_field(body, "reply_id", 64)
    useful = body.get("useful")
    if not isinstance(useful, bool):
        raise ApiError("'useful' must be true or false")
    entry_id = inputs.text_field(body, "entry_id", 100, required=False)
    # Ids are ours (a reply id, an entry id): anything else is not stored, so staff
    # reports never carry terminal codes or personal details through them.
    if not _ID.match(reply_id) or (entry_id is not None and not _ID.match(entry_id)):
        raise ApiError("'reply_id' and 'entry_id' must be ids the bot gave (letters, digits, - and _)")
    comment = inputs.text_field(body, "comment", 1000, required=False)
    _assistant().insight.record_feedback(reply_id, useful, entry_id,
                                         comment=inputs.clean(comment) if comment else None)
    return jsonify(status="ok")


@blueprint.post("/admin/reload")
def admin_reload():
    assistant = _assistant()
    token = assistant.config.admin_token
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token:
        raise ApiError("admin reload is switched off: set SEND_HELPER_ADMIN_TOKEN", 404)
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        # RFC 6750: a missing or wrong bearer token is 401 with a challenge.
        return jsonify(error="a valid admin token is needed"), 401, {"WWW-Authenticate": 'Bearer realm="send-helper"'}
    status = assistant.library.reload(wait=True)
    return jsonify(status="ok" if not status.errors else "kept-last-good", message=status.message,
                   problems=[f"{Path(p.file).name}:{p.line}: {p.message}" for p in status.problems])
