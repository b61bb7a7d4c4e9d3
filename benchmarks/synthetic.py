"""Synthetic knowledge of any size, grown from the real entries (for benchmarks/growth.py).

Entries are recombined, not copied: each one takes its sentences from several real
entries, swaps some words for others from a vocabulary built from the real text and
the synonym groups, varies its title and questions, and gets a unique id. A share of
entries also names a made-up place or person (a council, a school, a report author),
so the vocabulary keeps growing with the corpus as real text does (Heaps' law) and the
spelling corrector faces a realistic, growing word list. The real glossary and
synonym groups are kept as they are. Same seed, same knowledge.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from _common import KNOWLEDGE

from bot import knowledge as kb

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORDISH = re.compile(r"[A-Za-z][A-Za-z'-]+")
SYLLABLES = ("ash", "bar", "bel", "bro", "cal", "car", "dun", "eld", "fen", "ford", "gar", "ham", "hol", "ing",
             "ken", "ley", "lin", "mar", "mer", "mont", "nor", "oak", "pen", "ray", "rid", "sal", "shaw", "ston",
             "tan", "ton", "vale", "wal", "well", "wick", "win", "worth")
PLACES = ("council", "borough", "academy", "school", "college", "trust", "forum", "hub", "review", "clinic")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= 4]


class Generator:
    def __init__(self, seed: int = 2017):
        self.base, problems = kb.load(KNOWLEDGE)
        if not self.base.entries:
            raise SystemExit(f"no knowledge entries in {KNOWLEDGE}: {problems[:3]}")
        self.rng = random.Random(seed)
        entries = list(self.base.entries.values())
        self.entries = entries
        self.sentences = [s for e in entries for t in (e.answer, e.details) for s in _sentences(t)]
        self.sentences += [s for t in self.base.terms.values() for s in _sentences(t.meaning)]
        self.contacts = [e.contact for e in entries if e.contact]
        self.dates = [e.dates for e in entries if e.dates]
        self.questions = [q for e in entries for q in e.questions]
        self.keywords = sorted({k for e in entries for k in e.keywords})
        words = {w.lower() for t in self.sentences + self.questions for w in _WORDISH.findall(t) if len(w) >= 4}
        words |= {w for g in self.base.synonyms for phrase in g for w in phrase.split() if len(w) >= 4}
        words |= {w.lower() for t in self.base.terms.values() for n in t.names() for w in _WORDISH.findall(n)}
        self.vocab = sorted(words)
        self.topics = sorted({e.topic for e in entries})
        self.names: list[str] = []

    def _name(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))).capitalize()

    def _vary(self, text: str, share: float) -> str:
        """Swap about ``share`` of the longer words for vocabulary words."""
        def swap(match: re.Match) -> str:
            word = match.group(0)
            if len(word) < 4 or self.rng.random() >= share:
                return word
            new = self.rng.choice(self.vocab)
            return new.capitalize() if word[0].isupper() else new
        return _WORDISH.sub(swap, text)

    def knowledge(self, size: int) -> kb.Knowledge:
        """``size`` entries (plus the real glossary and synonyms)."""
        # New proper nouns grow like sqrt(corpus), as vocabularies do.
        self.names = sorted({self._name() for _ in range(int(20 * size ** 0.5))})
        rng = self.rng
        out: dict[str, kb.Entry] = {}
        for number in range(size):
            base = rng.choice(self.entries)
            name = rng.choice(self.names) if rng.random() < 0.5 else ""
            place = f"{name} {rng.choice(PLACES)}" if name else ""
            title = self._vary(base.title, 0.3)
            if place:
                title = f"{title} ({place})"
            questions = tuple(self._vary(q, 0.25) for q in rng.sample(self.questions, rng.randint(2, 5)))
            answer = " ".join(self._vary(s, 0.15) for s in rng.sample(self.sentences, rng.randint(2, 5)))
            if place and rng.random() < 0.7:
                answer = f"In {place}: {answer}"
            details = " ".join(self._vary(s, 0.15) for s in rng.sample(self.sentences, rng.randint(1, 5)))
            entry_id = f"syn-{number:06d}-{base.id}"
            out[entry_id] = replace(
                base, id=entry_id, title=title, topic=rng.choice(self.topics) if rng.random() < 0.3 else base.topic,
                questions=questions, answer=answer, details=details,
                contact=rng.choice(self.contacts) if rng.random() < 0.3 else "",
                dates=self._vary(rng.choice(self.dates), 0.1) if rng.random() < 0.4 else "",
                keywords=tuple(rng.sample(self.keywords, rng.randint(3, 8))) + ((name.lower(),) if name else ()),
                related=(), file="synthetic.yml", line=number + 1)
        return kb.Knowledge(out, dict(self.base.terms), list(self.base.synonyms))

    def queries(self, count: int = 60) -> list[str]:
        """Extra queries that name the synthetic places (so big corpora get queried on their own words)."""
        rng = random.Random(7)
        out = []
        for _ in range(count):
            name = rng.choice(self.names) if self.names else "Oakton"
            kind = rng.random()
            if kind < 0.4:
                out.append(f"{name} {rng.choice(PLACES)} {rng.choice(self.keywords)}")
            elif kind < 0.7:
                q = rng.choice(self.questions).rstrip("?")
                out.append(f"{q} in {name}?")
            else:  # a misspelt place name, for the corrector
                i = rng.randrange(1, len(name) - 1)
                out.append(f"{name[:i] + name[i + 1:]} {rng.choice(self.keywords)}")
        return out
