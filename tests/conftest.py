"""Shared fixtures: a test configuration, a Flask client, and real server processes.

Every test writes its index, database and any edited knowledge under pytest's temp
folders, never into the repository.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Config
from support import KNOWLEDGE, ServerProcess, free_port, server_env


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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real `python server.py` on a free loopback port; yields its base URL."""
    data = tmp_path_factory.mktemp("live")
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)], server_env(data), port)
    yield server.url
    server.stop()
