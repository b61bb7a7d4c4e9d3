"""Search latency: GET /api/search, Snapshot.search, plain Whoosh and bm25s over the same passages.

    python benchmarks/search.py            # 3 timed passes over the query set
    python benchmarks/search.py --quick    # 1 pass

One index of the shipped knowledge (built into a temporary folder) and one query set for
every row: the values of tests/data/search_queries.yml plus every dev question.
  * GET /api/search    the Flask view through the test client (JSON in and out), limit 10
  * Snapshot.search    in-process: synonyms, spelling fixes, BM25F, limit 10, reading the
                       hits' ids only (snippets are made on first read, so the chat skips them)
  * ... + snippets     the same, reading every hit's highlighted snippet (what the API needs)
  * plain Whoosh       a Whoosh index of the same four fields (analyser, boosts), a
                       MultifieldParser(OrGroup) query, limit 10, no synonyms / typo fixes / highlights
  * bm25s              bm25s over the same passages (title + questions + body), Porter stems
                       and English stop words, k 10, one query at a time
"Top-1 right" is the share of search_queries.yml queries whose first result is the entry
they were written for: what the extra milliseconds buy.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (KNOWLEDGE, SEARCH_QUERIES, build_plain_whoosh, make_bm25s, plain_whoosh,  # noqa: E402
                     print_machine, progress, query_set, summary_ms, table)

import yaml  # noqa: E402


def labelled_queries() -> list[tuple[str, str]]:
    data = yaml.safe_load(SEARCH_QUERIES.read_text(encoding="utf-8"))
    return [(str(q), entry_id) for entry_id, phrasings in data.items() for q in phrasings.values()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one timed pass")
    parser.add_argument("--passes", type=int)
    args = parser.parse_args()
    passes = args.passes or (1 if args.quick else 3)

    from bot import knowledge as kb
    from bot.config import Config
    from bot.search import IndexStore
    from bot.web import create_app

    print_machine()
    folder = Path(tempfile.mkdtemp(prefix="send-search-bench-"))
    try:
        knowledge, _ = kb.load(KNOWLEDGE)
        IndexStore(folder / "index").build(knowledge, kb.fingerprint(KNOWLEDGE))
        build_plain_whoosh(knowledge, folder / "plain")
        config = replace(Config(), knowledge_dir=KNOWLEDGE, index_dir=folder / "index", data_dir=folder,
                         rate_limit="", watch_knowledge=False, record_insight=False)
        client = create_app(config).test_client()
        snapshot = IndexStore(folder / "index").open()

        def api(text: str) -> list[str]:
            response = client.get("/api/search", query_string={"q": text})
            assert response.status_code == 200, response.get_data(as_text=True)
            return [r["id"] for r in response.get_json()["results"]]

        engines = {
            "GET /api/search": api,
            "Snapshot.search": lambda text: [h.id for h in snapshot.search(text, limit=10).hits],
            "Snapshot.search + snippets": lambda text: [h.id for h in snapshot.search(text, limit=10).hits if h.snippet],
            "plain Whoosh (OrGroup)": plain_whoosh(folder / "plain"),
            "bm25s": make_bm25s(knowledge),
        }
        queries = query_set()
        progress(f"{len(queries)} queries x {passes} pass(es) x {len(engines)} engines")
        timings = {name: [] for name in engines}
        for name, run in engines.items():  # warm-up: caches, lazy imports, first-request setup
            for q in queries[:30]:
                run(q)
        for number in range(passes):
            for q in queries:
                for name, run in engines.items():  # interleaved, so load changes hit every engine alike
                    t = time.perf_counter()
                    run(q)
                    timings[name].append(time.perf_counter() - t)
            progress(f"pass {number + 1}/{passes} done")
        labelled = labelled_queries()
        right = {name: sum(1 for q, want in labelled if (run(q) or [None])[0] == want) / len(labelled)
                 for name, run in engines.items()}
        snapshot.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    stats = {name: summary_ms(values) for name, values in timings.items()}
    ours, plain = stats["Snapshot.search"], stats["plain Whoosh (OrGroup)"]
    rows = [[name, s["n"], s["p50"], s["p99"], s["mean"], s["p50"] / ours["p50"], s["p99"] / ours["p99"],
             s["p50"] / plain["p50"], f"{right[name]:.0%}"] for name, s in stats.items()]
    print(f"\n{len(knowledge.entries)} entries + {len(knowledge.terms)} glossary terms; {len(queries)} queries\n")
    print(table(["engine", "n", "p50 ms", "p99 ms", "mean ms", "p50 / Snapshot", "p99 / Snapshot",
                 "p50 / plain Whoosh", "top-1 right"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
