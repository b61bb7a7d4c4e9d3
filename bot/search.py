"""The Whoosh index over the knowledge: building it safely and searching it well.

Layout on disk: ``ROOT/current`` is a symlink to ``ROOT/snapshot-*``, a folder holding
a Whoosh index (each document's stored fields, and its id, kind and topic to filter on),
the scorer's arrays (the searched text's postings, bot/scorer.py) and ``knowledge.sqlite``
(everything an answer needs, bot/shelf.py). A build writes a new snapshot aside and
swaps the symlink in one ``rename``, so readers (web workers, a second process) only
ever see a whole index, old or new.

Queries are built from Whoosh query objects, never parsed from the user's text, so a
parent typing ``"``, ``*``, ``AND`` or ``(`` gets a search, not a syntax error.
"""

from __future__ import annotations

import bisect
import contextlib
import fcntl
import itertools
import math
import os
import re
import shutil
import sqlite3
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.base import Automata
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, STORED, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.query import And, Term
from whoosh.spelling import Corrector

from bot import english, shelf
from bot.excerpts import Excerpt, Tokens, highlight_text
from bot.knowledge import Entry, FileRecord, Knowledge, Reloaded, Term as GlossaryTerm, name_key
from bot.scorer import MANIFEST, Alternative, Builder, Ranking, Scorer, read_manifest, word_weights, write_manifest

# The usual English stop list drops "not", "can", "will" and "may", which carry a
# parent's meaning; this one only drops glue words and chat filler (words are stopped
# before they are stemmed, so "thinking" is listed beside "think"; "aren't" is "aren" and
# "t": its "not" is kept nowhere, as before).
MIN_MENDED = 5  # the shortest name a misheard word is mended to
LONG_NAME = 8  # two words joined this long may be two letters from the name they stand for
STOP_WORDS = frozenset("""
a an the and or but of to in on for is are was were be been being it its this that these those with as at by from
i im i'm me my we our you your he she his her they them their what whats who how when where which why
do does did about there here has have had so if please thanks thank hi hello hey just really
would could should know tell any some get got am also then than into out up very much
s t d m ll ve re
son sons daughter daughters child childs children kid kids boy girl baby grandson granddaughter lad lads lass bairn
foster fostered adoptive kinship stepson stepdaughter stepchild nephew niece grandchild grandchildren grandkids
keep keeps kept going goes want wants need needs help worried worry think thought say said
heard apparently reckon reckons reckoned
acronym acronyms abbreviation abbreviations abbreviated initials exact precise precisely roughly approximately approx
anything something everything stuff else thing things info
wat wot wats r u ur ya pls plz thx ty til till lol ok okay x xx yet already
even actually literally basically honestly genuinely seriously exactly having onto upon all
mainly mostly largely chiefly primarily principally essentially broadly generally
thinking thinks wondering wonder wondered doing bit bits properly proper again sorry soz
anyone anybody someone somebody lately recently too either
while whilst whether although though unless because cos coz
aren isn don doesn didn wasn weren haven hasn hadn won wouldn couldn shouldn mustn ain
arent isnt dont doesnt didnt wasnt werent havent hasnt hadnt wouldnt couldnt shouldnt mustnt aint wont cant
ive youre theyre thats hes shes
um umm erm er uh uhm hmm hmmm oh ohh ooh ah ahh aha wow yeah yeh yep nah
blimey crikey gosh golly yikes eek phew ugh argh jeez geez whoa omg
only along during confirm relevant according themselves
""".split())

FIELD_BOOSTS = {"title": 3.0, "questions": 2.0, "keywords": 2.0, "body": 1.0}
SEARCH_FIELDS = tuple(FIELD_BOOSTS)
GLOSSARY_BOOST = 0.15
SYNONYM_BOOST = 0.8
DERIVED_SUFFIXES = ("ial", "al", "ally", "ly", "ness")  # "ministerial": "minister"
MAX_CORRECTABLE = 30
SNAPSHOT_PREFIX = "snapshot-"
INDEX_FORMAT = 41  # bump when the schema or analyser changes: served indexes are then rebuilt
MAX_LAYERS = 8  # an edit to a snapshot of this many layers builds it whole (folding them into one)
RAM_INDEX_BYTES = 64 * 2**20  # indexes up to this size are read into memory when opened
KNOWLEDGE_FILE = "knowledge.sqlite"  # the entries and glossary (bot/shelf.py)
KNOWLEDGE_PREFIX = "knowledge"  # the files below it in a snapshot of several layers
SCORER_FILE = "scorer.bin"  # the scorer's arrays (bot/scorer.py): the searched text's postings
SCORER_PREFIX = "scorer"  # its other files: a layer per edited file, and the list of layers



# A common English word the knowledge never uses ("straight away", "gather", "on paper",
# "does it count?") is most often how someone puts a question, not what it is about: at the
# full weight of a word no entry has, it left plainly found topics unanswered. It weighs
# at most this (the knowledge's rare words weigh 4-5), unless it names a thing after "a",
# "the", "my"... ("a blue badge", "my daughter's bus", "the difference"): that is what
# the question is about, and the knowledge lacking it means the question is not answered.
UNUSED_COMMON_WEIGHT = 2.0
_DETERMINERS = frozenset("a an the my his her their our your its this that these those s any some no every".split())


def _names_a_thing(words: list[str], position: int) -> bool:
    """Whether the word at ``position`` is in a noun phrase: one of the two words before it
    is a determiner or a possessive "'s"."""
    return any(w in _DETERMINERS for w in words[max(0, position - 2):position])


class NumberWords(Filter):
    """"the seven areas" and "the 7 areas" are the same words: a number written out is
    read as its digits ("one" stays a word: "the one after that" is no number). A number's
    plural is the number: "year 4s" are pupils in year 4, "the 1990s" years from 1990."""
    NUMBERS = {word: str(n) for n, word in enumerate(
        "two three four five six seven eight nine ten eleven twelve".split(), 2)}
    PLURAL = re.compile(r"(\d+)s")

    @classmethod
    def read(cls, word: str) -> str:
        """A lower-cased word as the filter leaves it."""
        plural = cls.PLURAL.fullmatch(word) if word[-1:] == "s" else None
        return plural[1] if plural else cls.NUMBERS.get(word, word)

    def __call__(self, tokens):
        for token in tokens:
            token.text = self.read(token.text)
            yield token


_TOKENS = RegexTokenizer(r"[^\W_]+") | LowercaseFilter() | NumberWords()
# Words kept whole where their stem would join two meanings: a child who "boards" at a
# "boarding" school is at no "board" (the national leadership board).
UNSTEMMED = frozenset({"boarding", "boards", "boarder", "boarders"})
ANALYZER = _TOKENS | StopFilter(stoplist=STOP_WORDS, minsize=1) | StemFilter(lang="en", ignore=UNSTEMMED)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "DCSs", "LAs", "EHCPs": an acronym's plural is the acronym, for synonyms and stems alike.
_PLURAL_ACRONYM = re.compile(r"\b([A-Z]{2,})s\b")
# Letters as voice typing may write them when they are said one by one: "see q see" is "c q c".
LETTER_NAMES = {"bee": "b", "see": "c", "sea": "c", "dee": "d", "ee": "e", "gee": "g", "aitch": "h", "haitch": "h",
                "jay": "j", "kay": "k", "el": "l", "em": "m", "en": "n", "pee": "p", "pea": "p", "queue": "q", "cue": "q",
                "es": "s", "tee": "t", "tea": "t", "vee": "v", "ex": "x", "zed": "z"}
MIN_INITIALS = 2  # letters of a made-up abbreviation; two only where they spell no English word ("TC", never "LA")
_SEND_VERB = re.compile(r"\b((?i:to|we|i|you|they|he|she|can|could|will|would|should|must|please|did|do|does|and)\s+)"
                        r"(?:send|sent|sending)\b(?!\s+(?:support|needs|pupils|children|kids|plan|team|code))")

# A time told from where the asker stands ("next year", "this term") is no time the 2017
# knowledge can mean: no word to look for ("where's the conference next year?"). ("Last
# month's webinar" is how the 2017 notices themselves speak, and is searched.)
_FROM_NOW, _SPANS = frozenset({"next", "this", "coming"}), frozenset({"year", "month", "week", "term", "summer", "autumn", "spring"})


def _times_from_now(words: list[str]) -> set[int]:
    return {p for i in range(len(words) - 1) if words[i] in _FROM_NOW and words[i + 1] in _SPANS for p in (i, i + 1)}


class IndexError_(Exception):
    """The index cannot be built or opened; the message says why in plain words."""


class IndexDamaged(IndexError_):
    """The served index failed while being read: rebuilding it is the cure."""


# What reading a damaged snapshot raises inside Whoosh and SQLite (truncated or overwritten files).
_DAMAGE = (OSError, EOFError, struct.error, zlib.error, whoosh_index.IndexError, sqlite3.DatabaseError)


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """What reading the served index meets as damage becomes IndexDamaged, which the
    assistant cures by rebuilding."""
    try:
        yield
    except _DAMAGE as exc:
        raise IndexDamaged(f"the search index could not be read ({type(exc).__name__}: {exc})") from exc


class IndexBusy(IndexError_):
    """Another process holds the build lock."""


class SnapshotMoved(IndexBusy):
    """Another process made a new snapshot current: changes read against the old one
    are read again against it."""


def schema() -> Schema:
    # Whoosh keeps what a hit shows and what searches filter on. The searched text is
    # not indexed here: the scorer's file (bot/scorer.py) holds its postings, made by the
    # same analysis, and Whoosh's copy was only ever read back to make that file.
    return Schema(id=ID(stored=True, unique=True), kind=ID(stored=True), topic=ID(stored=True),
                  title=STORED, body=STORED, answer=STORED)


@dataclass(frozen=True)
class _Document:
    stored: dict[str, str]  # Whoosh's fields
    texts: dict[str, str]  # the searched fields (SEARCH_FIELDS)
    vocab: str  # the words the spelling corrector may offer
    boost: float = 1.0


def _documents(knowledge: Knowledge) -> Iterator[_Document]:
    for entry in knowledge.entries.values():
        # The "since" note is not searched: a later page's words ("autistic people") would
        # pull 2017 entries into questions they do not answer. It is shown with its entry.
        body = "\n".join(t for t in (entry.answer, entry.details, entry.contact, entry.dates) if t)
        texts = {"title": entry.title, "questions": "\n".join(entry.questions),
                 "keywords": " ".join(entry.keywords), "body": body}
        yield _Document({"id": entry.id, "kind": "entry", "topic": entry.topic, "title": entry.title,
                         "body": body, "answer": entry.answer},
                        texts, " ".join((entry.title, *entry.questions, *entry.keywords, body)))
    for term in knowledge.terms.values():
        names = " ".join(term.names())
        texts = {"title": term.term, "questions": "\n".join(f"what is {n}" for n in term.names()),
                 "keywords": names, "body": term.meaning}
        # Definitions support the announcements rather than compete with them.
        yield _Document({"id": term.id, "kind": "term", "topic": "Glossary", "title": term.term,
                         "body": term.meaning, "answer": term.meaning},
                        texts, f"{names} {term.meaning}", GLOSSARY_BOOST)


# ANALYZER's filters, whose settings _Analysis applies word by word.
_STOPPING = next(f for f in ANALYZER.items if isinstance(f, StopFilter))
_STEMMING = next(f for f in ANALYZER.items if isinstance(f, StemFilter))


class _Analysis:
    """ANALYZER's output for a build, word by word instead of token by token: the same
    regex, lower case, stop list and stemmer (each word stemmed once per build), so the
    same stems at the same positions, at a fraction of the cost of its generator chain
    over the ~10 million words of 100,000 entries."""

    def __init__(self):
        self._stems: dict[str, str | None] = {}  # None: a stop word

    @staticmethod
    def _analyse(word: str) -> str | None:
        """One lower-cased word as ANALYZER's StopFilter (its renumbering aside) and
        StemFilter treat it: None if stopped, else its stem."""
        if word in _STOPPING.stops or len(word) < _STOPPING.min or (_STOPPING.max and len(word) > _STOPPING.max):
            return None
        # The filter's own stem function (the language's stemmer behind its cache).
        return word if word in _STEMMING.ignore else _STEMMING._stem(word)

    def stems(self, text: str) -> tuple[list[str], int]:
        """The stems of ``text`` and the position of the first. The rest follow in a row:
        the StopFilter renumbers the words it keeps from the first one's position."""
        words = self.words(text)
        known = self._stems
        out, first = [], 0
        for position, word in enumerate(words):
            stem = known.get(word, False)
            if stem is False:
                stem = known[word] = self._analyse(word)
            if stem is not None:
                if not out:
                    first = position
                out.append(stem)
        return out, first

    @staticmethod
    def words(text: str) -> list[str]:
        """The tokens of ``_TOKENS``: the regex's matches, each lower-cased, numbers as digits."""
        # (the plural test inline: this runs on every word of a build)
        numbers, read = NumberWords.NUMBERS, NumberWords.read
        return [read(word) if word[:1].isdigit() else numbers.get(word, word) for word in map(str.lower, _WORD.findall(text))]


_SPLIT_WORDS = re.compile(f"({_WORD.pattern})")  # re.split keeps the words between the gaps
_TOKEN_WORDS: dict[str, str] = {}  # a word as written -> as ANALYZER leaves it for excerpts (bounded)


def _excerpt_tokens(text: str) -> Tokens:
    """``text``'s tokens as ANALYZER gives them to Whoosh's highlighter: ``_TOKENS``'
    words, stop words kept as they are, the rest stemmed. Offsets and lookups are done
    in C (``re.split``, ``accumulate``, ``map``), and each spelling is analysed once, not
    once per hit that shows it: the words repeat from hit to hit and search to search."""
    parts = _SPLIT_WORDS.split(text)  # gap, word, gap, word, ..., gap
    offsets = list(accumulate(map(len, parts)))
    written = parts[1::2]
    words = list(map(_TOKEN_WORDS.get, written))
    if None in words:
        for at, word in enumerate(words):
            if word is None:
                lowered = written[at].lower()
                lowered = NumberWords.read(lowered)
                stem = _Analysis._analyse(lowered)
                words[at] = word = lowered if stem is None else stem
                if len(_TOKEN_WORDS) < 100_000:
                    _TOKEN_WORDS[written[at]] = word
    return Tokens(offsets[0:-1:2], offsets[1::2], words)


def _whooshs(name: str) -> bool:
    """Whether a snapshot's file is part of its Whoosh index (not its lock: no reader needs it)."""
    return not name.startswith((KNOWLEDGE_PREFIX, SCORER_PREFIX)) and not name.endswith("WRITELOCK")


def _storage(folder: Path):
    """Where a snapshot's index is read from. Up to RAM_INDEX_BYTES it is copied into
    memory: as fast as mmap (file reads cost about 1.4x per search), and damage to the
    files later cannot reach the open copy. Bigger ones are read from the files."""
    files = FileStorage(str(folder), supports_mmap=False)
    names = [n for n in files.list() if _whooshs(n)]
    if sum(files.file_length(n) for n in names) > RAM_INDEX_BYTES:
        return files
    memory = RamStorage()
    for name in names:
        with files.open_file(name) as source, memory.create_file(name) as copy:
            copy.write(source.read())
    return memory


class IndexStore:
    """Owns the index folder: builds snapshots aside, swaps them in, opens the current one."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.current = self.root / "current"

    def current_target(self) -> str | None:
        """The snapshot folder being served: the link's target, or ``current`` itself
        when a copy that follows links (zip, ``rsync -L``, ``copytree``) made it a folder."""
        try:
            return os.readlink(self.current)
        except OSError:
            return self.current.name if self.current.is_dir() else None

    def fingerprint(self) -> str | None:
        """The knowledge fingerprint the current snapshot was built from, if there is one."""
        target = self.current_target()
        if not target:
            return None
        return shelf.fingerprint(self.root / target / KNOWLEDGE_FILE)

    @contextlib.contextmanager
    def build_lock(self, timeout: float = 120.0) -> Iterator[None]:
        """One builder at a time across processes; with timeout 0, IndexBusy at once."""
        self._ensure_root()
        with open(self.root / ".build.lock", "a+") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(f"another process is building the index in {self.root}") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise IndexError_(f"cannot write the search index to {self.root}: {exc.strerror or exc}. "
                              "Set SEND_HELPER_INDEX_DIR to a folder this user can write.") from exc

    def build(self, knowledge: Knowledge, fingerprint: str,
              progress: Callable[[int, int], None] | None = None,
              lock_timeout: float = 120.0, done: Callable[[], bool] | None = None,
              records: dict[str, FileRecord] | None = None) -> Path:
        """Build a complete snapshot aside, then make it current in one atomic rename.

        ``done`` is asked once the lock is held: a process that waited while another
        did the same work finds it done and builds nothing. ``records``: what each
        knowledge file gave (bot/knowledge.py), kept so an edit can ``update`` it.
        """
        return self._publish(lambda folder: self._write_snapshot(folder, knowledge, fingerprint, progress,
                                                                 records or {}), lock_timeout, done)

    def update(self, change: Reloaded, fingerprint: str, base: str, lock_timeout: float = 120.0,
               done: Callable[[], bool] | None = None) -> Path:
        """A new snapshot that is snapshot ``base`` (the current one, which ``change`` was
        read against) with the changed files' entries replaced, made current as ``build``
        does: Whoosh adds a segment, the scorer a layer, and every other file is shared
        with ``base`` (hard links: neither Whoosh nor this code ever writes a file it did
        not create)."""
        return self._publish(lambda folder: self._write_layer(folder, change, fingerprint, base), lock_timeout, done)

    def _publish(self, write: Callable[[Path], None], lock_timeout: float, done: Callable[[], bool] | None) -> Path:
        with self.build_lock(lock_timeout):
            if done and done():
                return self.root / self.current_target()
            folder = self._new_snapshot_folder()
            folder.mkdir()
            try:
                write(folder)
                link = self.root / f".current-{os.getpid()}"
                with contextlib.suppress(FileNotFoundError):
                    link.unlink()
                os.symlink(folder.name, link)
                if self.current.is_dir() and not self.current.is_symlink():
                    # No rename puts a link over a folder: the copied folder becomes
                    # an old snapshot, which a worker may still read and cleaning removes.
                    os.rename(self.current, self._new_snapshot_folder())
                os.replace(link, self.current)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._remove_old_snapshots(keep={folder.name})
            return folder

    def _new_snapshot_folder(self) -> Path:
        return self.root / f"{SNAPSHOT_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"

    def _write_snapshot(self, folder: Path, knowledge: Knowledge, fingerprint: str,
                        progress: Callable[[int, int], None] | None, records: dict[str, FileRecord]) -> None:
        ix = whoosh_index.create_in(str(folder), schema())
        total = len(knowledge.entries) + len(knowledge.terms)
        writer = ix.writer(limitmb=256)
        scorer, analysis = Builder(FIELD_BOOSTS), _Analysis()
        try:
            for done, doc in enumerate(_documents(knowledge), 1):
                writer.add_document(**doc.stored)
                scorer.add({name: analysis.stems(text) for name, text in doc.texts.items()},
                           analysis.words(doc.vocab), doc.boost)
                if progress and (done % 1000 == 0 or done == total):
                    progress(done, total)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        scorer.write(folder / SCORER_FILE, phrases=_synonym_phrases(knowledge))
        write_manifest(folder, [(SCORER_FILE, 0)], ())
        shelf.write(folder / KNOWLEDGE_FILE, knowledge, fingerprint, records)

    def _write_layer(self, folder: Path, change: Reloaded, fingerprint: str, expected: str) -> None:
        if self.current_target() != expected:
            raise SnapshotMoved(f"another process replaced {expected} in {self.root}")
        with _reading():  # a damaged base is IndexDamaged: the library builds whole instead
            self._write_layer_on(self.root / expected, folder, change, fingerprint)

    def _write_layer_on(self, base: Path, folder: Path, change: Reloaded, fingerprint: str) -> None:
        for old in base.iterdir():
            if _whooshs(old.name) or (old.name.startswith(SCORER_PREFIX) and old.name != MANIFEST):
                os.link(old, folder / old.name)
        manifest = read_manifest(base)
        old_knowledge = shelf.StoredKnowledge(base / KNOWLEDGE_FILE)
        try:
            # The knowledge files below stay (linked); base's top one goes below them.
            below = [*old_knowledge.below, f"{KNOWLEDGE_PREFIX}-{len(old_knowledge.below)}.sqlite"]
            for name in old_knowledge.below:
                os.link(base / name, folder / name)
            os.link(base / KNOWLEDGE_FILE, folder / below[-1])
            replaced = [old_knowledge.entries.get(i) for i in change.removed]
            self._write_segments(folder, change, replaced, manifest, _synonym_phrases(old_knowledge))
            shelf.write_layer(folder / KNOWLEDGE_FILE, below, old_knowledge, change.knowledge.entries.values(),
                              change.removed, fingerprint, change.records, change.changed)
        finally:
            old_knowledge.close()

    def _write_segments(self, folder: Path, change: Reloaded, replaced: list[Entry | None], manifest: dict,
                        phrases: list[list[str]]) -> None:
        """The edited files' documents as a new Whoosh segment and scorer layer, and the
        documents of their entries before (``replaced``) removed from the ones before."""
        ix = whoosh_index.open_dir(str(folder))
        with ix.searcher() as searcher:
            first = searcher.doc_count_all()  # Whoosh numbers the new segment's documents from here
            removed = [searcher.document_number(id=entry.id) if entry else None for entry in replaced]
        if None in removed:
            raise IndexError_(f"the search index in {folder} does not hold every entry its knowledge lists")
        writer = ix.writer()
        scorer, analysis = Builder(FIELD_BOOSTS), _Analysis()
        try:
            for entry in replaced:
                writer.delete_by_term("id", entry.id)
            added = list(_documents(Knowledge(change.knowledge.entries)))
            for doc in added:
                writer.add_document(**doc.stored)
                scorer.add({name: analysis.stems(text) for name, text in doc.texts.items()},
                           analysis.words(doc.vocab), doc.boost)
            writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
        with ix.searcher() as searcher:
            if added and searcher.document_number(id=added[0].stored["id"]) != first:
                raise IndexError_("the search index numbered an added document out of order")
        layer = f"{SCORER_PREFIX}-{len(manifest['layers'])}.bin"
        words: dict[str, float] = {}
        for doc in _documents(Knowledge(dict((e.id, e) for e in replaced))):
            for word, weight in word_weights(analysis.words(doc.vocab)).items():
                words[word] = words.get(word, 0.0) + weight
        scorer.write(folder / layer, removed_words=words, phrases=phrases)
        write_manifest(folder, [*manifest["layers"], (layer, first)], [*manifest["removed"], *removed])

    def _remove_old_snapshots(self, keep: set[str]) -> None:
        # Keep the newest older snapshot: a worker may still be reading it. Linux lets
        # open files outlive their folder, so removing the rest is safe.
        snapshots = sorted((p for p in self.root.glob(f"{SNAPSHOT_PREFIX}*") if p.name not in keep),
                           key=lambda p: p.stat().st_mtime, reverse=True)
        for old in snapshots[1:]:
            shutil.rmtree(old, ignore_errors=True)

    def open(self) -> "Snapshot":
        target = self.current_target()
        if not target:
            raise IndexError_(f"no search index in {self.root} yet: run 'python -m bot index'")
        folder = self.root / target
        try:
            knowledge = shelf.StoredKnowledge(folder / KNOWLEDGE_FILE)
            # No mmap: a file truncated under a running worker must raise an error we
            # can recover from (rebuild), not a SIGBUS that kills the worker.
            ix = _storage(folder).open_index()
            scorer = Scorer(folder)
        except (*_DAMAGE, ValueError, KeyError) as exc:
            raise IndexError_(f"the search index in {folder} is damaged ({exc}); run 'python -m bot index' to rebuild it") from exc
        snapshot = Snapshot(ix, scorer, knowledge, knowledge.fingerprint, target)
        snapshot.signature = self.signature(target)
        return snapshot

    def signature(self, name: str) -> tuple:
        """Names, sizes and times of a snapshot's files. A snapshot is never written
        after its build, so any change means it was damaged on disk."""
        try:
            return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                                for p in (self.root / name).iterdir()))
        except OSError:
            return ()


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    topic: str
    score: float
    coverage: float
    matched: float
    make_excerpt: Callable[[], Excerpt] = field(repr=False)
    make_citations: Callable[[], list[dict]] = field(repr=False)

    @cached_property
    def excerpt(self) -> Excerpt:
        """Highlighted on first read only: chat replies never show excerpts."""
        return self.make_excerpt()

    @cached_property
    def citations(self) -> list[dict]:
        """Made on first read only: chat replies cite their entries, not the hits."""
        return self.make_citations()

    @property
    def snippet(self) -> str:
        return self.excerpt.html()

    def confidence(self, matched_scale: float) -> float:
        """How sure a match is, 0-1: the share of the question matched, or enough
        matched weight on its own (long, worried messages match well but thinly)."""
        return min(1.0, max(self.coverage, self.matched / matched_scale))

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "topic": self.topic,
                "snippet": self.snippet, "text": self.excerpt.text,
                "highlights": [list(span) for span in self.excerpt.highlights], "score": round(self.score, 3),
                "citation": self.citations[0] if self.citations else {}, "citations": self.citations}


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    corrected: str | None = None
    took_ms: float = 0.0

    def to_json(self) -> dict:
        body = {"query": self.query, "took_ms": round(self.took_ms, 2),
                "results": [h.to_json() for h in self.hits]}
        if self.corrected:
            body["did_you_mean"] = self.corrected
        return body


@dataclass
class _Group:
    """One idea from the query: a word, its spelling fix, or a phrase with its synonyms,
    as alternatives (stems, boost), each searched in every field."""
    alternatives: list[Alternative]
    terms: set[tuple[str, str]]
    weight: float
    typed: frozenset[str] = frozenset()
    phrases: tuple[frozenset[str], ...] = ()
    unread: bool = False

    @cached_property
    def concept(self) -> "Concept":
        """The group as answering sees it (groups are kept per snapshot: made once)."""
        return Concept(frozenset(stem for _, stem in self.terms), self.weight, self.typed, self.phrases, self.unread)


def _holds_in_order(word: str, letters: str) -> bool:
    """Whether ``letters`` are all in ``word``, in order (not necessarily together)."""
    rest = iter(word)
    return all(letter in rest for letter in letters)


@dataclass(frozen=True)
class Concept:
    """One idea from a question, as the stems that express it and its weight (idf):
    what answering matches sentences against, with the same synonyms and fixes.
    ``typed`` holds the stems of the words actually typed, before synonyms."""
    stems: frozenset[str]
    weight: float
    typed: frozenset[str] = frozenset()
    # Each way of saying it, whole: "times tables test" is not said by a text that only
    # has "test", though "test" is one of the stems.
    phrases: tuple[frozenset[str], ...] = ()
    # A word of no language the bot reads ("nashunal", a typo past mending): what it means
    # is unknown, so it never shows the knowledge lacks something.
    unread: bool = False
    # A word only of the story told around the question ("When does the trial start?
    # We're desperate"): it says how the writer feels, not what the fact must say.
    story: bool = False

    def said_in(self, stems: frozenset[str] | set[str]) -> bool:
        if not self.phrases:
            return bool(self.stems & stems)
        for phrase in self.phrases:  # as any(...), without a generator per call: answering asks this per sentence
            if phrase <= stems:
                return True
        return False


class _Excerpts:
    """The excerpts of one search's hits, as Whoosh's highlighter makes them from each
    hit's stored body (bot/excerpts.py). Whoosh marks the body words matched anywhere in
    its results for the query; the scorer says which those are, once, when the first
    excerpt is read: the chat never reads one; the advisers' page reads them all."""

    def __init__(self, snapshot: "Snapshot", ranking: Ranking, allowed: np.ndarray | None):
        self.snapshot, self.ranking, self.allowed = snapshot, ranking, allowed
        self._words: frozenset[str] | None = None

    def of(self, docnum: int) -> Callable[[], Excerpt]:
        return lambda: self._make(docnum)

    def _make(self, docnum: int) -> Excerpt:
        if self._words is None:
            self._words = self.ranking.matched_anywhere("body", self.allowed)
        stored = self.snapshot.stored(docnum)
        excerpt = highlight_text(stored["body"], self._words, _excerpt_tokens(stored["body"]))
        return excerpt if excerpt.text else Excerpt(stored["answer"][:220])


class _VocabCorrector(Corrector):
    """Whoosh's ReaderCorrector over the words of the indexed text, held in memory, with
    the nearest word suggested first (then the commonest, as Whoosh ranks them all).

    Whoosh walked its on-disk term table with many small reads per suggestion, and on
    an index of several segments compared every word with the same first letter. Its
    Levenshtein automaton (``whoosh.automata.lev``) accepts a word that starts with the
    same ``prefix`` letters and is at most ``maxdist`` insertions, deletions and
    substitutions from the text after them; each one found is scored by its weight in
    the whole index alone, and ``Corrector.suggest`` keeps the best. Building that
    automaton cost ~7 ms a word and walking it over a big index's words as much again,
    so the same words are found here without it: the words are held sorted by first
    letter and length, and only those with the text's first letter and a length within
    ``maxdist`` of it are looked at; of those, a word whose letters differ from the
    text's by more than ``maxdist`` edits could make (each edit changes one letter's
    count by one, or two letters' by one each) is passed over in one numpy step over
    letter counts, and the rest have their edit distance worked out exactly. The same
    words come out; each is scored by how many slips of the keyboard it is from the
    text (a swap of two letters is one: ``_typos_apart``), then by its weight. The
    build stores the words and their whole-index weights in the scorer's file
    (bot/scorer.py); they are read on first use.
    """

    # A word's letters are counted in these many bins (a-z, digits, the rest by code):
    # letters sharing a bin only make the count test weaker, never wrong.
    _BINS = 32
    _LONGEST = 60  # longer texts (never a message's word: MAX_CORRECTABLE) take the automaton

    def __init__(self, scorer: Scorer):
        self.scorer = scorer
        self._words: list[str] | None = None
        self._freq: dict[str, float] = {}
        self._lock = threading.Lock()
        # The words by first letter, then length: the words, their keys (first letter's
        # code x 64 + length), lengths and letter counts, in that order.
        self._sorted: list[str] = []
        self._keys = np.zeros(0, dtype=np.int64)
        self._counts = np.zeros((0, self._BINS), dtype=np.int8)

    def _load(self) -> list[str]:
        with self._lock:
            if self._words is None:
                words, weights = self.scorer.vocabulary()
                self._index(words)
                self._freq, self._words = dict(zip(words, weights.tolist())), words
        return self._words

    @classmethod
    def _bins(cls, codes: np.ndarray) -> np.ndarray:
        """Each character's bin (``codes``: code points)."""
        bins = 27 + codes % (cls._BINS - 27)
        letter = (codes >= 97) & (codes <= 122)
        bins[letter] = codes[letter] - 97
        bins[(codes >= 48) & (codes <= 57)] = 26
        return bins

    def _index(self, words: list[str]) -> None:
        words = [w for w in words if w]
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        codes = np.frombuffer("".join(words).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        starts = np.zeros(len(words), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        firsts = codes[starts] if len(words) else np.zeros(0, dtype=np.int64)
        keys = firsts * 64 + np.minimum(lengths, 63)
        order = np.argsort(keys, kind="stable")
        owner = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
        counts = np.bincount(owner * self._BINS + self._bins(codes), minlength=len(words) * self._BINS)
        # A count above 127 stays above any text's (at most _LONGEST letters): still a lower bound.
        counts = np.minimum(counts, 127).astype(np.int8).reshape(len(words), self._BINS)
        self._counts = np.ascontiguousarray(counts[order])
        self._keys = keys[order]
        self._sorted = [words[i] for i in order.tolist()]

    def completions(self, clipped: str, most: int = 4) -> list[str]:
        """The indexed words that ``clipped`` begins, one per family (the commonest of
        those whose stems start alike), commonest family first: "eval" gives "evaluation";
        "stat" begins "statement" and "statutory", two families. None past ``most``: a
        clipping that could be anything says nothing."""
        words = self._words if self._words is not None else self._load()
        at = bisect.bisect_left(words, clipped)
        found = list(itertools.takewhile(lambda w: w.startswith(clipped), words[at:at + 50]))
        stems = {w: analysed[0] for w in found if (analysed := analyse(w))}
        families: dict[str, list[str]] = {}
        for word, stem in sorted(stems.items(), key=lambda item: len(item[1])):
            head = next((h for h in families if stem.startswith(h)), stem)
            families.setdefault(head, []).append(word)
        if len(families) > most:
            return []
        best = [max(members, key=lambda w: self._freq.get(w, 0.0)) for members in families.values()]
        return sorted(best, key=lambda w: -self._freq.get(w, 0.0))

    def skeletons(self, clipped: str) -> list[str]:
        """The indexed word ``clipped`` is written as with letters left out, keeping the
        first and the last ("govt", "dept", "natl", "mgmt"): the commonest of one family,
        or none."""
        words = self._words if self._words is not None else self._load()
        first, last = clipped[0], clipped[-1]
        at, end = bisect.bisect_left(words, first), bisect.bisect_left(words, chr(ord(first) + 1))
        found = [w for w in words[at:end] if w[-1] == last and len(w) >= len(clipped) + 2 and _holds_in_order(w, clipped)]
        families: dict[str, list[str]] = {}
        for word in found:
            stems = analyse(word)
            if stems:
                families.setdefault(stems[0][:len(clipped)], []).append(word)
        # Of two families ("asst": assistant or assessment?) the clipping says neither.
        return [max(members, key=lambda w: self._freq.get(w, 0.0)) for members in families.values()] \
            if len(families) == 1 else []

    def _suggestions(self, text, maxdist, prefix):
        words = self._words if self._words is not None else self._load()
        if not words:
            return
        if not prefix or not text or len(text) + maxdist >= 63 or len(text) > self._LONGEST:
            yield from self._automaton(words, text, maxdist, prefix)
            return
        first, length = ord(text[0]), len(text)
        lo, hi = np.searchsorted(self._keys, [first * 64 + max(length - maxdist, 0),
                                              first * 64 + length + maxdist + 1])
        if lo == hi:
            return
        own = np.bincount(self._bins(np.fromiter(map(ord, text), dtype=np.int64, count=length)),
                          minlength=self._BINS).astype(np.int8)
        # Edits needed at least: the letters one has more of and the other fewer of, the
        # larger of those two totals, i.e. (sum of |differences| + |length difference|) / 2.
        spread = np.abs(self._counts[lo:hi] - own).sum(axis=1)
        spread += np.abs((self._keys[lo:hi] & 63) - length)
        head, tail, freq = text[:prefix], text[prefix:], self._freq
        for at in (np.flatnonzero(spread <= 2 * maxdist) + lo).tolist():
            word = self._sorted[at]
            if word.startswith(head) and _within(word[prefix:], tail, maxdist):
                yield 0 - (_typos_apart(word[prefix:], tail) + (1.0 / (freq.get(word) or 1) * 0.5)), word

    def _automaton(self, words, text, maxdist, prefix):
        dfa = Automata.levenshtein_dfa(text, maxdist, prefix)
        term = words[0]  # as whoosh.codec.base.Automata.find_matches, over the list
        match = dfa.next_valid_string(term)
        while match:
            at = bisect.bisect_left(words, match)
            if at == len(words):
                return
            term = words[at]
            if match == term:
                yield 0 - (_typos_apart(match[prefix:], text[prefix:]) + (1.0 / (self._freq.get(match) or 1) * 0.5)), match
                term += "\0"
            match = dfa.next_valid_string(term)


def _typos_apart(a: str, b: str) -> int:
    """How many slips of the keyboard make ``b`` of ``a``: a letter added, dropped or
    changed, or two letters swapped ("strat" is one slip from "start", two from "sta").
    Whoosh ranks every word within reach alike, by how common it is; the nearest is the
    likelier meant."""
    previous_row, row = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


def _within(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` is at most ``limit`` insertions, deletions and substitutions from ``b``."""
    if abs(len(a) - len(b)) > limit:
        return False
    # Letters the two share at either end change nothing.
    start, end = 0, min(len(a), len(b))
    while start < end and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    end = 0
    while end < len(a) and end < len(b) and a[-1 - end] == b[-1 - end]:
        end += 1
    if end:
        a, b = a[:-end], b[:-end]
    if not a or not b:
        return len(a) + len(b) <= limit
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def analyse(text: str) -> list[str]:
    if len(text) > 40 or " " in text:
        return [t.text for t in ANALYZER(text)]
    # A single word (the query's, a sentence's, a synonym's) comes back again and again:
    # its stems are worked out once, for a bounded number of words.
    stems = _ANALYSED.get(text)
    if stems is None:
        stems = tuple(t.text for t in ANALYZER(text))
        if len(_ANALYSED) < 20_000:
            _ANALYSED[text] = stems
    return list(stems)


_ANALYSED: dict[str, tuple[str, ...]] = {}


def _synonym_phrases(knowledge) -> list[list[str]]:
    """The stems of every way of saying a synonym group (the glossary's names included):
    the phrases searches look for, whose documents a build keeps (bot/scorer.py). An
    edited file's layer keeps the same ones (a change of synonyms or glossary is built whole)."""
    return [analyse(phrase) for group in Snapshot._synonym_groups(knowledge) for phrase in group]


class Snapshot:
    """A read-only view of one built index: search it, and look entries up by id."""

    def __init__(self, ix, scorer: Scorer, knowledge: shelf.StoredKnowledge, fingerprint: str, name: str):
        self.ix = ix
        # Searches are scored from arrays (bot/scorer.py); Whoosh keeps the documents'
        # stored fields and filters; the advisers' excerpts are made as its highlighter would.
        self.scorer = scorer
        self.knowledge = knowledge
        self.fingerprint = fingerprint
        self.name = name
        self.signature: tuple = ()
        self.searcher = ix.searcher()
        # One searcher per snapshot, and Whoosh's readers share file positions: threads
        # (Waitress, gunicorn's gthread workers) take turns, or blocks are read torn.
        self._lock = threading.RLock()
        self.corrector = _VocabCorrector(scorer)
        self._doc_count = self.searcher.doc_count()
        self._filters: dict[tuple, np.ndarray] = {}
        self._fixes: dict[str, str | None] = {}
        self._most_documents: dict[str, int] = {}
        self.synonyms = self._synonym_groups(knowledge)
        # Which synonym groups have a phrase starting with each word: a message is
        # looked for only the groups whose phrases can start in it (a phrase is found
        # as whole words, so its first word is one of the message's).
        self._phrase_starts: dict[str, list[int]] = {}
        for number, synonyms in enumerate(self.synonyms):
            for first in {phrase.split(" ")[0] for phrase in synonyms}:
                self._phrase_starts.setdefault(first, []).append(number)
        # Initials stand for a synonym's or a glossary term's phrase, or for a name an
        # entry's keywords give ("NAS": "national apprenticeship service").
        # (Entries are read from disk one by one: read once, for these and the names below.)
        titles, named = [], set()
        for entry in knowledge.entries.values():
            titles.append(entry.title)
            named.update(" ".join(_WORD.findall(k.lower())) for k in entry.keywords)
        self._abbreviated = self.synonyms + [(k,) for k in sorted(named - {p for g in self.synonyms for p in g}) if " " in k]
        self._initialisms = self._initials(self._abbreviated)
        # What the query side makes of a found phrase, and of a word, depends only on
        # the snapshot: made once each (words bounded, as the spelling fixes).
        self._phrase_groups: dict[tuple[int, str], _Group] = {}
        self._phrase_patterns: dict[str, re.Pattern] = {}
        self._word_groups: dict[str, tuple[_Group | None, str | None]] = {}
        # A hit's id, kind, title and topic by document number, read once from its stored fields.
        self._heads: dict[int, tuple[str, str, str, str]] = {}
        self.term_names = {name_key(n): t.id for t in knowledge.terms.values() for n in t.names()}
        # The words that name things (titles, keywords, glossary names, synonym phrases),
        # and each such name's word by its neighbours: voice typing mishears a name
        # ("single root of redress", "the rock ford review", "christine lenny han").
        names = [_WORD.findall(n.lower()) for n in (
            *titles, *named, *(n for t in knowledge.terms.values() for n in t.names()), *(p for g in self.synonyms for p in g))]
        self._naming = frozenset(w for name in names for w in name if len(w) >= MIN_MENDED and w not in STOP_WORDS)
        # (by first letter and length: a name is looked for among a few, not all, at any size)
        self._naming_by_shape: dict[tuple[str, int], list[str]] = {}
        for word in self._naming:
            self._naming_by_shape.setdefault((word[0], len(word)), []).append(word)
        self._named_pairs = frozenset(pair for name in names for pair in zip(name, name[1:]))
        self._between: dict[tuple[str, str], set[str]] = {}
        for name in names:
            for before, word, after in zip(name, name[1:], name[2:]):
                if word in self._naming:
                    self._between.setdefault((before, after), set()).add(word)

    def _heard(self, words: list[str]) -> tuple[list[str], dict[str, str]]:
        """``words`` with a misheard name mended: two words, not both everyday English,
        that together are a word naming a thing ("sen co"), or are a letter or two from
        one where neither is a word of the knowledge ("rock ford", "lenny han"); and a
        word the knowledge never uses that is a letter or two from the one a name has
        between the same neighbours ("single root of redress"). Returns the words and
        what was mended, as typed -> meant."""
        mended, fixes, position = [], {}, 0
        while position < len(words):
            word = words[position]
            # Letters said one by one ("e h c p", "c q c"): the initials the knowledge uses
            # (three or more: "i a" is two words).
            end = position
            while end < len(words) and (len(words[end]) == 1 and words[end].isalpha() or words[end] in LETTER_NAMES):
                end += 1
            initials = "".join(LETTER_NAMES.get(w, w) for w in words[position:end])
            if end - position >= 3 and not english.common(initials) and self._uses_word(initials):
                mended.append(initials)
                fixes[" ".join(words[position:end])] = initials
                position = end
                continue
            after = words[position + 1] if position + 1 < len(words) else ""
            joined = word + after
            halves = after and len(joined) >= MIN_MENDED and word.isalpha() and after.isalpha() \
                and not {word, after} & STOP_WORDS
            # (Two everyday words are meant as two, "head teacher" where a name says it so,
            # unless together they are the very word a name uses and no name says them
            # apart: "news letter" is the "newsletter".)
            everyday = english.common(word) and english.common(after)
            apart = (self._uses_word(word), self._uses_word(after)) if halves else (True, True)
            # A word of the knowledge typed in two, one of them a word it never uses: "task
            # force" is its "taskforce", "work shop" its "workshop".
            compound = halves and not all(apart) and self._uses_word(joined)
            if halves and (compound or (not everyday or (joined in self._naming and (word, after) not in self._named_pairs)) and (
                    joined in self._naming or not any(apart))):
                limit = 2 if len(joined) >= LONG_NAME else 1
                meant = joined if joined in self._naming or compound else self._one_near(joined, [
                    n for size in range(len(joined) - limit, len(joined) + limit + 1)
                    for n in self._naming_by_shape.get((joined[0], size), ())], limit)
                if meant:
                    mended.append(meant)
                    fixes[f"{word} {after}"] = meant
                    position += 2
                    continue
            before = mended[-1] if mended else ""
            if before and after and word.isalpha() and not self._uses_word(word):
                meant = self._one_near(word, self._between.get((before, after), ()), 2)
                if meant:
                    fixes[word] = meant
                    word = meant
            mended.append(word)
            position += 1
        return mended, fixes

    def heard(self, text: str) -> str:
        """``text`` with its misheard names mended (see ``_heard``), all else as typed."""
        with self._lock:
            _, fixes = self._heard(_WORD.findall(text.lower())[:64])
        for typed, meant in fixes.items():
            text = re.sub(r"\b" + r"\W+".join(map(re.escape, typed.split())) + r"\b", meant, text, flags=re.IGNORECASE)
        return text

    def _uses_word(self, word: str) -> bool:
        stems = analyse(word)
        return bool(stems) and self._known(stems[0])

    @staticmethod
    def _one_near(word: str, candidates, limit: int) -> str | None:
        """The one candidate at most ``limit`` letters from ``word``, starting with the
        same letter, if just one is."""
        near = [c for c in candidates if c[0] == word[0] and c != word and _within(word, c, limit)]
        return near[0] if len(near) == 1 else None

    def close(self) -> None:
        self.searcher.close()
        self.scorer.close()
        self.knowledge.close()

    @staticmethod
    def _synonym_groups(knowledge: Knowledge) -> list[tuple[str, ...]]:
        groups = list(knowledge.synonyms)
        for term in knowledge.terms.values():
            groups.append(tuple(" ".join(_WORD.findall(n.lower())) for n in term.names()))
        return [tuple(p for p in g if p) for g in groups]

    @staticmethod
    def _initials(groups: list[tuple[str, ...]]) -> dict[str, tuple[int, str]]:
        """A made-up abbreviation of a phrase of ``groups`` ("SRoR" for
        "single route of redress", "RSS" for "residential special school"): the initials
        of its words, with and without the small ones, to the group and phrase. One that
        two different phrases could make stands for neither."""
        found: dict[str, set[tuple[int, str]]] = {}
        for number, phrases in enumerate(groups):
            for phrase in phrases:
                words = phrase.split(" ")
                if len(words) < 2:
                    continue
                # (A leading "the" is no initial: "the county" is no "TC".)
                inner = list(itertools.dropwhile(lambda w: w in STOP_WORDS, words))
                for letters in {"".join(w[0] for w in inner), "".join(w[0] for w in words if w not in STOP_WORDS)}:
                    if len(letters) >= MIN_INITIALS:
                        found.setdefault(letters, set()).add((number, phrase))
        return {letters: min(meant) for letters, meant in found.items() if len({frozenset(analyse(p)) for _, p in meant}) == 1}

    def records(self) -> dict[str, FileRecord]:
        """What each knowledge file gave this snapshot's build (bot/knowledge.py)."""
        with _reading():
            return self.knowledge.records()

    def entry(self, entry_id: str) -> Entry | GlossaryTerm | None:
        with _reading():
            return self.knowledge.entries.get(entry_id) or self.knowledge.terms.get(entry_id)

    def _citations(self, entry_id: str) -> Callable[[], list[dict]]:
        def make() -> list[dict]:
            item = self.entry(entry_id)
            return item.citations() if item else []
        return make

    def stored(self, docnum: int) -> dict:
        """A document's stored fields, read from the index on demand (hits only)."""
        with _reading(), self._lock:
            return self.searcher.stored_fields(docnum)

    def _max_df(self, stem: str) -> int:
        """The most documents any one field has this stem in. Asked of every word of a
        message several times over (is it known? a name? how rare?): kept per snapshot,
        for a bounded number of stems."""
        found = self._most_documents.get(stem)
        if found is None:
            found = max(self.scorer.document_frequency(f, stem) for f in SEARCH_FIELDS)
            if len(self._most_documents) < 50_000:
                self._most_documents[stem] = found
        return found

    def _allowed(self, topic: str | None, kind: str | None) -> np.ndarray | None:
        """A mask of the documents a topic/kind filter lets through, as Whoosh would find
        them for every search; kept per snapshot (it never changes), for a few dozen filters."""
        terms = [Term(name, value) for name, value in (("topic", topic), ("kind", kind)) if value]
        if not terms:
            return None
        allowed = self._filters.get((topic, kind))
        if allowed is None:
            allowed = np.zeros(self.searcher.doc_count_all(), dtype=bool)
            allowed[list(self.searcher.docs_for_query(And(terms)))] = True
            allowed.flags.writeable = False
            if len(self._filters) < 64:
                self._filters[(topic, kind)] = allowed
        return allowed

    def _fix(self, word: str) -> str | None:
        """The spelling fix for an unknown word, if there is one. The same typos come back
        (the chat and the API search the same message; parents share misspellings), and
        a suggestion costs about 1.5 ms: kept per snapshot, for a bounded number of words."""
        if word not in self._fixes:
            suggestions = self.corrector.suggest(word, limit=1, maxdist=2 if len(word) >= 5 else 1, prefix=1)
            fixed = suggestions[0] if suggestions and suggestions[0] != word else None
            if len(self._fixes) >= 10_000:
                return fixed
            self._fixes[word] = fixed
        return self._fixes[word]

    def _known(self, stem: str) -> bool:
        return self._max_df(stem) > 0

    def _names_topics(self, stem: str) -> bool:
        return any(self.scorer.document_frequency(f, stem) > 0 for f in ("title", "keywords"))

    def mentions(self, name: str) -> bool:
        """Whether the knowledge uses every word of ``name`` anywhere."""
        stems = analyse(name)
        with self._lock:
            return bool(stems) and all(self._known(stem) for stem in stems)

    def uses(self, concept: Concept) -> bool:
        """Whether the knowledge says any of ``concept``'s words (spelling fixed)."""
        with self._lock:
            return any(self._known(stem) for stem in concept.stems)

    def _idf(self, stem: str) -> float:
        n = self._doc_count or 1
        df = self._max_df(stem)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _groups(self, text: str) -> tuple[list[_Group], str | None]:
        # "what do we need to send?": the verb, not SEND (special educational needs).
        if "sen" in text:  # _SEND_VERB's verb is lower case: no match without it
            text = _SEND_VERB.sub(r"\1", text)
        if text != text.lower():  # nor an acronym without a capital
            text = _PLURAL_ACRONYM.sub(r"\1", text)
        words, corrections = self._heard(_WORD.findall(text.lower())[:64])
        normal = " ".join(words)
        lower_case = frozenset(_WORD.findall(text)) if text != text.lower() else frozenset(words)
        groups: list[_Group] = []
        covered = _times_from_now(words)
        starts = self._phrase_starts
        for number in sorted({n for word in set(words) for n in starts.get(word, ())}):
            synonyms = self.synonyms[number]
            for phrase in synonyms:
                if phrase not in normal:  # cheap test first: most phrases are absent
                    continue
                pattern = self._phrase_patterns.get(phrase)
                if pattern is None:  # compiled once here: re's own cache holds fewer than the phrases
                    pattern = self._phrase_patterns[phrase] = re.compile(rf"(?<!\S){re.escape(phrase)}(?!\S)")
                match = pattern.search(normal)
                if not match:
                    continue
                start = normal[:match.start()].count(" ")
                span = set(range(start, start + phrase.count(" ") + 1))
                if span & covered:
                    break
                covered |= span
                group = self._phrase_groups.get((number, phrase))
                if group is None:
                    group = self._phrase_groups[(number, phrase)] = self._phrase_group(synonyms, phrase)
                groups.append(group)
                break
        for position, word in enumerate(words):
            if position in covered:
                continue
            found = self._word_groups.get(word)
            if found is None:
                found = self._word_group(word)
                if len(self._word_groups) < 10_000:
                    self._word_groups[word] = found
            group, fixed, wording = found
            if group is None:
                continue
            if wording is not None and not _names_a_thing(words, position):
                group = wording
            if group.unread and word not in lower_case:
                # Typed with a capital ("Bristol", "IPSEA"), it is a name the knowledge
                # lacks, which does show the knowledge cannot answer.
                group = replace(group, unread=False)
            if fixed:
                corrections[word] = fixed
            groups.append(group)
        corrected = None
        if corrections:
            corrected = " ".join(corrections.get(w, w) for w in words)
        return groups, corrected

    def _phrase_group(self, synonyms: tuple[str, ...], phrase: str) -> _Group:
        """A synonym group found in a message as ``phrase``."""
        alternatives, terms, weight, phrases = [], set(), 0.0, []
        # Alternatives share one weight, so a group with many synonyms cannot
        # outweigh a rare word, yet a passage using several of them still wins.
        alternative_boost = SYNONYM_BOOST / math.sqrt(max(1, len(synonyms) - 1))
        for alternative in synonyms:
            stems = analyse(alternative)
            if not stems:
                continue
            own = alternative == phrase
            alternatives.append((tuple(stems), 1.0 if own else alternative_boost))
            terms |= {(f, s) for f in SEARCH_FIELDS for s in stems}
            phrases.append(frozenset(stems))
            if own:
                weight = max((self._idf(s) for s in stems), default=0.0)
        return _Group(alternatives, terms, weight or 1.0, frozenset(analyse(phrase)), tuple(phrases))

    def _word_group(self, word: str) -> tuple[_Group | None, str | None, _Group | None]:
        """A word of a message outside the synonym phrases, its spelling fix if any, and
        the word as mere wording, where it may be that (see ``UNUSED_COMMON_WEIGHT``)."""
        stems = analyse(word)
        if stems and len(word) == 3 and not self._known(stems[0]) and not english.common(word) \
                and english.mended(word) == word + word[-1]:
            # A double letter typed once ("wil", "shal") is the word meant; too short for
            # the spelling fix, which would take "yrs" for "yes".
            word = word + word[-1]
            stems = analyse(word)
        if not stems:
            return None, None, None
        stem = stems[0]
        fixed = None
        if not self._known(stem) and len(word) >= 4 and word.isalpha() and english.common(word):
            # "the redress trail", "when dose it start": a word the knowledge never uses with
            # two letters swapped is the little word, or the one word naming a topic, meant
            # (a title's or keyword's: "so tired" is no "so tried").
            meant = [w for w in {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)} - {word}
                     if w in STOP_WORDS or (analyse(w) and self._names_topics(analyse(w)[0]))]
            if len(meant) == 1 and meant[0] in STOP_WORDS:
                return None, None, None
            fixed = meant[0] if len(meant) == 1 else None
        if not self._known(stem) and word in self._initialisms and word.isalpha() and not english.common(word) \
                and (len(word) > MIN_INITIALS or word not in english.counts()):
            # Nowhere in the knowledge, but the initials of a phrase it has: that phrase.
            number, phrase = self._initialisms[word]
            return self._phrase_group(self._abbreviated[number], phrase), None, None
        if not self._known(stem) and len(word) >= 4 and not english.common(word) \
                and (meant := english.mended(word)) in STOP_WORDS and meant[0] == word[0]:
            # "actualy", "shoud", "thier": a slip in a word that names nothing, not a rare
            # word. (A slip rarely changes the first letter: "Leeds" is no "needs".) But
            # "govt" is "government" written short, not "got".
            fixed = next(iter(self.corrector.skeletons(word)), None)
            if not fixed:
                return None, None, None
        if not fixed and not self._known(stem) and word.isalpha():
            # A form the knowledge never uses of a word it does ("ministerial" of "minister",
            # "governmental" of "government"): the word itself.
            fixed = next((base for suffix in DERIVED_SUFFIXES if word.endswith(suffix) and len(word) - len(suffix) >= 4
                          for base in (word[:-len(suffix)],) if (stems := analyse(base)) and self._known(stems[0])), None)
        # Spelling fixes are for typos in real words; a 2,000-letter "word" is neither.
        # A common word is meant as typed, and so is a rarer form of one ("fares" of "fare").
        unknown = not self._known(stem) and len(word) <= MAX_CORRECTABLE and not english.common(word) \
            and not (word.endswith("s") and english.common(word[:-1]))
        if unknown and not fixed and len(word) >= 4 and not word.isdigit():
            fixed = self._fix(word)  # a typo
        if not fixed and unknown and len(word) >= 3 and word.isalpha():
            # A word cut short as people type ("eval", "indep", "gov"): the word it begins,
            # or, where it begins words of several families ("sec of state": secretary,
            # second, section), each of them, and the passages decide.
            meant = self.corrector.completions(word) or \
                (self.corrector.completions(word[:-1]) if word.endswith("s") and len(word) > 3 else []) or \
                (self.corrector.skeletons(word) if len(word) >= 4 else [])
            if len(meant) == 1:
                fixed = meant[0]
            elif meant:
                stems = [analyse(m)[0] for m in meant]
                boost = 1.0 / math.sqrt(len(stems))
                group = _Group([((s,), boost) for s in stems], {(f, s) for f in SEARCH_FIELDS for s in stems},
                               min(self._idf(s) for s in stems), frozenset({stem}), tuple(frozenset({s}) for s in stems))
                return group, None, None
        use = analyse(fixed)[0] if fixed and analyse(fixed) else stem
        weight = self._idf(stem) if not fixed else self._idf(use)
        unread = unknown and not fixed and word.isalpha() and word not in english.counts()
        group = _Group([((use,), 1.0)], {(f, use) for f in SEARCH_FIELDS}, weight, frozenset({stem}), (frozenset({use}),),
                       unread)
        wording = None
        # So is a letter or two the knowledge never uses ("not as gd as they could be"):
        # phone shorthand, too short to correct, is no subject the knowledge lacks.
        if not fixed and not self._known(stem) and (english.common(word) or len(word) <= 2 and word.isalpha()) \
                and word not in english.PRESENT:
            wording = replace(group, weight=min(weight, UNUSED_COMMON_WEIGHT))
        return group, fixed or None, wording

    def concepts(self, text: str) -> list[Concept]:
        with _reading(), self._lock:
            groups, _ = self._groups(text[:2000])
        return [g.concept for g in groups]

    def search(self, text: str, limit: int = 10, topic: str | None = None, kind: str | None = None) -> Results:
        started = time.perf_counter()
        text = text[:2000]
        results = Results(query=text)
        with _reading(), self._lock:
            groups, results.corrected = self._groups(text)
            allowed = self._allowed(topic, kind) if groups else None
        if groups:
            # The scorer reads its file by offset, with no shared position: threads score
            # without the lock.
            limit = max(1, min(limit, 100))
            alternatives = [a for g in groups for a in g.alternatives]
            with _reading():
                ranking = self.scorer.top(alternatives, SEARCH_FIELDS, limit, allowed)
            excerpts = _Excerpts(self, ranking, allowed)
            total_weight = sum(g.weight for g in groups) or 1.0
            for found in ranking.hits:
                # A synonym phrase counts only when one of its ways of saying it is there whole:
                # "test" alone does not make a passage about the times tables test.
                stems = {t for _, t in found.matched}
                matched_weight = sum(g.weight for g in groups if g.terms & found.matched
                                     and (not g.phrases or any(p <= stems for p in g.phrases)))
                head = self._heads.get(found.docnum)
                if head is None:
                    stored = self.stored(found.docnum)
                    head = (stored["id"], stored["kind"], stored["title"], stored["topic"])
                    if len(self._heads) < 10_000:
                        self._heads[found.docnum] = head
                results.hits.append(Hit(*head, found.score, matched_weight / total_weight, matched_weight,
                                        excerpts.of(found.docnum), self._citations(head[0])))
        results.took_ms = (time.perf_counter() - started) * 1000
        return results
