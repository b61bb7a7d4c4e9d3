"""Write ``calls.json``: the action-server calls a Rasa 3.6 server makes in one chat.

Rasa 3.6 does not install on Python 3.11, so the calls are built here the way its
processor builds them (rasa/core/processor.py, rasa/shared/core/events.py and
``Domain.as_dict``): each call carries the whole tracker so far (session start,
every user message with Rasa's NLU parse, every action, bot message and slot event)
and the whole domain. Our own replies are recorded into the tracker as Rasa records
an action's responses and events, so later calls carry what earlier ones returned.

    python tests/data/rasa_replay/record.py    # from the repository root
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
MODEL_ID = "8f3e2c1b4d5a46e7a9b0c1d2e3f40516"
SENDER = "5c0d7e2a9b3f4c1e8d6a2b4c6e8f0a1b"  # rasa-webchat's session id
# One chat: what the parent types, the intent and entities Rasa's model gave, the
# action its rules chose, and what the replay must see.
TURNS = [
    ("what is the single route of redress trial?", "ask_question", 0.97, [], "action_answer_from_knowledge",
     {"citation": "redress-trial"}),
    ("when does it start?", "ask_when", 0.91, [], "action_answer_from_knowledge",
     {"citation": "redress-trial", "says": "March 2018"}),
    ("Minister's letter about the single route of redress trial", "ask_question", 0.64, [],
     "action_answer_from_knowledge", {"citation": "redress-trial-letter"}),
    ("what does SENCO mean?", "glossary", 0.95, [("term", "SENCO")], "action_define_term",
     {"citation": "glossary-senco"}),
    ("my son has swallowed a button battery", "crisis", 0.88, [], "action_answer_from_knowledge",
     {"safety": "emergency"}),
    ("are there guides on exclusions for parents?", "ask_question", 0.93, [], "action_answer_from_knowledge",
     {"citation": "exclusions-guides"}),
    ("i can't cope anymore with all of this", "crisis", 0.71, [], "action_answer_from_knowledge",
     {"safety": "concern"}),
    ("can I speak to a real person", "contact_human", 0.96, [], "action_handoff", {"says": "IASS"}),
]


def rasa_domain() -> dict:
    """``Domain.as_dict()`` of our domain.yml, as Rasa 3.6 sends it."""
    data = yaml.safe_load((ROOT / "bot" / "data" / "domain.yml").read_text(encoding="utf-8"))
    slots = {name: {"initial_value": None, **slot} for name, slot in data["slots"].items()}
    slots["session_started_metadata"] = {"type": "any", "initial_value": None, "influence_conversation": False,
                                         "mappings": []}
    return {"version": "3.1", "intents": [{name: {"use_entities": True}} for name in data["intents"]],
            "entities": data["entities"], "slots": slots, "responses": data["responses"],
            "actions": data["actions"], "forms": {}, "e2e_actions": [],
            "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": False},
            "config": {"store_entities_as_slots": True}}


def parse_data(text: str, intent: str, confidence: float, entities: list, message_id: str) -> dict:
    ranking = [{"name": intent, "confidence": confidence}, {"name": "ask_question" if intent != "ask_question"
                                                            else "ask_more", "confidence": round(1 - confidence, 4)}]
    tokens, start = [], 0
    for word in text.split():
        start = text.index(word, start)
        tokens.append([start, start + len(word)])
        start += len(word)
    found = [{"entity": name, "start": text.index(value), "end": text.index(value) + len(value),
              "confidence_entity": 0.9987, "value": value, "extractor": "DIETClassifier"} for name, value in entities]
    return {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": found,
            "text_tokens": tokens, "intent_ranking": ranking, "message_id": message_id, "metadata": {},
            "response_selector": {"all_retrieval_intents": [], "default": {
                "response": {"responses": None, "confidence": 0.0, "intent_response_key": None,
                             "utter_action": "utter_None"}, "ranking": []}}}


def record() -> dict:
    from bot.config import Config
    from bot.web import create_app
    clock = itertools.count(1764500000)
    meta = {"model_id": MODEL_ID, "assistant_id": "send-helper-rasa"}

    def action(name, policy=None, confidence=1.0):
        return {"event": "action", "timestamp": next(clock) + 0.25, "metadata": meta, "name": name,
                "policy": policy, "confidence": confidence, "action_text": None, "hide_rule_turn": False}

    domain = rasa_domain()
    slots = {name: slot["initial_value"] for name, slot in domain["slots"].items()}
    events = [action("action_session_start"),
              {"event": "session_started", "timestamp": next(clock) + 0.26, "metadata": meta},
              action("action_listen")]
    with tempfile.TemporaryDirectory() as data:
        app = create_app(replace(Config.from_env(), data_dir=Path(data), index_dir=Path(data) / "index",
                                 rate_limit="", record_insight=False))
        client = app.test_client()
        turns = []
        for number, (text, intent, confidence, entities, next_action, expect) in enumerate(TURNS, 1):
            message_id = f"{number:02d}" + "a7c3e9f1b5d2468097ac1e3b5d7f9a"
            parsed = parse_data(text, intent, confidence, entities, message_id)
            events += [{"event": "user", "timestamp": next(clock) + 0.5, "metadata": meta, "text": text,
                        "parse_data": parsed, "input_channel": "socketio", "message_id": message_id},
                       {"event": "user_featurization", "timestamp": next(clock) + 0.5,
                        "use_text_for_featurization": False}]
            call = {"next_action": next_action, "sender_id": SENDER, "version": "3.6.21", "domain": domain,
                    "tracker": {"sender_id": SENDER, "slots": dict(slots), "latest_message": parsed,
                                "latest_event_time": events[-1]["timestamp"], "followup_action": None,
                                "paused": False, "events": json.loads(json.dumps(events)),
                                "latest_input_channel": "socketio", "active_loop": {},
                                "latest_action": {"action_name": "action_listen"},
                                "latest_action_name": "action_listen"}}
            turns.append({"expect": expect, "call": call})
            answer = client.post("/webhook", json=call)
            assert answer.status_code == 200, answer.get_data(as_text=True)
            result = answer.get_json()
            # What Rasa logs after the action ran: the action, its messages, its events.
            events.append(action(next_action, "RulePolicy"))
            for response in result["responses"]:
                events.append({"event": "bot", "timestamp": next(clock) + 0.75, "metadata": {**meta},
                               "text": response.get("text"),
                               "data": {"elements": None, "quick_replies": None, "buttons": response.get("buttons"),
                                        "attachment": None, "image": None, "custom": response.get("custom")}})
            for event in result["events"]:
                events.append({**event, "timestamp": next(clock) + 0.8})
                if event["event"] == "slot":
                    slots[event["name"]] = event["value"]
            events.append(action("action_listen", "RulePolicy"))
    return {"about": "Rasa 3.6 action-server calls for one chat; see record.py", "turns": turns}


if __name__ == "__main__":
    (HERE / "calls.json").write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
