"""The web app: one ``Assistant``, the channels and pages as blueprints, the Socket.IO
channel beside them, and one way every error leaves.

Every error leaves as ``{"error": "..."}`` with a 4xx, or a 500 carrying an error id
that is also in the log; never a stack trace or a server path.
"""

from __future__ import annotations

import logging
import uuid

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from bot import api, site
from bot.assistant import Assistant
from bot.channels import rasa_actions, rest, socketio
from bot.config import Config
from bot.insight import InsightUnavailable
from bot.inputs import ApiError
from bot.protection import error_body, protect
from bot.search import IndexError_

log = logging.getLogger(__name__)
access = logging.getLogger("send_helper.access")


def create_app(config: Config | dict | None = None) -> Flask:
    if isinstance(config, dict):
        config = Config.from_env(**config)
    config = config or Config.from_env()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.json.ensure_ascii = False
    assistant = Assistant(config)
    app.extensions["send_helper"] = assistant
    # Socket.IO first: the proxy fix that protect() adds must wrap it too.
    socketio.attach(app, assistant)
    limiter = protect(app, config)
    for blueprint in (site.blueprint, rest.blueprint, api.blueprint, rasa_actions.blueprint):
        app.register_blueprint(blueprint)
    _handle_errors(app, config)
    if limiter:
        # The Rasa action server is exempt too: every call comes from the one Rasa
        # server, so a per-address limit would cut all parents off at once.
        for exempt in (site.blueprint, rasa_actions.blueprint, rest.status):
            limiter.exempt(exempt)
    return app


def _handle_errors(app: Flask, config: Config) -> None:
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
