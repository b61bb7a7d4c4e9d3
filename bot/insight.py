"""What parents could not get answered: a durable store and report for SEND Helper staff.

The web app records each question the bot could not answer and each thumbs up or
down on a reply; staff read the report to see which questions to add and which
answers to fix. Storage is one SQLite file shared by all gunicorn workers:

* WAL mode lets workers read while one writes, and the busy timeout makes a
  writer wait its turn instead of failing, so concurrent writes are not lost.
* Every write is its own transaction, committed with synchronous=FULL, so a
  crash or restart loses nothing that was recorded.
* Only clean, redacted text is stored: the store itself strips terminal escape
  codes and other control characters from every text it is given (questions,
  comments, ids, intent labels) and redacts them, because a privacy rule should
  not depend on every caller remembering it, and ids and labels arrive from
  outside too (the feedback form, Rasa's tracker). An id the bot gave holds no
  personal detail and passes unchanged; at worst a long digit run inside a reply
  id becomes "[number]", which still tells ratings apart.
* Rows older than the retention period are deleted, and secure_delete
  overwrites them on disk rather than leaving them in free pages.

A store that cannot be opened (a folder it may not write, a full disk, a file that
is not a database) raises InsightUnavailable, so the web app can answer 503 and try
again on a later request. Once open, record_* never raise a database error: they
run inside web requests, which must not fail because the store is busy or broken. A write still locked out after the
busy timeout is tried once more; one that fails is logged as an error, with the
feedback's ids so that it can be recovered from the log. purge() and report()
are for start-up and staff tooling, and do raise.

Open one store per process, after gunicorn forks: an SQLite connection must not
be carried across a fork.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.redact import PLACEHOLDER_PATTERN, redact

if TYPE_CHECKING:
    from matplotlib.axes import Axes

log = logging.getLogger(__name__)

# A paste longer than this is not a question; capping keeps the store small.
_MAX_TEXT_CHARS = 2_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    normalised TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_by_time ON unanswered (created_at);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    reply_id TEXT NOT NULL,
    useful INTEGER NOT NULL,
    entry_id TEXT,
    question TEXT,
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (created_at);
-- A message showing risk is never kept as text: only when, how urgent and what kind.
CREATE TABLE IF NOT EXISTS safety (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    tier TEXT NOT NULL,
    category TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS safety_by_time ON safety (created_at);
"""
_TABLES = ("unanswered", "feedback", "safety")

# Placeholders keep their brackets so "[name]" still reads as redacted; an
# apostrophe is dropped ("don't" -> "dont"); other punctuation separates words.
_PUNCTUATION = re.compile(rf"({PLACEHOLDER_PATTERN.pattern})|(['’])|[^\w\s]|_")


# Terminal escape sequences (colours, cursor moves, window titles, links) go whole,
# so no "[31m" is left behind; a lone ESC or CSI too.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?|\x9b"
)
# Every other control character but the line break (C0, DEL, C1) becomes a space.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Invisible format characters are dropped: bidi overrides reorder a report line, and
# zero-width ones can split a name so that redaction misses it.
_FORMAT_CHARACTER = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


@dataclass(frozen=True)
class UnansweredQuestion:
    question: str  # the normalised form shared by every way it was asked
    count: int
    last_seen: datetime


@dataclass(frozen=True)
class EntryRating:
    entry_id: str
    up: int
    down: int

    @property
    def share_down(self) -> float:
        return self.down / (self.up + self.down)


@dataclass(frozen=True)
class Report:
    start: datetime | None  # start of the period covered; None when nothing is recorded
    end: datetime
    unanswered: tuple[UnansweredQuestion, ...]
    worst_entries: tuple[EntryRating, ...]
    unanswered_total: int
    unanswered_distinct: int
    feedback_total: int
    feedback_useful: int
    safety: tuple[tuple[str, str, int], ...] = ()  # (tier, category, count)

    @property
    def feedback_not_useful(self) -> int:
        return self.feedback_total - self.feedback_useful

    @property
    def is_empty(self) -> bool:
        return self.unanswered_total == 0 and self.feedback_total == 0 and not self.safety


class InsightUnavailable(Exception):
    """The store could not be opened; the message (for the log) says why."""


class InsightStore:
    def __init__(
        self, path: str | os.PathLike, retention_days: int = 90, *, busy_timeout: float = 10.0
    ) -> None:
        """Open (creating if needed) the store at path.

        busy_timeout is how many seconds a write waits for another worker's write
        to finish before it counts as failed.
        """
        if retention_days < 1:
            raise ValueError(f"retention_days must be at least 1, not {retention_days}")
        self.path = Path(path)
        self.retention_days = retention_days
        # One connection per store, shared by the threads of a worker under a lock.
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise InsightUnavailable(f"cannot open the staff store {self.path}: {error}") from error
        try:
            self._switch_to_wal(time.monotonic() + busy_timeout)
            # WAL with NORMAL never corrupts the store; a power cut may lose the last
            # few records, which is cheaper than an fsync on every parent's message.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA secure_delete = ON")
            with self._lock:
                self._conn.executescript(_SCHEMA)
        except sqlite3.Error as error:
            self._conn.close()
            raise InsightUnavailable(f"cannot open the staff store {self.path}: {error}") from error

    def record_unanswered(self, question: str, intent: str, confidence: float) -> None:
        text = _stored(question)
        normalised = _normalise(text)
        if not normalised:
            return  # nothing a member of staff could act on
        self._write(
            "INSERT INTO unanswered (created_at, question, normalised, intent, confidence) VALUES (?, ?, ?, ?, ?)",
            (_iso(_utcnow()), text, normalised, _stored(intent), float(confidence)),
            f"unanswered question (intent {intent!r})",
        )

    def record_safety(self, tier: str, category: str) -> None:
        self._write("INSERT INTO safety (created_at, tier, category) VALUES (?, ?, ?)",
                    (_iso(_utcnow()), _stored(tier), _stored(category)), f"safety reply ({tier}, {category})")

    def record_feedback(
        self,
        reply_id: str,
        useful: bool,
        entry_id: str | None,
        question: str | None = None,
        comment: str | None = None,
    ) -> None:
        self._write(
            "INSERT INTO feedback (created_at, reply_id, useful, entry_id, question, comment)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_iso(_utcnow()), _stored(reply_id), int(useful), _stored_or_none(entry_id), _stored_or_none(question),
             _stored_or_none(comment)),
            f"feedback (reply {reply_id!r}, entry {entry_id!r}, useful={useful})",
        )

    def purge(self, now: datetime | None = None) -> int:
        """Delete everything older than retention_days; return how many rows went."""
        cutoff = _iso(_as_utc(now or _utcnow()) - timedelta(days=self.retention_days))
        return sum(
            self._execute_with_retry(f"DELETE FROM {table} WHERE created_at < ?", (cutoff,)).rowcount
            for table in _TABLES
        )

    def report(self, limit: int = 20, since_days: int | None = None) -> Report:
        """Summarise the last since_days days, or everything kept if since_days is None."""
        end = _utcnow()
        cutoff = end - timedelta(days=since_days) if since_days is not None else None
        since = _iso(cutoff) if cutoff else ""  # "" sorts before every timestamp
        with self._snapshot() as read:
            unanswered_total, unanswered_distinct, first_unanswered = read(
                "SELECT COUNT(*), COUNT(DISTINCT normalised), MIN(created_at) FROM unanswered WHERE created_at >= ?",
                since,
            )[0]
            feedback_total, feedback_useful, first_feedback = read(
                "SELECT COUNT(*), COALESCE(SUM(useful), 0), MIN(created_at) FROM feedback WHERE created_at >= ?",
                since,
            )[0]
            top = read(
                "SELECT normalised, COUNT(*), MAX(created_at) FROM unanswered WHERE created_at >= ?"
                " GROUP BY normalised ORDER BY COUNT(*) DESC, MAX(created_at) DESC, normalised LIMIT ?",
                since,
                limit,
            )
            # Most thumbs down first: the answer that let down most parents is the
            # one to fix first; the share breaks ties.
            worst = read(
                "SELECT entry_id, SUM(useful), SUM(1 - useful) AS down FROM feedback"
                " WHERE created_at >= ? AND entry_id IS NOT NULL GROUP BY entry_id HAVING down > 0"
                " ORDER BY down DESC, CAST(down AS REAL) / COUNT(*) DESC, entry_id LIMIT ?",
                since,
                limit,
            )
            safety = read(
                "SELECT tier, category, COUNT(*) FROM safety WHERE created_at >= ?"
                " GROUP BY tier, category ORDER BY tier DESC, COUNT(*) DESC, category",
                since,
            )
        firsts = [datetime.fromisoformat(first) for first in (first_unanswered, first_feedback) if first]
        return Report(
            start=cutoff or min(firsts, default=None),
            end=end,
            unanswered=tuple(UnansweredQuestion(q, n, datetime.fromisoformat(last)) for q, n, last in top),
            worst_entries=tuple(EntryRating(entry, up, down) for entry, up, down in worst),
            unanswered_total=unanswered_total,
            unanswered_distinct=unanswered_distinct,
            feedback_total=feedback_total,
            feedback_useful=feedback_useful,
            safety=tuple((tier, category, n) for tier, category, n in safety),
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _write(self, sql: str, params: tuple, what: str) -> None:
        try:
            self._execute_with_retry(sql, params)
        except (sqlite3.Error, ValueError, TypeError, UnicodeError) as error:
            log.error("Could not record %s in %s: %s", what, self.path, error)

    def _execute_with_retry(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Run one statement, trying once more if another worker kept the database
        locked for the whole busy timeout."""
        try:
            return self._execute(sql, params)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            log.warning("Insight store %s was busy (%s); trying once more", self.path, error)
            return self._execute(sql, params)

    def _switch_to_wal(self, deadline: float) -> None:
        """Put the store in WAL mode, waiting until deadline for the other workers.

        SQLite answers "database is locked" at once, without its busy handler, when
        several workers open a new store together and each tries to switch its
        journal; waiting here keeps the first ratings after a deploy from a 503."""
        while True:
            try:
                self._execute("PRAGMA journal_mode = WAL", ())
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.005, 0.05))  # spread out, so the workers do not collide again

    def _execute(self, sql: str, params: tuple) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    @contextmanager
    def _snapshot(self) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
        """Yield a query function whose results all come from one moment, so a
        write landing mid-report cannot make the totals disagree with the tables."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield lambda sql, *params: self._conn.execute(sql, params).fetchall()
            finally:
                self._conn.execute("COMMIT")


def format_report(report: Report) -> str:
    """Render the report as plain text for a terminal or an email."""
    title = "SEND Helper: what parents could not get answered"
    if report.is_empty or report.start is None:
        since = f" since {_day(report.start)}" if report.start else ""
        return f"{title}\n\nNothing recorded yet{since}.\n"
    lines = [
        title,
        f"From {_day(report.start)} to {_day(report.end)} (UTC)",
        "",
        f"Questions the bot could not answer: {report.unanswered_total} ({report.unanswered_distinct} different)",
        f"Ratings of answers: {report.feedback_total} "
        f"({report.feedback_useful} useful, {report.feedback_not_useful} not useful)",
    ]
    if report.safety:
        lines += ["", "Safety replies (people shown 999 or helplines; their words are never kept)",
                  f"  {'Times':>5}  {'Tier':<9}  Category"]
        lines += [f"  {n:>5}  {tier:<9}  {category}" for tier, category, n in report.safety]
    if report.unanswered:
        lines += ["", "Most asked questions without an answer", f"  {'Times':>5}  {'Last asked':<11}  Question"]
        lines += [f"  {q.count:>5}  {_day(q.last_seen):<11}  {_shorten(q.question, 80)}" for q in report.unanswered]
    if report.worst_entries:
        lines += ["", "Answers parents rated not useful", f"  {'Not useful':>10}  {'Useful':>6}  % not useful  Answer"]
        lines += [
            f"  {e.down:>10}  {e.up:>6}  {e.share_down:>12.0%}  {_shorten(e.entry_id, 60)}"
            for e in report.worst_entries
        ]
    return "\n".join(lines) + "\n"


def draw_report_chart(report: Report, path: str | os.PathLike) -> None:
    """Save the report as a PNG: the most asked unanswered questions above, and
    thumbs down against thumbs up for each poorly rated answer below."""
    # Imported here because only staff tooling draws charts, and matplotlib is slow
    # to import; the Agg canvas renders to file without any display or pyplot state.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = max(len(report.unanswered), 1) + max(len(report.worst_entries), 1)
    figure = Figure(figsize=(11, 3 + 0.4 * rows), layout="constrained")
    FigureCanvasAgg(figure)
    questions_axes, entries_axes = figure.subplots(
        2, 1, height_ratios=[max(len(report.unanswered), 1), max(len(report.worst_entries), 1)]
    )
    figure.suptitle(_chart_title(report), fontsize=14)

    _bar_rows(
        questions_axes,
        "Most asked questions without an answer",
        [_shorten(q.question, 50) for q in report.unanswered],
        {"times asked": ([q.count for q in report.unanswered], "#0072b2")},
    )
    # Okabe-Ito colours: told apart by colour-blind readers as well.
    _bar_rows(
        entries_axes,
        "Answers rated not useful (most thumbs down first)",
        [_shorten(e.entry_id, 40) for e in report.worst_entries],
        {
            "not useful": ([e.down for e in report.worst_entries], "#d55e00"),
            "useful": ([e.up for e in report.worst_entries], "#009e73"),
        },
    )
    for axes in (questions_axes, entries_axes):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=100)


def _bar_rows(axes: Axes, title: str, labels: list[str], series: dict[str, tuple[list[int], str]]) -> None:
    """Draw one group of horizontal bars per label, the first label at the top."""
    axes.set_title(title, loc="left", fontsize=12)
    if not labels:
        axes.text(0.5, 0.5, "Nothing recorded", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    height = 0.8 / len(series)
    for index, (name, (values, colour)) in enumerate(series.items()):
        positions = [row + index * height for row in range(len(labels))]
        bars = axes.barh(positions, values, height=height, color=colour, label=name)
        axes.bar_label(bars, padding=3)
    axes.set_yticks([row + height * (len(series) - 1) / 2 for row in range(len(labels))], labels)
    axes.invert_yaxis()
    axes.legend(loc="lower right")
    axes.margins(x=0.1)


def _chart_title(report: Report) -> str:
    if report.start is None:
        return "SEND Helper: nothing recorded yet"
    return f"SEND Helper: what parents could not get answered, {_day(report.start)} to {_day(report.end)}"


def _stored(text: str) -> str:
    """What may be kept of a text: printable, then redacted (so that a name split
    by a zero-width space is still found)."""
    return redact(_printable(text))[:_MAX_TEXT_CHARS]


def _printable(text: str) -> str:
    without_codes = _FORMAT_CHARACTER.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return _CONTROL_CHARACTER.sub(" ", without_codes)


def _stored_or_none(text: str | None) -> str | None:
    return None if text is None else _stored(text)


def _normalise(question: str) -> str:
    """Group the ways one question is typed: "How much is DLA?" == "how much is dla"."""
    spaced = _PUNCTUATION.sub(_punctuation_replacement, question.casefold())
    return " ".join(spaced.split())


def _punctuation_replacement(match: re.Match[str]) -> str:
    placeholder, apostrophe = match.groups()
    if placeholder:
        return f" {placeholder} "
    return "" if apostrophe else " "


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """True for "database is locked": another connection held the lock too long."""
    # Extended codes such as SQLITE_BUSY_SNAPSHOT keep the primary code in the low byte.
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _as_utc(moment: datetime) -> datetime:
    # A naive datetime from a caller is taken to be UTC already, as everything here is.
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    # Fixed width, so that comparing the stored text compares the times.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def _shorten(text: str, width: int) -> str:
    # One line, and printable even for rows stored before the store cleaned its text.
    text = " ".join(_printable(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
