"""The knowledge a snapshot serves, in one read-only SQLite file beside its index.

One JSON file read whole at open cost 3 s and most of a worker's memory at 100,000
entries, though a conversation reads a handful of them. Here an entry is one row, read
when first asked for and kept in a small cache; the glossary and synonyms (a few kB,
needed by every search) and the topic list are read at open.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from bot.knowledge import Entry, FileRecord, Knowledge, entry_from_dict, term_from_dict

CACHED_ENTRIES = 4096  # a worker's working set: the entries its conversations are about


_TABLES = ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
           "CREATE TABLE entries (id TEXT PRIMARY KEY, entry TEXT NOT NULL);"
           "CREATE TABLE removed (id TEXT PRIMARY KEY);"
           "CREATE TABLE files (name TEXT PRIMARY KEY, record TEXT NOT NULL);")


def write(path: Path, knowledge: Knowledge, fingerprint: str, records: dict[str, FileRecord]) -> None:
    """``records``: what each knowledge file gave, for the next edit to re-read one file."""
    meta = {"fingerprint": fingerprint, "built_at": time.time(), "count": len(knowledge.entries),
            "topics": knowledge.topics(), "terms": [asdict(t) for t in knowledge.terms.values()],
            "synonyms": [list(g) for g in knowledge.synonyms], "below": []}
    _write(path, meta, knowledge.entries.values(), (), records)


def write_layer(path: Path, below: list[str], base: "StoredKnowledge", entries: Iterable[Entry],
                removed: Iterable[str], fingerprint: str, records: dict[str, FileRecord], changed: list[str]) -> None:
    """The knowledge of a snapshot that adds a layer to ``base``: the edited files'
    ``entries`` and the ids of the entries they had (``removed``), over the files
    ``below`` (base's, under the names they have beside this one). Only the ``changed``
    files' ``records`` are written: the others are read from below."""
    entries, removed = list(entries), list(removed)
    # The removed ids are the edited files' entries in base, and no other file has their
    # new ones (kb.reload): one count out for each removed, one in for each entry.
    count = len(base.entries) - len(removed) + len(entries)
    topics = sorted({topic for r in records.values() for _, topic, _, _ in r.entries})
    meta = {"fingerprint": fingerprint, "built_at": time.time(), "count": count, "topics": topics,
            "terms": [asdict(t) for t in base.terms.values()], "synonyms": [list(g) for g in base.synonyms],
            "below": below}
    _write(path, meta, entries, removed, {name: records[name] for name in changed})


def _write(path: Path, meta: dict, entries: Iterable[Entry], removed: Iterable[str],
           records: dict[str, FileRecord]) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(_TABLES)
        db.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
        db.executemany("INSERT INTO entries VALUES (?, ?)", ((e.id, json.dumps(asdict(e))) for e in entries))
        db.executemany("INSERT INTO removed VALUES (?)", ((i,) for i in removed))
        db.executemany("INSERT INTO files VALUES (?, ?)", ((n, json.dumps(r.to_json())) for n, r in records.items()))


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only and immutable: no lock or journal files appear beside the snapshot (its
    # files must never change while served), and a damaged file raises sqlite3.Error.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def fingerprint(path: Path) -> str | None:
    """The fingerprint a snapshot was built from, or None if its file cannot say."""
    try:
        with closing(_connect(path)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


class _Entries(Mapping):
    """The entries by id, each read from the files when first asked for: the top layer's
    first, then those below, where an id a layer removed stops the search."""

    def __init__(self, layers: list[sqlite3.Connection], lock: threading.Lock, count: int):
        self._layers, self._lock, self._count = layers, lock, count
        self._read = lru_cache(maxsize=CACHED_ENTRIES)(self._read_uncached)

    def _read_uncached(self, entry_id: str) -> Entry | None:
        with self._lock:
            for db in self._layers:
                row = db.execute("SELECT entry FROM entries WHERE id = ?", (entry_id,)).fetchone()
                if row:
                    return entry_from_dict(json.loads(row[0]))
                if db.execute("SELECT 1 FROM removed WHERE id = ?", (entry_id,)).fetchone():
                    return None
        return None

    def __getitem__(self, entry_id: str) -> Entry:
        entry = self._read(entry_id) if isinstance(entry_id, str) else None
        if entry is None:
            raise KeyError(entry_id)
        return entry

    def __iter__(self) -> Iterator[str]:
        ids: dict[str, None] = {}
        with self._lock:
            for db in reversed(self._layers):  # bottom up: a layer removes, then adds
                for (removed,) in db.execute("SELECT id FROM removed"):
                    ids.pop(removed, None)
                ids.update((row[0], None) for row in db.execute("SELECT id FROM entries"))
        return iter(ids)

    def __len__(self) -> int:
        return self._count


class StoredKnowledge(Knowledge):
    """A snapshot's knowledge: the glossary and synonyms in memory, entries on demand."""

    def __init__(self, path: Path):
        self._layers = [_connect(path)]
        try:
            lock = self._lock = threading.Lock()
            with lock:
                meta = {key: json.loads(value) for key, value in self._layers[0].execute("SELECT key, value FROM meta")}
                self._layers += [_connect(path.parent / name) for name in reversed(meta["below"])]
        except BaseException:
            self.close()
            raise
        terms = (term_from_dict(d) for d in meta["terms"])
        super().__init__(_Entries(self._layers, lock, meta["count"]), {t.id: t for t in terms},
                         [tuple(g) for g in meta["synonyms"]])
        self.fingerprint: str = meta["fingerprint"]
        self.below: list[str] = meta["below"]
        self._topics: list[str] = meta["topics"]

    def topics(self) -> list[str]:
        return self._topics

    def records(self) -> dict[str, FileRecord]:
        """What each knowledge file gave the build, by file name in order."""
        found: dict[str, FileRecord] = {}
        with self._lock:
            for db in reversed(self._layers):
                found.update((name, FileRecord.from_json(json.loads(record)))
                             for name, record in db.execute("SELECT name, record FROM files"))
        return dict(sorted(found.items()))

    def close(self) -> None:
        for db in self._layers:
            db.close()
