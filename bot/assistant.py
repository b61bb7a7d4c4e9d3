"""The one object every channel talks to: the web server, the CLI and the Rasa actions.

It runs the steps in order for one message (safety, intent, dialogue with the
conversation's context, answer) and owns the cross-cutting duties: the safety reply
comes first on every path, a damaged index is rebuilt once, and what staff may see is
recorded without anything personal (the insight store redacts; risk messages are
never stored as text at all).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from pathlib import Path

from cachetools import LRUCache

from bot.config import Config
from bot.dialogue import Actions, Dialogue, Domain, Reply
from bot.library import Library
from bot.nlu import IntentRules, Parse
from bot.safety import UNREADABLE, Safety, Verdict
from bot.search import IndexDamaged, Results, Snapshot
from bot.state import make_store

log = logging.getLogger(__name__)


class Assistant:
    def __init__(self, config: Config | None = None):
        self.config = config or Config.from_env()
        self.library = Library(self.config.knowledge_dir, self.config.index_dir,
                               self.config.reload_seconds, self.config.watch_knowledge)
        self.store = make_store(self.config.redis_url, self.config.state_ttl_seconds, self.config.state_path)
        self.safety = Safety()
        self.actions = Actions(Domain({"iass": self.config.iass}))
        self.dialogue = Dialogue(IntentRules(), self.actions)
        self._insight = None
        self._insight_lock = threading.Lock()
        # Parents ask the same first questions again and again ("what is an EHCP?"): a
        # message met before in the same context, on the same snapshot, is not analysed
        # again. Kept per worker, emptied when the snapshot changes. Keys are digests, so
        # no one's words are kept as a key; an at-risk message's reply holds only helplines
        # and the knowledge's words, and its context no words of the message.
        self._memo: LRUCache | None = LRUCache(self.config.reply_memo) if self.config.reply_memo > 0 else None
        self._memo_snapshot: Snapshot | None = None
        self._memo_lock = threading.Lock()

    @property
    def insight(self) -> "InsightStore":  # noqa: F821 - imported here: only the web app records
        """The staff store, opened on first use. One that cannot open raises
        ``InsightUnavailable`` and is tried again on the next call, so mending the disk
        or the permissions needs no restart."""
        with self._insight_lock:
            if self._insight is None:
                from bot.insight import InsightStore
                store = InsightStore(self.config.insight_path, retention_days=self.config.retention_days)
                try:
                    store.purge()
                except sqlite3.Error:
                    # Old rows stay a while longer; feedback is still worth taking.
                    log.exception("could not delete rows past the retention period")
                self._insight = store
            return self._insight

    def snapshot(self) -> Snapshot:
        return self.library.snapshot()

    def _with_recovery(self, work):
        """Run ``work(snapshot)``; if the index is damaged, rebuild once and retry. Any
        other error is a bug: it is not hidden behind a rebuild (the web layer answers
        500 with an error id)."""
        try:
            return work(self.snapshot())
        except IndexDamaged as exc:
            log.error("the search index is damaged (%s); rebuilding it and retrying", exc)
            self.library.recover()
            return work(self.snapshot())

    # -- one turn -----------------------------------------------------------------
    def respond(self, message: str, context: dict, parse: Parse | None = None) -> tuple[Reply, dict]:
        """Safety, then the dialogue: the reply and the context to keep. ``parse`` is an
        intent already found by the caller (Rasa's NLU); safety still runs first.
        Callers must not change the reply or the context they get: a repeated message
        gets the same objects."""
        key = self._memo_key(message, context, parse)
        snapshot, decided = self._memo_get(key)
        if decided is None:
            decided = self._decide(message, context, parse)
            self._memo_put(key, snapshot, decided)
        verdict, reply, new_context = decided
        if verdict.at_risk:
            self._record_safety(verdict)
        elif not reply.answered:
            self._record_unanswered(message, reply)
        return reply, new_context

    def _decide(self, message: str, context: dict, parse: Parse | None) -> tuple[Verdict, Reply, dict]:
        verdict = self.safety.check(message)
        if parse is not None and parse.intent == "crisis" and not verdict.at_risk:
            verdict = Verdict("concern", "distress", "rasa intent")
        if verdict.tier == "emergency":
            return verdict, self.emergency_reply(verdict), {}
        if parse is None or parse.intent == "crisis":
            parse = self._with_recovery(lambda snapshot: self.dialogue.parse(message, snapshot))
        reply, new_context = self._with_recovery(lambda snapshot: self.dialogue.turn(parse, context, snapshot))
        if verdict.tier == "concern":
            # The tracker may hold the question that raised a choice: not this one's words.
            return verdict, self.concern_reply(verdict, reply), {k: v for k, v in new_context.items() if k != "asked"}
        return verdict, reply, new_context

    # -- the memo of decided turns --------------------------------------------------
    def _memo_key(self, message: str, context: dict, parse: Parse | None) -> bytes | None:
        if self._memo is None:
            return None
        try:
            said = [message, context, None if parse is None else [parse.intent, parse.confidence, parse.text,
                                                                   parse.entities]]
            return hashlib.blake2b(json.dumps(said, sort_keys=True).encode(), digest_size=16).digest()
        except (TypeError, ValueError):
            return None  # not plain data: decided afresh each time

    def _memo_get(self, key: bytes | None) -> tuple[Snapshot | None, tuple[Verdict, Reply, dict] | None]:
        if key is None:
            return None, None
        snapshot = self.snapshot()
        with self._memo_lock:
            if snapshot is not self._memo_snapshot:
                # New knowledge (a reload, a rebuild after damage): every kept reply may differ.
                self._memo.clear()
                self._memo_snapshot = snapshot
            return snapshot, self._memo.get(key)

    def _memo_put(self, key: bytes | None, snapshot: Snapshot | None, decided: tuple[Verdict, Reply, dict]) -> None:
        """Kept only while the snapshot it was looked up on is still the one served."""
        if key is None:
            return
        with self._memo_lock:
            if snapshot is self._memo_snapshot:
                self._memo[key] = decided

    def reply(self, sender: str, message: str) -> Reply:
        """One turn of the conversation ``sender`` has with us, its context kept in the store."""
        context = self.store.get(sender)
        reply, new_context = self.respond(message, context)
        if new_context != context:
            self.store.put(sender, new_context)
        return reply

    # -- safety replies -----------------------------------------------------------
    def _services(self, verdict: Verdict) -> str:
        return "\n".join(f"- {s.line()}" for s in self.safety.services_for(verdict))

    def emergency_reply(self, verdict: Verdict) -> Reply:
        text = self.actions.domain.text("utter_emergency", services=self._services(verdict))
        return Reply(text, "crisis", 1.0, answered=True, safety="emergency", safety_category=verdict.category)

    def concern_reply(self, verdict: Verdict, answer: Reply) -> Reply:
        """Helplines and the 999 line first; the parent's question is still answered."""
        services = self._services(verdict)
        no_question = self.actions.domain.text("utter_concern_no_question")
        if verdict.category == UNREADABLE:
            # No answer to an unreadable message is the answer to it ("I didn't catch that").
            head, tail = self.actions.domain.text("utter_concern_unreadable", services=services), no_question
        else:
            about = self.safety.categories.get(verdict.category or "", {}).get("about", "this")
            head = self.actions.domain.text("utter_concern", about=about, services=services)
            tail = answer.text if answer.answered else no_question
        return Reply(f"{head}\n\n{tail}", answer.intent, answer.confidence, answer.citations, answer.buttons,
                     answer.answered, answer.topic_id, "concern", verdict.category)

    # -- what staff see -----------------------------------------------------------
    def _record_safety(self, verdict: Verdict) -> None:
        if self.config.record_insight:
            try:
                self.insight.record_safety(verdict.tier or "", verdict.category or "unknown")
            except Exception:  # noqa: BLE001 - the staff report must never cost a parent their answer
                log.exception("could not record a safety reply")

    def _record_unanswered(self, message: str, reply: Reply) -> None:
        if self.config.record_insight:
            try:
                self.insight.record_unanswered(message, reply.intent, reply.confidence)
            except Exception:  # noqa: BLE001 - the staff report must never cost a parent their answer
                log.exception("could not record an unanswered question")

    def search(self, query: str, limit: int = 10, topic: str | None = None) -> Results:
        def search_with_excerpts(snapshot: Snapshot) -> Results:
            results = snapshot.search(query, limit=limit, topic=topic)
            # Advisers always see excerpts and citations, and making them reads the index:
            # here, a damaged index is rebuilt and the search retried.
            for hit in results.hits:
                hit.excerpt, hit.citations
            return results
        return self._with_recovery(search_with_excerpts)

    def health(self) -> dict:
        """Serving is "ok" (the contract); what staff should fix is listed beside it."""
        snapshot = self.snapshot()
        status = self.library.status
        body = {"status": "ok", "index": snapshot.name, "entries": len(snapshot.knowledge.entries),
                "terms": len(snapshot.knowledge.terms), "knowledge": status.message,
                "state_store": self.store.degraded or "ok"}
        if status.errors:
            # File names only: a response never reveals where the server keeps things.
            body["problems"] = [f"{Path(p.file).name}:{p.line}: {p.message}" for p in status.errors[:20]]
        return body
