"""Shared fixtures: a test configuration, a Flask client, and real server processes.

Every test writes its index, database and any edited knowledge under pytest's temp
folders, never into the repository.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from bot.config import Config

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A real server (python server.py, gunicorn, rasa_sdk ...) in its own process group."""

    def __init__(self, args: list[str], env: dict[str, str], port: int, health_path: str = "/health",
                 cwd: Path = ROOT, timeout: float = 60.0):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(Path(env.get("SEND_HELPER_DATA_DIR", "/tmp")) / f"server-{port}.log", "w+")
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if requests.get(self.url + health_path, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not become healthy in {timeout}s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with _suppress():
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with _suppress():
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], ProcessLookupError)


def server_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """Environment for a server process: its own folders, no rate limit unless asked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEND_HELPER_") and k != "REDIS_URL"}
    env.update({"SEND_HELPER_DATA_DIR": str(data_dir), "SEND_HELPER_INDEX_DIR": str(data_dir / "index"),
                "SEND_HELPER_RATE_LIMIT": "", "PYTHONUNBUFFERED": "1"})
    env.update({k if k == "REDIS_URL" else f"SEND_HELPER_{k.upper()}": v for k, v in settings.items()})
    return env


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory) -> Path:
    """One index of the shipped knowledge, built once for the read-only tests."""
    from bot import knowledge as kb
    from bot.search import IndexStore
    folder = tmp_path_factory.mktemp("index")
    knowledge, _ = kb.load(KNOWLEDGE)
    IndexStore(folder).build(knowledge, kb.fingerprint(KNOWLEDGE))
    return folder


@pytest.fixture
def config(tmp_path, shared_index) -> Config:
    return replace(Config(), knowledge_dir=KNOWLEDGE, index_dir=shared_index, data_dir=tmp_path,
                   rate_limit="", watch_knowledge=False)


@pytest.fixture
def editable_config(tmp_path) -> Config:
    """A config over a private copy of the knowledge that a test may break and mend."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    return replace(Config(), knowledge_dir=knowledge, index_dir=tmp_path / "index", data_dir=tmp_path,
                   rate_limit="", reload_seconds=0.0)


@pytest.fixture
def app(config):
    from bot.web import create_app
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


def chat(client, message: str, sender: str = "tester") -> dict:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, list) and len(body) == 1
    return body[0]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real `python server.py` on a free loopback port; yields its base URL."""
    data = tmp_path_factory.mktemp("live")
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)], server_env(data), port)
    yield server.url
    server.stop()
