"""Shared fixtures: a test configuration, a Flask client, and real server processes.

Every test writes its index, database and any edited knowledge under pytest's temp
folders, never into the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Config
from support import KNOWLEDGE, ServerProcess, free_port, server_env

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory) -> Path:
    """One index of the shipped knowledge, built once for the read-only tests."""
    from bot.library import Library
    folder = tmp_path_factory.mktemp("index")
    Library(KNOWLEDGE, folder, watch=False).reload()
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real `python server.py` on a free loopback port; yields its base URL."""
    data = tmp_path_factory.mktemp("live")
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)], server_env(data), port)
    yield server.url
    server.stop()


@pytest.fixture
def redis_server(tmp_path_factory):
    """A throwaway redis-server on a free loopback port; yields its URL."""
    if not os.path.exists(REDIS_SERVER):
        message = "redis-server is not installed (apt-get install redis-server)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    import redis
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(folder), "--daemonize", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=0.5).ping()
            break
        except redis.RedisError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
