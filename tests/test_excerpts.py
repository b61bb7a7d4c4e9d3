"""Excerpts are Whoosh's: ``highlight_text`` over the search's own tokens gives, for every
text and set of matched words, what Whoosh's highlighter gives with ANALYZER (its
ContextFragmenter, BasicFragmentScorer and FIRST order), here as the oracle."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from whoosh import highlight

from bot import knowledge as kb
from bot.excerpts import BETWEEN, MAXCHARS, SURROUND, Excerpt, highlight_text
from bot.search import ANALYZER, _documents, _excerpt_tokens, analyse

ROOT = Path(__file__).resolve().parent.parent


class _Formatter(highlight.Formatter):
    """Whoosh's fragments as one Excerpt, as Whoosh's own Formatter.format_fragment marks
    them (in order, the longest token first where two start together, a token
    overlapping the one before skipped)."""

    def format(self, fragments, replace=False) -> Excerpt:
        text, highlights, length = [], [], 0
        for number, fragment in enumerate(fragments):
            if number:
                text.append(BETWEEN)
                length += len(BETWEEN)
            origin, index = length - fragment.startchar, fragment.startchar
            for token in sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar)):
                if token.startchar < index:
                    continue
                highlights.append((origin + token.startchar, origin + token.endchar))
                index = token.endchar
            text.append(fragment.text[fragment.startchar:fragment.endchar])
            length += fragment.endchar - fragment.startchar
        return Excerpt("".join(text), tuple(highlights))


_WHOOSH = highlight.Highlighter(fragmenter=highlight.ContextFragmenter(maxchars=MAXCHARS, surround=SURROUND),
                                formatter=_Formatter())


def whoosh_excerpt(text: str, words: frozenset[str], top: int = 2) -> Excerpt:
    """Whoosh's ``Highlighter.highlight_hit`` steps for a field stored without offsets."""
    tokens = ANALYZER(text, positions=True, chars=True, mode="index", removestops=False)
    tokens = _WHOOSH._merge_matched_tokens(highlight.set_matched_filter(tokens, words))
    fragments = _WHOOSH.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(fragments, top, _WHOOSH.scorer, _WHOOSH.order, minscore=1)
    return _WHOOSH.formatter.format(fragments)


def ours(text: str, words: frozenset[str], top: int = 2) -> Excerpt:
    return highlight_text(text, words, _excerpt_tokens(text), top)


def _bodies() -> list[str]:
    knowledge, _ = kb.load(ROOT / "knowledge")
    return [doc.stored["body"] for doc in _documents(knowledge)]


def test_same_as_whoosh_on_the_knowledge():
    """Every body of the shipped knowledge, with the words of each search query and with
    random picks of its own words (few: scattered fragments; many: long runs cut at 220)."""
    queries = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))
    word_sets = [frozenset(analyse(q)) for variants in queries.values() for q in variants.values()]
    rng = random.Random(13)
    checked = 0
    for body in _bodies():
        own = sorted(set(_excerpt_tokens(body).words))
        picks = [frozenset(rng.sample(own, min(len(own), k))) for k in (1, 2, 3, 5, 8, 20, 60)]
        for words in [*word_sets, *picks]:
            assert ours(body, words) == whoosh_excerpt(body, words), (body[:60], sorted(words))
            checked += 1
    assert checked > 5_000


@pytest.mark.parametrize("text,words", [
    ("", {"parent"}),
    ("no match here at all", {"parent"}),
    ("Parent", {"parent"}),
    ("the seven areas of the 7 areas", {"7", "area"}),  # numbers written out are digits
    ("it is what it is, and the one after that", {"it", "is", "the"}),  # stop words as written
    ("İstanbul ΣΑΣ café_bar ½ ① naïve", {"istanbul", "σας", "café", "bar", "naïv", "1"}),
    ("a " + "x" * 300 + " parent plan", {"x" * 300, "parent"}),  # a word longer than a fragment
    ("x" * 250 + " parent", {"x" * 250}),
    ("word " * 7000 + "parent plan", {"parent", "plan"}),  # past Whoosh's 32,768-character limit
    ("word " * 6552 + "parent plan " + "word " * 20, {"parent", "plan", "word"}),  # across it
    ("Plan. " * 100, {"plan"}),
    ("parent " * 60, {"parent"}),
], ids=lambda value: None if isinstance(value, str) and len(value) < 40 else "long")
def test_same_as_whoosh_on_odd_text(text, words):
    words = frozenset(words)
    assert ours(text, words) == whoosh_excerpt(text, words)
    assert ours(text, words, top=5) == whoosh_excerpt(text, words, top=5)


def test_same_as_whoosh_on_random_text():
    """Random runs of words of every length with random gaps, matched densely or sparsely."""
    rng = random.Random(2026)
    vocabulary = ["a", "of", "the", "parent", "plans", "ehc", "seven", "7", "x" * 70, "word" * 30, "Ünïcode",
                  "assessment", "co", "op", "support", "tribunal"]
    for _ in range(1_500):
        text = rng.choice(["", " ", ". ", "\n"]) + "".join(
            rng.choice(vocabulary) + rng.choice([" ", " ", ", ", ". ", "\n", " - ", "_"])
            for _ in range(rng.randint(0, 400)))
        present = sorted({*_excerpt_tokens(text).words, "zzz"})
        words = frozenset(rng.sample(present, min(len(present), rng.randint(1, 4))))
        for top in (1, 2, 3):
            assert ours(text, words, top) == whoosh_excerpt(text, words, top), (text[:80], sorted(words))
