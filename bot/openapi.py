"""The API description: kept as YAML in ``bot/data/openapi.yml``, served as JSON at
``GET /openapi.json``. tests/test_fuzz.py fuzzes a real server against it, so it stays
true to what the views do."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

SPEC_FILE = Path(__file__).parent / "data" / "openapi.yml"


@lru_cache(maxsize=1)
def _load() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def spec() -> dict:
    """The OpenAPI 3.0 document as a dict (a fresh copy: callers may change it)."""
    return copy.deepcopy(_load())
