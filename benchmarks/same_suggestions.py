"""Check that a change to the spelling corrector keeps every suggestion the same.

    python benchmarks/same_suggestions.py dump before.json --index /tmp/api-100k/whole   # old code
    python benchmarks/same_suggestions.py dump after.json --index /tmp/api-100k/whole    # new code
    python benchmarks/same_suggestions.py compare before.json after.json

``dump`` opens an index root (built, for instance, by ``api_search.py build`` or
``same_results.py``; without --index, the shipped knowledge is built in a temporary
folder) and asks its corrector for suggestions, as ``Snapshot._fix`` asks (limit 1,
prefix 1, distance 2 from five letters, else 1) and for the ten best (the whole
ranking, ties included), for:

* every word of every string in ``tests/data/*.yml`` (lower case, as a message's words);
* typos of the index's own words, seeded: one or two deletions, insertions,
  substitutions and transpositions, anywhere in the word (the first letter too);
* (--all-distances) each word at distance 1 and at distance 2 as well.

It records each word's suggestions and the CPU time (``time.thread_time``) of each
limit-1 suggestion, and prints their p50 / p99 / max. ``compare`` exits 1 if any
suggestion differs, and shows the first few.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import KNOWLEDGE, percentile, progress  # noqa: E402

ROOT = HERE.parent


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def eval_words() -> list[str]:
    import yaml

    from bot.search import _WORD

    found: set[str] = set()
    for name in sorted(glob.glob(str(ROOT / "tests" / "data" / "*.yml"))):
        with open(name, encoding="utf-8") as handle:
            for text in _strings(yaml.safe_load(handle)):
                found.update(_WORD.findall(text.lower()))
    return sorted(found)


def typos(vocabulary: list[str], count: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz" * 4 + "0123456789éü"
    pool = [w for w in vocabulary if len(w) >= 3]
    made: set[str] = set()
    while len(made) < count and pool:
        word = rng.choice(pool)
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            if not word:
                break
            at = rng.randrange(len(word))
            kind = rng.choice(("delete", "insert", "substitute", "transpose"))
            if kind == "delete" and len(word) > 1:
                word = word[:at] + word[at + 1:]
            elif kind == "insert":
                word = word[:at] + rng.choice(letters) + word[at:]
            elif kind == "substitute":
                word = word[:at] + rng.choice(letters) + word[at + 1:]
            elif kind == "transpose" and at + 1 < len(word):
                word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if word:
            made.add(word)
    return sorted(made)


def dump(out: Path, index: Path | None, count: int, all_distances: bool) -> None:
    from bot import knowledge as kb
    from bot.search import IndexStore

    folder = None
    if index is None:
        folder = Path(tempfile.mkdtemp(prefix="send-same-suggestions-"))
        knowledge, _ = kb.load(KNOWLEDGE)
        IndexStore(folder).build(knowledge, "same-suggestions")
        index = folder
    try:
        snapshot = IndexStore(index).open()
        corrector = snapshot.corrector
        vocabulary = snapshot.scorer.vocabulary()[0]
        corrector.suggest("warm", limit=1, maxdist=1, prefix=1)  # loads the word list
        words = sorted(set(eval_words()) | set(typos(vocabulary, count)))
        progress(f"{len(words):,} words, vocabulary of {len(vocabulary):,}, code of {sys.modules['bot'].__file__}")
        rows, times, started = {}, [], time.perf_counter()
        for number, word in enumerate(words, 1):
            distances = (1, 2) if all_distances else (2 if len(word) >= 5 else 1,)
            row = []
            for maxdist in distances:
                c = time.thread_time()
                one = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
                times.append(time.thread_time() - c)
                row.append([one, corrector.suggest(word, limit=10, maxdist=maxdist, prefix=1)])
            rows[word] = row
            if number % 2000 == 0:
                progress(f"{number:,}/{len(words):,} words")
        times.sort()
        progress(f"{len(times):,} limit-1 suggestions in {time.perf_counter() - started:.1f}s; CPU ms "
                 f"p50 {percentile(times, 50) * 1000:.3f}, p99 {percentile(times, 99) * 1000:.3f}, "
                 f"max {times[-1] * 1000:.3f}, mean {sum(times) / len(times) * 1000:.3f}")
        found = sum(1 for row in rows.values() for one, _ in row if one)
        progress(f"{found:,} limit-1 suggestions found")
        out.write_text(json.dumps(rows, ensure_ascii=False))
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def compare(before: Path, after: Path) -> int:
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    differ = [w for w in sorted(set(old) | set(new)) if old.get(w) != new.get(w)]
    print(f"{len(old):,} / {len(new):,} words, {len(differ)} differ")
    for word in differ[:10]:
        print(f"  {word!r}: {old.get(word)} -> {new.get(word)}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--index", type=Path, help="an index root (default: build the shipped knowledge)")
    d.add_argument("--typos", type=int, default=10_000, help="typos of the index's words (default 10,000)")
    d.add_argument("--all-distances", action="store_true", help="each word at distance 1 and 2")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.index, args.typos, args.all_distances)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
