"""Load: 200 conversations at once against gunicorn with 2 workers sharing state in a
real Redis. Every follow-up ("when does it start?") must be answered about the topic
of that parent's own first question, whichever worker takes it. Figures are printed,
never asserted (CI machines differ)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from support import KNOWLEDGE, ServerProcess, free_port, server_env

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"

# Questions that the knowledge answers with one clear topic; the follow-ups only make
# sense with that topic remembered (without it "when does it start?" is answered about
# some other announcement, which the citation check catches).
STARTERS = {
    "What is the SEND redress trial?": "redress-trial",
    "tell me about the rochford review": "rochford-review",
    "what is the engagement pilot?": "engagement-pilot",
    "high needs leadership board": "high-needs-leadership-board",
    "Institute of Teaching launch": "institute-of-teaching",
    "SENCO Forum advisory group chair": "senco-forum",
    "pre-key stage standards trialling spring 2018": "pre-key-stage-standards",
    "Education and Training Foundation SEND workshop": "send-workshops",
    "exclusion guidance for parents": "exclusions-guides",
}
FOLLOW_UPS = ["when does it start?", "who do I contact about that?", "tell me more"]
CONVERSATIONS = 200
THREADS = 24


def gunicorn(port: int, workers: int = 2) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
            "--graceful-timeout", "5", "server:create_app()"]


class Tally:
    """Thread-safe request figures."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def add(self, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)

    def figures(self, elapsed: float) -> dict:
        ordered = sorted(self.latencies)

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        return {"requests": len(ordered), "errors": len(self.errors),
                "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else 0,
                "p99_ms": round(pick(0.99), 1) if ordered else 0,
                "req_per_s": round(len(ordered) / elapsed, 1) if elapsed else 0}


_local = threading.local()


def session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def say(url: str, sender: str, message: str, tally: Tally) -> dict | None:
    started = time.perf_counter()
    try:
        response = session().post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                  timeout=30)
        body = response.json()
        ok = response.status_code == 200 and isinstance(body, list) and len(body) == 1
        error = None if ok else f"{response.status_code}: {response.text[:200]}"
    except (requests.RequestException, ValueError) as exc:
        body, error = None, f"{type(exc).__name__}: {exc}"
    tally.add(time.perf_counter() - started, error)
    return body[0] if not error else None


def _entries() -> dict:
    from bot import knowledge as kb
    return kb.load(KNOWLEDGE)[0].entries


ENTRY_IDS = {entry.title: entry.id for entry in _entries().values()}  # a button names its entry by title
# A follow-up stays on the conversation's topic when it is answered from the topic's entry
# or from one its staff marked as related ("who do I contact?" by the topic's contacts entry).
FAMILY = {entry.id: {entry.id, *entry.related} for entry in _entries().values()}


def cited(message: dict | None) -> list[str]:
    """The topic a reply is about: its citation, or, for an honest "the announcement
    doesn't say", the entry it offers as a button."""
    if not message:
        return []
    ids = [c["id"] for c in message["custom"]["citations"]]
    if not ids:
        ids = [ENTRY_IDS[b["title"]] for b in message.get("buttons", []) if b["title"] in ENTRY_IDS][:1]
    return ids


def run_conversations(url: str) -> tuple[dict, list, Tally, float]:
    """200 conversations of 3 turns, all open at once, turn by turn in shuffled order:
    each worker sees other parents' messages between one parent's turns."""
    rng = random.Random(2017)
    starters = list(STARTERS.items())
    conversations = []
    for n in range(CONVERSATIONS):
        question, topic = starters[n % len(starters)]
        follow = rng.sample(FOLLOW_UPS, 2)
        conversations.append({"sender": f"load-{n}", "turns": [question, *follow], "topic": topic})
    tally, wrong = Tally(), []
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        for turn in range(3):
            order = rng.sample(conversations, len(conversations))
            replies = pool.map(lambda c, t=turn: (c, say(url, c["sender"], c["turns"][t], tally)), order)
            for conversation, reply in replies:
                ids = cited(reply)
                if reply is not None and (not ids or ids[0] not in FAMILY[conversation["topic"]]):
                    wrong.append((conversation["sender"], conversation["turns"][turn], ids))
    elapsed = time.perf_counter() - started
    return tally.figures(elapsed), wrong, tally, elapsed


@pytest.mark.parametrize("workers,with_redis", [(2, True), (4, False)], ids=["redis-w2", "sqlite-w4"])
def test_200_concurrent_conversations_across_workers_keep_their_context(tmp_path, workers, with_redis, capsys,
                                                                        request):
    """With Redis, and on one machine with no extra service (the SQLite state file)."""
    redis_url = request.getfixturevalue("redis_server") if with_redis else None
    env = server_env(tmp_path, **({"REDIS_URL": redis_url} if redis_url else {}))
    port = free_port()
    server = ServerProcess(gunicorn(port, workers), env, port)
    try:
        figures, wrong, tally, elapsed = run_conversations(server.url)
        store = "Redis" if redis_url else "SQLite"
        with capsys.disabled():
            print(f"\nload: {figures['requests']} requests, {CONVERSATIONS} concurrent conversations "
                  f"({THREADS} client threads, gunicorn -w {workers}, {store} state), errors {figures['errors']}, "
                  f"off-topic replies {len(wrong)}, p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
                  f"{figures['req_per_s']} req/s, {elapsed:.1f} s")
        assert figures["requests"] == CONVERSATIONS * 3
        assert not tally.errors, tally.errors[:5]
        assert not wrong, f"{len(wrong)} replies lost the conversation's topic, e.g. {wrong[:3]}"
        if redis_url:
            import redis
            shared = len(redis.Redis.from_url(redis_url).keys("send-helper:state:load-*"))
            assert shared == CONVERSATIONS, "conversation state must live in Redis, shared by the workers"
        else:
            with sqlite3.connect(tmp_path / "state.sqlite3") as db:
                rows = db.execute("SELECT COUNT(*) FROM state WHERE sender LIKE 'load-%'").fetchone()[0]
            assert rows == CONVERSATIONS, "conversation state must live in the shared SQLite file"
        health = requests.get(server.url + "/health", timeout=5).json()
        assert health["status"] == "ok" and health["state_store"] == "ok"
        assert "Traceback" not in server.output()
    finally:
        server.stop()