"""HTTP: the Rasa REST channel, the adviser API, the action server, pages and health.

Transport only: each view checks its input, calls the ``Assistant`` and shapes JSON.
Every error leaves as ``{"error": "..."}`` with a 4xx, or a 500 carrying an error id
that is also in the log; never a stack trace or a server path.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import unicodedata
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request, send_from_directory
from werkzeug.exceptions import HTTPException

from bot.assistant import Assistant
from bot.config import Config
from bot.insight import InsightUnavailable
from bot.search import IndexError_

log = logging.getLogger(__name__)
access = logging.getLogger("send_helper.access")
STATIC = Path(__file__).parent / "static"
_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENDER = re.compile(r"^[\w.:@+ -]+$")
# JSON may carry lone UTF-16 surrogates ("\ud800"); no UTF-8 store or log can take them.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def _json_body() -> dict[str, Any]:
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:
        raise ApiError("the JSON is nested too deeply to read") from None
    if body is None:
        raise ApiError("the request body must be JSON, like {\"sender\": \"id\", \"message\": \"text\"}")
    if not isinstance(body, dict):
        raise ApiError("the request body must be a JSON object, not a list or a value")
    return body


def _text_field(body: dict, name: str, limit: int, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ApiError(f"'{name}' must be a string" if name in body else f"'{name}' is missing")
    if len(value) > limit:
        raise ApiError(f"'{name}' is too long ({len(value)} characters; the limit is {limit})", 413)
    return _SURROGATE.sub("\ufffd", value)


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()


def create_app(config: Config | dict | None = None) -> Flask:
    if isinstance(config, dict):
        config = Config.from_env(**config)
    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.ensure_ascii = False
    assistant = Assistant(config)
    app.extensions["send_helper"] = assistant
    executor = _action_executor(assistant)

    from bot.protection import error_body, protect
    limiter = protect(app, config)

    @app.after_request
    def access_log(response):
        # One line per request, without the query string: a search may hold a child's name.
        access.info('"%s %s" %s -', request.method, request.path[:200], response.status_code)
        return response

    @app.errorhandler(ApiError)
    def bad_request(exc: ApiError):
        return jsonify(error_body(exc.message, exc.status)), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {413: (f"the request is too large (limit {config.max_body_bytes} bytes; "
                          f"a message may be up to {config.max_message_chars} characters)"),
                    429: "too many requests: please wait a moment and try again"}
        response = jsonify(error_body(messages.get(exc.code, exc.description or exc.name), exc.code))
        # Keep the headers the error carries: a 405 must say which methods are Allowed.
        response.headers.extend((k, v) for k, v in exc.get_headers() if k.lower() != "content-type")
        return response, exc.code

    @app.errorhandler(IndexError_)
    def index_error(exc: IndexError_):
        log.error("index unavailable: %s", exc)
        return jsonify(error_body("the knowledge index is not available yet; please try again shortly", 503)), 503

    @app.errorhandler(InsightUnavailable)
    def insight_unavailable(exc: InsightUnavailable):
        log.error("feedback not stored: %s", exc)
        return jsonify(error_body("feedback cannot be saved just now; please try again later", 503)), 503

    @app.errorhandler(Exception)
    def server_error(exc: Exception):
        error_id = uuid.uuid4().hex[:12]
        log.exception("error %s on %s %s", error_id, request.method, request.path)
        return jsonify(error_body("something went wrong on our side", 500, error_id=error_id)), 500

    @app.get("/")
    def home():
        return send_from_directory(STATIC, "index.html")

    @app.get("/adviser")
    def adviser():
        return send_from_directory(STATIC, "adviser.html")

    @app.get("/widget.js")
    def widget():
        response = send_from_directory(STATIC, "widget.js", max_age=300)
        # Host sites load this script from their own pages.
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    @app.get("/static/<path:name>")
    def static_file(name: str):
        return send_from_directory(STATIC, name, max_age=300)

    @app.get("/health")
    def health():
        return jsonify(assistant.health())

    @app.get("/openapi.json")
    def openapi():
        from bot.openapi import spec
        return jsonify(spec())

    @app.get("/webhooks/rest/")
    def rest_status():
        # Rasa's REST channel answers this; some widgets check it before they connect.
        return jsonify(status="ok")

    @app.post("/webhooks/rest/webhook")
    def rest_webhook():
        body = _json_body()
        if isinstance(body.get("sender"), int) and not isinstance(body.get("sender"), bool):
            body["sender"] = str(body["sender"])  # Rasa takes numeric sender ids too
        sender = _text_field(body, "sender", config.max_sender_chars)
        message = _clean(_text_field(body, "message", config.max_message_chars))
        if not sender.strip() or not _SENDER.match(sender):
            raise ApiError("'sender' must be a short id of letters, digits, spaces and - _ . : @ +")
        if not message:
            raise ApiError("'message' is empty")
        return jsonify(assistant.chat(sender, message))

    @app.get("/api/search")
    def api_search():
        query = _clean(request.args.get("q", ""))
        if not query:
            raise ApiError("add a query: /api/search?q=words")
        if len(query) > config.max_message_chars:
            raise ApiError(f"the query is too long (limit {config.max_message_chars} characters)", 413)
        try:
            limit = int(request.args.get("limit", 10))
        except ValueError:
            raise ApiError("'limit' must be a whole number") from None
        if not 1 <= limit <= 50:
            raise ApiError("'limit' must be between 1 and 50")
        topic = request.args.get("topic") or None
        return jsonify(assistant.search(query, limit=limit, topic=topic).to_json())

    @app.get("/api/topics")
    def api_topics():
        return jsonify(topics=assistant.snapshot().knowledge.topics())

    @app.post("/api/feedback")
    def api_feedback():
        body = _json_body()
        reply_id = _text_field(body, "reply_id", 64)
        useful = body.get("useful")
        if not isinstance(useful, bool):
            raise ApiError("'useful' must be true or false")
        entry_id = _text_field(body, "entry_id", 100, required=False)
        # Ids are ours (a reply id, an entry id): anything else is not stored, so staff
        # reports never carry terminal codes or personal details through them.
        if not _ID.match(reply_id) or (entry_id is not None and not _ID.match(entry_id)):
            raise ApiError("'reply_id' and 'entry_id' must be ids the bot gave (letters, digits, - and _)")
        comment = _text_field(body, "comment", 1000, required=False)
        assistant.insight.record_feedback(reply_id, useful, entry_id,
                                          comment=_clean(comment) if comment else None)
        return jsonify(status="ok")

    @app.post("/admin/reload")
    def admin_reload():
        supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not config.admin_token:
            raise ApiError("admin reload is switched off: set SEND_HELPER_ADMIN_TOKEN", 404)
        if not hmac.compare_digest(supplied.encode(), config.admin_token.encode()):
            # RFC 6750: a missing or wrong bearer token is 401 with a challenge.
            return jsonify(error="a valid admin token is needed"), 401, {"WWW-Authenticate": 'Bearer realm="send-helper"'}
        status = assistant.library.reload(wait=True)
        return jsonify(status="ok" if not status.errors else "kept-last-good", message=status.message,
                       problems=[f"{Path(p.file).name}:{p.line}: {p.message}" for p in status.problems])

    @app.get("/actions")
    def list_actions():
        return jsonify([a.model_dump() for a in executor.list_actions()])

    @app.post("/webhook")
    def action_webhook():
        from rasa_sdk.interfaces import (ActionExecutionRejection, ActionMissingDomainException,
                                         ActionNotFoundException)
        if config.action_token and not hmac.compare_digest(request.args.get("token", "").encode(),
                                                           config.action_token.encode()):
            return jsonify(error_body("a valid action token is needed (?token=, as Rasa's action_endpoint sends)", 401)), 401
        request.max_content_length = config.max_action_body_bytes
        body = _json_body()
        if not isinstance(body.get("tracker", {}), dict):
            raise ApiError("'tracker' must be an object")
        try:
            result = _run_coroutine(executor.run(body))
        except ActionNotFoundException as exc:
            return jsonify(error=exc.message, action_name=exc.action_name), 404
        except ActionExecutionRejection as exc:
            return jsonify(error=exc.message, action_name=exc.action_name), 400
        except ActionMissingDomainException as exc:
            return jsonify(error=exc.message, action_name=exc.action_name), 449
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ApiError(f"not a Rasa action call: {type(exc).__name__}") from exc
        return jsonify(result.model_dump() if result else None)

    if limiter:
        # /webhook: every call comes from the one Rasa server, so a per-address limit
        # would cut all parents off at once; protect it with the action token instead.
        for view in (home, adviser, widget, static_file, health, openapi, list_actions, rest_status, action_webhook):
            limiter.exempt(view)
    return app


def _run_coroutine(coroutine):
    """rasa-sdk's executor is async and our views are not. Where this thread already
    runs an event loop (an async host, a browser-test harness), use a private thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _action_executor(assistant: Assistant):
    from rasa_sdk.executor import ActionExecutor

    from actions.actions import all_actions
    executor = ActionExecutor()
    for action in all_actions(assistant):
        executor.register_action(action)
    return executor

