"""Error bodies through HTTP: whenever a parent's message goes unread (too large, rate
limited, the server failing), the JSON carries the emergency line beside `error`."""

from __future__ import annotations

from dataclasses import replace

import pytest
from werkzeug.exceptions import BadGateway, InternalServerError

from bot.protection import EMERGENCY
from bot.search import IndexError_
from bot.web import create_app


def chat(client, message="what is an EHC plan?", **kwargs):
    return client.post("/webhooks/rest/webhook", json={"sender": "parent-1", "message": message}, **kwargs)


def error_json(response, status):
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body.get("error"), str) and body["error"]
    return body


def test_emergency_line_names_999():
    assert "999" in EMERGENCY


def test_a_rate_limited_message_gets_the_emergency_line(config):
    client = create_app(replace(config, rate_limit="2 per minute")).test_client()
    assert chat(client).status_code == 200
    assert client.get("/api/search?q=ehcp").status_code == 200
    for response in (chat(client, "my daughter is not safe at home"), client.get("/api/search?q=ehcp"),
                     client.post("/api/feedback", json={"reply_id": "x", "useful": True})):
        body = error_json(response, 429)
        assert body["error"] == "too many requests: please wait a moment and try again"
        assert body["emergency"] == EMERGENCY
        assert int(response.headers["Retry-After"]) > 0


def test_a_failing_assistant_is_a_500_with_the_emergency_line(config, monkeypatch):
    app = create_app(config)

    def broken(*args, **kwargs):
        raise RuntimeError("the dialogue fell over")

    monkeypatch.setattr(app.extensions["send_helper"], "reply", broken)
    body = error_json(chat(app.test_client()), 500)
    assert body["error"] == "something went wrong on our side"
    assert body["emergency"] == EMERGENCY
    assert len(body["error_id"]) == 12


def test_a_missing_index_is_a_503_with_the_emergency_line(config, monkeypatch):
    app = create_app(config)

    def gone(*args, **kwargs):
        raise IndexError_("no index yet")

    monkeypatch.setattr(app.extensions["send_helper"], "reply", gone)
    assert error_json(chat(app.test_client()), 503)["emergency"] == EMERGENCY


@pytest.mark.parametrize("failure, status", [(InternalServerError, 500), (BadGateway, 502)])
def test_http_5xx_raised_by_a_view_carries_the_emergency_line(config, failure, status):
    app = create_app(config)

    @app.get("/test-failure")
    def fail():
        raise failure()

    assert error_json(app.test_client().get("/test-failure"), status)["emergency"] == EMERGENCY


def test_a_message_too_long_to_read_gets_the_emergency_line(config):
    client = create_app(config).test_client()
    too_long = error_json(chat(client, "x" * (config.max_message_chars + 1)), 413)
    assert too_long["emergency"] == EMERGENCY
    too_big = error_json(client.post("/webhooks/rest/webhook", data="x" * (config.max_body_bytes + 1),
                                     content_type="application/json"), 413)
    assert f"{config.max_message_chars} characters" in too_big["error"]
    assert too_big["emergency"] == EMERGENCY


def test_ordinary_mistakes_stay_plain(config):
    """A 400 or 404 is about the request itself, and its body stays `{"error": "..."}`."""
    client = create_app(config).test_client()
    assert set(error_json(chat(client, "   "), 400)) == {"error"}
    assert set(error_json(client.get("/no/such/page"), 404)) == {"error"}
