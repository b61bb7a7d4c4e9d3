"""The spelling corrector finds Whoosh's candidates: the words its Levenshtein automaton
accepts (same first letter, at most ``maxdist`` edits after it), ranked nearest first (a
swap of two letters is one slip), then by whole-index weight. The automaton, walked over
the same sorted word list as Whoosh's ``find_matches`` walks a term table, is the oracle here."""

from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh.spelling import Corrector

from bot.search import IndexStore, _VocabCorrector


class WhooshCorrector(_VocabCorrector):
    """The automaton alone, as Whoosh walks it over a term table (``_automaton``, which
    the corrector keeps for texts it does not bucket): the oracle."""

    def _suggestions(self, text, maxdist, prefix):
        words = self._words if self._words is not None else self._load()
        if words:
            yield from self._automaton(words, text, maxdist, prefix)


class Vocabulary:
    """Stands in for a scorer: the corrector reads only its words."""

    def __init__(self, words: list[str], weights: list[float]):
        self.words, self.weights = words, weights

    def vocabulary(self):
        return self.words, np.array(self.weights, dtype=np.float64)


def typos(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz" * 3 + "0123456789éüß"
    made = []
    for _ in range(count):
        word = rng.choice(words)
        for _ in range(rng.choice((1, 1, 2, 3))):
            at = rng.randrange(len(word))
            kind = rng.randrange(4)
            if kind == 0 and len(word) > 1:
                word = word[:at] + word[at + 1:]
            elif kind == 1:
                word = word[:at] + rng.choice(letters) + word[at:]
            elif kind == 2:
                word = word[:at] + rng.choice(letters) + word[at + 1:]
            elif at + 1 < len(word):
                word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        made.append(word)
    return made


def same_suggestions(ours: Corrector, oracle: Corrector, words: list[str]) -> None:
    for word in words:
        for maxdist in (1, 2):
            for limit in (1, 10):  # limit 1 keeps the greatest word of a tie; 10 lists ties in order
                assert ours.suggest(word, limit=limit, maxdist=maxdist, prefix=1) == \
                    oracle.suggest(word, limit=limit, maxdist=maxdist, prefix=1), (word, maxdist, limit)


def test_spelling_suggestions_are_whooshs_on_the_knowledge(shared_index):
    snapshot = IndexStore(shared_index).open()
    try:
        words, weights = snapshot.scorer.vocabulary()
        oracle = WhooshCorrector(Vocabulary(words, weights.tolist()))
        checked = typos([w for w in words if len(w) >= 3], 500, seed=7) + words[::10] + \
            ["ehcp", "autsim", "scool", "tribunel", "x", "zzzz", "é", "école", "2o19", "a" * 70]
        same_suggestions(snapshot.corrector, oracle, checked)
        # As a search asks (Snapshot._fix): limit 1, prefix 1, distance 2 from five letters.
        for word in checked:
            maxdist = 2 if len(word) >= 5 else 1
            assert snapshot.corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1) == \
                oracle.suggest(word, limit=1, maxdist=maxdist, prefix=1)
    finally:
        snapshot.close()


def test_spelling_suggestions_are_whooshs_on_odd_words():
    rng = random.Random(3)
    alphabet = "aaabbcdeeefghiijklmnoopqrsstuvwxyz019éßж"
    words = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(1500)}
                   | {"a" * 80, "ab" * 40, "mañana", "straße", "жираф", "b" * 200})
    # Ties of weight (ranked by word), weights of 0 and below (ranked as 1), fractions.
    weights = [rng.choice((0.0, -1.0, 1.0, 1.0, 2.0, 0.15000000596046448, 3.5)) for _ in words]
    ours, oracle = _VocabCorrector(Vocabulary(words, weights)), WhooshCorrector(Vocabulary(words, weights))
    checked = typos(words, 400, seed=11) + words[::30] + ["a" * 59, "a" * 61, "ab" * 31]
    same_suggestions(ours, oracle, checked)
    empty = _VocabCorrector(Vocabulary([], []))
    assert empty.suggest("word", limit=1, maxdist=2, prefix=1) == []


@pytest.mark.parametrize("query, fixed", [
    ("singel route of redres", "single route of redress"),
    ("autsim asessment", "autism assessment"),
    ("my son has dyslexa and dispraxia", "my son has dyslexia and dispraxia"),
    # the nearest word, not the commonest within reach ("school", not "schools"; "appeal", not "areas")
    ("transprot to scool", "transprot to school"),
    ("tribunel apeal deadline", "tribunal appeal deadline"),
    ("speach and langauge therapy", "speak and language therapy"),
    ("wat is a sencoo", "wat is a senco"),
    ("personel budjet", "personal budget"),
    ("when does the redress trial strat", "when does the redress trial start"),  # two letters swapped
    ("zzzzqx blorf", "zzzzqx block"),
    ("conditons", "condition"),
    ("home schoolng", "home schools"),
    ("speshal needs", "special needs"),
    ("occupatonal therapy", None),
    ("independant school", None),
])
def test_api_search_spelling_did_you_mean(client, query, fixed):
    body = client.get("/api/search", query_string={"q": query}).get_json()
    assert body.get("did_you_mean") == fixed
