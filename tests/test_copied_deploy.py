"""A deploy copied by a tool that follows links (zip, ``rsync -L``, Python's
``shutil.copytree``) turns ``var/index/current`` into a folder; others lose it or
leave it pointing nowhere. The real server, started from such a copy, answers its
first request with a cited answer, and the next rebuild puts a proper link back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from support import ROOT, ServerProcess, free_port, server_env

QUESTION = "What is the single route of redress trial?"
TOPIC = "redress-trial"


@pytest.fixture(scope="module")
def built_deploy(tmp_path_factory) -> Path:
    """A data folder as a deploy leaves it: ``python -m bot index`` run once."""
    data = tmp_path_factory.mktemp("deploy") / "var"
    built = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=server_env(data),
                           capture_output=True, text=True, timeout=120, check=False)
    assert built.returncode == 0, built.stderr
    assert (data / "index" / "current").is_symlink()
    return data


def as_copied(index: Path) -> None:
    """What zip, rsync -L and copytree(symlinks=False) do: the link becomes a folder."""


def lose_link(index: Path) -> None:
    shutil.rmtree(index / "current")


def dangle_link(index: Path) -> None:
    shutil.rmtree(index / "current")
    os.symlink("snapshot-that-was-not-copied", index / "current")


@pytest.mark.parametrize("damage", [as_copied, lose_link, dangle_link], ids=["folder", "missing", "dangling"])
def test_a_copied_deploy_answers_at_first_start(built_deploy, tmp_path, damage):
    copy = tmp_path / "var"
    shutil.copytree(built_deploy, copy, symlinks=False)  # follows links, as the tools above do
    damage(copy / "index")
    assert not (copy / "index" / "current").is_symlink() or not (copy / "index" / "current").exists()
    port = free_port()
    env = server_env(copy)
    with ServerProcess([sys.executable, "server.py", "--port", str(port)], env, port) as server:
        response = requests.post(server.url + "/webhooks/rest/webhook", timeout=30,
                                 json={"sender": "copied", "message": QUESTION})
        assert response.status_code == 200, server.output()
        assert response.json()[0]["custom"]["citations"][0]["id"] == TOPIC

    rebuilt = subprocess.run([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120, check=False)
    assert rebuilt.returncode == 0, rebuilt.stderr
    current = copy / "index" / "current"
    assert current.is_symlink() and current.resolve().is_dir(), "the rebuild swaps a proper link back in"
    searched = subprocess.run([sys.executable, "-m", "bot", "search", "--json", "redress", "tribunal"], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60, check=False)
    assert searched.returncode == 0 and f'"{TOPIC}"' in searched.stdout, searched.stderr
