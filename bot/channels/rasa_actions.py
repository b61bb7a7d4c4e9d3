"""The Rasa action server (``POST /webhook``, ``GET /actions``), for a team that runs
its own Rasa and calls our actions; rasa-sdk's own executor does the dispatch.

Every call comes from the one Rasa server and carries the whole tracker, so the body
limit is large, there is no per-address rate limit, and an optional token (Rasa's
``action_endpoint`` sends it as ``?token=``) guards the route instead.
"""

from __future__ import annotations

import asyncio
import hmac
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from bot import inputs
from bot.channels import buttons, details
from bot.dialogue import Reply
from bot.protection import error_body

blueprint = Blueprint("rasa_actions", __name__)
EXECUTOR = "send_helper.rasa_actions"


def utterance(reply: Reply, reply_id: str) -> dict[str, Any]:
    """Keyword arguments for rasa-sdk's ``dispatcher.utter_message``. Rasa's Socket.IO
    channel emits custom JSON as the event's own keyword arguments, so ours travels
    under ``data`` (any other key breaks its emit); its REST channel passes it as is."""
    return {"text": reply.text, "buttons": buttons(reply), "json_message": {"data": details(reply, reply_id)}}


@blueprint.record_once
def _register_actions(state) -> None:
    from rasa_sdk.executor import ActionExecutor

    from actions.actions import all_actions
    executor = ActionExecutor()
    for action in all_actions(state.app.extensions["send_helper"]):
        executor.register_action(action)
    state.app.extensions[EXECUTOR] = executor


@blueprint.get("/actions")
def list_actions():
    return jsonify([a.model_dump() for a in current_app.extensions[EXECUTOR].list_actions()])


@blueprint.post("/webhook")
def webhook():
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionMissingDomainException, ActionNotFoundException
    config = current_app.extensions["send_helper"].config
    if config.action_token and not hmac.compare_digest(request.args.get("token", "").encode(),
                                                       config.action_token.encode()):
        return jsonify(error_body("a valid action token is needed (?token=, as Rasa's action_endpoint sends)", 401)), 401
    request.max_content_length = config.max_action_body_bytes
    body = inputs.json_body()
    if not isinstance(body.get("tracker", {}), dict):
        raise inputs.ApiError("'tracker' must be an object")
    try:
        result = _run_coroutine(current_app.extensions[EXECUTOR].run(body))
    except ActionNotFoundException as exc:
        return jsonify(error=exc.message, action_name=exc.action_name), 404
    except ActionExecutionRejection as exc:
        return jsonify(error=exc.message, action_name=exc.action_name), 400
    except ActionMissingDomainException as exc:
        return jsonify(error=exc.message, action_name=exc.action_name), 449
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise inputs.ApiError(f"not a Rasa action call: {type(exc).__name__}") from exc
    return jsonify(result.model_dump() if result else None)


def _run_coroutine(coroutine):
    """rasa-sdk's executor is async and our views are not. Where this thread already
    runs an event loop (an async host, a browser-test harness), use a private thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
