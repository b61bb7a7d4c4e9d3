"""Keep the served knowledge fresh without ever serving a broken or half-built index.

A ``Library`` hands out the current ``Snapshot``. Every few seconds it notices when
staff changed the YAML (rebuild aside, swap) or another process swapped in a new
index (open it). Broken YAML leaves the last good snapshot serving and is reported.
An edit to files of entries re-reads those files only and adds them to the served
snapshot as a new one (``IndexStore.update``); anything else is built whole.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot import knowledge as kb
from bot.search import INDEX_FORMAT, MAX_LAYERS, IndexBusy, IndexError_, IndexStore, Snapshot

log = logging.getLogger(__name__)

# How a fingerprint says which code built the index: another format is rebuilt whole.
FORMAT_TAG = f"format-{INDEX_FORMAT}:"


@dataclass
class Status:
    problems: list[kb.Problem] = field(default_factory=list)
    message: str = "ok"
    last_reload: float = 0.0

    @property
    def errors(self) -> list[kb.Problem]:
        return kb.errors(self.problems)


class Library:
    def __init__(self, knowledge_dir: Path, index_dir: Path, check_seconds: float = 2.0, watch: bool = True):
        self.knowledge_dir = Path(knowledge_dir)
        self.store = IndexStore(index_dir)
        self.check_seconds = check_seconds
        self.watch = watch
        self.status = Status()
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._failed_fingerprint: str | None = None
        self._lock = threading.Lock()
        # Each knowledge file's digest, with what its stat said when it was read.
        self._digest_cache: dict[str, tuple[tuple, int, str]] = {}
        # The served snapshot's records (by its name): read once, or known from the update that made it.
        self._records: tuple[str, dict[str, kb.FileRecord]] = ("", {})

    def snapshot(self) -> Snapshot:
        """The snapshot to answer from; opens or builds one the first time."""
        if self._snapshot is None or time.monotonic() - self._checked >= self.check_seconds:
            with self._lock:
                if self._snapshot is None:
                    self._start()
                elif time.monotonic() - self._checked >= self.check_seconds:
                    self._check()
        return self._snapshot

    def _start(self) -> None:
        self._checked = time.monotonic()
        try:
            self._snapshot = self.store.open()
        except IndexError_ as exc:
            log.info("no usable index yet (%s): building one", exc)
        if (self._snapshot is None or not self._built_by_this_code()
                or (self.watch and self._snapshot.fingerprint != self._fingerprint(self._digests()))):
            # A current snapshot that would not open is damaged: its fingerprint may still
            # match the YAML, and must not make the rebuild look done.
            self._reload(wait=True, damaged=self._snapshot is None and self.store.current_target() is not None)
        if self._snapshot is None:
            raise IndexError_(self.status.message)

    def _built_by_this_code(self) -> bool:
        """An index shipped by an older release was analysed differently from how this code
        reads queries: it is rebuilt even where the YAML is not watched (read-only deploys)."""
        return self._snapshot.fingerprint.removeprefix("partial:").startswith(FORMAT_TAG)

    def _check(self) -> None:
        self._checked = time.monotonic()
        if self.store.current_target() not in (None, self._snapshot.name):
            self._open_current()
        if self.store.signature(self._snapshot.name) != self._snapshot.signature:
            log.error("the index files of %s changed on disk: rebuilding from the YAML", self._snapshot.name)
            self._reload(wait=False, damaged=True)
        if self.watch:
            current = self._fingerprint(self._digests())
            if current not in (self._snapshot.fingerprint, self._failed_fingerprint):
                self._reload(wait=False)
            elif current == self._snapshot.fingerprint and self.status.errors:
                self._status_of_snapshot()

    def _open_current(self) -> None:
        try:
            self._snapshot = self.store.open()
        except IndexError_ as exc:
            log.error("could not open the new index, still serving the old one: %s", exc)

    def _status_of_snapshot(self) -> None:
        """The served snapshot was built from the YAML as it is now (by another worker,
        after this one read a file half-written, or a broken edit undone): what /health
        says about the knowledge must follow it, not the errors this worker saw earlier.
        The snapshot's records are of these very files."""
        records = self._snapshot.records()
        problems = kb.problems_of(self.knowledge_dir, records) if records else kb.load(self.knowledge_dir)[1]
        self.status = Status(problems, "ok", time.time())
        self._failed_fingerprint = None

    def _fingerprint(self, digests: dict[str, str]) -> str:
        """What the served index must have been built from: this YAML, with this code's
        index format (a new analyser or schema rebuilds on the next start)."""
        if not self.knowledge_dir.is_dir():
            return ""
        return f"{FORMAT_TAG}{kb.fingerprint(self.knowledge_dir, digests)}"

    def _digests(self) -> dict[str, str]:
        """Each knowledge file's digest by name. A file is read again only when its stat
        changed, or when it had changed less than 2 s before it was last read (a file
        written twice within the clock's tick could otherwise keep the same stat)."""
        found = {}
        for path in kb.knowledge_files(self.knowledge_dir):
            try:
                st = path.stat()
                key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                cached = self._digest_cache.get(path.name)
                if cached and cached[0] == key and max(st.st_mtime_ns, st.st_ctime_ns) < cached[1] - 2 * 10**9:
                    found[path.name] = cached[2]
                    continue
                read_at = time.time_ns()
                found[path.name] = kb.digest(path)
            except OSError:
                continue  # removed while we looked: the next check sees the folder as it is
            self._digest_cache[path.name] = (key, read_at, found[path.name])
        for gone in set(self._digest_cache) - set(found):
            del self._digest_cache[gone]
        return found

    def reload(self, wait: bool = True) -> Status:
        """Validate the YAML and rebuild now (admin reload, ``python -m bot index``)."""
        with self._lock:
            self._checked = time.monotonic()
            self._reload(wait=wait, force=True)
        return self.status

    def recover(self) -> None:
        """The open index failed under us (damaged on disk): rebuild from the YAML."""
        with self._lock:
            self._reload(wait=True, force=True, damaged=True)

    def _work_done(self, fingerprint: str, force: bool, damaged: bool):
        """What makes a build unnecessary once we hold the lock (see IndexStore.build)."""
        if damaged:
            broken = self._snapshot.name if self._snapshot else self.store.current_target()
            return lambda: self.store.current_target() not in (None, broken)
        if force:
            return None
        return lambda: self.store.fingerprint() == fingerprint

    def _reload(self, wait: bool, force: bool = False, damaged: bool = False) -> None:
        digests = self._digests()
        fingerprint = self._fingerprint(digests)
        change = self._changed_files(digests) if not (force or damaged) and self._snapshot is not None else None
        loaded = None if change else kb.load_records(self.knowledge_dir, digests=digests)
        self.status = Status(change.problems if change else loaded.problems, "ok", time.time())
        if self.status.errors and self._snapshot is not None and not damaged:
            self._failed_fingerprint = fingerprint
            self.status.message = (f"knowledge has {len(self.status.errors)} error(s); "
                                   "still serving the last good version")
            log.error("%s:\n%s", self.status.message, "\n".join(map(str, self.status.errors)))
            return
        if change:
            if self._update(change, fingerprint, wait):
                return
            loaded = kb.load_records(self.knowledge_dir, digests=digests)
        knowledge = loaded.knowledge
        if not knowledge.entries and self._snapshot is not None:
            self.status.message = "no valid knowledge entries; still serving the last good version"
            return
        if self.status.errors:
            # Nothing served yet: better to answer from the valid entries than not at all.
            fingerprint = f"partial:{fingerprint}"
            self.status.message = f"knowledge has {len(self.status.errors)} error(s); serving the valid entries only"
            log.error("%s:\n%s", self.status.message, "\n".join(map(str, self.status.errors)))
        try:
            self.store.build(knowledge, fingerprint, lock_timeout=120.0 if wait else 0.0,
                             done=self._work_done(fingerprint, force, damaged), records=loaded.records)
        except IndexBusy:
            log.info("another process is rebuilding the index; will pick it up when it is done")
            return
        except IndexError_ as exc:
            if self._snapshot is not None and not damaged:
                # /health shows the message to anyone: the details (paths) go to the log only.
                self.status.message = "could not rebuild the index (see the log); still serving the last good version"
                log.error("could not rebuild the index: %s", exc)
                return
            self._build_in_temp(knowledge, fingerprint, exc, loaded.records)
            return
        self._failed_fingerprint = None
        self._open_current()

    def _changed_files(self, digests: dict[str, str]) -> kb.Reloaded | None:
        """The served snapshot's knowledge files that changed, read again, when adding
        them to it as a layer gives what a whole build would (see ``kb.reload``)."""
        if self._snapshot.scorer.layers >= MAX_LAYERS:
            return None  # a whole build folds the layers into one
        if not self._snapshot.fingerprint.startswith(FORMAT_TAG):
            return None  # built by other code, or from knowledge with errors: built whole
        if self._records[0] != self._snapshot.name:
            self._records = (self._snapshot.name, self._snapshot.records())
        records = self._records[1]
        change = kb.reload(self.knowledge_dir, records, digests) if records else None
        if change is None or not any(r.entries for r in change.records.values()):
            return None
        return change

    def _update(self, change: kb.Reloaded, fingerprint: str, wait: bool) -> bool:
        """Add the changed files to the served snapshot; False if it must be built whole."""
        try:
            folder = self.store.update(change, fingerprint, self._snapshot.name, lock_timeout=120.0 if wait else 0.0,
                                       done=self._work_done(fingerprint, False, False))
        except IndexBusy:
            log.info("another process is changing the index; will pick it up when it is done")
            return True
        except IndexError_ as exc:
            log.error("could not add %s to the index (%s): building it whole", ", ".join(change.changed), exc)
            return False
        log.info("%s re-read and added to the index", ", ".join(change.changed))
        self._failed_fingerprint = None
        self._records = (folder.name, change.records)
        self._open_current()
        return True

    def _build_in_temp(self, knowledge: kb.Knowledge, fingerprint: str, cause: Exception,
                       records: dict[str, kb.FileRecord]) -> None:
        folder = Path(tempfile.mkdtemp(prefix="send-helper-index-"))
        log.error("%s; using a temporary index in %s instead", cause, folder)
        self.status.message = "index folder not writable (see the log); serving a temporary index"
        self.store = IndexStore(folder)
        self.store.build(knowledge, fingerprint, records=records)
        self._snapshot = self.store.open()
