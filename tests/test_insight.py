"""Tests for bot.insight: the store of unanswered questions and feedback, and its report."""

import logging
import multiprocessing
import os
import re
import sqlite3
import threading
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot import insight
from bot.insight import InsightStore, Report, draw_report_chart, format_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WRITERS = 4
WRITES_PER_WRITER = 200
OPENING_ROUNDS = 100


@pytest.fixture
def store(tmp_path: Path):
    store = InsightStore(tmp_path / "insight.sqlite3")
    yield store
    store.close()


def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the store believe it is now `moment`."""
    monkeypatch.setattr(insight, "_utcnow", lambda: moment)


def test_records_and_reports(store: InsightStore) -> None:
    store.record_unanswered("Can I get DLA for autism?", "benefits", 0.31)
    store.record_unanswered("What is a section 19 duty?", "education", 0.2)
    store.record_unanswered("Can I get DLA for autism", "benefits", 0.4)
    store.record_feedback("r1", True, "dla-rates")
    store.record_feedback("r2", False, "dla-rates", question="how much is dla", comment="out of date")
    store.record_feedback("r3", False, None)

    report = store.report()

    assert report.unanswered_total == 3
    assert report.unanswered_distinct == 2
    assert [(q.question, q.count) for q in report.unanswered] == [
        ("can i get dla for autism", 2),
        ("what is a section 19 duty", 1),
    ]
    assert (report.feedback_total, report.feedback_useful, report.feedback_not_useful) == (3, 1, 2)
    [entry] = report.worst_entries
    assert (entry.entry_id, entry.up, entry.down, entry.share_down) == ("dla-rates", 1, 1, 0.5)
    assert report.start is not None and report.start <= report.end


def test_questions_typed_differently_count_together(store: InsightStore) -> None:
    for typed in ["How much is DLA?", "how much is dla", "  How much   is DLA!!", "How much is D.L.A"]:
        store.record_unanswered(typed, "benefits", 0.1)

    report = store.report()

    assert [(q.question, q.count) for q in report.unanswered] == [("how much is dla", 3), ("how much is d l a", 1)]


def test_apostrophes_and_placeholders_survive_normalising(store: InsightStore) -> None:
    store.record_unanswered("My son Jack doesn't get 1:1 support?", "support", 0.1)

    assert store.report().unanswered[0].question == "my son [name] doesnt get 1 1 support"


def test_last_seen_is_the_latest_time_asked(store: InsightStore, monkeypatch: pytest.MonkeyPatch) -> None:
    first, last = datetime(2024, 5, 1, 9, tzinfo=timezone.utc), datetime(2024, 5, 3, 17, tzinfo=timezone.utc)
    for moment in (first, last):
        at(moment, monkeypatch)
        store.record_unanswered("What is an EHCP?", "ehcp", 0.2)

    [question] = store.report().unanswered

    assert (question.count, question.last_seen) == (2, last)


def test_everything_stored_is_redacted(store: InsightStore) -> None:
    store.record_unanswered("my son Jack needs help, call 07700 900123", "contact", 0.1)
    store.record_feedback("r1", False, "e1", question="email jack@example.com", comment="Thanks, Sarah")
    store.close()

    rows = _rows(store.path, "SELECT * FROM unanswered") + _rows(store.path, "SELECT * FROM feedback")
    stored = " ".join(str(value) for row in rows for value in row)
    for secret in ("Jack", "07700", "jack@example.com", "Sarah"):
        assert secret not in stored
    assert "[name]" in stored and "[phone]" in stored and "[email]" in stored


def test_worst_entries_put_most_thumbs_down_first(store: InsightStore) -> None:
    votes = {"transport": (1, 3), "dla": (0, 1), "ehcp-timeline": (5, 3), "praised": (4, 0)}
    for entry, (up, down) in votes.items():
        for useful, count in ((True, up), (False, down)):
            for n in range(count):
                store.record_feedback(f"{entry}-{useful}-{n}", useful, entry)

    worst = store.report().worst_entries

    assert [(e.entry_id, e.up, e.down) for e in worst] == [("transport", 1, 3), ("ehcp-timeline", 5, 3), ("dla", 0, 1)]
    assert worst[0].share_down == 0.75


def test_report_limit(store: InsightStore) -> None:
    for n in range(30):
        store.record_unanswered(f"question {n}", "misc", 0.1)

    report = store.report(limit=5)

    assert len(report.unanswered) == 5
    assert report.unanswered_total == 30


def test_report_since_days(store: InsightStore, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime(2024, 6, 30, 12, tzinfo=timezone.utc)
    at(now - timedelta(days=20), monkeypatch)
    store.record_unanswered("old question", "misc", 0.1)
    store.record_feedback("r-old", False, "old-entry")
    at(now - timedelta(days=2), monkeypatch)
    store.record_unanswered("new question", "misc", 0.1)
    at(now, monkeypatch)

    recent = store.report(since_days=7)
    everything = store.report()

    assert [q.question for q in recent.unanswered] == ["new question"]
    assert (recent.feedback_total, recent.worst_entries) == (0, ())
    assert recent.start == now - timedelta(days=7)
    assert everything.unanswered_total == 2
    assert everything.start == now - timedelta(days=20)


def test_purge_deletes_only_rows_past_retention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = InsightStore(tmp_path / "insight.sqlite3", retention_days=30)
    now = datetime(2024, 6, 30, tzinfo=timezone.utc)
    for age_days in (31, 45, 29, 0):
        at(now - timedelta(days=age_days), monkeypatch)
        store.record_unanswered(f"asked {age_days} days ago", "misc", 0.1)
        store.record_feedback(f"r{age_days}", False, "entry")

    assert store.purge(now) == 4
    assert store.purge(now) == 0
    at(now, monkeypatch)
    report = store.report()
    assert sorted(q.question for q in report.unanswered) == ["asked 0 days ago", "asked 29 days ago"]
    assert report.feedback_total == 2
    store.close()


def test_purge_defaults_to_now(store: InsightStore) -> None:
    store.record_unanswered("kept", "misc", 0.1)

    assert store.purge() == 0
    assert store.report().unanswered_total == 1


def test_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "insight.sqlite3"
    first = InsightStore(path)
    first.record_unanswered("Who pays for transport?", "transport", 0.2)
    first.record_feedback("r1", False, "transport")
    first.close()

    reopened = InsightStore(path)
    report = reopened.report()
    reopened.close()

    assert report.unanswered[0].question == "who pays for transport"
    assert report.feedback_total == 1


def test_nothing_lost_when_the_process_dies(tmp_path: Path) -> None:
    path = tmp_path / "insight.sqlite3"
    child = multiprocessing.get_context("spawn").Process(target=_record_then_die, args=(path,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0

    store = InsightStore(path)
    report = store.report()
    store.close()
    assert (report.unanswered_total, report.feedback_total) == (1, 1)


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "insight.sqlite3"
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    writers = [context.Process(target=_write_many, args=(path, writer, go)) for writer in range(WRITERS)]
    for writer in writers:
        writer.start()
    go.set()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0] * WRITERS

    questions = {question for (question,) in _rows(path, "SELECT question FROM unanswered")}
    replies = {reply for (reply,) in _rows(path, "SELECT reply_id FROM feedback")}
    half = WRITES_PER_WRITER // 2
    assert questions == {f"question {w} {n}" for w in range(WRITERS) for n in range(half)}
    assert replies == {f"reply-{w}-{n}" for w in range(WRITERS) for n in range(half)}
    store = InsightStore(path)
    report = store.report()
    store.close()
    assert (report.unanswered_total, report.feedback_total) == (WRITERS * half, WRITERS * half)


def test_workers_opening_a_new_store_together_all_open_it(tmp_path: Path) -> None:
    # After a deploy, every gunicorn worker opens the new store on its first request;
    # SQLite refuses the journal switch at once to all but one, with no busy wait.
    paths = [tmp_path / f"deploy-{n}" / "insight.sqlite3" for n in range(OPENING_ROUNDS)]
    context = multiprocessing.get_context("spawn")
    together = context.Barrier(WRITERS)
    failures = context.Queue()
    workers = [context.Process(target=_open_together, args=(paths, together, failures)) for _ in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    errors = [failures.get() for _ in range(failures.qsize())]
    assert errors == []
    assert all(_rows(path, "PRAGMA journal_mode") == [("wal",)] for path in paths)
    assert all(len(_rows(path, "SELECT reply_id FROM feedback")) == WRITERS for path in paths)


def test_write_waits_for_another_writer(store: InsightStore) -> None:
    with _locked(store.path, release_after=0.3):
        store.record_unanswered("Is there a waiting list?", "camhs", 0.2)

    assert store.report().unanswered_total == 1


def test_write_is_retried_once_after_the_busy_timeout(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = InsightStore(tmp_path / "insight.sqlite3", busy_timeout=0.5)
    with caplog.at_level(logging.WARNING, logger="bot.insight"), _locked(store.path, release_after=0.75):
        store.record_feedback("r1", False, "entry")

    assert store.report().feedback_total == 1
    assert "trying once more" in caplog.text
    store.close()


def test_write_that_still_fails_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = InsightStore(tmp_path / "insight.sqlite3", busy_timeout=0.1)
    with caplog.at_level(logging.ERROR, logger="bot.insight"), _locked(store.path, release_after=None):
        store.record_feedback("reply-7", False, "dla-rates")

    assert "reply-7" in caplog.text and "dla-rates" in caplog.text
    store.close()


def test_record_after_close_is_logged_not_raised(store: InsightStore, caplog: pytest.LogCaptureFixture) -> None:
    store.close()
    with caplog.at_level(logging.ERROR, logger="bot.insight"):
        store.record_unanswered("anything", "misc", 0.5)
        store.record_feedback("r1", True, None)

    assert len(caplog.records) == 2


def test_empty_question_is_not_recorded(store: InsightStore) -> None:
    store.record_unanswered("  ?! ", "misc", 0.1)

    assert store.report().is_empty


def test_long_text_is_capped(store: InsightStore) -> None:
    store.record_unanswered("why " * 10_000, "misc", 0.1)

    assert len(store.report().unanswered[0].question) <= 2_000


def test_creates_folder_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "insight.sqlite3"
    InsightStore(path).close()

    assert _rows(path, "PRAGMA journal_mode") == [("wal",)]


def test_retention_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        InsightStore(tmp_path / "insight.sqlite3", retention_days=0)


def test_format_report_shows_the_top_question(store: InsightStore) -> None:
    for _ in range(3):
        store.record_unanswered("How much is DLA?", "benefits", 0.2)
    store.record_unanswered("Can my child have a personal budget?", "ehcp", 0.2)
    store.record_feedback("r1", False, "transport-policy")

    text = format_report(store.report())

    lines = text.splitlines()
    top_row = lines[lines.index("Most asked questions without an answer") + 2]
    assert re.fullmatch(r"\s+3\s+\d+ \w+ \d{4}\s+how much is dla", top_row)
    assert "transport-policy" in text and "100%" in text
    assert "Questions the bot could not answer: 4 (2 different)" in text


def test_format_report_when_nothing_is_recorded(store: InsightStore) -> None:
    text = format_report(store.report())

    assert "Nothing recorded yet" in text


def test_format_report_shortens_long_questions(store: InsightStore) -> None:
    store.record_unanswered("word " * 100, "misc", 0.1)

    assert all(len(line) < 120 for line in format_report(store.report()).splitlines())


def test_chart_is_a_png(store: InsightStore, tmp_path: Path) -> None:
    for n in range(12):
        for _ in range(n + 1):
            store.record_unanswered(f"a long question number {n} that goes on " + "and on " * 20, "misc", 0.1)
    for n in range(5):
        store.record_feedback(f"r{n}", n % 2 == 0, f"entry-{n % 3}")
    path = tmp_path / "charts" / "report.png"

    draw_report_chart(store.report(), path)

    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_chart_of_an_empty_report_is_a_png(store: InsightStore, tmp_path: Path) -> None:
    path = tmp_path / "empty.png"

    draw_report_chart(store.report(), path)

    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_report_is_plain_data() -> None:
    now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    report = Report(None, now, (), (), 0, 0, 0, 0)

    assert report.is_empty and report.feedback_not_useful == 0


def _rows(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def _record_then_die(path: Path) -> None:
    store = InsightStore(path)
    store.record_unanswered("What is a Section 41 school?", "schools", 0.3)
    store.record_feedback("r1", True, "section-41")
    os._exit(0)  # no close(), no clean shutdown: as if the worker were killed


def _open_together(paths: list[Path], together, failures) -> None:
    for path in paths:
        together.wait(timeout=60)
        try:
            store = InsightStore(path)
        except insight.InsightUnavailable as error:
            failures.put(str(error))
            continue
        store.record_feedback(f"reply-{os.getpid()}", True, "entry")
        store.close()


def _write_many(path: Path, writer: int, go) -> None:
    store = InsightStore(path)
    go.wait()
    for n in range(WRITES_PER_WRITER // 2):
        store.record_unanswered(f"question {writer} {n}", "misc", 0.5)
        store.record_feedback(f"reply-{writer}-{n}", n % 2 == 0, f"entry-{n % 7}")
    store.close()


class _locked:
    """Hold the database's write lock from another connection, as a busy worker would,
    for release_after seconds (None: until the block ends)."""

    def __init__(self, path: Path, release_after: float | None) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._release_after = release_after
        self._timer: threading.Timer | None = None

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        if self._release_after is not None:
            self._timer = threading.Timer(self._release_after, self._release)
            self._timer.start()

    def __exit__(self, *exc_info: object) -> None:
        if self._timer:
            self._timer.join()
        else:
            self._release()
        self._db.close()

    def _release(self) -> None:
        self._db.execute("ROLLBACK")
