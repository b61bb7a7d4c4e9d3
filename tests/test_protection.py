"""Errors, rate limits, security headers, CORS and the API description, through the
Flask app (in-process) and, for the limiter shared through Redis, two apps at once."""

from __future__ import annotations

import logging
import re
import sys
import time
from dataclasses import replace

import pytest

from bot.web import create_app

LEAKS = re.compile(r"Traceback|File \"|/work|/tmp|/home|/root|/usr/|site-packages|\.py\b")
ALLOWED = "https://council.example.gov.uk"


def assert_json_error(response, status: int | tuple[int, ...]):
    statuses = status if isinstance(status, tuple) else (status,)
    body = response.get_data(as_text=True)
    assert response.status_code in statuses, (response.status_code, body)
    assert response.mimetype == "application/json", body
    data = response.get_json()
    assert isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"], body
    assert not LEAKS.search(body), body
    return data


def webhook(client, body=None, **kwargs):
    return client.post("/webhooks/rest/webhook", json=body, **kwargs) if body is not None \
        else client.post("/webhooks/rest/webhook", **kwargs)


# ------------------------------------------------------------------ errors

def test_every_bad_request_is_a_json_4xx_without_internals(client, config):
    too_big = "x" * (config.max_body_bytes + 1)
    cases = [
        (client.get("/no/such/page"), 404),
        (client.get("/static/../bot/config.py"), 404),
        (client.get("/webhooks/rest/webhook"), 405),
        (client.delete("/api/search?q=ehcp"), 405),
        (client.put("/api/feedback", json={}), 405),
        (webhook(client, data=too_big, content_type="application/json"), 413),
        (webhook(client, data="this is not json", content_type="application/json"), 400),
        (webhook(client, data=b"\xff\xfe\x00garbage", content_type="application/json"), 400),
        (webhook(client, data="", content_type="application/json"), 400),
        (webhook(client, ["sender", "message"]), 400),
        (webhook(client, "just a string"), 400),
        (webhook(client, {"message": "hello"}), 400),
        (webhook(client, {"sender": "a"}), 400),
        (webhook(client, {"sender": 7.5, "message": "hello"}), 400),
        (webhook(client, {"sender": "a", "message": ["hello"]}), 400),
        (webhook(client, {"sender": "a", "message": None}), 400),
        (webhook(client, {"sender": "a", "message": "   \t\x00\x07  "}), 400),
        (webhook(client, {"sender": "a b/c", "message": "hello"}), 400),
        (webhook(client, {"sender": "a" * (config.max_sender_chars + 1), "message": "hi"}), 413),
        (webhook(client, {"sender": "a", "message": "x" * (config.max_message_chars + 1)}), 413),
        (client.get("/api/search"), 400),
        (client.get("/api/search?q=%00%01%02"), 400),
        (client.get("/api/search?q=ehcp&limit=ten"), 400),
        (client.get("/api/search?q=ehcp&limit=0"), 400),
        (client.get("/api/search?q=ehcp&limit=51"), 400),
        (client.get("/api/search?q=" + "a" * (config.max_message_chars + 1)), 413),
        (client.post("/api/feedback", json={"reply_id": "r1", "useful": "yes"}), 400),
        (client.post("/api/feedback", json={"useful": True}), 400),
        (client.post("/api/feedback", json={"reply_id": "r1", "useful": True, "comment": 5}), 400),
        (client.post("/api/feedback", json={"reply_id": "r1", "useful": True, "comment": "x" * 1001}), 413),
        (client.post("/admin/reload"), 404),  # no admin token configured: switched off
        (client.post("/webhook", json={"next_action": "no_such_action", "tracker": {"sender_id": "a"},
                                       "domain": {}}), 404),
        (client.post("/webhook", json={"next_action": "action_handoff", "domain": {}, "tracker": []}), 400),
        (client.post("/webhook", data="{", content_type="application/json"), 400),
    ]
    for response, status in cases:
        assert_json_error(response, status)


def test_admin_reload_needs_the_token(config):
    client = create_app(replace(config, admin_token="s3cret-token")).test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token-but-longer"}):
        refused = client.post("/admin/reload", headers=headers)
        assert_json_error(refused, 401)
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    ok = client.post("/admin/reload", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and ok.get_json()["status"] == "ok"


def test_an_unexpected_failure_is_a_500_with_an_error_id_that_is_in_the_log(config, caplog, monkeypatch):
    app = create_app(config)
    assistant = app.extensions["send_helper"]

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble at /work/main/var/index/secret.seg")

    monkeypatch.setattr(assistant, "search", broken)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/api/search?q=ehcp")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["error"] and re.fullmatch(r"[0-9a-f]{12}", data["error_id"])
    assert not LEAKS.search(body) and "secret" not in body
    assert data["error_id"] in caplog.text, "the error id must lead staff to the log entry"
    assert "RuntimeError" in caplog.text  # the log keeps what staff need


def test_the_index_going_missing_is_a_503_not_a_500(config, monkeypatch):
    from bot.search import IndexError_
    app = create_app(config)

    def gone(*args, **kwargs):
        raise IndexError_("the search index in /work/main/var/index is damaged")

    monkeypatch.setattr(app.extensions["send_helper"], "search", gone)
    assert_json_error(app.test_client().get("/api/search?q=ehcp"), 503)


# ------------------------------------------------------------------ rate limits

def limited_client(config, limit="5 per minute", **changes):
    return create_app(replace(config, rate_limit=limit, **changes)).test_client()


def test_rate_limit_answers_429_json_per_client_and_spares_exempt_routes(config):
    client = limited_client(config)
    # One budget per client, whichever limited route it is spent on.
    spent = [client.get("/api/search?q=ehcp"), client.get("/api/topics"),
             webhook(client, {"sender": "rl", "message": "what is an EHC plan?"}),
             client.get("/api/search?q=tribunal"), client.get("/api/search?q=ehcp")]
    assert [r.status_code for r in spent] == [200] * 5
    assert spent[-1].headers["X-RateLimit-Remaining"] == "0"
    for response in (client.get("/api/search?q=ehcp"), webhook(client, {"sender": "rl", "message": "hi"}),
                     client.post("/api/feedback", json={"reply_id": "x", "useful": True})):
        data = assert_json_error(response, 429)
        assert "too many requests" in data["error"]
        assert int(response.headers["Retry-After"]) > 0
    # Exempt: the pages, the widget, health, the API description, the action list.
    for path in ("/", "/adviser", "/widget.js", "/health", "/openapi.json", "/actions", "/static/site.css"):
        assert client.get(path).status_code == 200, path
    # Another client has its own budget.
    other = client.get("/api/search?q=ehcp", environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert other.status_code == 200


def test_cors_preflights_do_not_spend_the_budget(config):
    client = limited_client(config, "2 per minute", cors_origins=(ALLOWED,))
    preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    for _ in range(5):
        assert client.options("/webhooks/rest/webhook", headers=preflight).status_code == 200
    for _ in range(2):
        assert webhook(client, {"sender": "p", "message": "hello"}, headers={"Origin": ALLOWED}).status_code == 200
    limited = webhook(client, {"sender": "p", "message": "hello"}, headers={"Origin": ALLOWED})
    assert_json_error(limited, 429)
    # The widget on the host page can read why it was refused.
    assert limited.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_rate_limit_is_shared_by_workers_through_redis(config, redis_server):
    """Two apps (as two gunicorn workers would be) spend one budget held in Redis."""
    first = limited_client(config, "4 per minute", redis_url=redis_server)
    second = limited_client(config, "4 per minute", redis_url=redis_server)
    assert [c.get("/api/topics").status_code for c in (first, second, first, second)] == [200] * 4
    assert_json_error(first.get("/api/topics"), 429)
    assert_json_error(second.get("/api/topics"), 429)


def test_rate_limiting_keeps_working_when_redis_is_down(config):
    from support import free_port
    client = limited_client(config, "3 per minute", redis_url=f"redis://127.0.0.1:{free_port()}/0")
    statuses = [client.get("/api/topics").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429], "with Redis down the limiter counts in memory"


# ------------------------------------------------------------------ headers and CORS

def test_security_headers_on_pages_and_api(config):
    client = create_app(replace(config, cors_origins=(ALLOWED,))).test_client()
    for path in ("/", "/adviser", "/api/search?q=ehcp", "/health", "/no/such/page"):
        response = client.get(path)
        h = response.headers
        csp = dict(part.strip().split(" ", 1) for part in h["Content-Security-Policy"].split(";"))
        assert csp["script-src"] == "'self'", "no inline or third-party script"
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
        assert csp["frame-ancestors"] == "'self'"
        assert ALLOWED in csp["connect-src"].split()
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["X-Frame-Options"] == "SAMEORIGIN"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert h["Cross-Origin-Resource-Policy"] == "same-origin"
    api = client.get("/api/search?q=ehcp")
    assert api.headers["Cache-Control"] == "no-store"


def test_the_widget_can_be_embedded_on_other_sites(config):
    client = create_app(replace(config, cors_origins=(ALLOWED,))).test_client()
    widget = client.get("/widget.js", headers={"Origin": "https://any-school.example"})
    assert widget.status_code == 200 and "javascript" in widget.mimetype
    assert widget.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert widget.headers["X-Content-Type-Options"] == "nosniff"
    script = widget.get_data(as_text=True)
    # Nothing the CSP of our own pages (script-src 'self') would block.
    assert not re.search(r"\beval\s*\(|new Function\s*\(|\.innerHTML\s*=|setAttribute\(\s*['\"]style", script)
    for page in ("/", "/adviser"):
        html = client.get(page).get_data(as_text=True)
        inline_scripts = [s for s in re.findall(r"<script\b([^>]*)>", html) if "src=" not in s]
        assert not inline_scripts, f"{page}: inline <script> is blocked by the CSP"
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), f"{page}: inline style/handlers are blocked by the CSP"


def test_cors_only_for_configured_origins(config):
    client = create_app(replace(config, cors_origins=(ALLOWED,))).test_client()
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for path in ("/webhooks/rest/webhook", "/api/feedback"):
        ok = client.options(path, headers={"Origin": ALLOWED, **preflight})
        assert ok.status_code in (200, 204)
        assert ok.headers["Access-Control-Allow-Origin"] == ALLOWED
        assert "POST" in ok.headers["Access-Control-Allow-Methods"]
        assert "content-type" in ok.headers["Access-Control-Allow-Headers"].lower()
        assert "Origin" in ok.headers.get("Vary", "")
        refused = client.options(path, headers={"Origin": "https://evil.example", **preflight})
        assert "Access-Control-Allow-Origin" not in refused.headers
    post = webhook(client, {"sender": "c", "message": "what is an EHCP?"}, headers={"Origin": ALLOWED})
    assert post.status_code == 200 and post.headers["Access-Control-Allow-Origin"] == ALLOWED
    other = webhook(client, {"sender": "c", "message": "what is an EHCP?"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    search = client.get("/api/search?q=ehcp", headers={"Origin": ALLOWED})
    assert search.headers["Access-Control-Allow-Origin"] == ALLOWED
    # Never on admin or the action server, whoever asks.
    assert "Access-Control-Allow-Origin" not in client.options(
        "/admin/reload", headers={"Origin": ALLOWED, **preflight}).headers
    assert "Access-Control-Allow-Origin" not in client.get("/actions", headers={"Origin": ALLOWED}).headers


def test_no_cors_at_all_unless_configured(client):
    response = webhook(client, {"sender": "c", "message": "hello"}, headers={"Origin": ALLOWED})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


def test_wildcard_cors_reflects_the_caller(config):
    client = create_app(replace(config, cors_origins=("*",))).test_client()
    response = client.get("/api/topics", headers={"Origin": "https://school.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://school.example"
    assert "*" not in response.headers["Content-Security-Policy"]


def test_access_log_lines_lose_their_query_strings():
    from bot.protection import _NoQueryStrings
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s %s',
                               ("127.0.0.1", "GET /api/search?q=Amelia+Jones+SW1A+1AA HTTP/1.1", "200", "-"), None)
    assert _NoQueryStrings().filter(record)
    line = record.getMessage()
    assert "Amelia" not in line and "SW1A" not in line
    assert "GET /api/search?[query removed] HTTP/1.1" in line
    # Quotes in the query must not end the redaction early.
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s %s',
                               ("127.0.0.1", "GET /api/search?q=I'm+Amelia's+mum+\"SW1A+1AA\"+?x=Jones HTTP/1.1",
                                "200", "-"), None)
    _NoQueryStrings().filter(record)
    assert not re.search(r"Amelia|SW1A|Jones", record.getMessage()), record.getMessage()


# ------------------------------------------------------------------ API description

def test_openapi_describes_every_json_endpoint(client, app):
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"].startswith("3.0")
    paths = spec["paths"]
    expected = {("/webhooks/rest/webhook", "post"), ("/webhooks/rest/", "get"), ("/api/search", "get"), ("/api/topics", "get"),
                ("/api/feedback", "post"), ("/health", "get"), ("/webhook", "post"), ("/actions", "get"),
                ("/admin/reload", "post"), ("/openapi.json", "get")}
    described = {(path, method) for path, item in paths.items() for method in item}
    assert described == expected
    served = {(rule.rule, method.lower()) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    pages = {("/", "get"), ("/adviser", "get"), ("/widget.js", "get"), ("/static/<path:name>", "get")}
    assert served - pages == expected, "a JSON route is missing from bot/data/openapi.yml"
    search = {p["name"]: p for p in paths["/api/search"]["get"]["parameters"]}
    assert search["q"]["required"] and search["limit"]["schema"]["minimum"] == 1
    assert search["limit"]["schema"]["maximum"] == 50 and "topic" in search
    feedback = paths["/api/feedback"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(feedback["properties"]) == {"reply_id", "useful", "entry_id", "comment"}
    assert set(feedback["required"]) == {"reply_id", "useful"}
    assert paths["/admin/reload"]["post"]["security"] == [{"adminToken": []}]
    assert spec["components"]["securitySchemes"]["adminToken"]["scheme"] == "bearer"
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    for path, item in paths.items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    ref = answer["$ref"].rsplit("/", 1)[-1]
                    schema = spec["components"]["responses"][ref]["content"]["application/json"]["schema"]
                    assert "error" in schema.get("required", []) or schema.get("$ref", "").endswith("/Error"), \
                        (path, method, status)


def test_openapi_is_never_rate_limited(config):
    client = limited_client(config, "1 per minute")
    assert client.get("/api/topics").status_code == 200
    assert client.get("/api/topics").status_code == 429
    assert all(client.get("/openapi.json").status_code == 200 for _ in range(5))


@pytest.mark.parametrize("command", [
    [sys.executable, "server.py", "--port", "{port}"],
    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", "127.0.0.1:{port}", "server:create_app()"],
], ids=["python server.py", "gunicorn -c gunicorn.conf.py"])
def test_slow_clients_do_not_stop_the_shipped_servers_answering(tmp_path, command):
    """50 connections that send a header line every 2 s (slowloris) are held open while
    200 ordinary chats are all answered, by each of the two commands the README ships."""
    import socket
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import requests

    from support import ServerProcess, free_port, server_env
    port = free_port()
    server = ServerProcess([part.format(port=port) for part in command], server_env(tmp_path), port)
    stop = threading.Event()

    def slow_client() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n")
            for n in range(8):
                if stop.wait(2):
                    return
                sock.sendall(f"X-Slow-{n}: 1\r\n".encode())

    slow = [threading.Thread(target=slow_client, daemon=True) for _ in range(50)]
    try:
        for thread in slow:
            thread.start()
        time.sleep(1)

        def ask(n: int) -> int:
            return requests.post(f"{server.url}/webhooks/rest/webhook", timeout=20,
                                 json={"sender": f"fast-{n}", "message": "what is the redress trial?"}).status_code

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(ask, range(200)))
        assert codes.count(200) == 200, codes
        assert any(thread.is_alive() for thread in slow), "the slow clients must still be connected"
    finally:
        stop.set()
        server.stop()


def test_deep_nesting_and_foreign_feedback_ids_are_clear_400s(client):
    deep = "[" * 1000 + "]" * 1000
    for path in ("/webhooks/rest/webhook", "/webhook", "/api/feedback"):
        response = client.post(path, data=deep, content_type="application/json")
        assert response.status_code == 400 and "nested too deeply" in response.get_json()["error"], path
    for body in ({"reply_id": "\x1b[31mred", "useful": True},
                 {"reply_id": "abc", "useful": False, "entry_id": "943 476 5919"}):
        response = client.post("/api/feedback", json=body)
        assert response.status_code == 400 and "ids the bot gave" in response.get_json()["error"]
    assert client.post("/api/feedback", json={"reply_id": "3f2a9c", "useful": True,
                                              "entry_id": "redress-trial"}).status_code == 200
