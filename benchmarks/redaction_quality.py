"""How well redaction finds personal details, per kind, on the labelled parent messages.

    python benchmarks/redaction_quality.py [--show]

Reads tests/data/redaction_labelled.yml (messages with details marked inline, and
messages with none) and prints, for the tuning set and the held-out set, recall per
kind of detail and precision per placeholder, then how many of the messages without
details were left exactly as typed. --show lists every
missed detail and every ordinary word replaced. Speed is benchmarks/redact.py's job.
"""

from __future__ import annotations

import argparse

from _common import ROOT  # noqa: F401  (puts the project and tests/ on sys.path)
from redaction_scoring import load, score

from bot.redact import PLACEHOLDER_PATTERN, PLACEHOLDERS, redact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list misses and ordinary words replaced")
    args = parser.parse_args()
    for part, title in (("", "Tuning set"), ("held_out", "Held out (written after the rules, never tuned on)")):
        print(f"## {title}\n")
        report(*load(part), show=args.show)
    print(f"Placeholders: {', '.join(PLACEHOLDERS)}")


def report(with_details: list, no_details: list, show: bool) -> None:
    result = score(redact, PLACEHOLDER_PATTERN, with_details + no_details)
    kinds = sorted(set(result.labelled) | set(result.replaced), key=lambda k: -result.labelled[k])
    print(f"{len(with_details)} messages with {sum(result.labelled.values())} details, "
          f"{len(no_details)} messages with none\n")
    print(f"| {'kind':<12} | details | recall | replaced | precision |")
    print(f"|{'-' * 14}|--------:|-------:|---------:|----------:|")
    for kind in kinds:
        recall = f"{result.recall(kind):.1%}" if result.labelled[kind] else "-"
        precision = f"{result.precision(kind):.1%}" if result.replaced[kind] else "-"
        print(f"| {kind:<12} | {result.labelled[kind]:>7} | {recall:>6} | {result.replaced[kind]:>8} | {precision:>9} |")
    print(f"| {'all':<12} | {sum(result.labelled.values()):>7} | {result.all_recall():>6.1%} | "
          f"{sum(result.replaced.values()):>8} | {result.all_precision():>9.1%} |")
    untouched = sum(redact(m.text) == m.text for m in no_details)
    print(f"\nMessages without details left exactly as typed: {untouched}/{len(no_details)}\n")
    if show:
        print("\nMissed:")
        for kind, detail, redacted in result.missed:
            print(f"  {kind:<11} {detail!r:<28} {redacted!r}")
        print("\nOrdinary words replaced:")
        for placeholder, words, redacted in result.wrong:
            print(f"  {placeholder:<11} {words!r:<28} {redacted!r}")
        print()


if __name__ == "__main__":
    main()
