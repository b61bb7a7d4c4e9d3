"""Our actions for a Rasa deployment, served by rasa-sdk.

``python -m rasa_sdk --actions actions`` discovers these classes and builds one
assistant from the environment (``SEND_HELPER_*`` settings); the Flask server
registers instances bound to its own assistant instead. Either way the reply is
made by the same ``bot`` code that answers the REST channel, safety check first.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.assistant import Assistant
from bot.channels.rasa_actions import utterance
from bot.config import Config
from bot.nlu import Parse


@lru_cache(maxsize=1)
def _assistant_from_env() -> Assistant:
    return Assistant(Config.from_env())


def _rasa_parse(tracker: Tracker, text: str, known: set[str]) -> Parse | None:
    """Rasa's own intent and entities for the latest message, when it names one of ours."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    if intent not in known or intent in ("ask_question", None):
        return None
    entities = {e["entity"]: str(e["value"]) for e in latest.get("entities") or []
                if isinstance(e, dict) and "entity" in e and "value" in e}
    return Parse(intent, float((latest.get("intent") or {}).get("confidence") or 1.0), text, entities)


class _BotAction:
    """What our actions share. Not itself an ``Action``: rasa-sdk serves every Action
    subclass it finds, and this one has no name of its own."""
    action_name = ""

    def __init__(self, assistant: Assistant | None = None):
        self._assistant = assistant

    def name(self) -> str:
        return self.action_name

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        assistant = self._assistant or _assistant_from_env()
        text = (tracker.latest_message or {}).get("text") or ""
        context = tracker.get_slot("context") or {"last_topic": tracker.get_slot("last_topic"),
                                                  "pending": tracker.get_slot("pending") or []}
        parse = _rasa_parse(tracker, text, set(assistant.actions.domain.actions))
        reply, new_context = assistant.respond(text, context if isinstance(context, dict) else {}, parse)
        dispatcher.utter_message(**utterance(reply, uuid.uuid4().hex))
        return [SlotSet("context", new_context or None), SlotSet("last_topic", new_context.get("last_topic")),
                SlotSet("pending", new_context.get("pending"))]


class ActionAnswerFromKnowledge(_BotAction, Action):
    action_name = "action_answer_from_knowledge"


class ActionDefineTerm(_BotAction, Action):
    action_name = "action_define_term"


class ActionHandoff(_BotAction, Action):
    action_name = "action_handoff"


class ActionRestart(_BotAction, Action):
    action_name = "action_restart"


def all_actions(assistant: Assistant) -> list[Action]:
    return [cls(assistant) for cls in (ActionAnswerFromKnowledge, ActionDefineTerm, ActionHandoff, ActionRestart)]
