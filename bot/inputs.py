"""What any channel accepts from outside: a JSON body, a message, a sender id, and the
refusal (``ApiError``) that says in plain words what was wrong. The HTTP views and the
Socket.IO channel apply the same rules."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask import request

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENDER = re.compile(r"^[\w.:@+ -]+$")
# JSON may carry lone UTF-16 surrogates ("\ud800"); no UTF-8 store or log can take them.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def json_body() -> dict[str, Any]:
    """The JSON object of the current Flask request."""
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:
        raise ApiError("the JSON is nested too deeply to read") from None
    if body is None:
        raise ApiError("the request body must be JSON, like {\"sender\": \"id\", \"message\": \"text\"}")
    if not isinstance(body, dict):
        raise ApiError("the request body must be a JSON object, not a list or a value")
    return body


def text_field(body: dict, name: str, limit: int, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ApiError(f"'{name}' must be a string" if name in body else f"'{name}' is missing")
    if len(value) > limit:
        raise ApiError(f"'{name}' is too long ({len(value)} characters; the limit is {limit})", 413)
    return _SURROGATE.sub("\ufffd", value)


def clean(text: str) -> str:
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()


def message(body: dict, limit: int) -> str:
    text = clean(text_field(body, "message", limit))
    if not text:
        raise ApiError("'message' is empty")
    return text


def sender(body: dict, name: str, limit: int) -> str:
    """A conversation id as Rasa accepts it: digits alone too, spaces allowed."""
    value = body.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = text_field({name: value} if name in body else {}, name, limit)
    if not value.strip() or not _SENDER.match(value):
        raise ApiError(f"'{name}' must be a short id of letters, digits, spaces and - _ . : @ +")
    return value
