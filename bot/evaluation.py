"""``python -m bot eval FILE.yml``: how well the real dialogue answers a question set.

Each item is ``{q, expect, kind}``; ``expect`` is an entry or glossary id, an intent
(greet, crisis, ...) or ``fallback``. Prints accuracy per kind, the wrong answers, a
sweep of the fallback threshold, and optionally a plain BM25 baseline row.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.config import Config

FALLBACK_INTENTS = {"ask_question", "out_of_scope", "ask_contact", "ask_when", "ask_more", "glossary", "deny"}


@dataclass
class Outcome:
    question: str
    expect: str
    kind: str
    got: str
    options: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.got == self.expect or (self.got == "clarify" and self.expect in self.options)


def load_questions(path: str | Path) -> list[dict]:
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(items, list) or not all(isinstance(i, dict) and ("q" in i or "turns" in i or "text" in i) for i in items):
        raise ValueError(f"{path}: expected a list of question, conversation or safety items")
    return items


def outcome_of(reply, item: dict) -> Outcome:
    """What the bot did, in the question set's terms."""
    # Safety first: an emergency reply is the crisis answer; a concern reply counts as
    # crisis where one was expected, and otherwise by the question it still answers.
    if reply.safety == "emergency" or (reply.safety and item["expect"] == "crisis"):
        return Outcome(item["q"], item["expect"], item.get("kind", "-"), "crisis")
    if reply.intent in FALLBACK_INTENTS or reply.intent == "choose_topic":
        if reply.topic_id:
            got = reply.topic_id
        elif reply.buttons and any(b["payload"] == "/deny" for b in reply.buttons):
            options = tuple(re.search(r'"topic_id": "([^"]+)"', b["payload"])[1]
                            for b in reply.buttons if "topic_id" in b["payload"])
            return Outcome(item["q"], item["expect"], item.get("kind", "-"), "clarify", options)
        elif not reply.answered:
            got = "fallback"
        else:
            got = reply.intent
    else:
        got = reply.intent
    return Outcome(item["q"], item["expect"], item.get("kind", "-"), got)


def evaluate(assistant, items: list[dict], progress=None) -> list[Outcome]:
    outcomes = []
    for number, item in enumerate(items, 1):
        reply = assistant.reply(f"eval-{number}", str(item["q"]))
        outcomes.append(outcome_of(reply, item))
        if progress:
            progress(number, len(items))
    return outcomes


def accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0


class PlainBM25:
    """Okapi BM25 over the same passages, no rules, synonyms, typo fixes or thresholds."""

    def __init__(self, documents: dict[str, str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = {i: Counter(_words(t)) for i, t in documents.items()}
        self.lengths = {i: sum(c.values()) for i, c in self.docs.items()}
        self.average = sum(self.lengths.values()) / max(len(self.docs), 1)
        df = Counter(w for c in self.docs.values() for w in c)
        n = len(self.docs)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}

    def top(self, query: str) -> str | None:
        words = _words(query)
        best, best_score = None, 0.0
        for doc_id, counts in self.docs.items():
            norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.average)
            score = sum(self.idf.get(w, 0) * counts[w] * (self.k1 + 1) / (counts[w] + norm) for w in words if w in counts)
            if score > best_score:
                best, best_score = doc_id, score
        return best


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def baseline_outcomes(knowledge, items: list[dict]) -> list[Outcome]:
    passages = {e.id: " ".join((e.title, *e.questions, e.answer, e.details, e.contact, e.dates))
                for e in knowledge.entries.values()}
    passages |= {t.id: " ".join((*t.names(), t.meaning)) for t in knowledge.terms.values()}
    bm25 = PlainBM25(passages)
    return [Outcome(i["q"], i["expect"], i.get("kind", "-"), bm25.top(str(i["q"])) or "fallback") for i in items]


def threshold_sweep(assistant, items: list[dict]) -> list[tuple[float, float, float]]:
    """(min_confidence, accuracy on knowledge questions, accuracy on fallback questions)."""
    snapshot = assistant.snapshot()
    rows = []
    tops = []
    for item in items:
        if item["expect"] == "fallback" or item["expect"] in snapshot.knowledge.entries:
            hits = snapshot.search(str(item["q"]), limit=1, kind="entry").hits
            tops.append((item["expect"], hits[0] if hits else None))
    thresholds = assistant.actions.thresholds
    answered = [(e, h) for e, h in tops if e != "fallback"]
    refused = [(e, h) for e, h in tops if e == "fallback"]
    for step in range(2, 10):
        cut = step / 10

        def passes(hit) -> bool:
            return hit is not None and hit.confidence(thresholds.matched_scale) >= cut and hit.score >= thresholds.min_score

        ok_answer = sum(1 for e, h in answered if passes(h) and h.id == e)
        ok_refuse = sum(1 for e, h in refused if not passes(h))
        rows.append((cut, ok_answer / max(len(answered), 1), ok_refuse / max(len(refused), 1)))
    return rows


def report(outcomes: list[Outcome], baseline: list[Outcome] | None, sweep, errors: int) -> str:
    lines = [f"Overall accuracy: {accuracy(outcomes):.1%} ({sum(o.correct for o in outcomes)}/{len(outcomes)})", "",
             f"{'kind':<12}{'n':>5}{'ours':>9}" + (f"{'BM25':>9}" if baseline else "")]
    by_kind = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
    base_by_kind = defaultdict(list)
    for o in baseline or []:
        base_by_kind[o.kind].append(o)
    for kind in sorted(by_kind):
        row = f"{kind:<12}{len(by_kind[kind]):>5}{accuracy(by_kind[kind]):>9.1%}"
        if baseline:
            row += f"{accuracy(base_by_kind[kind]):>9.1%}"
        lines.append(row)
    total = f"{'all':<12}{len(outcomes):>5}{accuracy(outcomes):>9.1%}"
    lines.append(total + (f"{accuracy(baseline):>9.1%}" if baseline else ""))
    wrong = [o for o in outcomes if not o.correct]
    if wrong:
        confusion = Counter((o.expect, o.got) for o in wrong)
        lines += ["", f"Wrong answers ({len(wrong)}), most common first:"]
        for (expect, got), count in confusion.most_common(errors):
            example = next(o.question for o in wrong if (o.expect, o.got) == (expect, got))
            lines.append(f"  expected {expect:<30} got {got:<30} x{count}  e.g. {example[:70]!r}")
    if sweep:
        lines += ["", "Fallback threshold (min_confidence) sweep, retrieval only:",
                  f"  {'cut':>5}{'answers right':>15}{'refusals right':>16}"]
        lines += [f"  {cut:>5.1f}{a:>15.1%}{r:>16.1%}" for cut, a, r in sweep]
    return "\n".join(lines)


def run_cli(args, config: Config) -> int:
    from bot.assistant import Assistant
    try:
        items = load_questions(args.file)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    # Its own state folder: conversations from an earlier run must not carry over.
    scratch = tempfile.TemporaryDirectory(prefix="send-helper-eval-")
    assistant = Assistant(replace(config, record_insight=False, data_dir=Path(scratch.name)))
    from bot import scoring
    kind = scoring.kind_of_file(items)
    if kind == "facts":
        base = scoring.baseline_questions(assistant.snapshot().knowledge, items) if args.baseline else None
        ours = scoring.run_questions(assistant, items, scoring.progress_printer("questions"))
        print(scoring.format_facts(f"Questions: {args.file}", ours, base, args.errors))
        return 0
    if kind == "conversations":
        whole, total, ours = scoring.run_conversations(assistant, items, scoring.progress_printer("conversations"))
        print(scoring.format_facts(f"Conversation turns: {args.file}", ours, None, args.errors))
        print(f"  whole conversations right at every turn: {whole / total:.1%} ({whole}/{total})")
        return 0
    if kind == "safety":
        print(scoring.format_safety(scoring.run_safety(assistant, items, scoring.progress_printer("safety")), args.errors))
        return 0

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"  evaluated {done}/{total}", file=sys.stderr)

    outcomes = evaluate(assistant, items, progress)
    baseline = baseline_outcomes(assistant.snapshot().knowledge, items) if args.baseline else None
    print(report(outcomes, baseline, threshold_sweep(assistant, items), args.errors))
    return 0
