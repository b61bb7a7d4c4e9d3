"""``python -m bot ...``: ask, search, validate, index, eval, report."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
import uuid
from pathlib import Path

from bot.config import Config


def _emphasise(excerpt) -> str:
    """The excerpt with **bold** around each matched word, as Markdown and chat apps read it."""
    return "".join(f"**{piece}**" if marked else piece for piece, marked in excerpt.pieces())


LABELS = {"official": "Official page: ", "since": "Since then: "}


def format_citation(citation: dict) -> str:
    """One line an adviser can paste into an email, the link last so it stays clickable."""
    from bot.knowledge import Source
    source = Source(citation["publisher"], citation.get("source_title") or citation["title"],
                    citation.get("published") or "", author=citation.get("author"))
    when = f", {source.published_words()}" if source.published else ""
    parts = [f"{LABELS.get(citation.get('kind'), citation['title'] + '. ')}{source.credit()}, \"{source.title}\"{when}."]
    if citation.get("url"):
        parts.append(citation["url"])
    return " ".join(parts)


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    """The command line as a channel: the reply as a person reads it, or as REST JSON."""
    from bot.assistant import Assistant
    from bot.channels import rest
    reply = Assistant(config).reply(args.sender, " ".join(args.question))
    if args.json:
        print(json.dumps([rest.message(reply, args.sender, uuid.uuid4().hex)], indent=2, ensure_ascii=False))
        return 0
    print(reply.text)
    if reply.citations:
        print("\nSources:")
        for number, citation in enumerate(reply.citations, 1):
            print(f"  [{number}] {format_citation(citation)}")
    if reply.buttons:
        print("\nYou could also ask about: " + "; ".join(b["title"] for b in reply.buttons))
    return 0


def cmd_search(args: argparse.Namespace, config: Config) -> int:
    from bot.assistant import Assistant
    results = Assistant(config).search(" ".join(args.terms), limit=args.limit, topic=args.topic)
    if args.json:
        print(json.dumps(results.to_json(), indent=2, ensure_ascii=False))
        return 0
    if results.corrected:
        print(f"Showing results for: {results.corrected}\n")
    if not results.hits:
        print("No results. Try fewer or different words.")
        return 0
    for rank, hit in enumerate(results.hits, 1):
        print(f"{rank}. {hit.title}  [{hit.topic}]  score {hit.score:.1f}")
        # An excerpt may join passages from two fields on separate lines: indent each.
        print(textwrap.indent(_emphasise(hit.excerpt), "   "))
        for citation in hit.citations:
            print(f"   Cite: {format_citation(citation)}")
        print()
    print(f"{len(results.hits)} result(s) in {results.took_ms:.1f} ms")
    return 0


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    from bot import knowledge as kb
    directory = Path(args.directory or config.knowledge_dir)
    from bot import places, safety
    knowledge, problems = kb.load(directory)
    # The safety services and phrases, and the places, are staff-owned YAML too: checked the same way.
    problems += safety.check_file(Path(args.safety)) if args.safety else safety.check_file()
    problems += places.check_file()
    for problem in problems:
        print(problem)
    errors = kb.errors(problems)
    warnings = len(problems) - len(errors)
    summary = (f"{len(knowledge.entries)} entries, {len(knowledge.terms)} glossary terms, "
               f"{len(knowledge.synonyms)} synonym groups; {len(errors)} error(s), {warnings} warning(s)")
    print(("FAILED: " if errors else "OK: ") + summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


def cmd_index(args: argparse.Namespace, config: Config) -> int:
    from bot.library import Library
    from bot.search import IndexError_
    library = Library(config.knowledge_dir, config.index_dir, watch=True)
    started = time.perf_counter()
    try:
        status = library.reload(wait=True)
    except IndexError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in status.errors:
        print(problem, file=sys.stderr)
    snapshot = library.snapshot()
    print(f"{status.message}: index {snapshot.name} with {len(snapshot.knowledge.entries)} entries and "
          f"{len(snapshot.knowledge.terms)} terms in {library.store.root} ({time.perf_counter() - started:.2f}s)")
    return 1 if status.errors else 0


def cmd_report(args: argparse.Namespace, config: Config) -> int:
    from bot.insight import InsightStore, draw_report_chart, format_report
    store = InsightStore(config.insight_path, retention_days=config.retention_days)
    report = store.report(limit=args.limit, since_days=args.days)
    print(format_report(report))
    if args.chart:
        draw_report_chart(report, args.chart)
        print(f"\nChart written to {args.chart}")
    return 0


def cmd_eval(args: argparse.Namespace, config: Config) -> int:
    from bot.evaluation import run_cli
    return run_cli(args, config)


def cmd_train_safety(args: argparse.Namespace, config: Config) -> int:
    from bot.safety_training import train
    try:
        train()
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot", description="SEND Helper command line")
    commands = top.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="ask a question and see the answer with its sources")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--json", action="store_true", help="print the webhook's JSON list")
    ask.add_argument("--sender", default="cli")
    ask.set_defaults(run=cmd_ask)
    search = commands.add_parser("search", help="the adviser's ranked list of passages")
    search.add_argument("terms", nargs="+")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--topic")
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=cmd_search)
    validate = commands.add_parser("validate", help="check the knowledge YAML; FILE:LINE: message per problem")
    validate.add_argument("directory", nargs="?")
    validate.add_argument("--safety", help="the safety services and phrases file (default: bot/data/safety.yml)")
    validate.set_defaults(run=cmd_validate)
    index = commands.add_parser("index", help="rebuild the search index now")
    index.set_defaults(run=cmd_index)
    report = commands.add_parser("report", help="what parents asked that the bot could not answer")
    report.add_argument("--limit", type=int, default=20)
    report.add_argument("--days", type=int, help="only the last N days")
    report.add_argument("--chart", help="also draw the report as a PNG chart to this file")
    report.set_defaults(run=cmd_report)
    evaluate = commands.add_parser("eval", help="run a question set through the real dialogue")
    evaluate.add_argument("file")
    evaluate.add_argument("--baseline", action="store_true", help="add a plain BM25 baseline row")
    evaluate.add_argument("--errors", type=int, default=15, help="how many wrong answers to list")
    evaluate.set_defaults(run=cmd_eval)
    train = commands.add_parser("train-safety", help="train the safety classifier from bot/data/safety_corpus/")
    train.set_defaults(run=cmd_train_safety)
    return top


def main(argv: list[str] | None = None) -> int:
    import logging
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    config = Config.from_env(record_insight=False)
    try:
        return args.run(args, config)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
