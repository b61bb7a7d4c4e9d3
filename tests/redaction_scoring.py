"""Score redaction on the labelled messages in tests/data/redaction_labelled.yml.

Shared by the quality floors in tests/test_redaction_quality.py and the report in
benchmarks/redaction_quality.py. A message's personal details are marked inline as
``{kind:text}``; redact() runs on the plain text, and every placeholder it leaves is
matched back to the span of the original it replaced.

- Recall of a kind: its labelled details that were wholly replaced, by any placeholder.
- Precision of a placeholder: the spans it replaced that overlap a labelled detail.
  A span that overlaps none replaced ordinary words: that is what precision counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

LABELLED = Path(__file__).resolve().parent / "data" / "redaction_labelled.yml"
_LABEL = re.compile(r"\{([a-z-]+):([^{}]+)\}")

Span = tuple[int, int, str]


@dataclass
class Message:
    text: str
    details: list[Span]  # (start, end, kind)


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    labelled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    replaced: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, detail, redacted message)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (placeholder, ordinary words, redacted)

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.labelled[kind] if self.labelled[kind] else float("nan")

    def precision(self, kind: str) -> float:
        return self.right[kind] / self.replaced[kind] if self.replaced[kind] else float("nan")

    def all_recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.labelled.values()))

    def all_precision(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.replaced.values()))


def load(part: str = "", path: Path = LABELLED) -> tuple[list[Message], list[Message]]:
    """The messages with details and those without, as plain text and labelled spans:
    the tuning set, or with part "held_out" the set never tuned on."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prefix = f"{part}_" if part else ""
    return [_parse(m) for m in data[f"{prefix}with_details"]], [_parse(m) for m in data[f"{prefix}no_details"]]


def _parse(marked: str) -> Message:
    text, details, cursor = [], [], 0
    for match in _LABEL.finditer(marked):
        text.append(marked[cursor:match.start()])
        start = sum(map(len, text))
        text.append(match[2])
        details.append((start, start + len(match[2]), match[1]))
        cursor = match.end()
    text.append(marked[cursor:])
    return Message("".join(text), details)


def replaced_spans(original: str, redacted: str, placeholders: re.Pattern[str]) -> list[Span]:
    """The spans of original that redacted shows as placeholders, with the placeholder's kind.

    Redaction only swaps spans for placeholders, so the text between placeholders is
    found in the original in order."""
    spans: list[Span] = []
    kept = placeholders.split(redacted)
    names = [m[0][1:-1] for m in placeholders.finditer(redacted)]
    cursor = len(kept[0])
    for name, piece, is_last in zip(names, kept[1:], [False] * (len(kept) - 2) + [True]):
        end = len(original) - len(piece) if is_last else original.find(piece, cursor + 1)
        spans.append((cursor, end, name))
        cursor = end + len(piece)
    return spans


def score(redact: Callable[[str], str], placeholders: re.Pattern[str], messages: list[Message]) -> Score:
    result = Score()
    for message in messages:
        redacted = redact(message.text)
        spans = replaced_spans(message.text, redacted, placeholders)
        for start, end, kind in message.details:
            result.labelled[kind] += 1
            if _covered(start, end, spans):
                result.found[kind] += 1
            else:
                result.missed.append((kind, message.text[start:end], redacted))
        for start, end, placeholder in spans:
            result.replaced[placeholder] += 1
            if any(s < end and start < e for s, e, _ in message.details):
                result.right[placeholder] += 1
            else:
                result.wrong.append((placeholder, message.text[start:end], redacted))
    return result


def _covered(start: int, end: int, spans: list[Span]) -> bool:
    """True when neighbouring spans together cover start..end, leaving only spaces and
    joiners ("Mohammed Al-Farsi" as "[name] [name]")."""
    inside = sorted((max(s, start), min(e, end)) for s, e, _ in spans if s < end and start < e)
    if not inside or inside[0][0] > start or inside[-1][1] < end:
        return False
    return all(b_start - a_end <= 1 for (_, a_end), (b_start, _) in zip(inside, inside[1:]))
