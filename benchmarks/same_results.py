"""Check that a change to bot/search.py keeps search results the same.

    python benchmarks/same_results.py dump before.json          # on the old code
    python benchmarks/same_results.py dump after.json           # on the new code
    python benchmarks/same_results.py compare before.json after.json
    python benchmarks/same_results.py dump big.json --size 3000 --step 4   # synthetic knowledge

``dump`` builds an index of the shipped knowledge (or of synthetic knowledge with
--size, see synthetic.py) in a temporary folder and runs every query of the shared query
set three ways (as /api/search: limit 10; as the chat: limit 5, entries only; and with a
topic filter), recording for each hit its id, score, coverage, matched weight and the
snippet HTML, and the spelling correction. ``compare`` says how many searches differ
and shows the first few differences; it exits 1 if any do.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import KNOWLEDGE, progress, query_set  # noqa: E402

SEARCHES = ({"limit": 10}, {"limit": 5, "kind": "entry"}, {"limit": 3, "topic": "Glossary"})


def dump(out: Path, size: int | None, step: int) -> None:
    from bot import knowledge as kb
    from bot.search import IndexStore

    queries = query_set()
    if size:
        from synthetic import Generator
        generator = Generator()
        knowledge = generator.knowledge(size)
        queries += generator.queries(60)
    else:
        knowledge, _ = kb.load(KNOWLEDGE)
    queries = queries[::step]
    folder = Path(tempfile.mkdtemp(prefix="send-same-results-"))
    try:
        IndexStore(folder).build(knowledge, "same-results")
        snapshot = IndexStore(folder).open()
        started, rows = time.perf_counter(), []
        for number, q in enumerate(queries, 1):
            for kwargs in SEARCHES:
                results = snapshot.search(q, **kwargs)
                rows.append({"q": q, "kwargs": kwargs, "corrected": results.corrected,
                             "hits": [[h.id, round(h.score, 6), round(h.coverage, 6), round(h.matched, 6), h.snippet]
                                      for h in results.hits]})
            if number % 50 == 0:
                progress(f"{number}/{len(queries)} queries")
        progress(f"{len(rows)} searches in {time.perf_counter() - started:.1f}s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out.write_text(json.dumps(rows, indent=0, ensure_ascii=False))
    print(f"{len(rows)} searches written to {out}")


def compare(a: Path, b: Path, show: int = 5) -> int:
    before, after = json.loads(a.read_text()), json.loads(b.read_text())
    if len(before) != len(after):
        print(f"different query sets: {len(before)} vs {len(after)} searches")
        return 1
    differ = [(x, y) for x, y in zip(before, after) if x != y]
    same_scores = sum(1 for x, y in zip(before, after)
                      if sorted(h[1] for h in x["hits"]) == sorted(h[1] for h in y["hits"]))
    same_order = sum(1 for x, y in zip(before, after) if [h[0] for h in x["hits"]] == [h[0] for h in y["hits"]])
    for x, y in differ[:show]:
        print(f"DIFF {x['q'][:70]!r} {x['kwargs']}")
        if x["corrected"] != y["corrected"]:
            print(f"  corrected {x['corrected']!r} -> {y['corrected']!r}")
        for hx, hy in zip(x["hits"], y["hits"]):
            if hx[:4] != hy[:4]:
                print(f"  {hx[:4]}\n  {hy[:4]}")
            elif hx[4] != hy[4]:
                print(f"  snippet of {hx[0]} differs:\n    {hx[4][:140]!r}\n    {hy[4][:140]!r}")
        if len(x["hits"]) != len(y["hits"]):
            print(f"  {len(x['hits'])} hits -> {len(y['hits'])} hits")
    print(f"{len(differ)} of {len(before)} searches differ (same scores: {same_scores}, "
          f"same order of ids: {same_order})")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--size", type=int, help="synthetic knowledge of this many entries instead of the real one")
    d.add_argument("--step", type=int, default=1, help="use every Nth query")
    c = commands.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.size, args.step)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
