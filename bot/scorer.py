"""BM25F over a snapshot's Whoosh index, from arrays made once when the snapshot is built.

Whoosh scores a query in Python, one matching document at a time, through a tree of
matchers: about two thirds of a chat message's CPU. Every number it multiplies is fixed
once the index is built, so this module reads them out of the index of record and keeps,
per field and term, the documents that have it (sorted), their positions (for phrases)
and each posting's BM25F score ("impact": Whoosh's formula over Whoosh's own idf, posting
weight, field length and average length, so field and document boosts are in it as they
are in Whoosh). A query is then a sum of its terms' impacts over only their postings.

The arrays live in one file beside the index. The term table is read when the snapshot
opens; a term's postings are read from the file (``os.pread``, so threads need no lock
and the page cache is shared by every worker) when a query asks for that term. At
100,000 entries the postings are ~300 MB: read whole they made the open take 0.8 s and
the worker that much bigger. Not mmap: a file truncated under a running worker must
raise an error the worker recovers from (a rebuild), not kill it with SIGBUS.
"""

from __future__ import annotations

import json
import os
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

# A query: each way of saying something, as its stems (several: a phrase) and its boost.
Alternative = tuple[Sequence[str], float]
Term = tuple[str, str]  # (field, stem)

_MAGIC = b"send-helper scorer 1\n"
# Read whole at open: the term table. Read a term's slice at a time: the postings.
_TABLE = {"terms": np.uint8, "starts": np.int64, "position_starts": np.int64}
_POSTINGS = {"docs": np.int32, "impacts": np.float64, "counts": np.int32, "positions": np.int32}
# Where the synonym phrases stand, kept per snapshot up to this many bytes: the same few
# hundred phrases come back in most messages, and finding one in a big index is the
# costliest step of a search (its stems' positions, read and intersected).
PHRASE_CACHE_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Scored:
    docnum: int
    score: float
    matched: frozenset[Term]  # the (field, stem) pairs that matched, as Whoosh's terms=True


@dataclass(frozen=True)
class Ranking:
    """The best documents for a query, and every posting it matched (for ``matched_anywhere``)."""
    hits: list[Scored]
    matches: list[tuple[Term, np.ndarray]]

    def matched_anywhere(self, field: str, allowed: np.ndarray | None = None) -> frozenset[str]:
        """The stems of ``field`` that any document ``allowed`` matched the query by: the
        words Whoosh's highlighter marks (the matched terms of its search), except that a
        phrase's words count only where the phrase stands whole, as in the ranking."""
        return frozenset(stem for (f, stem), where in self.matches
                         if f == field and (allowed is None or allowed[where].any()))


def _member(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which items of ``a`` are in ``b`` (ascending, no repeats): a mask over ``a``."""
    if not len(b):
        return np.zeros(len(a), dtype=bool)
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return b[at] == a


def _ranges(begins: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indices begins[0]..ends[0]-1, begins[1]..ends[1]-1, ... as one array."""
    lengths = ends - begins
    return np.repeat(begins - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())


class Scorer:
    """Written once from the index when a snapshot is built (``write``: reading every
    posting through Whoosh costs about 0.2 ms per document), opened with the snapshot."""

    def __init__(self, path: Path):
        # A file object, read only through os.pread on its descriptor: an old snapshot's
        # scorer that is dropped without close() still closes its file when collected.
        self._file = open(path, "rb", buffering=0)
        try:
            if os.pread(self._file.fileno(), len(_MAGIC), 0) != _MAGIC:
                raise ValueError(f"{path.name} is not a scorer file")
            size = struct.unpack("<Q", self._read_exactly(8, len(_MAGIC)))[0]
            header = json.loads(self._read_exactly(size, len(_MAGIC) + 8))
            self.doc_count, self._longest = header["doc_count"], header["longest"]
            base = len(_MAGIC) + 8 + size  # the arrays follow the header, in its order
            self._layout = {name: (np.dtype(dtype), base + offset)
                            for name, (dtype, offset, _) in header["arrays"].items()}
            table = {name: self._slice(name, 0, header["arrays"][name][2]) for name in _TABLE}
        except BaseException:
            self._file.close()
            raise
        self._starts, self._position_starts = table["starts"], table["position_starts"]
        terms = table["terms"].tobytes().decode("utf-8").split("\n") if len(table["terms"]) else []
        self._lists = {key: number for number, key in enumerate(terms)}
        self._phrases: OrderedDict[tuple, list] = OrderedDict()
        self._phrase_bytes = 0
        self._phrase_lock = threading.Lock()

    def close(self) -> None:
        self._file.close()

    def _read_exactly(self, size: int, offset: int) -> bytes:
        data = os.pread(self._file.fileno(), size, offset)
        if len(data) != size:
            raise EOFError("the scorer file is shorter than its header says (truncated?)")
        return data

    def _slice(self, name: str, start: int, end: int) -> np.ndarray:
        dtype, offset = self._layout[name]
        return np.frombuffer(self._read_exactly((end - start) * dtype.itemsize, offset + start * dtype.itemsize), dtype)

    @staticmethod
    def write(searcher, fields: Sequence[str], path: Path) -> None:
        """The postings of ``fields`` from a Whoosh searcher made with the BM25F weighting
        the scores must match (its B and K1; no per-field B is set), written to ``path``."""
        weighting = searcher.weighting
        B, K1 = weighting.B, weighting.K1
        reader = searcher.reader()
        leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        keys, docs, impacts, counts, positions = [], [], [], [], []
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
                        lists[3].append(len(where))
                        lists[4].extend(where)
                        matcher.next()
            for word, (word_docs, tf, fl, word_counts, word_positions) in gathered.items():
                tf, fl = np.asarray(tf, dtype=np.float64), np.asarray(fl, dtype=np.float64)
                idf = searcher.idf(field, word)
                # whoosh.scoring.bm25, term for term, so the floats come out the same.
                impacts.append(idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))))
                keys.append(f"{field}\0{word}")
                docs.append(word_docs)
                counts.append(word_counts)
                positions.append(word_positions)

        def starts(parts: list) -> np.ndarray:
            out = np.zeros(len(parts) + 1, dtype=np.int64)
            np.cumsum([len(p) for p in parts], out=out[1:])
            return out

        def flat(parts: list, dtype) -> np.ndarray:
            return np.concatenate([np.asarray(p, dtype=dtype) for p in parts]) if parts else np.zeros(0, dtype)

        arrays = {"terms": np.frombuffer("\n".join(keys).encode("utf-8"), np.uint8),
                  "starts": starts(docs), "position_starts": starts(positions),
                  "docs": flat(docs, np.int32), "impacts": flat(impacts, np.float64),
                  "counts": flat(counts, np.int32), "positions": flat(positions, np.int32)}
        longest = int(arrays["positions"].max(initial=0))
        Scorer._save(path, arrays, {"doc_count": searcher.doc_count_all(), "longest": longest})

    @staticmethod
    def _save(path: Path, arrays: dict[str, np.ndarray], info: dict) -> None:
        layout, offset = {}, 0
        for name, dtype in {**_TABLE, **_POSTINGS}.items():
            arrays[name] = np.ascontiguousarray(arrays[name], dtype=dtype)
            layout[name] = (arrays[name].dtype.str, offset, len(arrays[name]))
            offset += arrays[name].nbytes
        header = json.dumps({**info, "arrays": layout}).encode()
        with open(path, "wb") as f:
            f.write(_MAGIC + struct.pack("<Q", len(header)) + header)
            for name in layout:
                f.write(arrays[name].tobytes())

    def _number(self, field: str, stem: str) -> int | None:
        return self._lists.get(f"{field}\0{stem}")

    def document_frequency(self, field: str, stem: str) -> int:
        """How many documents have ``stem`` in ``field``, as Whoosh's ``doc_frequency``."""
        number = self._number(field, stem)
        return 0 if number is None else int(self._starts[number + 1] - self._starts[number])

    def _postings(self, name: str, number: int) -> np.ndarray:
        starts = self._position_starts if name == "positions" else self._starts
        return self._slice(name, int(starts[number]), int(starts[number + 1]))

    def top(self, alternatives: Iterable[Alternative], fields: Sequence[str], limit: int,
            allowed: np.ndarray | None = None) -> Ranking:
        """The best ``limit`` documents for an Or of every alternative in every field, as
        Whoosh ranks them: score descending, then document number. A one-stem alternative
        is a Term, scored boost x impact; a longer one a Phrase, matching where its stems
        stand in a row and scored boost x the sum of its stems' impacts there. ``allowed``
        is a mask of the documents a filter lets through."""
        matches = []
        scores = np.zeros(self.doc_count)
        for stems, boost in alternatives:
            for field in fields:
                for term, where, impacts in self._matches(field, stems):
                    matches.append((term, where))
                    # A list holds a document once, so this adds every posting, list by
                    # list: the order of step 1's bincount, whose floats equal Whoosh's.
                    scores[where] += impacts * boost
        if not matches:
            return Ranking([], [])
        # Every impact is positive (Whoosh's idf, log(N / (df + 1)) + 1, is at least
        # 1 - log 2), so a document matched exactly when its score is above zero.
        matched = scores > 0
        if allowed is not None:
            matched &= allowed
        candidates = np.flatnonzero(matched)
        if len(candidates) > limit:
            # Only documents scoring at least the limit-th best can rank: sort those alone
            # (all of them, so ties at the cut still go by document number).
            cut = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= cut]
        best = candidates[np.lexsort((candidates, -scores[candidates]))[:limit]]
        found: dict[int, set] = {int(d): set() for d in best}
        for term, where in matches:
            for doc in best[_member(best, where)]:
                found[int(doc)].add(term)
        return Ranking([Scored(int(d), float(scores[d]), frozenset(found[int(d)])) for d in best], matches)

    def _matches(self, field: str, stems: Sequence[str]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        """``((field, stem), documents, impacts)`` for each stem of one alternative in one
        field: all its postings for a single stem, those where the phrase stands for more."""
        numbers = [self._number(field, stem) for stem in stems]
        if None in numbers:
            return []
        if len(numbers) == 1:
            return [((field, stems[0]), self._postings("docs", numbers[0]), self._postings("impacts", numbers[0]))]
        key = (field, *stems)
        with self._phrase_lock:
            found = self._phrases.get(key)
            if found is not None:
                self._phrases.move_to_end(key)
                return found
        found = self._phrase(field, stems, numbers)
        with self._phrase_lock:
            if key not in self._phrases:
                self._phrases[key] = found
                self._phrase_bytes += sum(where.nbytes + impacts.nbytes for _, where, impacts in found)
                while self._phrase_bytes > PHRASE_CACHE_BYTES:
                    _, dropped = self._phrases.popitem(last=False)
                    self._phrase_bytes -= sum(where.nbytes + impacts.nbytes for _, where, impacts in dropped)
        return found

    def _phrase(self, field: str, stems: Sequence[str], numbers: list[int]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        docs = [self._postings("docs", n) for n in numbers]
        # Whoosh's Phrase (SpanNear2, slop 1, in order): the i-th stem at position p + i.
        # Only documents with every stem can have the phrase: their positions are read.
        # Document numbers are below doc_count, so arrays of that size index them: one
        # pass per list where a search of one sorted list in another was ~30x slower.
        has = np.ones(self.doc_count, dtype=bool)
        for d in docs:
            present = np.zeros(self.doc_count, dtype=bool)
            present[d] = True
            has &= present
        common = np.flatnonzero(has)
        if not len(common):
            return []
        # Shifting each stem's positions back by i, the phrase starts where all agree.
        # Keys doc x stride + shifted position never run into the next document's.
        stride = self._longest + len(numbers) + 1
        starts, ats = None, []
        for i, (number, d) in enumerate(zip(numbers, docs)):
            at = np.empty(self.doc_count, dtype=np.int64)  # a document's posting in d (only d's are read)
            at[d] = np.arange(len(d))
            ats.append(at)
            counts = self._postings("counts", number)
            ends = np.cumsum(counts)
            mine = at[common]
            positions = self._postings("positions", number)[_ranges(ends[mine] - counts[mine], ends[mine])]
            keys = np.repeat(common, counts[mine]) * stride + (positions + len(numbers) - i)
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
            if not len(starts):
                return []
        where = starts // stride  # ascending, as intersect1d returns
        where = where[np.concatenate(([True], where[1:] != where[:-1]))].astype(np.int32)
        return [((field, stem), where, self._postings("impacts", n)[at[where]])
                for stem, n, at in zip(stems, numbers, ats)]
