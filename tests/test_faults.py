"""Faults, against real server processes: a worker killed mid-load, the index damaged on
disk, broken YAML saved by staff during load, Redis unreachable, a crash right after
feedback was stored, and two index builds at once. The service keeps answering (or
fails with a clear JSON error) and recovers by itself; nothing stored is lost."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from support import KNOWLEDGE, ROOT, ServerProcess, free_port, server_env
from test_load import gunicorn

QUESTION = "What is the single route of redress trial?"
TOPIC = "redress-trial"


def ask(url: str, message: str = QUESTION, sender: str = "faults", timeout: float = 30) -> requests.Response:
    return requests.post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": message},
                         timeout=timeout)


def cites(response: requests.Response, topic: str = TOPIC) -> bool:
    if response.status_code != 200:
        return False
    citations = response.json()[0]["custom"]["citations"]
    return bool(citations) and citations[0]["id"] == topic


def wait_for(condition, timeout: float = 30.0, every: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def workers(master_pid: int) -> set[int]:
    """The gunicorn master's child processes (its workers)."""
    try:
        return {int(p) for p in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()}
    except OSError:
        return set()


def report(capsys, text: str) -> None:
    with capsys.disabled():
        print(f"\n{text}")


@dataclass
class Outcome:
    started: float
    ended: float
    status: int | None
    error: str | None = None
    cited: bool = False


@dataclass
class Load:
    """Steady background traffic: a few threads asking QUESTION until stopped."""

    url: str
    threads: int = 4
    outcomes: list[Outcome] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _run(self, n: int) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                response = session.post(self.url + "/webhooks/rest/webhook",
                                        json={"sender": f"load-{n}", "message": QUESTION}, timeout=30)
                outcome = Outcome(started, time.monotonic(), response.status_code, cited=cites(response))
                if response.status_code != 200:
                    outcome.error = response.text[:300]
            except requests.RequestException as exc:
                outcome = Outcome(started, time.monotonic(), None, f"{type(exc).__name__}: {exc}")
            with self._lock:
                self.outcomes.append(outcome)

    def count(self) -> int:
        with self._lock:
            return len(self.outcomes)

    def wait_for_requests(self, n: int, timeout: float = 30.0) -> None:
        target = self.count() + n
        wait_for(lambda: self.count() >= target, timeout, what=f"{n} more requests")


# ------------------------------------------------------------------ workers

def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(tmp_path, capsys):
    port = free_port()
    server = ServerProcess(gunicorn(port), server_env(tmp_path), port)
    try:
        before = wait_for(lambda: len(workers(server.proc.pid)) == 2 and workers(server.proc.pid), 20,
                          what="two workers")
        with Load(server.url) as load:
            load.wait_for_requests(20)
            victim = min(before)
            killed_at = time.monotonic()
            os.kill(victim, signal.SIGKILL)
            after = wait_for(lambda: (w := workers(server.proc.pid)) and len(w) == 2 and victim not in w and w,
                             30, what="the master to start a new worker")
            respawned_at = time.monotonic()
            load.wait_for_requests(40)
        failed = [o for o in load.outcomes if o.error]
        late = [o for o in load.outcomes if o.started > respawned_at]
        report(capsys, f"faults/worker kill: {len(load.outcomes)} requests, worker {victim} killed, "
                       f"replaced by {sorted(after - before)} in {respawned_at - killed_at:.2f}s, "
                       f"{len(failed)} failed (in flight on the killed worker), {len(late)} after the respawn")
        # Only a request the killed worker had in hand may fail, and only as a dropped
        # connection: never an HTTP error, never one started after the respawn.
        assert all(o.status is None and o.started <= respawned_at for o in failed), failed
        assert len(failed) <= load.threads
        assert late and all(o.status == 200 and o.cited for o in late)
        assert all(o.cited for o in load.outcomes if not o.error)
    finally:
        server.stop()


# ------------------------------------------------------------------ a damaged index

def snapshot_folder(data: Path) -> Path:
    index = data / "index"
    return index / os.readlink(index / "current")


def test_a_truncated_index_is_rebuilt_without_dropping_anyone(tmp_path, capsys):
    """Truncating the files of the index being served, under a single-process server
    (no master to respawn a crashed worker): every request still gets an answer or a
    clear JSON error, and the library rebuilds from the YAML."""
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)],
                           server_env(tmp_path, reload_seconds="0.2"), port)
    try:
        assert cites(ask(server.url))
        damaged = snapshot_folder(tmp_path)
        for file in damaged.iterdir():
            file.write_bytes(b"")
        outcomes = []
        for _ in range(40):
            response = ask(server.url)  # a dropped connection fails the test here
            outcomes.append(response.status_code)
            if response.status_code != 200:
                assert response.headers["Content-Type"].startswith("application/json")
                assert response.json()["error"] and "error_id" not in response.json(), response.text
            if cites(response) and outcomes[-3:] == [200, 200, 200]:
                break
            time.sleep(0.05)
        report(capsys, f"faults/truncated index: answers after the damage {outcomes}")
        assert outcomes[-3:] == [200, 200, 200], outcomes
        assert all(o in (200, 503) for o in outcomes), "a damaged index is never a 500"
        # Answers may come from what the reader already holds in memory; the damage is
        # noticed at the next freshness check (every 0.2 s here) and the index rebuilt.
        deadline = time.monotonic() + 15
        while True:
            health = requests.get(server.url + "/health", timeout=10).json()
            if health["index"] != damaged.name or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert health["status"] == "ok" and health["index"] != damaged.name
        search = requests.get(server.url + "/api/search", params={"q": "tribunal"}, timeout=10).json()
        assert search["results"], "search answers from the rebuilt index"
    finally:
        server.stop()


def test_an_index_overwritten_in_place_is_noticed_and_rebuilt(tmp_path, capsys):
    """Zeros over the served index's files (same sizes): no error is raised, search just
    finds nothing, so the library must notice the files changed and rebuild."""
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)],
                           server_env(tmp_path, reload_seconds="0.2"), port)
    try:
        assert cites(ask(server.url))
        for file in snapshot_folder(tmp_path).iterdir():
            file.write_bytes(b"\0" * file.stat().st_size)
        statuses = []

        def answered() -> bool:
            response = ask(server.url)
            statuses.append(response.status_code)
            assert response.status_code in (200, 503), response.text
            return cites(response)

        try:
            wait_for(answered, 5, 0.2, "answers from a rebuilt index")
        finally:
            report(capsys, f"faults/overwritten index: statuses after the damage {statuses[:10]}...")
    finally:
        server.stop()


def unwritable_index_app(tmp_path, monkeypatch, config):
    import tempfile
    from dataclasses import replace

    from bot.web import create_app
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the fallback index goes
    return create_app(replace(config, index_dir=blocker / "index", watch_knowledge=True)).test_client()


def test_an_unwritable_index_folder_still_answers_from_a_temporary_index(tmp_path, monkeypatch, config):
    client = unwritable_index_app(tmp_path, monkeypatch, config)
    health = client.get("/health")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"
    assert "not writable" in health.get_json()["knowledge"]
    reply = client.post("/webhooks/rest/webhook", json={"sender": "ro", "message": QUESTION}).get_json()[0]
    assert reply["custom"]["citations"][0]["id"] == TOPIC


def test_health_never_shows_a_server_path(tmp_path, monkeypatch, config):
    client = unwritable_index_app(tmp_path, monkeypatch, config)
    body = client.get("/health").get_data(as_text=True)
    assert str(tmp_path) not in body and "/" not in client.get("/health").get_json()["knowledge"], body


def test_an_index_shipped_by_an_older_release_is_rebuilt_where_the_yaml_is_not_watched(tmp_path, shared_index, config):
    """A read-only deploy copies a built index beside new code: built by code that analysed
    words differently, it would answer with the old analysis until someone rebuilt it."""
    import json
    import sqlite3
    from dataclasses import replace

    from bot.web import create_app
    shipped = tmp_path / "index"
    shutil.copytree(shared_index, shipped, symlinks=True)
    old = (shipped / "current").resolve()
    with sqlite3.connect(old / "knowledge.sqlite") as db:
        db.execute("update meta set value = ? where key = 'fingerprint'", (json.dumps("format-1:older-release"),))
    client = create_app(replace(config, index_dir=shipped, watch_knowledge=False)).test_client()
    assert client.get("/health").get_json()["index"] != old.name
    reply = client.post("/webhooks/rest/webhook", json={"sender": "ro", "message": QUESTION}).get_json()[0]
    assert reply["custom"]["citations"][0]["id"] == TOPIC


# ------------------------------------------------------------------ broken YAML during load

def test_broken_yaml_keeps_the_last_good_index_and_the_fix_is_picked_up(tmp_path, capsys):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    target = knowledge / "redress-trial.yml"
    good = target.read_text(encoding="utf-8")
    port = free_port()
    server = ServerProcess(gunicorn(port), server_env(tmp_path, knowledge_dir=str(knowledge), reload_seconds="0.3"),
                           port)
    try:
        with Load(server.url, threads=2) as load:
            load.wait_for_requests(10)
            lines = good.splitlines()
            lines[6] = "    title: [Single route of redress: national trial"  # an unclosed list, line 7
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")

            def problems():
                body = requests.get(server.url + "/health", timeout=10).json()
                return body.get("problems")

            listed = wait_for(problems, 20, 0.2, "/health to list the broken file")
            load.wait_for_requests(20)
            during = load.count()
            fixed = good.replace("The single route of redress national trial was",
                                 "The single route of redress national trial (checked by staff) was")
            assert fixed != good
            target.write_text(fixed, encoding="utf-8")

            def picked_up() -> bool:  # several in a row: both workers have the new index
                return all("checked by staff" in ask(server.url).json()[0]["text"] for _ in range(6))

            wait_for(picked_up, 30, 0.2, "the fixed YAML to be served")
            health = requests.get(server.url + "/health", timeout=10).json()
            load.wait_for_requests(10)
        failed = [o for o in load.outcomes if o.error or not o.cited]
        report(capsys, f"faults/broken YAML under load: {len(load.outcomes)} requests ({during} before the fix), "
                       f"{len(failed)} failed; /health listed {listed}")
        assert not failed, failed[:3]
        assert any(re.fullmatch(r"redress-trial\.yml:\d+: .+", p) for p in listed), listed
        assert not any("/" in p for p in listed), "file names only, never server paths"
        assert "problems" not in health and health["status"] == "ok"
    finally:
        server.stop()


# ------------------------------------------------------------------ Redis unreachable

def test_an_unreachable_redis_degrades_state_but_the_bot_answers(tmp_path, capsys):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)],
                           server_env(tmp_path, REDIS_URL=closed, rate_limit="300 per minute"), port)
    try:
        health = requests.get(server.url + "/health", timeout=10).json()
        assert health["status"] == "ok"
        assert "redis unavailable" in health["state_store"]
        first = ask(server.url, sender="no-redis")
        assert cites(first)
        # One process: the memory fallback still carries the conversation.
        follow = ask(server.url, "when does it start?", sender="no-redis")
        assert cites(follow) and "March 2018" in follow.json()[0]["text"]
        assert requests.get(server.url + "/api/search", params={"q": "tribunal"}, timeout=10).status_code == 200
        report(capsys, f"faults/redis down: state_store = {health['state_store']!r}; chat, follow-up, search OK")
    finally:
        server.stop()
    assert "Traceback" not in server_log(server)


def server_log(server: ServerProcess) -> str:
    return Path(server.log.name).read_text(encoding="utf-8", errors="replace")


# ------------------------------------------------------------------ feedback survives a crash

def test_stored_feedback_survives_a_crash_and_a_restart(tmp_path, capsys):
    def start() -> ServerProcess:
        port = free_port()
        return ServerProcess(gunicorn(port), server_env(tmp_path), port)

    def rate(url: str, n: int) -> int:
        response = requests.post(url + "/api/feedback", timeout=30, json={
            "reply_id": f"reply-{n}", "useful": n % 3 != 0, "entry_id": TOPIC, "comment": f"comment {n}"})
        return response.status_code

    server = start()
    try:
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lambda n: rate(server.url, n), range(40))) == {200}
        os.killpg(server.proc.pid, signal.SIGKILL)  # a crash: no clean shutdown
        server.proc.wait(timeout=10)
    finally:
        server.stop()
    server = start()
    try:
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lambda n: rate(server.url, n), range(40, 50))) == {200}
    finally:
        server.stop()  # a clean stop this time
    out = subprocess.run([sys.executable, "-m", "bot", "report"], cwd=ROOT, env=server_env(tmp_path),
                         check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report(capsys, "faults/crash: " + next(line for line in out.stdout.splitlines() if "Ratings" in line))
    assert "Ratings of answers: 50 (33 useful, 17 not useful)" in out.stdout, out.stdout


# ------------------------------------------------------------------ two index builds at once

def test_two_index_builds_at_once_never_break_the_index(tmp_path, capsys):
    env = server_env(tmp_path)
    rounds = []
    for _ in range(3):
        builds = [subprocess.Popen([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(b.wait(timeout=120), *b.communicate()) for b in builds]
        rounds.append([code for code, _, _ in results])
        for code, out, err in results:
            assert code == 0, err
            assert not re.search(r"lock|Traceback|busy", err, re.IGNORECASE), err
            assert out.startswith("ok: index snapshot-"), out
        search = subprocess.run([sys.executable, "-m", "bot", "search", "--json", "tribunal", "appeal"], cwd=ROOT,
                                env=env, check=False, capture_output=True, text=True, timeout=60)
        assert search.returncode == 0 and '"redress-trial"' in search.stdout, search.stderr
    snapshots = sorted(p.name for p in (tmp_path / "index").glob("snapshot-*"))
    report(capsys, f"faults/concurrent index builds: 3 rounds x 2 processes, exit codes {rounds}, "
                   f"{len(snapshots)} snapshot folders kept")
    assert len(snapshots) <= 2, snapshots
    assert (tmp_path / "index" / "current").resolve().name in snapshots


def test_a_bug_in_an_action_is_a_500_with_an_error_id_and_no_rebuild(app, client, monkeypatch):
    assistant = app.extensions["send_helper"]
    rebuilds = []
    monkeypatch.setattr(assistant.library, "recover", lambda *a, **k: rebuilds.append(1))

    def broken(*args, **kwargs):
        raise TypeError("a bug, not a damaged index")

    monkeypatch.setattr(assistant.actions, "action_answer_from_knowledge", broken)
    response = client.post("/webhooks/rest/webhook", json={"sender": "bug", "message": "what is the redress trial?"})
    assert response.status_code == 500
    body = response.get_json()
    assert body["error_id"] and "emergency" in body
    assert rebuilds == [], "a plain bug must not rebuild the index"


# ------------------------------------------------------------------ the staff store cannot open

def test_feedback_is_a_clear_503_while_its_store_cannot_open_and_works_once_mended(config):
    from bot.web import create_app
    blocker = config.insight_path
    blocker.mkdir(parents=True)  # a folder where the SQLite file should be: it cannot open
    client = create_app(config).test_client()
    rating = {"reply_id": "r1", "useful": False, "entry_id": TOPIC, "comment": "too long"}

    for _ in range(2):  # tried again on each request, not given up on
        response = client.post("/api/feedback", json=rating)
        assert response.status_code == 503, response.get_data(as_text=True)
        body = response.get_json()
        assert set(body) == {"error", "emergency"} and "try again" in body["error"], body
        assert str(config.data_dir) not in response.get_data(as_text=True)
    chat = client.post("/webhooks/rest/webhook", json={"sender": "s", "message": "asdfgh qwerty zxcvb"})
    assert chat.status_code == 200, "a parent's chat never depends on the staff store"

    blocker.rmdir()
    assert client.post("/api/feedback", json=rating).status_code == 200
    from bot.insight import InsightStore
    assert InsightStore(config.insight_path).report().feedback_total == 1
