"""The advisers' search (as ``/api/search`` asks it) on one big snapshot, whole and with
an edited file's layer, split into the search and the ten excerpts, in wall and CPU time.

    python benchmarks/api_search.py build /tmp/api-100k --size 100000   # once (~1-2 min)
    python benchmarks/api_search.py measure /tmp/api-100k [--passes 2]

``build`` writes two index roots under the folder: ``whole`` (the synthetic knowledge of
growth.py, built whole) and ``layered`` (the same, then one 500-entry slice edited as
``edit.py`` edits, added as a layer by ``IndexStore.update``). ``measure`` opens each as a
worker does and runs growth.py's query set (same order, --passes times), every hit's
excerpt made, then prints p50/p99 of the whole search, in wall and CPU time
(``time.thread_time``), the p99 of the passes after the first (every word met before),
and the mean CPU time of its two parts.
CPU time is what to compare between two trees on this shared machine: run ``measure``
from each tree, back to back, on the same folder (the index format must be the same).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import percentile, progress, query_set, table  # noqa: E402

EDITED = 500  # entries in the edited slice, as one of edit.py's files


def build(folder: Path, size: int) -> None:
    from synthetic import Generator

    from bot import knowledge as kb
    from bot.search import IndexStore

    generator = Generator()
    knowledge = generator.knowledge(size)
    queries = query_set() + generator.queries(60)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "queries.json").write_text(json.dumps(random.Random(1).sample(queries, len(queries))))
    t0 = time.perf_counter()
    base = IndexStore(folder / "whole").build(knowledge, f"synthetic-{size}")
    progress(f"{size:,}: built whole in {time.perf_counter() - t0:.0f}s")
    shutil.copytree(folder / "whole", folder / "layered", symlinks=True)
    ids = list(knowledge.entries)[len(knowledge.entries) // 2:][:EDITED]
    edited = {i: replace(knowledge.entries[i], answer=knowledge.entries[i].answer + " Ask about the zebrafinch scheme.")
              for i in ids}
    change = kb.Reloaded(kb.Knowledge(edited), [], {}, [], ids)
    IndexStore(folder / "layered").update(change, f"synthetic-{size}-edited", base.name)
    progress(f"{size:,}: layer added")


def measure(folder: Path, passes: int) -> list[list]:
    from bot.search import IndexStore

    order = json.loads((folder / "queries.json").read_text())
    rows = []
    for name in ("whole", "layered"):
        snapshot = IndexStore(folder / name).open()
        for q in order[:20]:  # warm the caches a live server would have warm
            [hit.snippet for hit in snapshot.search(q, limit=10).hits]
        wall, search_cpu, excerpt_cpu = [], [], []
        for q in order * passes:
            t, c = time.perf_counter(), time.thread_time()
            hits = snapshot.search(q, limit=10).hits
            c1 = time.thread_time()
            for hit in hits:
                hit.snippet  # the API shows every hit's excerpt
            c2 = time.thread_time()
            wall.append(time.perf_counter() - t)
            search_cpu.append(c1 - c)
            excerpt_cpu.append(c2 - c1)
        total_cpu = [s + e for s, e in zip(search_cpu, excerpt_cpu)]
        ms = lambda values, p: percentile(values, p) * 1000  # noqa: E731
        # The first pass meets each word and phrase for the first time (postings read,
        # spelling fixes, phrase positions); later passes find them kept per snapshot.
        rows.append([name, len(wall), ms(wall, 50), ms(wall, 99), ms(total_cpu, 50), ms(total_cpu, 99),
                     ms(total_cpu[len(order):] or total_cpu, 99),
                     sum(search_cpu) * 1000 / len(wall), sum(excerpt_cpu) * 1000 / len(wall)])
        snapshot.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("folder", type=Path)
    b.add_argument("--size", type=int, default=100_000)
    m = sub.add_parser("measure")
    m.add_argument("folder", type=Path)
    m.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    if args.command == "build":
        build(args.folder, args.size)
    else:
        print(table(["snapshot", "searches", "wall p50 ms", "wall p99 ms", "CPU p50 ms", "CPU p99 ms",
                     "CPU p99 ms, later passes", "search CPU ms (mean)", "excerpts CPU ms (mean)"],
                    measure(args.folder, args.passes)))


if __name__ == "__main__":
    main()
