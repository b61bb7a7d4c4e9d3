"""The one object the web server, the CLI and the Rasa actions talk to.

It wires the pieces together (library of knowledge, intent rules, dialogue, state,
staff insight) and owns the cross-cutting duties: recover from a damaged index, and
never let one failure take a parent's answer down. (The insight store redacts
everything it keeps, so callers hand it text as typed.)
"""

from __future__ import annotations

import logging
import uuid
from functools import cached_property
from pathlib import Path

from bot.config import Config
from bot.dialogue import Actions, Dialogue, Domain, Reply
from bot.library import Library
from bot.nlu import IntentRules
from bot.search import Results, Snapshot
from bot.state import make_store

log = logging.getLogger(__name__)


class Assistant:
    def __init__(self, config: Config | None = None):
        self.config = config or Config.from_env()
        self.library = Library(self.config.knowledge_dir, self.config.index_dir,
                               self.config.reload_seconds, self.config.watch_knowledge)
        self.store = make_store(self.config.redis_url, self.config.state_ttl_seconds)
        self.actions = Actions(Domain({"iass": self.config.iass}))
        self.dialogue = Dialogue(IntentRules(), self.actions, self.store)

    @cached_property
    def insight(self) -> "InsightStore":  # noqa: F821 - imported here: only the web app records
        from bot.insight import InsightStore
        store = InsightStore(self.config.insight_path, retention_days=self.config.retention_days)
        store.purge()
        return store

    def snapshot(self) -> Snapshot:
        return self.library.snapshot()

    def _with_recovery(self, work):
        """Run ``work(snapshot)``; if the index broke under us, rebuild once and retry."""
        try:
            return work(self.snapshot())
        except Exception as exc:  # noqa: BLE001 - a damaged index fails in many ways (struct.error, EOFError...)
            log.exception("search failed (%s); rebuilding the index and retrying", type(exc).__name__)
            self.library.recover()
            return work(self.snapshot())

    def reply(self, sender: str, message: str) -> Reply:
        reply = self._with_recovery(lambda snapshot: self.dialogue.respond(sender, message, snapshot))
        if not reply.answered and self.config.record_insight:
            try:
                self.insight.record_unanswered(message, reply.intent, reply.confidence)
            except Exception:  # noqa: BLE001 - the staff report must never cost a parent their answer
                log.exception("could not record an unanswered question")
        return reply

    def chat(self, sender: str, message: str) -> list[dict]:
        """The Rasa REST channel's answer: a list of bot messages."""
        return [self.reply(sender, message).to_rasa(sender, uuid.uuid4().hex)]

    def search(self, query: str, limit: int = 10, topic: str | None = None) -> Results:
        return self._with_recovery(lambda snapshot: snapshot.search(query, limit=limit, topic=topic))

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
