"""Per-sender conversation state: what was last discussed, and what the bot asked.

On one machine, a SQLite file in WAL mode (``var/state.sqlite3``) with expiry, so every
worker of ``gunicorn -w N`` shares each conversation with no extra service; Redis
(``REDIS_URL``) when several machines must share it. If either cannot be used the store
falls back to memory and says so in ``degraded``, so the bot keeps answering
(follow-ups may then lose context).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class StateStore(Protocol):
    degraded: str | None

    def get(self, sender: str) -> dict: ...
    def put(self, sender: str, state: dict) -> None: ...
    def clear(self, sender: str) -> None: ...


class MemoryStore:
    """A bounded, expiring dict: old conversations are forgotten, memory stays flat."""

    degraded = None

    def __init__(self, ttl_seconds: float = 3600, max_senders: int = 50_000):
        self.ttl = ttl_seconds
        self.max_senders = max_senders
        self._items: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sender: str) -> dict:
        with self._lock:
            item = self._items.get(sender)
            if not item or item[0] < time.monotonic():
                self._items.pop(sender, None)
                return {}
            return dict(item[1])

    def put(self, sender: str, state: dict) -> None:
        with self._lock:
            self._items[sender] = (time.monotonic() + self.ttl, dict(state))
            self._items.move_to_end(sender)
            while len(self._items) > self.max_senders:
                self._items.popitem(last=False)

    def clear(self, sender: str) -> None:
        with self._lock:
            self._items.pop(sender, None)


class RedisStore:
    """Shared state for several workers; on any Redis failure, serve from memory."""

    PREFIX = "send-helper:state:"

    def __init__(self, url: str, ttl_seconds: float = 3600):
        import redis

        self.ttl = int(ttl_seconds)
        self.fallback = MemoryStore(ttl_seconds)
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.degraded: str | None = None
        self._errors = (redis.RedisError, OSError)
        try:
            self.client.ping()
        except self._errors as exc:
            self._degrade(exc)

    def _degrade(self, exc: Exception) -> None:
        if not self.degraded:
            log.error("Redis unavailable (%s): keeping conversation state in this process only", exc)
        self.degraded = "redis unavailable: conversation state is kept per process"

    def _recover(self) -> None:
        if self.degraded:
            log.warning("Redis reachable again: sharing conversation state")
            self.degraded = None

    def get(self, sender: str) -> dict:
        try:
            raw = self.client.get(self.PREFIX + sender)
        except self._errors as exc:
            self._degrade(exc)
            return self.fallback.get(sender)
        self._recover()
        try:
            return json.loads(raw) if raw else self.fallback.get(sender)
        except ValueError:
            return {}

    def put(self, sender: str, state: dict) -> None:
        self.fallback.put(sender, state)
        try:
            self.client.set(self.PREFIX + sender, json.dumps(state), ex=self.ttl)
        except self._errors as exc:
            self._degrade(exc)
            return
        self._recover()

    def clear(self, sender: str) -> None:
        self.fallback.clear(sender)
        try:
            self.client.delete(self.PREFIX + sender)
        except self._errors as exc:
            self._degrade(exc)


class SQLiteStore:
    """Shared state for the workers of one machine: one row per conversation, expiring.

    Each thread keeps its own connection (SQLite connections are not shared across
    threads); WAL lets readers and the one writer work at once. Expired rows are
    deleted now and then, on writes."""

    PURGE_EVERY = 500

    def __init__(self, path: str | Path, ttl_seconds: float = 3600):
        self.path = Path(path)
        self.ttl = ttl_seconds
        self.fallback = MemoryStore(ttl_seconds)
        self.degraded: str | None = None
        self._local = threading.local()
        self._writes = 0
        try:
            self._conn().execute("CREATE TABLE IF NOT EXISTS state (sender TEXT PRIMARY KEY, data TEXT NOT NULL,"
                                 " expires REAL NOT NULL)")
        except (sqlite3.Error, OSError) as exc:
            self._degrade(exc)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def _degrade(self, exc: Exception) -> None:
        if not self.degraded:
            log.error("conversation store %s unavailable (%s): keeping state in this process only", self.path.name, exc)
        self.degraded = "state file unavailable: conversation state is kept per process"

    def get(self, sender: str) -> dict:
        try:
            row = self._conn().execute("SELECT data FROM state WHERE sender = ? AND expires > ?",
                                       (sender, time.time())).fetchone()
        except (sqlite3.Error, OSError) as exc:
            self._degrade(exc)
            return self.fallback.get(sender)
        self.degraded = None
        try:
            return json.loads(row[0]) if row else self.fallback.get(sender)
        except ValueError:
            return {}

    def put(self, sender: str, state: dict) -> None:
        self.fallback.put(sender, state)
        try:
            conn = self._conn()
            conn.execute("INSERT OR REPLACE INTO state (sender, data, expires) VALUES (?, ?, ?)",
                         (sender, json.dumps(state), time.time() + self.ttl))
            self._writes += 1
            if self._writes % self.PURGE_EVERY == 0:
                conn.execute("DELETE FROM state WHERE expires <= ?", (time.time(),))
        except (sqlite3.Error, OSError) as exc:
            self._degrade(exc)
            return
        self.degraded = None

    def clear(self, sender: str) -> None:
        self.fallback.clear(sender)
        try:
            self._conn().execute("DELETE FROM state WHERE sender = ?", (sender,))
        except (sqlite3.Error, OSError) as exc:
            self._degrade(exc)


def make_store(redis_url: str | None, ttl_seconds: float, path: str | Path | None = None) -> StateStore:
    if redis_url:
        return RedisStore(redis_url, ttl_seconds)
    return SQLiteStore(path, ttl_seconds) if path else MemoryStore(ttl_seconds)
