"""BM25F as Whoosh scores it, from arrays made once when a snapshot is built.

Whoosh scores a query in Python, one matching document at a time, through a tree of
matchers: about two thirds of a chat message's CPU. Every number it multiplies is fixed
once the documents are known, so this module keeps, per field and term, the documents
that have it (sorted), their positions (for phrases) and each posting's weight, and
each document's field lengths: what Whoosh's writer would have stored, field and
document boosts included (see ``Builder``). When a query first needs a term, its
postings' BM25F scores ("impacts": Whoosh's formula over those numbers and the whole
index's idf and average lengths) are made as arrays; a query is then a sum of its
terms' impacts over only their postings.

The arrays live beside the snapshot's Whoosh index (which keeps the stored fields and
the filters), in one file per layer: a whole build writes one, each edited knowledge
file adds one (``MANIFEST`` lists them). The term tables are read when the snapshot
opens; a term's postings are read from the files (``os.pread``, so threads need no lock
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

_MAGIC = b"send-helper scorer 2\n"
# Read whole at open: the term table, and each document's length in each field.
_TABLE = {"terms": np.uint8, "starts": np.int64, "position_starts": np.int64, "lengths": np.int32}
# Read a term's slice at a time: the postings (documents numbered from the layer's first),
# with their BM25F scores in this layer alone (a snapshot of one layer serves those).
_POSTINGS = {"docs": np.int32, "weights": np.float32, "impacts": np.float64, "counts": np.int32,
             "positions": np.int32}
# Read on the spelling corrector's first use: its words (as typed, lower case) and their
# weights (a layer's are what it adds to the index: negative for the documents it removes).
_VOCABULARY = {"words": np.uint8, "word_weights": np.float64}
# Where the snapshot's synonym phrases stand, worked out at build time from the tokens
# in hand: per (field, phrase) the layer's documents that have it (ascending). Finding
# them at query time means reading and intersecting every stem's positions over the
# whole index: the costliest step of a big index's first searches. A file without them
# (written before) still opens; its phrases are found at query time, as before.
_PHRASES = {"phrase_keys": np.uint8, "phrase_starts": np.int64, "phrase_docs": np.int32}
MANIFEST = "scorer.json"  # the layer files of a snapshot's scorer and its removed documents
# Where the synonym phrases stand, kept per snapshot up to this many bytes: the same few
# hundred phrases come back in most messages, and finding one in a big index is the
# costliest step of a search (its stems' positions, read and intersected).
PHRASE_CACHE_BYTES = 64 * 2**20
JOINED_POSTINGS = 300_000  # a search's postings up to this many are scored in one bincount (see Scorer.top)
# Up to this many, in plain Python: the same additions in the same order, without the
# fixed cost of a dozen numpy calls (the shipped knowledge's searches have a few hundred).
PYTHON_POSTINGS = 2_000
SMALL_KEYS, SMALL_POSTINGS = 20_000, 100_000  # what the Python lists of those searches may hold per snapshot (~7 MB at most)
TERM_CACHE_BYTES = 64 * 2**20  # terms' scores, kept the same way in a snapshot of several layers


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
    """One layer of a snapshot's scorer, from each document's analysed fields, added in
    document-number order (the order Whoosh numbers the same documents in).

    Whoosh's writer used to index every text field only for this file to read the
    postings back (over half of a build's CPU at 100,000 entries, and the read alone
    ~0.2 ms per document); the numbers Whoosh would have stored are computed here
    instead, the way its writer and codec compute them: a posting's weight is its count
    x field boost x document boost rounded to float32, and each document's field lengths
    are kept (Whoosh reads them back as a one-byte approximation, and averages the
    exact ones), and each posting's BM25F score with this layer's statistics. A
    snapshot of several layers scores from the weights and lengths per query (``Scorer``),
    as Whoosh would, with the whole index's statistics.
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

    def write(self, path: Path, removed_words: dict[str, float] | None = None,
              phrases: Iterable[Sequence[str]] = ()) -> None:
        """The layer's file. ``removed_words``: the corrector's words of the documents this
        layer replaces, with their weights, taken off the index's. ``phrases``: the stems
        of the phrases searches will look for (the synonyms'), whose documents are kept."""
        phrases = sorted({tuple(p) for p in phrases if len(p) > 1})
        phrase_keys, phrase_docs = [], []
        doc_count = len(self._boosts)
        boosts = np.frombuffer(self._boosts, dtype=np.float64) if doc_count else np.zeros(0)
        stems = _by_number(self._numbers)
        keys, docs, weights, impacts, counts, positions, lengths = [], [], [], [], [], [], []
        for field, field_boost in self.field_boosts.items():
            terms, term_docs, term_positions = (np.frombuffer(a, dtype=np.int32) for a in self._tokens[field])
            lengths.append(np.bincount(term_docs, minlength=doc_count))  # tokens kept, per document
            numbers, posting_docs, posting_counts, order = _postings(terms, term_docs)
            if not len(numbers):
                phrase_keys += [_phrase_key(field, phrase) for phrase in phrases]
                phrase_docs += [np.zeros(0, np.int32)] * len(phrases)
                continue
            weights.append(_float32((posting_counts.astype(np.float64) * field_boost) * boosts[posting_docs]))
            lists = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
            df = np.diff(np.r_[lists, len(numbers)])
            idf = np.repeat([math.log(doc_count / (int(n) + 1)) + 1 for n in df], df)
            fl = _approximate_lengths(lengths[-1])[posting_docs].astype(np.float64)
            impacts.append(_bm25(idf, weights[-1], fl, (int(lengths[-1].sum()) / (doc_count or 1)) or 1))
            keys += [f"{field}\0{stems[n]}" for n in numbers[lists]]
            bounds = np.r_[lists, len(numbers)]
            docs.append((posting_docs, bounds))
            counts.append((posting_counts, bounds))
            positions.append(term_positions[order])
            token_bounds = np.cumsum(np.r_[0, posting_counts])[bounds]
            for phrase in phrases:
                phrase_keys.append(_phrase_key(field, phrase))
                phrase_docs.append(self._phrase_docs(phrase, terms, term_docs, term_positions, order,
                                                     numbers[lists], token_bounds))
        position_bounds = [np.cumsum(np.r_[0, c])[b] for c, b in counts]
        arrays = {"terms": np.frombuffer("\n".join(keys).encode("utf-8"), np.uint8),
                  "starts": _starts([b for _, b in docs]), "position_starts": _starts(position_bounds),
                  "lengths": np.stack(lengths, axis=1).reshape(-1) if doc_count else np.zeros(0),
                  "docs": _flat([d for d, _ in docs], np.int32), "weights": _flat(weights, np.float32),
                  "impacts": _flat(impacts, np.float64),
                  "counts": _flat([c for c, _ in counts], np.int32), "positions": _flat(positions, np.int32)}
        arrays["phrase_keys"] = np.frombuffer("\n".join(phrase_keys).encode("utf-8"), np.uint8)
        arrays["phrase_starts"] = np.cumsum([0] + [len(d) for d in phrase_docs]).astype(np.int64)
        arrays["phrase_docs"] = _flat(phrase_docs, np.int32)
        words = self._vocabulary(boosts)
        for word, weight in (removed_words or {}).items():
            words[word] = words.get(word, 0.0) - weight
        ordered = sorted(words.items())
        arrays["words"] = np.frombuffer("\n".join(w for w, _ in ordered).encode("utf-8"), np.uint8)
        arrays["word_weights"] = np.array([weight for _, weight in ordered], dtype=np.float64)
        longest = int(arrays["positions"].max(initial=0))
        _save(path, arrays, {"doc_count": doc_count, "longest": longest, "fields": list(self.field_boosts)})

    def _phrase_docs(self, phrase: tuple[str, ...], terms: np.ndarray, docs: np.ndarray, positions: np.ndarray,
                     order: np.ndarray, listed: np.ndarray, token_bounds: np.ndarray) -> np.ndarray:
        """The documents where ``phrase`` stands in one field, as Whoosh's Phrase finds it
        (the i-th stem at position p + i): from each token of its first stem, the tokens
        after it in the same document (a document's tokens are in a row, by position)."""
        numbers = [self._numbers.get(stem) for stem in phrase]
        if None in numbers:
            return np.zeros(0, np.int32)
        at = int(np.searchsorted(listed, numbers[0]))
        if at == len(listed) or listed[at] != numbers[0]:
            return np.zeros(0, np.int32)
        first = order[token_bounds[at]:token_bounds[at + 1]]  # ascending: a stable sort
        for i, number in enumerate(numbers[1:], 1):
            first = first[first + i < len(terms)]
            later = first + i
            first = first[(terms[later] == number) & (docs[later] == docs[first])
                          & (positions[later] == positions[first] + i)]
            if not len(first):
                return np.zeros(0, np.int32)
        found = docs[first]
        return found[np.r_[True, found[1:] != found[:-1]]].astype(np.int32)

    def _vocabulary(self, boosts: np.ndarray) -> dict[str, float]:
        """The corrector's words with their whole-layer weights as Whoosh's term info
        adds them up (the sum of each 128-posting block's float32 weights) and stores
        them (as a float32)."""
        word_ids, word_docs = (np.frombuffer(a, dtype=np.int32) for a in self._word_tokens)
        numbers, posting_docs, posting_counts, _ = _postings(word_ids, word_docs)
        if not len(numbers):
            return {}
        weights = _float32(posting_counts.astype(np.float64) * boosts[posting_docs])
        lists = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]])
        bounds = np.r_[lists, len(numbers)]
        # Whole counts add up exactly in any order; a list with a boosted (glossary)
        # document's fraction is added up as Whoosh's blocks do, to the last bit.
        totals = np.add.reduceat(weights, lists)
        whole = np.logical_and.reduceat(weights == np.floor(weights), lists)
        for i in np.flatnonzero(~whole):
            total = 0.0
            for block in range(bounds[i], bounds[i + 1], _WHOOSH_BLOCK):
                total += sum(weights[block:min(block + _WHOOSH_BLOCK, bounds[i + 1])].tolist())
            totals[i] = total
        words = _by_number(self._words)
        return dict(zip((words[n] for n in numbers[lists]), _float32(totals).tolist()))


def word_weights(words: Iterable[str]) -> dict[str, float]:
    """The corrector's weights of one document's words (an entry's: document boost 1)."""
    counts: dict[str, float] = {}
    for word in words:
        counts[word] = counts.get(word, 0.0) + 1.0
    return counts


def _phrase_key(field: str, stems: Sequence[str]) -> str:
    return f"{field}\0" + "\x1f".join(stems)


def _save(path: Path, arrays: dict[str, np.ndarray], info: dict) -> None:
    layout, offset = {}, 0
    for name, dtype in {**_TABLE, **_POSTINGS, **_VOCABULARY, **_PHRASES}.items():
        arrays[name] = np.ascontiguousarray(arrays[name], dtype=dtype)
        layout[name] = (arrays[name].dtype.str, offset, len(arrays[name]))
        offset += arrays[name].nbytes
    header = json.dumps({**info, "arrays": layout}).encode()
    with open(path, "wb") as f:
        f.write(_MAGIC + struct.pack("<Q", len(header)) + header)
        for name in layout:
            f.write(arrays[name].tobytes())


def write_manifest(folder: Path, layers: list[tuple[str, int]], removed: Iterable[int]) -> None:
    """Which layer files make up a snapshot's scorer, the first document number of each,
    and the documents removed from the layers before (replaced by a later one)."""
    (folder / MANIFEST).write_text(json.dumps({"layers": layers, "removed": sorted(removed)}))


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text())


_B, _K1 = BM25F().B, BM25F().K1  # Whoosh's BM25F, as the searches were scored by it
_WHOOSH_BLOCK = 128  # postings per block in Whoosh's codec (W3Codec's blocklimit)
_LENGTH_BYTES = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def _bm25(idf, tf: np.ndarray, fl: np.ndarray, average: float) -> np.ndarray:
    """whoosh.scoring.bm25, term for term, over Whoosh's idf (log(N / (df + 1)) + 1), so
    the floats come out as Whoosh's."""
    return idf * ((tf * (_K1 + 1)) / (tf + _K1 * ((1 - _B) + _B * fl / average)))


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



class _Cache:
    """Matches kept per snapshot, the least recently used dropped past a size in bytes."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self._items: OrderedDict[tuple, tuple[list, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> list | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: tuple, value: list, size: int) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped


class _Layer:
    """One layer file: its term table and lengths read at open, its postings on demand."""

    def __init__(self, path: Path, offset: int):
        self.offset = offset
        # A file object, read only through os.pread on its descriptor: an old snapshot's
        # scorer that is dropped without close() still closes its file when collected.
        self._file = open(path, "rb", buffering=0)
        try:
            if os.pread(self._file.fileno(), len(_MAGIC), 0) != _MAGIC:
                raise ValueError(f"{path.name} is not a scorer file")
            size = struct.unpack("<Q", self._read_exactly(8, len(_MAGIC)))[0]
            header = json.loads(self._read_exactly(size, len(_MAGIC) + 8))
            if {**_TABLE, **_POSTINGS, **_VOCABULARY}.keys() - header["arrays"].keys():
                raise ValueError(f"{path.name} was written in another layout")  # opening fails: rebuilt
            self.doc_count, self.longest, self.fields = header["doc_count"], header["longest"], header["fields"]
            base = len(_MAGIC) + 8 + size  # the arrays follow the header, in its order
            self._layout = {name: (np.dtype(dtype), base + offset)
                            for name, (dtype, offset, _) in header["arrays"].items()}
            self._sizes = {name: length for name, (_, _, length) in header["arrays"].items()}
            table = {name: self._slice(name, 0, self._sizes[name]) for name in _TABLE}
        except BaseException:
            self._file.close()
            raise
        self._starts, self._position_starts = table["starts"], table["position_starts"]
        self.lengths = table["lengths"].reshape(self.doc_count, len(self.fields))
        terms = table["terms"].tobytes().decode("utf-8").split("\n") if len(table["terms"]) else []
        self.lists = {key: number for number, key in enumerate(terms)}
        self.phrases: dict[str, int] = {}  # (field, phrase) key -> number; empty in a file without them
        if _PHRASES.keys() <= self._layout.keys():
            keys = self._slice("phrase_keys", 0, self._sizes["phrase_keys"]).tobytes().decode("utf-8")
            self._phrase_starts = self._slice("phrase_starts", 0, self._sizes["phrase_starts"])
            self.phrases = {key: number for number, key in enumerate(keys.split("\n"))} if keys else {}

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

    def size(self, number: int) -> int:
        return int(self._starts[number + 1] - self._starts[number])

    def postings(self, name: str, number: int) -> np.ndarray:
        starts = self._position_starts if name == "positions" else self._starts
        return self._slice(name, int(starts[number]), int(starts[number + 1]))

    def phrase_docs(self, number: int) -> np.ndarray:
        return self._slice("phrase_docs", int(self._phrase_starts[number]), int(self._phrase_starts[number + 1]))

    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        words = self._slice("words", 0, self._sizes["words"]).tobytes().decode("utf-8")
        return (words.split("\n") if words else []), self._slice("word_weights", 0, self._sizes["word_weights"])


class _List:
    """One term's postings across the layers, without the removed documents: documents
    ascending (a later layer's are numbered after an earlier one's)."""

    def __init__(self, parts: list[tuple[_Layer, int]], removed: np.ndarray | None):
        self.parts, self.removed = parts, removed
        docs = [layer.postings("docs", n) + layer.offset for layer, n in parts]
        docs = np.concatenate(docs) if len(docs) > 1 else docs[0]
        self.keep = None if removed is None else ~removed[docs]
        self.docs = docs if self.keep is None else docs[self.keep]

    def _joined(self, name: str) -> np.ndarray:
        arrays = [layer.postings(name, n) for layer, n in self.parts]
        return np.concatenate(arrays) if len(arrays) > 1 else arrays[0]

    def weights(self) -> np.ndarray:
        weights = self._joined("weights").astype(np.float64)
        return weights if self.keep is None else weights[self.keep]

    def counts(self) -> np.ndarray:
        counts = self._joined("counts")
        return counts if self.keep is None else counts[self.keep]

    def positions(self) -> np.ndarray:
        positions = self._joined("positions")
        return positions if self.keep is None else positions[np.repeat(self.keep, self._joined("counts"))]


class Scorer:
    """A snapshot's scorer: its layers (``MANIFEST``), opened with the snapshot. A full
    build writes one; each edited file adds one, and the documents it replaces are
    removed from the earlier ones. Scores are made per query from the weights and the
    whole index's statistics (document count, document frequencies, average lengths of
    the documents still there), so an index of several layers scores as one built whole."""

    def __init__(self, folder: Path):
        manifest = read_manifest(folder)
        self._layers: list[_Layer] = []
        try:
            for name, offset in manifest["layers"]:
                self._layers.append(_Layer(folder / name, offset))
        except BaseException:
            self.close()
            raise
        self.layers = len(self._layers)
        last = self._layers[-1]
        self.doc_count = last.offset + last.doc_count  # document numbers, the removed ones too
        removed = np.zeros(self.doc_count, dtype=bool)
        removed[np.asarray(manifest["removed"], dtype=np.int64)] = True
        self._removed = removed if removed.any() else None
        self._whole = self.layers == 1 and self._removed is None
        self.live_count = self.doc_count - int(removed.sum())
        self._longest = max(layer.longest for layer in self._layers)
        lengths = np.concatenate([layer.lengths for layer in self._layers])
        live = lengths[~removed]
        self._fields = {field: i for i, field in enumerate(last.fields)}
        # Whoosh's average length is the exact total over the document count; each
        # document's own length is stored as a byte and read back approximated.
        self._average = {field: (int(live[:, i].sum()) / (self.live_count or 1)) or 1 for field, i in self._fields.items()}
        self._approximate = {field: _approximate_lengths(lengths[:, i]).astype(np.float64)
                             for field, i in self._fields.items()}
        self._frequencies: dict[str, int] = {}
        self._phrases, self._terms = _Cache(PHRASE_CACHE_BYTES), _Cache(TERM_CACHE_BYTES)
        # An alternative's matches as Python lists, for the searches of a few postings (see _top_small).
        self._small: dict[tuple, tuple[list, int] | None] = {}
        self._small_postings = 0

    def close(self) -> None:
        for layer in self._layers:
            layer.close()

    def vocabulary(self) -> tuple[list[str], np.ndarray]:
        """The spelling corrector's words, sorted, and each one's weight in the whole index."""
        words, weights = self._layers[0].vocabulary()
        if len(self._layers) == 1:
            return words, weights
        totals = dict(zip(words, weights.tolist()))
        for layer in self._layers[1:]:
            for word, weight in zip(*layer.vocabulary()):
                totals[word] = totals.get(word, 0.0) + float(weight)
        # A word only the removed documents had is no longer in the index.
        found = sorted((word, weight) for word, weight in totals.items() if weight > 0)
        return [word for word, _ in found], np.array([weight for _, weight in found], dtype=np.float64)

    def _parts(self, field: str, stem: str) -> list[tuple[_Layer, int]]:
        key = f"{field}\0{stem}"
        return [(layer, layer.lists[key]) for layer in self._layers if key in layer.lists]

    def document_frequency(self, field: str, stem: str) -> int:
        """How many documents have ``stem`` in ``field``, as Whoosh's ``doc_frequency``
        (of an index built whole: removed documents do not count)."""
        parts = self._parts(field, stem)
        if self._removed is None or not parts:
            return sum(layer.size(n) for layer, n in parts)
        key = f"{field}\0{stem}"
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = len(_List(parts, self._removed).docs)
        return found

    def _impacts(self, field: str, postings: _List) -> np.ndarray:
        """Each posting's BM25F score over this whole index's statistics."""
        if self._whole:
            # One layer and nothing removed: its build scored every posting with these
            # very statistics, so its stored scores are the same floats, and reading
            # them costs far less than scoring the long lists of a big index again.
            layer, number = postings.parts[0]
            return layer.postings("impacts", number)
        idf = math.log(self.live_count / (len(postings.docs) + 1)) + 1
        return _bm25(idf, postings.weights(), self._approximate[field][postings.docs], self._average[field])

    def top(self, alternatives: Iterable[Alternative], fields: Sequence[str], limit: int,
            allowed: np.ndarray | None = None) -> Ranking:
        """The best ``limit`` documents for an Or of every alternative in every field, as
        Whoosh ranks them: score descending, then document number. A one-stem alternative
        is a Term, scored boost x impact; a longer one a Phrase, matching where its stems
        stand in a row and scored boost x the sum of its stems' impacts there. ``allowed``
        is a mask of the documents a filter lets through."""
        fields = tuple(fields)
        alternatives = list(alternatives)
        small = self._top_small(fields, alternatives, limit, allowed)
        if small is not None:
            return small
        matches, values = [], []
        for stems, boost in alternatives:
            for term, where, impacts in self._matches(fields, stems):
                matches.append((term, where))
                values.append(impacts if boost == 1.0 else impacts * boost)  # x 1.0 is the same floats
        if not matches:
            return Ranking([], [])
        # Each document's scores added list by list: the order of step 1's bincount, whose
        # floats equal Whoosh's. A few postings in all are added in one bincount; long
        # lists (a big index) each in place, rather than copied into one array first.
        postings = sum(len(w) for _, w in matches)
        joined = postings <= JOINED_POSTINGS
        if joined:
            where = np.concatenate([w for _, w in matches]) if len(matches) > 1 else matches[0][1]
            scores = np.bincount(where, np.concatenate(values) if len(values) > 1 else values[0], self.doc_count)
        else:
            scores = np.zeros(self.doc_count)
            for (_, where), value in zip(matches, values):
                # A term's documents are distinct: the same additions as scores[where] += value,
                # in half the time (no gathered copy written back).
                np.add.at(scores, where, value)
        # Every impact is positive (Whoosh's idf, log(N / (df + 1)) + 1, is at least
        # 1 - log 2), so a document matched exactly when its score is above zero. Only
        # documents scoring at least the limit-th best can rank: sort those alone (all of
        # them, so ties at the cut still go by document number). The cut is found over
        # every document, unmatched ones at 0: when it is 0, fewer than ``limit`` matched.
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit] if limit < len(scores) else 0.0
        candidates = np.flatnonzero(scores >= cut) if cut > 0 else np.flatnonzero(scores > 0)
        best = candidates[np.lexsort((candidates, -scores[candidates]))[:limit]]
        found: dict[int, set] = {int(d): set() for d in best}
        if joined:
            # Which lists hold each of the best: the postings that fall on them, and the list each is in.
            chosen = np.zeros(self.doc_count, dtype=bool)
            chosen[best] = True
            at = np.flatnonzero(chosen[where])
            ends = np.cumsum([len(w) for _, w in matches])
            for doc, number in zip(where[at].tolist(), np.searchsorted(ends, at, side="right").tolist()):
                found[doc].add(matches[number][0])
        else:
            for term, where in matches:
                for doc in best[_member(best, where)].tolist():
                    found[doc].add(term)
        return Ranking([Scored(int(d), float(scores[d]), frozenset(found[int(d)])) for d in best], matches)

    def _top_small(self, fields: tuple[str, ...], alternatives: list[Alternative], limit: int,
                   allowed: np.ndarray | None) -> Ranking | None:
        """``top`` in plain Python when a search has at most ``PYTHON_POSTINGS`` postings
        (else None): each document's scores added list by list, posting by posting, as
        ``np.bincount`` adds them (in doubles, from 0.0), and boost x impact as numpy
        multiplies, so the same floats; then score descending, document number
        ascending, as the ``lexsort``."""
        listed, postings = [], 0
        for stems, boost in alternatives:
            key = (fields, *stems)
            found = self._small.get(key, False)
            if found is False:
                found = self._listed(key, fields, stems)
            if found is None:
                return None
            postings += found[1]
            if postings > PYTHON_POSTINGS:
                return None
            listed.append((found[0], boost))
        scores: dict[int, float] = {}
        get = scores.get
        matches = []
        for lists, boost in listed:
            for term, where, docs, impacts in lists:
                matches.append((term, where))
                if boost != 1.0:
                    impacts = [impact * boost for impact in impacts]
                for doc, score in zip(docs, impacts):
                    scores[doc] = get(doc, 0.0) + score
        if not matches:
            return Ranking([], [])
        candidates = [d for d, score in scores.items() if score > 0 and (allowed is None or allowed[d])]
        candidates.sort(key=lambda d: (-scores[d], d))
        found_terms: dict[int, set] = {d: set() for d in candidates[:limit]}
        for lists, _ in listed:
            for term, _, docs, _ in lists:
                for doc in docs:
                    if doc in found_terms:
                        found_terms[doc].add(term)
        return Ranking([Scored(d, scores[d], frozenset(terms)) for d, terms in found_terms.items()], matches)

    def _listed(self, key: tuple, fields: tuple[str, ...], stems: Sequence[str]) -> tuple[list, int] | None:
        """An alternative's matches as Python lists, with their number of postings (kept for
        those of up to ``PYTHON_POSTINGS``, to a bounded total); None for more."""
        matches = self._matches(fields, stems)
        count = sum(len(where) for _, where, _ in matches)
        found = ([(term, where, where.tolist(), impacts.tolist()) for term, where, impacts in matches], count) \
            if count <= PYTHON_POSTINGS else None
        if len(self._small) < SMALL_KEYS and self._small_postings + count <= SMALL_POSTINGS:
            self._small[key] = found
            self._small_postings += count if found else 0
        return found

    def _matches(self, fields: tuple[str, ...], stems: Sequence[str]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        """``((field, stem), documents, impacts)`` for each field in turn and each stem of one
        alternative: all its postings for a single stem, those where the phrase stands for more."""
        # Several layers: a term's scores are made per query (a whole index's are read as
        # stored), at a few times the cost of reading them, so terms are kept too, apart
        # from the phrases, which they would push out. A whole index's terms are kept as
        # well: reading them costs a file read and an array or two per field and stem.
        cache = self._phrases if len(stems) > 1 else self._terms
        key = (fields, *stems)
        found = cache.get(key)
        if found is None:
            found = [match for field in fields for match in self._field_matches(field, stems)]
            cache.put(key, found, max(64, sum(where.nbytes + impacts.nbytes for _, where, impacts in found)))
        return found

    def _field_matches(self, field: str, stems: Sequence[str]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        parts = [self._parts(field, stem) for stem in stems]
        if not all(parts):
            return []
        if len(parts) == 1:
            postings = _List(parts[0], self._removed)
            return [((field, stems[0]), postings.docs, self._impacts(field, postings))]
        key = _phrase_key(field, stems)
        if all(key in layer.phrases for layer in self._layers):
            return self._stored_phrase(field, stems, key, parts)
        return self._phrase(field, stems, [_List(p, self._removed) for p in parts])

    def _stored_phrase(self, field: str, stems: Sequence[str], key: str,
                       parts: list[list[tuple[_Layer, int]]]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        """``_phrase`` from the documents each layer's build found the phrase in: a phrase
        stands within one document, so the layers' lists, less the removed documents,
        are the index's. Its stems' scores are read (or made) as for a term, at those documents."""
        found = [layer.phrase_docs(layer.phrases[key]) + layer.offset for layer in self._layers]
        where = np.concatenate(found) if len(found) > 1 else found[0]
        if self._removed is not None:
            where = where[~self._removed[where]]
        if not len(where):
            return []
        where = where.astype(np.int32)
        out = []
        for stem in stems:
            # A stem's postings and scores in this field, kept as a term's: the same few
            # stems ("key", "stage", "care") come back in many phrases and fields.
            (_, docs, impacts), = self._matches((field,), (stem,))
            out.append(((field, stem), where, impacts[np.searchsorted(docs, where.astype(docs.dtype))]))
        return out

    def _phrase(self, field: str, stems: Sequence[str], lists: list[_List]) -> list[tuple[Term, np.ndarray, np.ndarray]]:
        docs = [postings.docs for postings in lists]
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
        stride = self._longest + len(lists) + 1
        starts, ats = None, []
        for i, (postings, d) in enumerate(zip(lists, docs)):
            at = np.empty(self.doc_count, dtype=np.int64)  # a document's posting in d (only d's are read)
            at[d] = np.arange(len(d))
            ats.append(at)
            counts = postings.counts()
            ends = np.cumsum(counts)
            mine = at[common]
            positions = postings.positions()[_ranges(ends[mine] - counts[mine], ends[mine])]
            keys = np.repeat(common, counts[mine]) * stride + (positions + len(lists) - i)
            starts = keys if starts is None else np.intersect1d(starts, keys, assume_unique=True)
            if not len(starts):
                return []
        where = starts // stride  # ascending, as intersect1d returns
        where = where[np.concatenate(([True], where[1:] != where[:-1]))].astype(np.int32)
        return [((field, stem), where, self._impacts(field, postings)[at[where]])
                for stem, postings, at in zip(stems, lists, ats)]
