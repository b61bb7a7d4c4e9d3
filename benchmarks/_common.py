"""Helpers shared by the benchmark scripts: query sets, percentiles, tables, servers.

Nothing here is a benchmark on its own. Every script imports it as
``from _common import ...`` (the scripts put their own folder on ``sys.path``).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402  (after the path fix, like the project's own imports)

sys.path.insert(0, str(ROOT / "tests"))
# The test suite's harness: real servers in their own process group, waited on until healthy.
from support import ServerProcess as Server, free_port, server_env  # noqa: E402,F401

KNOWLEDGE = ROOT / "knowledge"
DEV_QUESTIONS = ROOT / "tests" / "data" / "dev_questions.yml"
SEARCH_QUERIES = ROOT / "tests" / "data" / "search_queries.yml"


# ------------------------------------------------------------------ query sets

def dev_items() -> list[dict]:
    return yaml.safe_load(DEV_QUESTIONS.read_text(encoding="utf-8"))


def dev_questions() -> list[str]:
    """Every message of the chatbot's dev set: small talk, parents, typos, crises..."""
    return [str(i["q"]) for i in dev_items()]


def search_queries() -> list[str]:
    """The adviser queries (parent / adviser / typo phrasing for every entry)."""
    data = yaml.safe_load(SEARCH_QUERIES.read_text(encoding="utf-8"))
    return [str(q) for phrasings in data.values() for q in phrasings.values()]


def query_set() -> list[str]:
    """The one query set every search measurement uses: search_queries.yml + dev questions."""
    return search_queries() + dev_questions()


# ------------------------------------------------------------------ a bm25s baseline

def make_bm25s(knowledge):
    """bm25s over title + questions + body of every entry and glossary term; returns search(text) -> ids."""
    import bm25s
    from bm25s.stopwords import STOPWORDS_EN
    from whoosh.lang.porter import stem

    ids, passages = [], []
    for e in knowledge.entries.values():
        ids.append(e.id)
        passages.append(" ".join((e.title, *e.questions, e.answer, e.details, e.contact, e.dates)))
    for t in knowledge.terms.values():
        ids.append(t.id)
        passages.append(" ".join((t.term, *t.aliases, t.meaning)))
    stem_list = lambda words: [stem(w) for w in words]  # noqa: E731
    corpus = bm25s.tokenize(passages, stopwords="en", stemmer=stem_list, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    vocab = retriever.vocab_dict
    stop = set(STOPWORDS_EN)
    pattern = re.compile(r"(?u)\b\w\w+\b")

    def search(text: str) -> list[str]:
        tokens = [s for s in (stem(w) for w in pattern.findall(text.lower()) if w not in stop) if s in vocab]
        if not tokens:
            return []
        docs, _ = retriever.retrieve([tokens], k=min(10, len(ids)), show_progress=False, n_threads=1)
        return [ids[i] for i in docs[0]]
    return search


# ------------------------------------------------------------------ a plain Whoosh baseline

def build_plain_whoosh(knowledge, folder: Path) -> None:
    """A Whoosh index of the searched text (the same four fields, analyser and boosts, and
    the glossary's document boost), built the way snapshots were before the scorer's
    file was made from our own analysis: one writer per core from 5,000 documents, 2 GB
    of sort memory each, no final merge."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    from bot.search import ANALYZER, FIELD_BOOSTS, _documents
    folder.mkdir(parents=True, exist_ok=True)
    text = {name: TEXT(analyzer=ANALYZER, field_boost=boost) for name, boost in FIELD_BOOSTS.items()}
    ix = index.create_in(str(folder), Schema(id=ID(stored=True), **text))
    procs = min(os.cpu_count() or 1, 4) if len(knowledge.entries) + len(knowledge.terms) >= 5000 else 1
    writer = ix.writer(limitmb=2048, procs=procs, multisegment=True) if procs > 1 else ix.writer(limitmb=256)
    for doc in _documents(knowledge):
        writer.add_document(id=doc.stored["id"], _boost=doc.boost, **doc.texts)
    writer.commit()


def plain_whoosh(folder: Path):
    """search(text) -> ids over ``build_plain_whoosh``'s index: a parsed OR query over the
    four fields (MultifieldParser, OrGroup), limit 10, no synonyms, typo fixes or highlights."""
    from whoosh import index
    from whoosh.qparser import MultifieldParser, OrGroup

    from bot.search import SEARCH_FIELDS
    ix = index.open_dir(str(folder))
    searcher = ix.searcher()
    parser = MultifieldParser(list(SEARCH_FIELDS), ix.schema, group=OrGroup)
    return lambda text: [hit["id"] for hit in searcher.search(parser.parse(text), limit=10)]


# ------------------------------------------------------------------ numbers

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty list."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50": percentile(ms, 50), "p99": percentile(ms, 99),
            "mean": sum(ms) / len(ms) if ms else float("nan"), "max": max(ms) if ms else float("nan")}


def table(headers: list[str], rows: list[list], align: str | None = None) -> str:
    """A plain text table (also valid Markdown): numbers right-aligned."""
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    align = align or "l" + "r" * (len(headers) - 1)

    def line(values):
        return "| " + " | ".join(v.ljust(w) if a == "l" else v.rjust(w)
                                 for v, w, a in zip(values, widths, align)) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2))
                          for w, a in zip(widths, align)) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def _fmt(value) -> str:
    if isinstance(value, float):
        if value != value:
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def progress(message: str) -> None:
    """Progress goes to stderr so stdout stays a clean table."""
    print(f"  .. {message}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cores": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version()}


def print_machine() -> None:
    m = machine()
    print(f"{m['date']} | {m['cores']} cores | {m['cpu']} | Python {m['python']}")


def measure_sizes(sizes: list[int], measure: Callable[[int], dict]) -> list[dict]:
    """``measure`` at each corpus size, with the machine and its load either side: a
    benchmark on a shared 2-core machine is only read beside the load it ran under."""
    print_machine()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    results = []
    for size in sizes:
        progress(f"measuring {size:,} entries in a fresh process")
        results.append(measure(size))
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")
    return results


def rss_mb() -> float:
    """Resident memory of this process now, in MiB (Linux /proc; falls back to the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 2**20


# ------------------------------------------------------------------ servers

def build_index(data_dir: Path) -> None:
    """Build the shipped knowledge's index into DATA_DIR/index, as `python -m bot index` does."""
    subprocess.run([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=server_env(data_dir), check=True,
                   stdout=subprocess.DEVNULL)
