"""The scorer's file is built from our own analysis of the documents, not read out of a
Whoosh index: it must hold what Whoosh would have, so that searches score as Whoosh's
BM25F does. Checked here against a Whoosh index of the same documents."""

from __future__ import annotations

import pytest
import yaml
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema
from whoosh.query import Or, Phrase, Term

from bot import knowledge as kb
from bot.search import (ANALYZER, FIELD_BOOSTS, SEARCH_FIELDS, _TOKENS, IndexStore, _Analysis, _documents)
from support import KNOWLEDGE, ROOT

ODD_TEXT = ["", "   ", "a", "The the THE special school", "İstanbul ΣΑΣ naïve café_bar don't ½ ①② Straße ǅungla",
            "x_y 123 4th 2017-11-30 EHCP's SENCo/SENCO", "of of of", "and then the plan. Plan! PLANS planning"]


@pytest.fixture(scope="module")
def knowledge():
    return kb.load(KNOWLEDGE)[0]


@pytest.fixture(scope="module")
def indexes(knowledge, tmp_path_factory):
    """The snapshot, and a Whoosh index of the same documents with the text indexed as
    the snapshot's schema used to index it."""
    folder = tmp_path_factory.mktemp("scorer")
    store = IndexStore(folder / "snapshot")
    store.build(knowledge, "scorer-test")
    text = {name: TEXT(analyzer=ANALYZER, field_boost=boost) for name, boost in FIELD_BOOSTS.items()}
    reference = whoosh_index.create_in(str(folder), Schema(vocab=TEXT(analyzer=_TOKENS, phrase=False), **text))
    writer = reference.writer()
    for doc in _documents(knowledge):
        writer.add_document(vocab=doc.vocab, _boost=doc.boost, **doc.texts)
    writer.commit()
    snapshot = store.open()
    with reference.searcher() as searcher:
        yield snapshot, searcher
    snapshot.close()


def test_the_build_analysis_gives_the_analyzers_stems_and_positions(knowledge):
    analysis = _Analysis()
    texts = [t for doc in _documents(knowledge) for t in (*doc.texts.values(), doc.vocab)] + ODD_TEXT
    for text in texts:
        stems, first = analysis.stems(text)
        expected = [(t.text, t.pos) for t in ANALYZER(text, positions=True, mode="index")]
        assert list(zip(stems, range(first, first + len(stems)))) == expected, text
        assert analysis.words(text) == [t.text for t in _TOKENS(text)], text


def queries() -> list[str]:
    searches = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))
    dev = yaml.safe_load((ROOT / "tests" / "data" / "dev_questions.yml").read_text(encoding="utf-8"))
    return [str(q) for variants in searches.values() for q in variants.values()] + [str(i["q"]) for i in dev]


def test_every_search_scores_every_document_as_whooshs_bm25f(indexes):
    snapshot, searcher = indexes
    compared = 0
    for text in queries():
        groups, _ = snapshot._groups(text)
        alternatives = [a for g in groups for a in g.alternatives]
        if not alternatives:
            continue
        whoosh_query = Or([Term(f, stems[0], boost=boost) if len(stems) == 1 else Phrase(f, list(stems), boost=boost)
                           for stems, boost in alternatives for f in SEARCH_FIELDS])
        expected = {hit.docnum: hit.score for hit in searcher.search(whoosh_query, limit=None)}
        ranking = snapshot.scorer.top(alternatives, SEARCH_FIELDS, limit=searcher.doc_count())
        scored = {hit.docnum: hit.score for hit in ranking.hits}
        assert scored.keys() == expected.keys(), text
        # Whoosh adds a query's terms in its matcher tree's order: the last bit may differ.
        assert scored == pytest.approx(expected, rel=1e-12), text
        compared += len(scored)
    assert compared > 5000


def test_the_spelling_correctors_words_are_whooshs_with_the_same_weights(indexes):
    snapshot, searcher = indexes
    words, weights = snapshot.scorer.vocabulary()
    expected = {word.decode("utf-8"): info.weight() for word, info in searcher.reader().iter_field("vocab")}
    assert dict(zip(words, weights.tolist())) == expected
    assert words == sorted(words)


def test_synonym_phrases_found_at_build_time_match_as_before_whole_and_layered(knowledge, tmp_path):
    """A build keeps the documents each synonym phrase stands in (bot/scorer.py); a search
    for every phrase finds the same documents with the same scores as the phrase found
    at query time from its stems' positions, on a whole snapshot and on one with an
    edited file's layer (the phrase added to some entries, taken out of others), which
    serves what a whole build of the edited knowledge serves."""
    from dataclasses import replace

    from bot.scorer import _List
    from bot.search import _synonym_phrases

    phrases = sorted({tuple(p) for p in _synonym_phrases(knowledge) if len(p) > 1})
    assert len(phrases) > 100
    ids = list(knowledge.entries)[::7][:12]
    edited = {i: replace(knowledge.entries[i], answer=(knowledge.entries[i].answer + " Ask about key stage tests "
                                                       "and the engagement model." if n % 2 else "Moved."))
              for n, i in enumerate(ids)}
    store = IndexStore(tmp_path / "layered")
    base = store.build(knowledge, "phrases")
    store.update(kb.Reloaded(kb.Knowledge(edited), [], {}, [], ids), "phrases-edited", base.name)
    whole_knowledge = kb.Knowledge({**knowledge.entries, **edited}, knowledge.terms, knowledge.synonyms)
    IndexStore(tmp_path / "whole").build(whole_knowledge, "phrases-whole")
    layered, whole = IndexStore(tmp_path / "layered").open(), IndexStore(tmp_path / "whole").open()
    try:
        assert layered.scorer.layers == 2 and whole.scorer.layers == 1
        for snapshot in (layered, whole):
            stored = 0
            for stems in phrases:
                for field in SEARCH_FIELDS:
                    parts = [snapshot.scorer._parts(field, s) for s in stems]
                    if not all(parts):
                        continue
                    key = f"{field}\0" + "\x1f".join(stems)
                    assert all(key in layer.phrases for layer in snapshot.scorer._layers), key
                    found = snapshot.scorer._stored_phrase(field, stems, key, parts)
                    before = snapshot.scorer._phrase(field, stems, [_List(p, snapshot.scorer._removed) for p in parts])
                    assert [(t, w.tolist(), i.tolist()) for t, w, i in found] == \
                           [(t, w.tolist(), i.tolist()) for t, w, i in before], (field, stems)
                    stored += len(found)
            assert stored > 50
        for text in ["what are key stage tests", "the engagement model", "seven aspects of engagement",
                     "education health and care plan", "key stage 2 sats"]:
            # Every hit (fewer than the limit), in an order ties cannot change: a layer's
            # documents are numbered after the glossary's, a whole build's before.
            got = sorted((h.id, h.score.hex(), h.snippet) for h in layered.search(text, limit=100).hits)
            assert 0 < len(got) < 100, text
            assert got == sorted((h.id, h.score.hex(), h.snippet) for h in whole.search(text, limit=100).hits), text
    finally:
        layered.close()
        whole.close()
