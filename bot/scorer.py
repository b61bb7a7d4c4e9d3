"""BM25F as Whoosh scores it, from arrays made once when a snapshot is built.

Whoosh scores a query in Python, one matching document at a time, through a tree of
matchers: about two thirds of a chat message's CPU. Every number it multiplies is fixed
once the documents are known, so this module keeps, per field and term, the documents
that have it (sorted), their positions (for phrases) and each posting's BM25F score
("impact": Whoosh's formula over the idf, posting weight, field length and average
length Whoosh's writer would have stored, field and document boosts included; see
``Builder``). A query is then a sum of its terms' impacts over only their postings.

The arrays live in one file beside the snapshot's Whoosh index (which keeps the stored
fields and the filters). The term table is read when the snapshot
opens; a term's postings are read from the file (``os.pread``, so threads need no lock
and the page cache is shared by every worker) when a query asks for that term. At
100,000 entries the postings are ~300 MB: read whole they made the open take 0.8 s and
the worker that much bigger. Not mmap: a file truncated under a running worker must
raise an error the worker recovers from (a rebuild), not kill it with SIGBUS.
"""

from __future__ import annotations

import json
import math
import os
import struct
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

# A query: each way of saying something, as its stems (several: a phrase) and its boost.
Alternative = tuple[Sequence[str], float]
Term = tuple[str, str]  # (field, stem)

_MAGIC = b"send-helper scorer 1\n"
# Read whole at open: the term table. Read a term's slice at a time: the postings.
_TABLE = {"terms": np.uint8, "starts": np.int64, "position_starts": np.int64}
_POSTINGS = {"docs": np.int32, "impacts": np.float64, "counts": np.int32, "positions": np.int32}
# Read on the spelling corrector's first use: its words (as typed, lower case) and their weights.
_VOCABULARY = {"words": np.uint8, "word_weights": np.float64}
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


class Builder:
    """The scorer's file for a snapshot, from each document's analysed fields, added in
    document-number order (the order Whoosh numbers the same documents in).

    Whoosh's writer used to index every text field only for this file to read the
    postings back (over half of a build's CPU at 100,000 entries, and the read alone
    ~0.2 ms per document); the numbers Whoosh would have stored are computed here
    instead, the way its writer and codec compute them: a posting's weight is its count
    x field boost x document boost rounded to float32, a field length is kept as its
    one-byte approximation, idf is ``log(N / (df + 1)) + 1``. So the impacts are the same
    floats as Whoosh's BM25F over the same text.
    """

    def __init__(self, field_boosts: dict[str, float]):
        self.field_boosts = field_boosts
        self._numbers: dict[str, int] = {}  # stem -> number, shared by every field
        # Per field, one entry per token, in document then position order.
        self._tokens = {field: (array("i"), array("i"), array("i")) for field in field_boosts}
        self._boosts = array("d")
        self._words: dict[str, int] = {}  # the spelling corrector's words: as typed, lower case
        self._word_tokens = (array("i"), array("i"))

    def add(self, fields: dict[str, tuple[list[str], int]], words: list[str], boost: float = 1.0) -> None:
        """One document: per field its stems and the position of the first (the rest
        follow in a row), and the words its text offers the spelling corrector."""
        doc = len(self._boosts)
        self._boosts.append(boost)
        numbers = self._numbers
        for field, (stems, first) in fields.items():
            terms, docs, positions = self._tokens[field]
            terms.extend([numbers.setdefault(stem, len(numbers)) for stem in stems])
            docs.extend([doc] * len(stems))
            positions.extend(range(first, first + len(stems)))
        known = self._words
        self._word_tokens[0].extend([known.setdefault(word, len(known)) for word in words])
        self._word_tokens[1].extend([doc] * len(words))

    def write(self, path: Path) -> None:
        doc_count = len(self._boosts)
        boosts = np.frombuffer(self._boosts, dtype=np.float64) if doc_count else np.zeros(0)
        stems = _by_number(self._numbers)
        weighting = BM25F()
        B, K1 = weighting.B, weighting.K1
        keys, docs, impacts, counts, positions = [], [], [], [], []
        for field, field_boost in self.field_boosts.items():
            terms, term_docs, term_positions = (np.frombuffer(a, dtype=np.int32) for a in self._tokens[field])
            lengths = np.bincount(term_docs, minlength=doc_count)  # tokens kept, per document
            # Whoosh's average length is the exact total over the document count; each
            # document's own length is stored as a byte and read back approximated.
            avgfl = (int(lengths.sum()) / (doc_count or 1)) or 1
            numbers, posting_docs, posting_counts, order = _postings(terms, term_docs)
            if not len(numbers):
                continue
            tf = _float32((posting_counts.astype(np.float64) * field_boost) * boosts[posting_docs])
            fl = _approximate_lengths(lengths)[posting_docs].astype(np.float64)
            lists = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
            df = np.diff(np.r_[lists, len(numbers)])
            idf = np.repeat([math.log(doc_count / (int(n) + 1)) + 1 for n in df], df)
            # whoosh.scoring.bm25, term for term, so the floats come out the same.
            impacts.append(idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))))
            keys += [f"{field}\0{stems[n]}" for n in numbers[lists]]
            bounds = np.r_[lists, len(numbers)]
            docs.append((posting_docs, bounds))
            counts.append((posting_counts, bounds))
            positions.append(term_positions[order])
        position_bounds = [np.cumsum(np.r_[0, c])[b] for c, b in counts]
        arrays = {"terms": np.frombuffer("\n".join(keys).encode("utf-8"), np.uint8),
                  "starts": _starts([b for _, b in docs]), "position_starts": _starts(position_bounds),
                  "docs": _flat([d for d, _ in docs], np.int32), "impacts": _flat(impacts, np.float64),
                  "counts": _flat([c for c, _ in counts], np.int32), "positions": _flat(positions, np.int32)}
        words, weights = self._vocabulary(boosts)
        arrays["words"] = np.frombuffer("\n".join(words).encode("utf-8"), np.uint8)
        arrays["word_weights"] = weights
        longest = int(arrays["positions"].max(initial=0))
        Scorer._save(path, arrays, {"doc_count": doc_count, "longest": longest})

    def _vocabulary(self, boosts: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The corrector's words, sorted, with their whole-index weights as Whoosh's
        term info adds them up (the sum of each 128-posting block's float32 weights)
        and stores them (as a float32)."""
        word_ids, word_docs = (np.frombuffer(a, dtype=np.int32) for a in self._word_tokens)
        numbers, posting_docs, posting_counts, _ = _postings(word_ids, word_docs)
        weights = _float32(posting_counts.astype(np.float64) * boosts[posting_docs])
        lists = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]]) if len(numbers) else np.zeros(0, np.int64)
        bounds = np.r_[lists, len(numbers)]
        # Whole counts add up exactly in any order; a list with a boosted (glossary)
        # document's fraction is added up as Whoosh's blocks do, to the last bit.
        totals = np.add.reduceat(weights, lists) if len(lists) else np.zeros(0)
        whole = np.logical_and.reduceat(weights == np.floor(weights), lists) if len(lists) else np.zeros(0, bool)
        for i in np.flatnonzero(~whole):
            total = 0.0
            for block in range(bounds[i], bounds[i + 1], _WHOOSH_BLOCK):
                total += sum(weights[block:min(block + _WHOOSH_BLOCK, bounds[i + 1])].tolist())
            totals[i] = total
        words = _by_number(self._words)
        found = sorted(zip((words[n] for n in numbers[lists]), _float32(totals).tolist()))
        return [w for w, _ in found], np.array([t for _, t in found], dtype=np.float64)


_WHOOSH_BLOCK = 128  # postings per block in Whoosh's codec (W3Codec's blocklimit)
_LENGTH_BYTES = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def _approximate_lengths(lengths: np.ndarray) -> np.ndarray:
    """Each length as Whoosh reads it back: stored as a byte (length_to_byte), read as
    byte_to_length of it. The byte is the first whose length is at least this one."""
    return _LENGTH_BYTES[np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255)]


def _float32(values: np.ndarray) -> np.ndarray:
    """Weights as Whoosh's postings keep them (an array of C floats), read back as doubles."""
    return values.astype(np.float32).astype(np.float64)


def _by_number(numbers: dict[str, int]) -> list[str]:
    out = [""] * len(numbers)
    for text, number in numbers.items():
        out[number] = text
    return out


def _postings(terms: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Tokens (in document order) grouped into postings: each posting's term number,
    document and token count, ordered by term then document, and the token order that
    puts each posting's positions together."""
    order = np.argsort(terms, kind="stable")  # stable: documents and positions stay ascending
    t, d = terms[order], docs[order]
    if not len(t):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, order
    first = np.flatnonzero(np.r_[True, (t[1:] != t[:-1]) | (d[1:] != d[:-1])])
    return t[first], d[first], np.diff(np.r_[first, len(t)]), order


def _starts(bounds: list[np.ndarray]) -> np.ndarray:
    """One start offset per list across fields, plus the end: each field's list bounds
    shifted by the postings of the fields before it."""
    out, offset = [], 0
    for b in bounds:
        out.append(b[:-1] + offset)
        offset += int(b[-1])
    out.append(np.array([offset]))
    return np.concatenate(out).astype(np.int64)


def _flat(parts: list, dtype) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=dtype) for p in parts]) if parts else np.zeros(0, dtype)



class Scorer:
    """A snapshot's scorer file (written by ``Builder``), opened with the snapshot."""

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
        self._sizes = {name: length for name, (_, _, length) in header["arrays"].items()}
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
    def _save(path: Path, arrays: dict[str, np.ndarray], info: dict) -> None:
        layout, offset = {}, 0
        for name, dtype in {**_TABLE, **_POSTINGS, **_VOCABULARY}.items():
            arrays[name] = np.ascontiguousarray(arrays[name], dtype=dtype)
            layout[name] = (arrays[name].dtype.str, offset, len(arrays[name]))
            offset += arrays[name].nbytes
        header = json.dumps({**info, "arrays": layout}).encode()
        with open(path, "wb") as f:
            f.write(_MAGIC + struct.pack("<Q", len(header)) + header)
            for name in layout:
                f.write(arrays[name].tobytes())

    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        """The spelling corrector's words, sorted, and each one's weight in the whole index."""
        words = self._slice("words", 0, self._sizes["words"]).tobytes().decode("utf-8")
        return (words.split("\n") if words else []), self._slice("word_weights", 0, self._sizes["word_weights"])

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
