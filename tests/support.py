"""Helpers the tests share: real server processes, their environment, a chat call.

(Kept out of conftest.py so test modules can import them by a unique name.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

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

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def server_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """Environment for a server process: its own folders, no rate limit unless asked."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEND_HELPER_") and k != "REDIS_URL"}
    env.update({"SEND_HELPER_DATA_DIR": str(data_dir), "SEND_HELPER_INDEX_DIR": str(data_dir / "index"),
                "SEND_HELPER_RATE_LIMIT": "", "PYTHONUNBUFFERED": "1"})
    env.update({k if k == "REDIS_URL" else f"SEND_HELPER_{k.upper()}": v for k, v in settings.items()})
    return env


def chat(client, message: str, sender: str = "tester") -> dict:
    response = client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, list) and len(body) == 1
    return body[0]
