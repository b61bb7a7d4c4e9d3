"""One edited knowledge file, from the save to the running app serving it, at 1k/10k/100k entries.

    python benchmarks/edit.py                  # 1k, 10k, 100k entries (~6 min on 2 cores, mostly the first load)
    python benchmarks/edit.py --quick          # 300, 1k, 3k entries
    python benchmarks/edit.py --sizes 20000 --edits 3

Each size, in its own process: the shipped knowledge plus synthetic entries (synthetic.py)
written as YAML files of --per-file entries each (JSON, which YAML reads); the app
(``create_app``, freshness check on every request) builds its index on the first request,
from the YAML as a server does. Then --edits times: one entry's answer in one synthetic
file gets a new word, and the advisers' search (``GET /api/search`` through the test
client) is asked for that word until that entry comes first. *edit -> live* is the time
from the file's save to that answer; its parts are the library's: reading the files'
digests, re-reading the changed file (``kb.reload``), adding it to the index
(``IndexStore.update``) and opening the new snapshot. A served app checks for changes
every ``reload_seconds`` (2 s by default): add up to that to these figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import KNOWLEDGE, measure_sizes, progress, table  # noqa: E402

TARGET_S = 2.0


def entry_yaml(entry) -> dict:
    """An entry as staff write it (the fields the loader reads)."""
    def source(s, published: str = "published") -> dict:
        out = {"publisher": s.publisher, "title": s.title}
        if s.published:
            out[published] = s.published
        if s.url:
            out["url"] = s.url
        return out

    out = {"id": entry.id, "title": entry.title, "topic": entry.topic, "questions": list(entry.questions),
           "answer": entry.answer}
    for key in ("details", "contact", "dates"):
        if getattr(entry, key):
            out[key] = getattr(entry, key)
    if entry.keywords:
        out["keywords"] = list(entry.keywords)
    out["source"] = {**source(entry.source), **({"author": entry.source.author} if entry.source.author else {})}
    if entry.official:
        out["official"] = source(entry.official)
    if entry.since:
        out["since"] = {"text": entry.since.text, **source(entry.since.source, "date"),
                        **({"checked": entry.since.checked} if entry.since.checked else {})}
    if entry.review_by:
        out["review_by"] = entry.review_by
    return out


def write_knowledge(folder: Path, size: int, per_file: int) -> list[Path]:
    """The shipped knowledge and ``size`` synthetic entries in files of ``per_file``."""
    from synthetic import Generator

    shutil.copytree(KNOWLEDGE, folder)
    entries = list(Generator().knowledge(size).entries.values())
    files = []
    for number, start in enumerate(range(0, len(entries), per_file)):
        chunk = [entry_yaml(e) for e in entries[start:start + per_file]]
        path = folder / f"synthetic-{number:04d}.yml"
        # JSON is YAML (flow style): quick to write for 100,000 entries, read by the same loader.
        path.write_text(json.dumps({"source": chunk[0]["source"], "entries": chunk}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
        files.append(path)
    return files


def child(size: int, per_file: int, edits: int) -> dict:
    from bot import knowledge as kb
    from bot import library as library_module
    from bot.config import Config
    from bot.search import IndexStore
    from bot.web import create_app

    root = Path(tempfile.mkdtemp(prefix=f"send-edit-{size}-"))
    try:
        t0 = time.perf_counter()
        files = write_knowledge(root / "knowledge", size, per_file)
        progress(f"{size:,}: {len(files)} synthetic files written in {time.perf_counter() - t0:.1f}s")
        config = replace(Config(), knowledge_dir=root / "knowledge", index_dir=root / "index", data_dir=root,
                         rate_limit="", reload_seconds=0.0, record_insight=False)
        client = create_app(config).test_client()
        t0 = time.perf_counter()
        assert client.get("/api/search", query_string={"q": "tribunal"}).status_code == 200
        first_build = time.perf_counter() - t0
        progress(f"{size:,}: first load and build {first_build:.1f}s")

        parts: dict[str, list[float]] = {}

        def timed(name, function):
            def wrapper(*args, **kwargs):
                t = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    parts.setdefault(name, []).append(time.perf_counter() - t)
            return wrapper

        library_module.Library._digests = timed("digests", library_module.Library._digests)
        library_module.kb.reload = timed("re-read", kb.reload)
        IndexStore.update = timed("update", IndexStore.update)
        library_module.Library._open_current = timed("open", library_module.Library._open_current)

        took = []
        for n in range(edits):
            path = files[(n * 7 + len(files) // 2) % len(files)]
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = data["entries"][(n * 13) % len(data["entries"])]
            word = f"zebrafinch{n}x"
            entry["answer"] += f" Ask about the {word} scheme."
            parts.clear()
            started = time.perf_counter()
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            while True:
                results = client.get("/api/search", query_string={"q": word}).get_json()["results"]
                if results and results[0]["id"] == entry["id"]:
                    break
            took.append({"live": time.perf_counter() - started, **{k: sum(v) for k, v in parts.items()}})
            progress(f"{size:,}: edit {n + 1} live in {took[-1]['live']:.2f}s")
        return {"size": size, "files": len(files), "first_build_s": first_build, "edits": took}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="300, 1k and 3k entries")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--per-file", type=int, default=500, help="synthetic entries per YAML file")
    parser.add_argument("--edits", type=int, default=5, help="edits timed per size (fewer than the index's layer limit)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.per_file, args.edits)))
        return 0
    sizes = args.sizes or ([300, 1000, 3000] if args.quick else [1000, 10_000, 100_000])
    def in_a_fresh_process(size: int) -> dict:
        proc = subprocess.run([sys.executable, __file__, "--child", str(size), "--per-file", str(args.per_file),
                               "--edits", str(args.edits)], stdout=subprocess.PIPE, text=True, check=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])

    results = measure_sizes(sizes, in_a_fresh_process)
    rows = []
    for r in results:
        live = [e["live"] for e in r["edits"]]
        median = {k: statistics.median(e.get(k, 0.0) for e in r["edits"]) for k in ("digests", "re-read", "update", "open")}
        rows.append([f"{r['size']:,}", r["files"], r["first_build_s"], len(live), statistics.median(live), max(live),
                     median["digests"], median["re-read"], median["update"], median["open"]])
    print(table(["entries", "YAML files", "first load + build s", "edits", "edit -> live median s", "max s",
                 "digests s", "re-read s", "update s", "open s"], rows))
    last = results[-1]
    worst = max(e["live"] for e in last["edits"])
    print(f"\nAt {last['size']:,} entries: slowest edit live in {worst:.2f} s "
          f"(target <= {TARGET_S:.0f} s, before the freshness check's wait: {'MET' if worst <= TARGET_S else 'MISSED'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
