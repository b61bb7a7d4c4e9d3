"""How the index grows: build time, size on disk, query latency and memory at 1k/10k/100k entries.

    python benchmarks/growth.py            # 1k, 10k, 100k entries (a few minutes on 2 cores)
    python benchmarks/growth.py --quick    # 300, 1k, 3k entries (CI-sized, under a minute)
    python benchmarks/growth.py --sizes 1000 50000

Each size is built in its own child process: synthetic knowledge grown from the real
entries (see synthetic.py), ``IndexStore.build`` with a progress callback. A fresh
process then serves it as a worker would (so open time and memory are a worker's own):
``IndexStore.open``, then ``Snapshot.search`` over the shared query set (search_queries.yml
+ dev questions) plus queries naming the synthetic places, both as /api/search asks
(limit 10, every hit's excerpt made) and as the chat asks (limit 5, entries only); beside
them, a Whoosh index of the same text (its build timed too) searched plainly
(MultifieldParser, OrGroup) and bm25s over the same passages, to show what the engine
itself costs and what a vectorised one would. Each
timing stops at its budget (--budget seconds for ours, a quarter of it for each of the
others, at least 5 queries).
Writes benchmarks/growth.json and draws benchmarks/growth.png.
Targets at 100k: build <= 60 s, p99 <= 20 ms, query cost growing far slower than the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (build_plain_whoosh, dir_size_mb, make_bm25s, peak_rss_mb, plain_whoosh,  # noqa: E402
                     measure_sizes, progress, query_set, rss_mb, summary_ms, table)

BUILD_TARGET_S = 60.0
P99_TARGET_MS = 20.0


def _cpu_seconds() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(size: int, passes: int, budget: float, with_bm25s: bool) -> dict:
    """Build one size in this process, then measure serving it in a fresh one (as a worker
    starts: its open time and memory are its own); print a JSON line on stdout."""
    from synthetic import Generator

    from bot.search import KNOWLEDGE_FILE, IndexStore

    started = time.perf_counter()
    generator = Generator()
    knowledge = generator.knowledge(size)
    queries = query_set() + generator.queries(60)
    progress(f"{size:,}: generated {len(knowledge.entries):,} entries in {time.perf_counter() - started:.1f}s")
    root = Path(tempfile.mkdtemp(prefix=f"send-growth-{size}-"))
    try:
        last = [time.perf_counter()]

        def on_progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] >= 5 or done == total:
                last[0] = time.perf_counter()
                progress(f"{size:,}: indexed {done:,}/{total:,} ({time.perf_counter() - t0:.0f}s)")

        cpu0, t0 = _cpu_seconds(), time.perf_counter()
        folder = IndexStore(root).build(knowledge, f"synthetic-{size}", progress=on_progress)
        build_s, build_cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
        peak_build = peak_rss_mb()
        json_mb = (folder / KNOWLEDGE_FILE).stat().st_size / 2**20
        index_mb = dir_size_mb(folder) - json_mb
        t0 = time.perf_counter()
        build_plain_whoosh(knowledge, root / "plain")
        plain_build_s = time.perf_counter() - t0
        progress(f"{size:,}: plain Whoosh index built in {plain_build_s:.0f}s")
        order = random.Random(1).sample(queries, len(queries))
        other, bm25s_index_s = [], None
        if with_bm25s:
            t0 = time.perf_counter()
            bm25s_search = make_bm25s(knowledge)
            bm25s_index_s = time.perf_counter() - t0
            other = _timed(bm25s_search, order * passes, budget / 4)
        del knowledge
        (root / "queries.json").write_text(json.dumps(order))
        proc = subprocess.run([sys.executable, __file__, "--serve", str(root), "--passes", str(passes),
                               "--budget", str(budget)], stdout=subprocess.PIPE, text=True, check=True)
        served = json.loads(proc.stdout.strip().splitlines()[-1])
        return {"size": size, "build_s": build_s, "build_cpu_s": build_cpu, "index_mb": index_mb, "json_mb": json_mb,
                **served, "bm25s": summary_ms(other) if other else None, "bm25s_index_s": bm25s_index_s,
                "plain_build_s": plain_build_s,
                "peak_build_rss_mb": peak_build}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _timed(search, queries: list[str], budget: float) -> list[float]:
    """Seconds per query, over ``queries`` in turn until ``budget`` runs out (at least 5)."""
    took, deadline = [], time.perf_counter() + budget
    for q in queries:
        if time.perf_counter() > deadline and len(took) >= 5:
            break
        t = time.perf_counter()
        search(q)
        took.append(time.perf_counter() - t)
    return took


def serve(root: Path, passes: int, budget: float) -> dict:
    """Open the index in ``root`` as a worker does and search it as the API and the chat
    do, then plainly; memory is read before the plain searches load Whoosh's own caches."""
    from bot.search import IndexStore

    order = json.loads((root / "queries.json").read_text())
    t0 = time.perf_counter()
    snapshot = IndexStore(root).open()
    open_s = time.perf_counter() - t0
    rss_open = rss_mb()
    reader = snapshot.searcher.reader()
    segments = len(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else 1

    def api(q: str) -> None:
        for hit in snapshot.search(q, limit=10).hits:
            hit.snippet  # the API shows every hit's excerpt

    def chat(q: str) -> None:
        snapshot.search(q, limit=5, kind="entry")

    for q in order[:20]:  # warm the caches a live server would have warm
        api(q)
    api_took, chat_took, deadline = [], [], time.perf_counter() + budget
    for q in order * passes:
        if time.perf_counter() > deadline and len(api_took) >= 5:
            break
        for search, took in ((api, api_took), (chat, chat_took)):
            t = time.perf_counter()
            search(q)
            took.append(time.perf_counter() - t)
    rss = rss_mb()
    plain = _timed(plain_whoosh(root / "plain"), order * passes, budget / 4)
    progress(f"{snapshot.searcher.doc_count():,} documents: {len(api_took):,} queries timed, {len(plain):,} plain")
    return {"docs": snapshot.searcher.doc_count(), "segments": segments, "open_s": open_s,
            "rss_open_mb": rss_open, "rss_mb": rss, "api": summary_ms(api_took), "chat": summary_ms(chat_took),
            "plain": summary_ms(plain), "queries_of": len(order) * passes}


def run_size(size: int, passes: int, budget: float, with_bm25s: bool) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(size), "--passes", str(passes),
                           "--budget", str(budget), *([] if with_bm25s else ["--no-bm25s"])],
                          stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def draw(results: list[dict], path: Path, baseline: list[dict] | None = None, baseline_label: str = "") -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 5.6))
    panels = [
        ("Build time (s)", lambda r: r["build_s"], BUILD_TARGET_S, "target 60 s", "s"),
        ("Query p99 (ms), /api/search style", lambda r: r["api"]["p99"], P99_TARGET_MS, "target 20 ms", "ms"),
        ("Index size on disk (MB)", lambda r: r["index_mb"], None, None, "MB"),
    ]
    for ax, (title, value, target, label, unit) in zip(axes, panels):
        sizes, values = [r["size"] for r in results], [value(r) for r in results]
        ax.plot(sizes, values, "o-", color="#1f5fa8", linewidth=2, label="now")
        for x, y in zip(sizes, values):
            ax.annotate(f"{y:,.0f} {unit}" if y >= 100 else f"{y:.3g} {unit}", (x, y), textcoords="offset points",
                        xytext=(0, 8), ha="center", fontsize=9, color="#1f5fa8")
        if baseline:
            ax.plot([r["size"] for r in baseline], [value(r) for r in baseline], "o--", color="#999999",
                    linewidth=1.2, label=baseline_label or "baseline")
        if "p99" in title:
            ax.plot(sizes, [r["api"]["p50"] for r in results], "s:", color="#1f5fa8", alpha=0.6, label="now, p50")
            if any(r.get("bm25s") for r in results):
                pts = [(r["size"], r["bm25s"]["p99"]) for r in results if r.get("bm25s")]
                ax.plot(*zip(*pts), "^-", color="#27ae60", linewidth=1.2, label="bm25s p99 (same passages)")
        if target:
            ax.axhline(target, color="#c0392b", linestyle="--", linewidth=1.2, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.margins(x=0.1, y=0.2)
        ax.set_xlabel("knowledge entries (log scale)")
        ax.set_ylabel(f"{unit} (log scale)")
        ax.set_title(title, fontsize=11)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8, frameon=False)
    fig.suptitle("SEND Helper search index growth (synthetic knowledge grown from the real entries, 2 cores)", fontsize=12)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def report(results: list[dict]) -> str:
    first = results[0]
    rows, query_rows = [], []
    for r in results:
        rows.append([f"{r['size']:,}", r["docs"], r["segments"], r["build_s"], r["build_cpu_s"],
                     r.get("plain_build_s", float("nan")),
                     r["docs"] / r["build_s"], r["index_mb"], r["json_mb"], r["open_s"] * 1000,
                     r["rss_mb"], r["peak_build_rss_mb"]])
        query_rows.append([f"{r['size']:,}", f"{r['api']['n']}/{r['queries_of']} ({r['plain']['n']} plain)",
                           r["api"]["p50"], r["api"]["p99"],
                           r["chat"]["p50"], r["chat"]["p99"], r["plain"]["p50"], r["plain"]["p99"],
                           r["api"]["p50"] / r["plain"]["p50"],
                           r["bm25s"]["p50"] if r.get("bm25s") else float("nan"),
                           r["bm25s"]["p99"] if r.get("bm25s") else float("nan"),
                           r["bm25s_index_s"] if r.get("bm25s") else float("nan")])
    out = [table(["entries", "docs", "segments", "build s", "build CPU s", "plain Whoosh build s", "docs/s", "index MB", "knowledge MB",
                  "open ms", "worker RSS MB", "build peak RSS MB"], rows), "",
           table(["entries", "queries timed", "api p50 ms", "api p99 ms", "chat p50 ms", "chat p99 ms",
                  "plain Whoosh p50 ms", "plain p99 ms", "api/plain p50", "bm25s p50 ms", "bm25s p99 ms",
                  "bm25s index s"], query_rows)]
    out.append("")
    ratio_rows = []
    for r in results[1:]:
        ratio_rows.append([f"{first['size']:,} -> {r['size']:,}", r["size"] / first["size"],
                           r["build_s"] / first["build_s"], r["index_mb"] / first["index_mb"],
                           r["api"]["p50"] / first["api"]["p50"], r["api"]["p99"] / first["api"]["p99"],
                           r["rss_mb"] / first["rss_mb"]])
    if ratio_rows:
        out.append(table(["growth", "corpus x", "build x", "size x", "p50 x", "p99 x", "RSS x"], ratio_rows))
        out.append("")
    last = results[-1]
    out.append(f"At {last['size']:,} entries: build {last['build_s']:.1f} s (target <= {BUILD_TARGET_S:.0f} s: "
               f"{'MET' if last['build_s'] <= BUILD_TARGET_S else 'MISSED'}), api p99 {last['api']['p99']:.1f} ms "
               f"(target <= {P99_TARGET_MS:.0f} ms: {'MET' if last['api']['p99'] <= P99_TARGET_MS else 'MISSED'}), "
               f"chat p99 {last['chat']['p99']:.1f} ms.")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="300, 1k and 3k entries (CI-sized)")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--passes", type=int, default=2, help="timed passes over the query set per size")
    parser.add_argument("--budget", type=float, default=40.0,
                        help="seconds of querying per size at most (slow sizes time fewer queries)")
    parser.add_argument("--no-bm25s", action="store_true", help="skip the bm25s comparison column")
    parser.add_argument("--redraw", action="store_true", help="only redraw the chart from --json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--chart", default=str(HERE / "growth.png"))
    parser.add_argument("--json", default=str(HERE / "growth.json"))
    parser.add_argument("--baseline", help="a growth.json from an earlier run, drawn grey in the chart")
    parser.add_argument("--baseline-label", default="baseline")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.passes, args.budget, not args.no_bm25s)))
        return 0
    if args.serve:
        print(json.dumps(serve(Path(args.serve), args.passes, args.budget)))
        return 0
    if args.redraw:
        baseline = json.loads(Path(args.baseline).read_text()) if args.baseline else None
        draw(json.loads(Path(args.json).read_text()), Path(args.chart), baseline, args.baseline_label)
        return 0
    sizes = args.sizes or ([300, 1000, 3000] if args.quick else [1000, 10_000, 100_000])
    results = measure_sizes(sizes, lambda size: run_size(size, args.passes, args.budget, not args.no_bm25s))
    print(report(results))
    Path(args.json).write_text(json.dumps(results, indent=2))
    baseline = json.loads(Path(args.baseline).read_text()) if args.baseline else None
    draw(results, Path(args.chart), baseline, args.baseline_label)
    print(f"\nChart: {args.chart}   Raw figures: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
