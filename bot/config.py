"""Settings, read once from the environment (or given directly by tests and scripts)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_IASS = ("contact your local IASS (Information, Advice and Support Service). Every council area "
                "in England has one. It is free, confidential and impartial. To find yours, search online "
                "for \"IASS\" and the name of your council.")


@dataclass(frozen=True)
class Config:
    knowledge_dir: Path = ROOT / "knowledge"
    index_dir: Path = ROOT / "var" / "index"
    data_dir: Path = ROOT / "var"
    redis_url: str | None = None
    admin_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    rate_limit: str = "60 per minute;1000 per day"
    retention_days: int = 90
    state_ttl_seconds: int = 3600
    reload_seconds: float = 2.0
    watch_knowledge: bool = True
    record_insight: bool = True
    iass: str = DEFAULT_IASS
    max_message_chars: int = 2000
    max_sender_chars: int = 128
    max_body_bytes: int = 16_384
    # Rasa sends the whole tracker on every action call: 9-30 kB in a short chat, growing.
    max_action_body_bytes: int = 2_000_000
    action_token: str | None = None  # if set, Rasa's action_endpoint must send ?token=...
    # Socket.IO may upgrade to WebSocket only where the server hands over the raw socket
    # (gunicorn, Werkzeug); `python server.py` (Waitress) turns it off: long-polling only.
    websocket: bool = True
    reply_memo: int = 4096  # replies kept per worker for repeated messages; 0 turns the memo off
    proxy_hops: int = 0  # reverse proxies in front: trust that many X-Forwarded-For hops
    extra: dict = field(default_factory=dict)

    @property
    def insight_path(self) -> Path:
        return self.data_dir / "insight.sqlite3"

    @property
    def state_path(self) -> Path:
        return self.data_dir / "state.sqlite3"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Config":
        env = os.environ if environ is None else environ
        names = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for name in names:
            raw = env.get(f"SEND_HELPER_{name.upper()}")
            if raw is not None and name != "extra":
                values[name] = _convert(cls.__dataclass_fields__[name].default, raw)
        if env.get("REDIS_URL"):
            values.setdefault("redis_url", env["REDIS_URL"])
        return replace(cls(**values), **overrides)


def _convert(default: Any, raw: str) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, tuple):
        return tuple(o.strip() for o in raw.split(",") if o.strip())
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return type(default)(raw)
    return raw or None if default is None else raw
