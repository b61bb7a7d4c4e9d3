"""Our action server as a real Rasa 3.6 calls it: a recorded chat of action calls
(tests/data/rasa_replay/calls.json; whole trackers and domain, growing each turn)
replayed against ``POST /webhook``; and every placeholder in domain.yml fillable."""

from __future__ import annotations

import ast
import json
import string

import pytest
import yaml
from support import ROOT

CALLS = ROOT / "tests" / "data" / "rasa_replay" / "calls.json"
TURNS = json.loads(CALLS.read_text(encoding="utf-8"))["turns"]


def test_the_recording_is_a_whole_chat_as_rasa_sends_it():
    assert len(TURNS) >= 6
    sizes = [len(json.dumps(turn["call"])) for turn in TURNS]
    assert sizes == sorted(sizes) and sizes[-1] > 30_000, "each call carries the whole tracker so far"
    for turn in TURNS:
        call = turn["call"]
        assert set(call) == {"next_action", "sender_id", "tracker", "domain", "version"}
        assert call["tracker"]["events"][0]["name"] == "action_session_start"
        assert call["tracker"]["latest_message"]["intent"]["name"]
        assert call["domain"]["slots"]["iass"]["initial_value"]
    assert {"emergency", "concern"} <= {t["expect"].get("safety") for t in TURNS}, "the chat includes a crisis"


@pytest.mark.parametrize("number", range(len(TURNS)))
def test_replayed_rasa_calls_get_a_cited_answer_or_the_right_safety_reply(client, number):
    turn = TURNS[number]
    response = client.post("/webhook", json=turn["call"])
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    [message] = body["responses"]
    details = message["custom"]["data"]
    expect = turn["expect"]
    if "citation" in expect:
        assert details["citations"] and details["citations"][0]["id"] == expect["citation"], message["text"]
        assert "safety" not in details
    if expect.get("safety") == "emergency":
        assert message["text"].startswith("999") and details["safety"] == "emergency"
        assert {"event": "slot", "name": "context", "value": None}.items() <= body["events"][0].items()
    if expect.get("safety") == "concern":
        assert details["safety"] == "concern" and "999" in message["text"]
    assert expect.get("says", "") in message["text"]
    assert "{" not in message["text"], "no placeholder reaches a parent"
    assert all(b["payload"] == b["title"] for b in message.get("buttons", []))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _filled_by_our_actions() -> dict[str, list[set[str]]]:
    """For each response our code renders, the value names each call passes."""
    calls: dict[str, list[set[str]]] = {}
    for path in (ROOT / "bot").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                     and a.value.startswith("utter_")]
            for name in names:
                calls.setdefault(name, []).append({k.arg for k in node.keywords if k.arg})
    return calls


def test_every_domain_placeholder_is_a_slot_with_a_value_or_filled_by_the_action():
    domain = yaml.safe_load((ROOT / "bot" / "data" / "domain.yml").read_text(encoding="utf-8"))
    slots = {name for name, slot in domain["slots"].items() if slot.get("initial_value") is not None}
    rendered_by_rasa = {s["action"] for r in yaml.safe_load((ROOT / "bot" / "data" / "rules.yml").read_text(
        encoding="utf-8"))["rules"] for s in r["steps"] if s.get("action", "").startswith("utter_")}
    ours = _filled_by_our_actions()
    unfilled = []
    for name, variants in domain["responses"].items():
        wanted = set().union(*(_placeholders(v["text"]) for v in variants)) - slots
        if not wanted:
            continue
        if name in rendered_by_rasa:
            unfilled.append(f"{name}: Rasa renders it, but {sorted(wanted)} are not slots with a value")
        elif name not in ours:
            unfilled.append(f"{name}: no action renders it, and {sorted(wanted)} are not slots")
        else:
            unfilled += [f"{name}: an action leaves {sorted(wanted - given)} unfilled"
                         for given in ours[name] if wanted - given]
    assert not unfilled, "\n".join(unfilled)
