"""BM25F over a snapshot's Whoosh index, from arrays made once when the snapshot is built.

Whoosh scores a query in Python, one matching document at a time, through a tree of
matchers: about two thirds of a chat message's CPU. Every number it multiplies is fixed
once the index is built, so this module reads them out of the index of record and keeps,
per field and term, the documents that have it (sorted), their positions (for phrases)
and each posting's BM25F score ("impact": Whoosh's formula over Whoosh's own idf, posting
weight, field length and average length, so field and document boosts are in it as they
are in Whoosh). A query is then a sum of its terms' impacts over only their postings.

The arrays are stored beside the index and read-only once loaded: one scorer serves
every thread of a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

# A query: each way of saying something, as its stems (several: a phrase) and its boost.
Alternative = tuple[Sequence[str], float]


@dataclass(frozen=True)
class _Postings:
    docs: np.ndarray  # document numbers, ascending
    impacts: np.ndarray  # the BM25F score of the term in that document's field
    position_docs: np.ndarray  # the document of each position below
    positions: np.ndarray  # the term's positions in the field, document by document


@dataclass(frozen=True)
class Scored:
    docnum: int
    score: float
    matched: frozenset[tuple[str, str]]  # the (field, stem) pairs that matched, as Whoosh's terms=True


class Scorer:
    """Built once from the index when a snapshot is written (``read``, then ``save``
    beside it: reading every posting through Whoosh costs about 0.6 ms per document), and
    loaded from that file when the snapshot opens."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self._arrays = arrays
        for array in arrays.values():
            array.flags.writeable = False
        self.doc_count = int(arrays["doc_count"])
        self._longest = int(arrays["longest"])
        self._lists = {str(key): number for number, key in enumerate(arrays["terms"])}

    @classmethod
    def read(cls, searcher, fields: Sequence[str]) -> "Scorer":
        """The postings of ``fields`` from a Whoosh searcher made with the BM25F weighting
        the scores must match (its B and K1; no per-field B is set)."""
        weighting = searcher.weighting
        B, K1 = weighting.B, weighting.K1
        reader = searcher.reader()
        leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        keys, docs, impacts, position_docs, positions = [], [], [], [], []
        for field in fields:
            avgfl = searcher.avg_field_length(field) or 1
            gathered: dict[str, list[list]] = {}
            for leaf, offset in leaves:
                lengths = [leaf.doc_field_length(d, field, 1) or 0 for d in range(leaf.doc_count_all())]
                for word in leaf.lexicon(field):
                    lists = gathered.setdefault(word.decode("utf-8"), [[], [], [], [], []])
                    matcher = leaf.postings(field, word)
                    while matcher.is_active():
                        doc = matcher.id()
                        where = matcher.value_as("positions")
                        lists[0].append(offset + doc)
                        lists[1].append(matcher.weight())
                        lists[2].append(lengths[doc])
                        lists[3].extend([offset + doc] * len(where))
                        lists[4].extend(where)
                        matcher.next()
            for word, (word_docs, tf, fl, word_position_docs, word_positions) in gathered.items():
                tf, fl = np.asarray(tf, dtype=np.float64), np.asarray(fl, dtype=np.float64)
                idf = searcher.idf(field, word)
                # whoosh.scoring.bm25, term for term, so the floats come out the same.
                impacts.append(idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))))
                keys.append(f"{field}\0{word}")
                docs.append(np.asarray(word_docs, dtype=np.int64))
                position_docs.append(np.asarray(word_position_docs, dtype=np.int64))
                positions.append(np.asarray(word_positions, dtype=np.int64))

        def flat(parts: list[np.ndarray], dtype) -> tuple[np.ndarray, np.ndarray]:
            starts = np.zeros(len(parts) + 1, dtype=np.int64)
            np.cumsum([len(p) for p in parts], out=starts[1:])
            return (np.concatenate(parts) if parts else np.zeros(0, dtype)), starts

        docs_flat, starts = flat(docs, np.int64)
        positions_flat, position_starts = flat(positions, np.int64)
        return cls({"doc_count": np.array(searcher.doc_count_all()),
                    "longest": np.array(positions_flat.max(initial=0)),
                    "terms": np.array(keys, dtype=str), "starts": starts, "docs": docs_flat,
                    "impacts": flat(impacts, np.float64)[0], "position_starts": position_starts,
                    "position_docs": flat(position_docs, np.int64)[0], "positions": positions_flat})

    def save(self, path: Path) -> None:
        with open(path, "wb") as f:
            np.savez(f, **self._arrays)

    @classmethod
    def load(cls, path: Path) -> "Scorer":
        with np.load(path, allow_pickle=False) as stored:
            return cls({name: stored[name] for name in stored.files})

    def document_frequency(self, field: str, stem: str) -> int:
        """How many documents have ``stem`` in ``field``, as Whoosh's ``doc_frequency``."""
        number = self._lists.get(f"{field}\0{stem}")
        return 0 if number is None else int(self._arrays["starts"][number + 1] - self._arrays["starts"][number])

    def matched_anywhere(self, alternatives: Iterable[Alternative], field: str,
                         allowed: np.ndarray | None = None) -> frozenset[str]:
        """The stems of ``field`` that any document ``allowed`` matches the query by: the
        words Whoosh's highlighter marks (the matched terms of its search), except that a
        phrase's words count only where the phrase stands whole, as in ``top``."""
        stems = set()
        for alternative, _ in alternatives:
            for (_, stem), where, _ in self._matches(field, alternative):
                if allowed is None or allowed[where].any():
                    stems.add(stem)
        return frozenset(stems)

    def _postings(self, field: str, stem: str) -> _Postings | None:
        number = self._lists.get(f"{field}\0{stem}")
        if number is None:
            return None
        a = self._arrays
        start, end = a["starts"][number], a["starts"][number + 1]
        at, to = a["position_starts"][number], a["position_starts"][number + 1]
        return _Postings(a["docs"][start:end], a["impacts"][start:end], a["position_docs"][at:to], a["positions"][at:to])

    def top(self, alternatives: Iterable[Alternative], fields: Sequence[str], limit: int,
            allowed: np.ndarray | None = None) -> list[Scored]:
        """The best ``limit`` documents for an Or of every alternative in every field, as
        Whoosh ranks them: score descending, then document number. A one-stem alternative
        is a Term, scored boost x impact; a longer one a Phrase, matching where its stems
        stand in a row and scored boost x the sum of its stems' impacts there. ``allowed``
        is a mask of the documents a filter lets through."""
        docs, contributions, terms = [], [], []
        for stems, boost in alternatives:
            for field in fields:
                for term, where, impacts in self._matches(field, stems):
                    docs.append(where)
                    contributions.append(impacts * boost)
                    terms.append((term, where))
        if not docs:
            return []
        every = np.concatenate(docs)
        scores = np.bincount(every, weights=np.concatenate(contributions), minlength=self.doc_count)
        matched = np.bincount(every, minlength=self.doc_count) > 0
        if allowed is not None:
            matched &= allowed
        candidates = np.flatnonzero(matched)
        best = candidates[np.lexsort((candidates, -scores[candidates]))[:limit]]
        found: dict[int, set] = {int(d): set() for d in best}
        for term, where in terms:
            at = np.searchsorted(where, best)
            for doc in best[(at < len(where)) & (where[np.minimum(at, len(where) - 1)] == best)]:
                found[int(doc)].add(term)
        return [Scored(int(d), float(scores[d]), frozenset(found[int(d)])) for d in best]

    def _matches(self, field: str, stems: Sequence[str]):
        """``((field, stem), documents, impacts)`` for each stem of one alternative in one
        field: all its postings for a single stem, those where the phrase stands for more."""
        postings = [self._postings(field, stem) for stem in stems]
        if any(p is None for p in postings):
            return []
        if len(postings) == 1:
            return [((field, stems[0]), postings[0].docs, postings[0].impacts)]
        # Whoosh's Phrase (SpanNear2, slop 1, in order): the i-th stem at position p + i.
        # Shifting each stem's positions back by i, the phrase starts where all agree.
        # Keys doc x stride + shifted position never run into the next document's.
        stride = self._longest + len(postings) + 1
        starts = None
        for i, p in enumerate(postings):
            keys = p.position_docs * stride + (p.positions + len(postings) - i)
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=False)
            if not len(starts):
                return []
        where = np.unique(starts // stride)
        return [((field, stem), where, p.impacts[np.searchsorted(p.docs, where)])
                for stem, p in zip(stems, postings)]
