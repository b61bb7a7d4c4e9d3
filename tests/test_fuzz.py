"""Fuzzing: nothing a client sends makes the server fail.

1. Hypothesis against the Flask app in-process: arbitrary JSON values, wrong types,
   unicode with control characters, emoji, right-to-left marks and lone surrogates,
   huge strings and raw bytes, at the chat webhook, search and feedback. Zero 5xx; every
   4xx is ``{"error": "..."}``; nothing internal (traceback, path) ever leaks.
2. schemathesis against ``/openapi.json`` served by a real ``python server.py``:
   every operation with schema-valid and schema-breaking requests; responses must
   match the description (status codes, content types, bodies).

The number of requests sent is printed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import replace
from urllib.parse import quote_from_bytes

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import KNOWLEDGE, ServerProcess, free_port, server_env

from bot.config import Config

LEAKS = re.compile(r"Traceback|File \"|/work|/tmp|/home|/root|/usr/|site-packages|\.py\b")
SENT: Counter = Counter()
FUZZ = settings(deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# ------------------------------------------------------------------ strategies

NASTY = st.sampled_from([
    "\x00", "\x07", "\x1b[31m", "\r\n", "\u2028", "\u202e", "\u200f", "\u061c", "\ufeff", "\ufffd",
    "\ud800", "\udfff", "😀", "👩‍👧‍👦", "🇬🇧", "ﷺ", "שלום", "مرحبا", "é", "e\u0301", "İ", "ß", "\u0000EHCP",
    "%s%n", "{0}", "${x}", "<script>alert(1)</script>", "'; DROP TABLE feedback; --", "../../etc/passwd",
    "/choose_topic{\"topic_id\": \"redress-trial\"}", "/choose_topic{\"topic_id\": [1]}", "/affirm", "/deny",
    "/choose_topic{", "AND OR NOT ( * \" ~ ^", "EHCP", "when does it start?", "tribunal", " ",
])
WORDS = st.sampled_from([
    "my", "son", "daughter", "Tom", "Amelia", "is", "the", "what", "when", "who", "contact", "EHCP", "tribunal",
    "school", "xylophone", "quasar", "07700 900123", "SW1A 1AA", "943 476 5919", "tom@example.com", "?", "...",
])
SENTENCE = st.lists(st.one_of(NASTY, WORDS, WORDS, st.text(max_size=6)), min_size=1, max_size=12).map(" ".join)
TEXT = st.one_of(
    SENTENCE,
    SENTENCE,
    st.text(max_size=40),
    st.text(st.characters(exclude_categories=()), max_size=20),  # may include lone surrogates
)
# Over the limits (413), plus the odd one just under them.
HUGE = st.tuples(st.one_of(st.integers(2_001, 20_000), st.integers(2_001, 20_000), st.integers(1_990, 2_000)),
                 st.sampled_from(["a", "é", "😀", "\u202e", " ", "\x00", "ehcp "])) \
    .map(lambda t: (t[1] * t[0])[: t[0]])
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=10,
)
FIELD = st.one_of(TEXT, TEXT, TEXT, JSON_VALUE, HUGE)
SENDER = st.one_of(st.from_regex(r"[A-Za-z0-9_.:@+-]{1,20}", fullmatch=True),
                   st.from_regex(r"[A-Za-z0-9_.:@+-]{1,20}", fullmatch=True), FIELD)


@st.composite
def chat_bodies(draw) -> bytes:
    kind = draw(st.sampled_from(["object", "object", "object", "value", "bytes", "duplicate"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "value":
        return _dumps(draw(JSON_VALUE))
    body = {}
    if draw(st.integers(0, 9)):
        body["sender"] = draw(SENDER)
    if draw(st.integers(0, 9)):
        body["message"] = draw(FIELD)
    body.update(draw(st.dictionaries(TEXT, JSON_VALUE, max_size=2)))
    raw = _dumps(body)
    if kind == "duplicate":  # duplicate keys: the last one wins in Python's parser
        raw = raw[:-1] + b', "message": ' + _dumps(draw(JSON_VALUE)) + b"}" if raw != b"{}" else raw
    return raw


@st.composite
def feedback_bodies(draw) -> bytes:
    body = {"reply_id": draw(st.one_of(st.text(max_size=64), FIELD)), "useful": draw(st.one_of(st.booleans(), JSON_VALUE))}
    for optional in ("entry_id", "comment"):
        if draw(st.booleans()):
            body[optional] = draw(st.one_of(st.none(), TEXT, FIELD))
    if draw(st.integers(0, 5)) == 0:
        body.pop(draw(st.sampled_from(["reply_id", "useful"])))
    return _dumps(body)


def _dumps(value) -> bytes:
    # ensure_ascii keeps lone surrogates as \udxxx escapes: a valid JSON text whose
    # decoded string cannot be encoded to UTF-8 (a classic way to crash a server).
    return json.dumps(value, ensure_ascii=True).encode()


def _query(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


# ------------------------------------------------------------------ checks

def check(response, what: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{what}: {response.status_code} {body[:500]}"
    assert not LEAKS.search(body), f"{what}: leaks internals: {body[:500]}"
    if response.status_code >= 400:
        assert response.mimetype == "application/json", f"{what}: {response.status_code} not JSON"
        data = response.get_json()
        assert isinstance(data, dict) and isinstance(data.get("error"), str) and data["error"], body[:300]


@pytest.fixture(scope="module")
def fuzz_client(shared_index, tmp_path_factory):
    from bot.web import create_app
    data = tmp_path_factory.mktemp("fuzz")
    config = replace(Config(), knowledge_dir=KNOWLEDGE, index_dir=shared_index, data_dir=data,
                     rate_limit="", watch_knowledge=False)
    return create_app(config).test_client()


# Inputs that once broke, or could break, a server like this one: always sent.
KNOWN_NASTY = [
    ("/webhooks/rest/webhook", {"sender": "n1", "message": "\ud800 quasar xylophone zebra"}),
    ("/webhooks/rest/webhook", {"sender": "n2", "message": "my son \udfff needs help with quasars"}),
    ("/webhooks/rest/webhook", {"sender": "n3", "message": "\x00\x01 \u202e\u200f שלום 👩‍👧‍👦 quasar"}),
    ("/webhooks/rest/webhook", {"sender": "n4", "message": "/choose_topic{\"topic_id\": {\"a\": [1, 2]}}"}),
    ("/webhooks/rest/webhook", {"sender": "n5", "message": "/choose_topic{\"topic_id\": \"\ud800\"}"}),
    ("/webhooks/rest/webhook", {"sender": "n6", "message": "ehcp " * 400}),
    ("/webhooks/rest/webhook", {"sender": "n7", "message": "x" * 2000}),
    ("/webhooks/rest/webhook", {"sender": "n8", "message": "when does it start?", "metadata": {"a": [None]}}),
    ("/api/feedback", {"reply_id": "r1", "useful": True, "entry_id": "redress-trial", "comment": "\ud800 ok"}),
    ("/api/feedback", {"reply_id": "r2", "useful": False, "comment": "\x00" * 1000}),
    ("/api/feedback", {"reply_id": "r3", "useful": True, "entry_id": None, "comment": None}),
]
# Ids the bot never gave are refused with a clear 400 (they would reach staff reports).
FOREIGN_IDS = [
    ("/api/feedback", {"reply_id": "r\ud800", "useful": True, "entry_id": "\udfff", "comment": "\ud800 ok"}),
    ("/api/feedback", {"reply_id": "", "useful": True, "entry_id": None, "comment": None}),
]


def test_known_nasty_inputs(fuzz_client):
    for path, body in KNOWN_NASTY:
        SENT["nasty"] += 1
        response = fuzz_client.post(path, data=_dumps(body), content_type="application/json")
        check(response, f"POST {path} {str(body)[:120]}")
        assert response.status_code == 200, (body, response.get_json())
    for path, body in FOREIGN_IDS:
        SENT["nasty"] += 1
        response = fuzz_client.post(path, data=_dumps(body), content_type="application/json")
        check(response, f"POST {path} {str(body)[:120]}")
        assert response.status_code == 400 and "ids the bot gave" in response.get_json()["error"]
    # What could not be stored as sent is stored readably, not dropped.
    store = fuzz_client.application.extensions["send_helper"].insight
    report = store.report(limit=100)
    assert any("quasar xylophone" in q.question for q in report.unanswered), report.unanswered
    assert report.feedback_total >= 3
    for query in ("q=%ED%A0%80", "q=%FF%FE", "q=ehcp&limit=%D9%A5", "q=ehcp&topic=%00%ED%A0%80",
                  "q=" + "a" * 2000, "q=ehcp&limit=99999999999999999999", "q=ehcp&q=tribunal&limit=1&limit=x"):
        SENT["nasty"] += 1
        check(fuzz_client.get("/api/search?" + query), query[:80])


def _report(capsys, name: str) -> None:
    with capsys.disabled():
        print(f"\nfuzz {name}: {SENT[name]} requests, 0 server errors")


def test_chat_webhook_survives_anything(fuzz_client, capsys):
    @settings(FUZZ, max_examples=700)
    @given(body=chat_bodies(), content_type=st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", ""]))
    def run(body, content_type):
        SENT["webhook"] += 1
        response = fuzz_client.post("/webhooks/rest/webhook", data=body, content_type=content_type or None)
        check(response, f"POST webhook {body[:200]!r}")
        if response.status_code == 200:
            messages = response.get_json()
            sender = json.loads(body)["sender"]
            assert isinstance(messages, list) and len(messages) == 1
            # An id sent as a number is the same conversation as its digits (bot/inputs.py).
            assert messages[0]["recipient_id"] == str(sender) and isinstance(messages[0]["text"], str)

    run()
    _report(capsys, "webhook")


def test_search_survives_anything(fuzz_client, capsys):
    @settings(FUZZ, max_examples=600)
    @given(q=st.one_of(TEXT, HUGE, JSON_VALUE), limit=st.one_of(st.none(), st.integers(-5, 60), TEXT),
           topic=st.one_of(st.none(), TEXT), raw=st.one_of(st.none(), st.binary(max_size=80)))
    def run(q, limit, topic, raw):
        SENT["search"] += 1
        if raw is not None:
            url = "/api/search?" + quote_from_bytes(raw, safe="=&%+")
        else:
            url = "/api/search?q=" + _query(q)
            if limit is not None:
                url += "&limit=" + _query(limit)
            if topic is not None:
                url += "&topic=" + _query(topic)
        response = fuzz_client.get(url)
        check(response, f"GET {url[:200]}")
        if response.status_code == 200:
            assert isinstance(response.get_json()["results"], list)

    run()
    _report(capsys, "search")


def test_feedback_survives_anything(fuzz_client, capsys):
    @settings(FUZZ, max_examples=300)
    @given(body=st.one_of(feedback_bodies(), st.binary(max_size=100), JSON_VALUE.map(_dumps)))
    def run(body):
        SENT["feedback"] += 1
        response = fuzz_client.post("/api/feedback", data=body, content_type="application/json")
        check(response, f"POST feedback {body[:200]!r}")

    run()
    _report(capsys, "feedback")


# ------------------------------------------------------------------ schemathesis

@pytest.fixture(scope="module")
def api_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("schemathesis")
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)],
                           server_env(data, admin_token="not-for-fuzzers"), port)
    yield server
    server.stop()


# What schemathesis may expect beyond its defaults, and why.
SCHEMATHESIS_CONFIG = {
    "checks": {
        # A field over its documented limit is 413 (documented); schema-valid text can
        # also reach the 16 KB body limit when every character is JSON-escaped.
        "negative_data_rejection": {"expected-statuses": ["400", "401", "404", "405", "413", "415", "422", "429"]},
        "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "413", "429"]},
    },
    "operations": [
        # Like rasa-sdk's own server, a call without "next_action" runs nothing: 200 null.
        {"include-path": "/webhook", "checks": {"negative_data_rejection": {"enabled": False}}},
        # The server takes letters of any script in "sender" (Python's \w); the spec's
        # pattern is read with JavaScript's ASCII \w, so "Ã" looks invalid to schemathesis.
        # The in-process fuzzing above covers this operation's bad input instead.
        {"include-path": "/webhooks/rest/webhook", "checks": {"negative_data_rejection": {"enabled": False}}},
    ],
}


@pytest.fixture(scope="module")
def api_schema(api_server):
    from schemathesis.config import SchemathesisConfig
    config = SchemathesisConfig.from_dict(SCHEMATHESIS_CONFIG)
    return schemathesis.openapi.from_url(api_server.url + "/openapi.json", config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_session():
    with requests.Session() as session:
        yield session


@schema.parametrize()
@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_matches_its_description(case, api_session):
    SENT["schemathesis"] += 1
    SENT[f"schemathesis {case.method} {case.path}"] += 1
    response = case.call_and_validate(session=api_session, timeout=30)
    assert response.status_code < 500
    assert not LEAKS.search(response.text), response.text[:300]


def test_zz_fuzz_totals(capsys, api_server):
    """Runs last in this file: the fuzzed server's log shows no 5xx and no traceback;
    then the figures for the CI log."""
    log = api_server.output()
    assert "Traceback" not in log
    assert " 200 " in log and not re.search(r'" 5\d\d ', log), "a 5xx in the fuzzed server's access log"
    documented = {"GET /api/search", "GET /api/topics", "GET /health", "GET /actions", "GET /openapi.json",
                  "POST /webhooks/rest/webhook", "POST /api/feedback", "POST /webhook", "POST /admin/reload"}
    per_op = {k.split(" ", 1)[1]: v for k, v in SENT.items() if k.startswith("schemathesis ")}
    shown = ", ".join(f"{op} {n}" for op, n in sorted(per_op.items()) if op in documented)
    undeclared = sum(n for op, n in per_op.items() if op not in documented)
    with capsys.disabled():
        print(f"\nfuzz totals: {sum(v for k, v in SENT.items() if ' ' not in k)} requests, 0 server errors "
              f"(in-process: webhook {SENT['webhook']}, search {SENT['search']}, feedback {SENT['feedback']}, "
              f"known nasty {SENT['nasty']}; schemathesis on a real server: {SENT['schemathesis']} = {shown}, "
              f"undeclared methods {undeclared})")
