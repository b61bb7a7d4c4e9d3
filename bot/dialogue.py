"""Decide what to say: message -> intent -> retrieval -> reply.

The rules (``rules.yml``) name an action for each intent; the actions here turn an
intent, the conversation so far and a knowledge snapshot into a reply. They are plain
functions of their inputs, so the Flask webhook and the rasa-sdk actions share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import Entry, Term
from bot.nlu import DATA_DIR, IntentRules, Parse
from bot.search import Hit, Snapshot, analyse
from bot.state import StateStore

FOLLOW_UP_FIELDS = {"ask_contact": "contact", "ask_when": "dates", "ask_more": "details"}
MISSING_FOLLOW_UP = {"contact": "utter_no_contact", "dates": "utter_no_dates", "details": "utter_no_more"}
MAX_BUTTONS = 3


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on tests/data/dev_questions.yml with ``python -m bot eval``."""
    min_confidence: float = 0.6  # below this, say "I don't know" and signpost the IASS
    matched_scale: float = 15.0  # matched word weight that counts as full confidence on its own
    min_score: float = 6.0       # BM25F score below which nothing is close enough
    ambiguity: float = 0.85      # runner-up within this share of the top score: ask which


@dataclass
class Reply:
    text: str
    intent: str
    confidence: float = 1.0
    citations: list[dict] = field(default_factory=list)
    buttons: list[dict] = field(default_factory=list)
    answered: bool = True
    topic_id: str | None = None

    def to_rasa(self, recipient: str, reply_id: str) -> dict[str, Any]:
        message: dict[str, Any] = {"recipient_id": recipient, "text": self.text}
        if self.buttons:
            message["buttons"] = self.buttons
        message["custom"] = {"intent": self.intent, "confidence": round(self.confidence, 2),
                             "citations": self.citations, "reply_id": reply_id}
        return message


class Domain:
    """Responses from ``domain.yml`` and the intent -> action map from ``rules.yml``."""

    def __init__(self, slots: dict[str, str], data_dir: Path = DATA_DIR):
        domain = yaml.safe_load((data_dir / "domain.yml").read_text(encoding="utf-8"))
        rules = yaml.safe_load((data_dir / "rules.yml").read_text(encoding="utf-8"))
        self.responses: dict[str, dict] = {name: variants[0] for name, variants in domain["responses"].items()}
        self.slots = slots
        self.actions: dict[str, str] = {}
        for rule in rules["rules"]:
            steps = rule["steps"]
            intent = next(s["intent"] for s in steps if "intent" in s)
            self.actions[intent] = next(s["action"] for s in steps if "action" in s)

    def text(self, name: str, **values: str) -> str:
        return self.responses[name]["text"].format_map({**self.slots, **values})

    def reply(self, name: str, intent: str, answered: bool = True, **values: str) -> Reply:
        buttons = [dict(b) for b in self.responses[name].get("buttons", [])]
        return Reply(self.text(name, **values), intent, buttons=buttons, answered=answered)


def choose_payload(entry_id: str) -> str:
    return f'/choose_topic{{"topic_id": "{entry_id}"}}'


class Actions:
    """The bot's actions. Each returns the reply and the conversation context to keep."""

    def __init__(self, domain: Domain, thresholds: Thresholds = Thresholds()):
        self.domain = domain
        self.thresholds = thresholds

    # -- shared pieces -------------------------------------------------------------
    def source_line(self, item: Entry | Term) -> str:
        if isinstance(item, Term):
            return self.domain.text("utter_glossary_source")
        source = item.source
        return self.domain.text("utter_source", publisher=source.publisher, date=source.published_words())

    def related_buttons(self, entry: Entry, snapshot: Snapshot) -> list[dict]:
        related = [snapshot.knowledge.entries[r] for r in entry.related if r in snapshot.knowledge.entries]
        return [{"title": r.title, "payload": choose_payload(r.id)} for r in related[:MAX_BUTTONS]]

    def confidence(self, hit: Hit) -> float:
        return hit.confidence(self.thresholds.matched_scale)

    def confident(self, hit: Hit) -> bool:
        return self.confidence(hit) >= self.thresholds.min_confidence and hit.score >= self.thresholds.min_score

    def cite(self, item: Entry | Term, snapshot: Snapshot, body: str, intent: str, confidence: float) -> Reply:
        citations = [item.citation()]
        buttons: list[dict] = []
        if isinstance(item, Term):
            seen = [snapshot.knowledge.entries[s] for s in item.see if s in snapshot.knowledge.entries]
            if seen:
                body += "\n\n" + self.domain.text("utter_see_also", titles="; ".join(
                    f"{e.title} ({e.source.published_words()})" for e in seen))
                citations += [e.citation() for e in seen]
                buttons = [{"title": e.title, "payload": choose_payload(e.id)} for e in seen[:MAX_BUTTONS]]
        else:
            buttons = self.related_buttons(item, snapshot)
        return Reply(f"{body}\n\n{self.source_line(item)}", intent, confidence, citations, buttons, True, item.id)

    def answer_item(self, item: Entry | Term, snapshot: Snapshot, intent: str, confidence: float) -> Reply:
        body = item.meaning if isinstance(item, Term) else item.answer
        return self.cite(item, snapshot, body, intent, confidence)

    def fallback(self, intent: str, confidence: float = 0.0) -> Reply:
        reply = self.domain.reply("utter_fallback", intent, answered=False)
        reply.confidence = confidence
        return reply

    # -- actions named in rules.yml -----------------------------------------------
    def action_answer_from_knowledge(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        intent = parse.intent
        pending = context.get("pending") or []
        if intent == "choose_topic":
            item = snapshot.entry(parse.entities.get("topic_id", ""))
            if not item:
                return self.fallback(intent), {}
            return self.answer_item(item, snapshot, intent, 1.0), {"last_topic": item.id}
        if intent == "affirm":
            item = snapshot.entry(pending[0]) if pending else None
            if item:
                return self.answer_item(item, snapshot, intent, 1.0), {"last_topic": item.id}
            return self.domain.reply("utter_anything_else", intent), context
        if intent == "deny":
            if pending:
                return self.domain.reply("utter_deny", intent, answered=False), {}
            return self.domain.reply("utter_anything_else", intent), context
        if intent in FOLLOW_UP_FIELDS:
            return self.follow_up(parse, context, snapshot)
        return self.retrieve(parse.text, intent, snapshot)

    def retrieve(self, text: str, intent: str, snapshot: Snapshot) -> tuple[Reply, dict]:
        hits = snapshot.search(text, limit=5, kind="entry").hits
        if not hits or not self.confident(hits[0]):
            return self.fallback(intent, self.confidence(hits[0]) if hits else 0.0), {}
        top = hits[0]
        close = [h for h in hits[1:MAX_BUTTONS] if self.confident(h) and h.score >= top.score * self.thresholds.ambiguity]
        if close:
            options = [top, *close]
            reply = self.domain.reply("utter_ask_which", intent)
            reply.confidence = self.confidence(top)
            reply.buttons = [{"title": h.title, "payload": choose_payload(h.id)} for h in options]
            reply.buttons.append({"title": "None of these", "payload": "/deny"})
            return reply, {"pending": [h.id for h in options]}
        item = snapshot.entry(top.id)
        return self.answer_item(item, snapshot, intent, self.confidence(top)), {"last_topic": item.id}

    def follow_up(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        wanted = FOLLOW_UP_FIELDS[parse.intent]
        rest = parse.entities.get("rest", "")
        item = None
        if _has_content(rest):
            hits = snapshot.search(parse.text, limit=1, kind="entry").hits
            if hits and self.confident(hits[0]):
                item = snapshot.entry(hits[0].id)
        if item is None:
            item = snapshot.entry(context.get("last_topic") or "")
        if item is None:
            if _has_content(rest):
                return self.retrieve(parse.text, parse.intent, snapshot)
            if wanted == "contact":
                return self.action_handoff(parse, context, snapshot)
            # "When does it start?" with nothing said before: ask, never guess a topic.
            return self.domain.reply("utter_ask_topic_first", parse.intent), context
        if isinstance(item, Term):
            return self.answer_item(item, snapshot, parse.intent, 1.0), {"last_topic": item.id}
        body = getattr(item, wanted) or self.domain.text(MISSING_FOLLOW_UP[wanted], title=item.title)
        return self.cite(item, snapshot, body, parse.intent, 1.0), {"last_topic": item.id}

    def action_define_term(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        term = snapshot.knowledge.terms.get(parse.entities.get("term", ""))
        if term is None:
            return self.retrieve(parse.text, parse.intent, snapshot)
        return self.answer_item(term, snapshot, parse.intent, parse.confidence), {"last_topic": term.id}

    def action_handoff(self, parse: Parse, context: dict, snapshot: Snapshot | None = None) -> tuple[Reply, dict]:
        if parse.intent == "out_of_scope":
            return self.fallback(parse.intent, parse.confidence), context
        return self.domain.reply("utter_handoff", parse.intent), context

    def run(self, action: str, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        if action.startswith("utter_"):
            reply = self.domain.reply(action, parse.intent)
            reply.confidence = parse.confidence
            return reply, context
        return getattr(self, action)(parse, context, snapshot)


_FILLER = {"about", "that", "it", "this", "them", "those", "the", "a", "an", "for", "on", "with", "please", "then", "again", "there"}


def _has_content(rest: str) -> bool:
    return any(w not in _FILLER for w in re.findall(r"[a-z0-9]+", rest.lower())) and bool(analyse(rest))


class Dialogue:
    """Runs one turn for one sender, keeping their context in the state store."""

    def __init__(self, rules: IntentRules, actions: Actions, store: StateStore):
        self.rules = rules
        self.actions = actions
        self.store = store

    def respond(self, sender: str, text: str, snapshot: Snapshot) -> Reply:
        parse = self.rules.parse(text, snapshot.term_names)
        if parse.intent == "empty":
            return self.actions.domain.reply("utter_empty", "empty")
        context = self.store.get(sender)
        action = self.actions.domain.actions.get(parse.intent, "action_answer_from_knowledge")
        reply, new_context = self.actions.run(action, parse, context, snapshot)
        if parse.intent == "crisis":
            new_context = {}
        if new_context != context:
            self.store.put(sender, new_context)
        return reply

