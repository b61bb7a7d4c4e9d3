"""Safety first: is anyone at risk in this message, how urgently, and who can help.

Every channel runs ``Safety.check`` on the whole message before anything else. Two nets:

1. The lexicon in ``data/safety.yml``, owned by a safeguarding lead: phrases by category
   and tier, matched on word roots with typos, text-speak and spacing forgiven, after
   removing look-alike sayings ("dying to start college", "at risk of exclusion").
2. A small linear classifier over word and character n-grams (``data/safety_model.npz``,
   trained by ``python -m bot train-safety`` on ``data/safety_corpus/``). What it flags
   and the lexicon does not becomes a *concern*: helplines, never a silent miss.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import logging

import numpy as np
import yaml
from whoosh.lang.porter import stem

from bot import english

log = logging.getLogger(__name__)
DATA_DIR = Path(__file__).parent / "data"
LEXICON_FILE = DATA_DIR / "safety.yml"
MODEL_FILE = DATA_DIR / "safety_model.npz"
TIERS = ("emergency", "concern")
# A category's "alone" phrases ("no pulse", "rope ** help") are emergencies only in a
# message of at most ``alone_words`` words: typed in panic, a few words say it all; in a
# longer message the same words are most often an adviser's keywords or a question.
ALONE = "alone"
ALONE_WORDS = 5
PHRASE_TIERS = (*TIERS, ALONE)  # the lists a category's phrases may be under
GAPS = {"*": 3, "**": 8, "***": 15}
HASH_BITS = 18
# Below this many words a message gives the classifier too little to go on ("tell me
# more" scored as risk); short risk messages are the lexicon's job.
MIN_CLASSIFIED_WORDS = 4
FILLER = frozenset("my his her their our your the a an this that some own me ma mi".split())
# Words that deny what follows, as the roots have them: "not recovering" is no recovery.
_NEGATIONS = frozenset("not never no isnt hasnt havent hadnt wasnt werent arent dont doesnt didnt wont cant".split())
# A word's letters, with the vowel signs of the Indic scripts (Devanagari to Malayalam),
# which are marks, not letters, to a regex: without them "बेटा" fell apart into "ब" "ट".
# The danda ("।", "॥") in that block is the full stop of Hindi and Bengali, no letter.
_LETTER = r"(?:[^\W_]|[\u0900-\u0963\u0966-\u0dff])"
_ENDS = ".!?\u0964\u0965"
_TOKEN = re.compile(rf"{_LETTER}+(?:'{_LETTER}+)?", re.UNICODE)
# Pictures that say a word ("🩸", "🔪", "🆘") are read as words by the lexicon, one each,
# where its "spellings" give them one; any other picture is passed over.
_PICTURE = "\U0001F300-\U0001FAFF\u2600-\u27BF"
_IS_PICTURE = re.compile(rf"[{_PICTURE}]")
_TOKEN_OR_END = re.compile(rf"{_LETTER}+(?:'{_LETTER}+)?|[{_ENDS}]+(?=\s|$)|\n|[{_PICTURE}]", re.UNICODE)
SENTENCE_END = "."
# "ROPE. LOFT. HELP", "knife. kitchen. now": a stop between bits of a word or two is how
# panic is typed, not the end of a thought: such bits are read as one sentence.
FRAGMENT_WORDS = 2
SPEECH_WORDS = 3  # from this many words, a quote is someone's speech whatever it says
# Quoted words: a pair of quotes around a stretch of text, the opening one after a space
# or the start; an apostrophe inside a word ("I'm", "Down's") neither opens nor closes one.
_QUOTED = re.compile(r"(?:^|(?<=[\s(:,]))[\"“'‘](?:[^\"“”'‘’]|(?<=\w)['’](?=\w)){2,200}?[\"”'’](?=[\s.,!?;:)]|$)")
# A message passed on word for word ("she's just messaged 'they won't let me leave'",
# "she mouthed 'help'", "stated 'this is goodbye'") is the person at risk speaking, not
# words someone is quoted as shouting.
_RELAYED = re.compile(r"\b(?:texted|texting|text|messaged|messaging|message|sent|wrote|written|posted|snapchatted|"
                      r"whatsapped|dm'?e?d|emailed|note said|note says|stated|disclosed|mouthed|mouthing|whispered|signed|signalled"
                      # ...or rang: "a child has just phoned the school office from home saying 'daddy is hurting mummy'"
                      r"|voicemail said|voicemail says|left a voicemail|phoned|rang|rung"
                      # ...or put up where friends see it: "put on snap 'this is the last time...'"
                      r"|put (?:up )?on (?:snap|snapchat|insta|instagram|tiktok|facebook|fb|(?:his|her|their) (?:story|status)))\b"
                      r"(?: (?:me|us|her|him|them|to \w+|on \w+|this|that|saying|just|(?:the|a|our|my) (?:[\w']+ ){0,2}[\w']+"
                      # ...and where: "posted in our whatsapp group 'this is my last message'"
                      r"|from (?:[\w']+ ){0,4}[\w']+|(?:on|in) (?:his|her|their|my|our|the|a|your) (?:[\w']+ )?[\w']+))*:? [\"“'‘]",
                      re.IGNORECASE)
# A disclosure is told in a sentence; a few keywords ("NDTi partner on CYP pathways")
# are an adviser's search, which the classifier alone never makes an emergency.
MIN_TOLD_WORDS = 8
MAX_ASKING_WORDS = 15  # a question shorter than this, with no word of risk, is only a question to an unsure classifier
THIN_QUESTION_WORDS = 25  # a question this long, whose risk the classifier spreads thin, is no 999 reply on its word alone
# Below this, the classifier is all but sure a message is ordinary: a lexicon emergency
# told in a sentence is then a concern. Fewer than 2% of the corpus's dev risk messages
# score below it (with "none" weighed 4:1 in training, scores run lower than they did
# when this was 0.05).
ALMOST_SURELY_ORDINARY = 0.02
# A message of this many words or more, of which fewer than this share are words of a
# language the bot knows, is read as unreadable (and so as a possible emergency).
MIN_UNREADABLE_WORDS = 4
UNREADABLE_SHARE = 0.34
# A message this long may end with the danger after a question about school ("...sorry,
# I need to stop, he's having a seizure and it's gone on 10 minutes"): its ordinary words
# drown the ending for the classifier, so its last two sentences are read alone too.
LONG_MESSAGE_WORDS = 40
# What the classifier reads in how a writer feels, which the end of a long question may tell
# ("I feel like I'm going mad"): not the 999 reply without the lexicon's words for it.
FEELINGS = frozenset({"suicide", "distress"})
# Any stop or line break ends a sentence: people type "im stood in his room" in lower case,
# which knowledge.split_sentences (a capital after the stop) would run into the sentence before.
_SENTENCE_BREAK = re.compile(rf"(?<=[{_ENDS}])\s+|\n+")
UNREADABLE = "unreadable"
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "$": "s", "@": "a", "!": "i"})
_FOLD = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "ß": "ss", "đ": "d", "æ": "ae", "œ": "oe", "’": "'", "‘": "'"})


@dataclass(frozen=True)
class Verdict:
    tier: str | None         # "emergency", "concern" or None
    category: str | None
    matched: str = ""        # the lexicon phrase or "classifier": for staff and tests, never stored
    look_alike: bool = False  # no risk, but the words of a look-alike were read ("on the news, a boy drowned")
    told_as_happening: bool = False  # the risk's own sentence tells it as now, nothing past ("seizing now, it's been 8 minutes")

    @property
    def at_risk(self) -> bool:
        return self.tier is not None


NO_RISK = Verdict(None, None)


class Timing(NamedTuple):
    now: bool      # said to be happening now ("right now", "tonight", "ahora", or a bare "now")
    plainly: bool  # in so many words ("right now", "tonight", "bleeding"), not only "he's 11 now"
    past: bool     # placed in the past ("when he was little", "two years ago") or said to be well again, nothing plainly now
    recovered: bool = False  # ...and only by being well again ("she's fine now")
    habitual: bool = False   # told as what happens again and again ("every night", "like clockwork"), no word of now

    def lowers(self, rules: dict) -> bool:
        """Whether this placing makes a category's danger something told, not happening:
        the past does where ``past_lowers``; being well again too, unless the category
        says ``recovery_lowers: false`` (a poisoning can do harm hours later)."""
        return self.past and bool(rules.get("past_lowers")) and not (self.recovered and rules.get("recovery_lowers") is False)


@dataclass(frozen=True)
class Service:
    name: str
    how: str

    def line(self) -> str:
        return f"{self.name}: {self.how}."


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe: what people type on any keyboard."""
    if text.isascii():
        return text.lower()  # nothing to fold, decompose or drop
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


SEGMENT_MIN = 14        # letters: a run this long that is in no list is several words typed as one
SEGMENT_WORD = 1000     # how common in English each piece of such a run must be


def _segmented(word: str, lexicon_word: Callable[[str], bool]) -> tuple[str, ...] | None:
    """Words typed without spaces, split into common English words, the fewest and
    commonest pieces first: "mysonismissing" -> ("my", "son", "is", "missing"). None when
    some stretch is no common word (a compound in another language stays whole). A word
    of the lexicon's own counts as common, however rare in English ("...inhalernotworking"),
    and so does text-speak it spells out ("imgoing...", "...isntworking")."""
    counts = english.counts()
    if word in counts:
        return None  # a long word of its own ("characteristically")
    runs = re.findall(r"[a-z]+|[^a-z]+", word)
    if any(not run.isascii() for run in runs):
        return None
    pieces: list[str] = []
    for run in runs:
        if not run.isalpha():
            pieces.append(run)
            continue
        # best[end]: the cheapest split of run[:end]; each piece costs more the rarer it is.
        best: list[tuple[float, tuple[str, ...]] | None] = [(0.0, ())] + [None] * len(run)
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - 20), end):
                if best[start] is None:
                    continue
                piece = run[start:end]
                n = counts.get(piece, 0)
                if n < SEGMENT_WORD and len(piece) >= 2 and lexicon_word(piece):
                    n = SEGMENT_WORD
                if n < SEGMENT_WORD or (len(piece) == 1 and piece not in "ai"):
                    continue
                cost = best[start][0] + 30.0 - math.log(n)
                if best[end] is None or cost < best[end][0]:
                    best[end] = (cost, best[start][1] + (piece,))
        if best[-1] is None:
            return None
        pieces += best[-1][1]
    return tuple(pieces) if len(pieces) >= 3 else None


def words(text: str, sentences: bool = False) -> list[str]:
    """The message's words; with ``sentences``, a "." between sentences, which no
    phrase's gap can cross ("I want to push them. ... my son" is no threat)."""
    return list(_words(text, sentences))


@functools.lru_cache(maxsize=16)
def _words(text: str, sentences: bool) -> tuple[str, ...]:
    """``words``, kept for the last few texts: one check reads a message's words three
    times (the classifier, its count, the unreadable test)."""
    out = []
    for word in (_TOKEN_OR_END if sentences else _TOKEN).findall(fold(text)):
        if word[0] in _ENDS or word[0] == "\n":
            if out and out[-1] != SENTENCE_END:
                out.append(SENTENCE_END)
            continue
        out.append(_spelled(word))
    return _joined_fragments(out) if sentences else tuple(out)


def _joined_fragments(tokens: list[str]) -> tuple[str, ...]:
    """The tokens less each stop that only parts bits of ``FRAGMENT_WORDS`` words or fewer."""
    sentences: list[list[str]] = [[]]
    for token in tokens:
        if token == SENTENCE_END:
            sentences.append([])
        else:
            sentences[-1].append(token)
    out: list[str] = []
    for before, after in zip(sentences, sentences[1:] + [None]):
        out += before
        if after is not None and not (len(before) <= FRAGMENT_WORDS and len(after) <= FRAGMENT_WORDS):
            out.append(SENTENCE_END)
    return tuple(out)


@functools.lru_cache(maxsize=1 << 14)
def _spelled(word: str) -> str:
    """One word as ``words`` gives it (the same words recur: each is worked out once)."""
    # "su1c1de", "k!ll": digits and symbols standing in for letters.
    if any(c.isalpha() for c in word) and any(c in "013457$@!" for c in word) and not re.search(r"\d+(yo|yr|y|th|st|nd|rd|s|x|am|pm|mins?|hrs?|min|kg|mg|ml)?$", word):
        word = word.translate(_LEET)
    # "soooo", "killll": a letter held down.
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


@functools.cache
def _common_roots() -> frozenset[str]:
    """The roots of common English words: a misspelt "engagment" is "engagement" gone
    wrong (its root "engag" is that word's), never a risk word one letter away."""
    return frozenset(stem(w) for w, n in english.counts().items() if n >= english.COMMON_WORD and w.isascii())


@functools.lru_cache(maxsize=1 << 14)
def root(word: str, keep: frozenset[str] = frozenset()) -> str:
    """A word's root ("cutting" -> "cut"); words in ``keep`` stay whole, where a root
    would join two meanings ("missing" a child, "missed" a deadline)."""
    word = word.replace("'", "")
    if word in keep or word + "g" in keep and word.endswith("in"):
        return word if word in keep else word + "g"
    return stem(word) if word.isascii() else word


# Arabic's "and" (و) and "so" (ف), written as the first letter of the next word.
_JOINED_AND = frozenset("وف")


class _Phrase:
    """One line of the lexicon, compiled: slots of accepted roots, with gaps between."""

    def __init__(self, text: str, lists: dict[str, frozenset[tuple[str, ...]]], keep: frozenset[str] = frozenset(),
                 spell: Callable[[list[str]], list[str]] = list):
        self.text = text
        self.keep = keep
        self.slots: list[tuple[int, tuple[tuple[str, ...], ...]]] = []  # (gap before, alternatives)
        gap = 0
        for part in text.split():
            if part in GAPS:
                gap = GAPS[part]
                continue
            alternatives: set[tuple[str, ...]] = set()
            for alt in part.split("|"):
                if alt.startswith("@"):
                    alternatives |= lists[alt[1:]]
                else:
                    # Spelled out as a message is ("she's just" as "she is just"), or it never matches one.
                    alternatives.add(tuple(root(w, keep) for w in spell(words(alt.replace("_", " ")))) or (alt,))
            self.slots.append((gap, tuple(alternatives)))
            gap = 0
        self.first_words = frozenset(alt[0] for alt in self.slots[0][1]) if self.slots else frozenset()
        # Each slot's alternatives by their first word, in the slot's order: only those
        # starting with the word at hand are tried (a @list gives a slot hundreds).
        self._by_first: list[dict[str, tuple[tuple[str, ...], ...]] | None] = []
        for _, alternatives in self.slots:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for alt in alternatives:
                by_first.setdefault(alt[0] if alt else "", []).append(alt)
            # An empty alternative matches anywhere: such a slot tries them all, as they stand.
            self._by_first.append(None if "" in by_first else {w: tuple(a) for w, a in by_first.items()})
        # A match has a word of every slot: a message lacking one is passed over at once.
        self._needed = [frozenset(by_first) for by_first in self._by_first if by_first is not None]
        # The phrase is looked for only in messages with a word of its narrowest slot: a
        # first slot of @child ("he", "she", "son"...) is in nearly every message, its
        # "run_off" in few.
        frequency = english.counts()
        self.key_words = min(self._needed, key=lambda needed: sum(frequency.get(w, 1) for w in needed)) \
            if self._needed else self.first_words

    def vocabulary(self) -> set[str]:
        return {w for _, alts in self.slots for alt in alts for w in alt}

    def spelled_out(self) -> set[str]:
        """The words written in the phrase itself (not from a @list): the only ones a
        typo is corrected to, so "mediation" never becomes "medication"."""
        return {root(w, self.keep) for part in self.text.split() for alt in part.split("|")
                if not alt.startswith("@") for w in words(alt.replace("_", " "))}

    def find(self, roots: list[str], where: dict[str, list[int]]) -> tuple[int, int] | None:
        """The span of the first match in ``roots``, or None. ``where`` maps each root
        to its positions, so only places where the phrase can start are tried."""
        present = where.keys()
        for needed in self._needed:
            if present.isdisjoint(needed):  # walks the smaller side
                return None
        # A @list can give a phrase hundreds of first words; walk the smaller side.
        if len(self.first_words) <= len(where):
            firsts = [w for w in self.first_words if w in where]
        else:
            firsts = [w for w in where if w in self.first_words]
        starts = sorted(i for w in firsts for i in where[w])
        for start in starts:
            end = self._match(roots, 0, start, anchored=True)
            if end is not None:
                return start, end
        return None

    def _match(self, roots: list[str], slot: int, at: int, anchored: bool) -> int | None:
        if slot == len(self.slots):
            return at
        gap, alternatives = self.slots[slot]
        reach = 0 if anchored else gap
        if not anchored and reach == 0 and at < len(roots) and roots[at] in FILLER:
            reach = 1  # "find [my] son", "hurt [the] baby": a possessive never breaks a phrase
        for skip in range(reach + 1):
            position = at + skip
            if skip and position - 1 < len(roots) and roots[position - 1] == SENTENCE_END:
                break
            by_first = self._by_first[slot]
            if by_first is not None:
                alternatives = by_first.get(roots[position], ()) if position < len(roots) else ()
            for alt in alternatives:
                if tuple(roots[position:position + len(alt)]) == alt:
                    end = self._match(roots, slot + 1, position + len(alt), anchored=False)
                    if end is not None:
                        return end
        return None


def positions(roots: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, r in enumerate(roots):
        where.setdefault(r, []).append(i)
    return where


def _starts(phrases: Iterable[_Phrase]) -> dict[str, list[int]]:
    """Which phrases (by place in the list) each root can be part of (their key words)."""
    starts: dict[str, list[int]] = {}
    for n, phrase in enumerate(phrases):
        for word in phrase.key_words:
            starts.setdefault(word, []).append(n)
    return starts


def _candidates(starts: dict[str, list[int]], where: dict[str, list[int]]) -> list[int]:
    """The phrases that can be somewhere in the message, in lexicon order (the first
    emergency found wins, so the order is the safeguarding lead's)."""
    return sorted({n for word in where for n in starts.get(word, ())})


def _said(phrases: list[_Phrase], starts: dict[str, list[int]], roots: list[str], where: dict[str, list[int]]) -> bool:
    """Whether any of the phrases is in the message."""
    return any(phrases[n].find(roots, where) for n in _candidates(starts, where))


def _spans(phrases: list[_Phrase], starts: dict[str, list[int]], roots: list[str],
           where: dict[str, list[int]]) -> list[tuple[int, int]]:
    """Where the phrases are said in the message."""
    return [span for n in _candidates(starts, where) if (span := phrases[n].find(roots, where))]


class Lexicon:
    def __init__(self, data: dict, known: frozenset[str] = frozenset()):
        # Words seen spelled this way in ordinary messages are real words, never typos
        # to correct ("prevention" is not a misspelt "present").
        self.known = known
        # A list item may be several words ("nail_varnish_remover"): it matches as a run.
        self.keep = frozenset(str(w).lower() for w in data.get("keep_whole") or [])
        self.spellings = {tuple(words(str(k).replace("_", " "), sentences=True)): words(str(v))
                          for k, v in (data.get("spellings") or {}).items()}
        self._spelling_starts = frozenset(key[0] for key in self.spellings if key)
        lists = {name: frozenset(tuple(root(w, self.keep) for w in self._spell(words(str(v).replace("_", " ")))) for v in values)
                 for name, values in (data.get("words") or {}).items()}
        compile_ = lambda items: [_Phrase(str(p), lists, self.keep, self._spell) for p in items or []]  # noqa: E731
        # A "now" or "chat" item is a run of words ("right now"), or a pattern like the
        # phrases' ("can * hear * him").
        compile_runs = lambda items: compile_(w if " * " in w else w.replace(" ", "_") for w in items or [])  # noqa: E731
        self.not_risk = compile_(data.get("not_risk"))
        self.now = compile_runs(data.get("now"))
        # Past words lower a tier unless it is plainly happening now: a bare "now" ("now
        # they're in the same class") or "today" ("he's fine today") does not undo "last term".
        weak = {str(w) for w in data.get("weak_now", ["now"]) or []}
        self.now_plainly = [p for p in self.now if p.text not in weak]
        self.past = compile_(data.get("past"))
        self.recovered = compile_(data.get("recovered"))
        self.habit = compile_runs(data.get("habit"))
        self.chat = compile_runs(data.get("chat"))
        self._chat_starts = _starts(self.chat)
        self.calm = compile_runs(data.get("calm"))
        self._calm_starts = _starts(self.calm)
        self.people = compile_runs(data.get("people"))
        self._people_starts = _starts(self.people)
        self.categories: dict[str, dict] = data.get("categories") or {}
        self.phrases: list[tuple[str, str, _Phrase]] = [
            (tier, category, phrase)
            for category, tiers in (data.get("phrases") or {}).items()
            for tier in PHRASE_TIERS
            for phrase in compile_((tiers or {}).get(tier))]
        self.alone_words = int(data.get("alone_words", ALONE_WORDS))
        self.vocabulary = set().union(*(p.vocabulary() for _, _, p in self.phrases)) if self.phrases else set()
        self.own_words = self.vocabulary.union(*(p.vocabulary() for p in (*self.not_risk, *self.now, *self.past, *self.recovered, *self.habit, *self.chat,
                                                                           *self.calm, *self.people)))
        self._risk_starts = _starts(p for _, _, p in self.phrases)
        self._not_risk_starts = _starts(self.not_risk)
        self._now_starts, self._now_plainly_starts, self._past_starts, self._recovered_starts, self._habit_starts = map(
            _starts, (self.now, self.now_plainly, self.past, self.recovered, self.habit))
        # Typos are mended towards risk words, in phrases and lists alike; words ordinary
        # messages spell ("mediation", "prevention") are never taken for typos.
        exact = set(data.get("exact_only") or [])
        listed = {w for name, items in lists.items() if name not in exact for item in items for w in item}
        targets = set().union(*(p.spelled_out() for _, _, p in self.phrases)) | listed
        self._typos = _TypoIndex(w for w in targets if len(w) >= 5 and w.isascii())
        # Each lexicon splits runs with its own words, so each keeps its own splits.
        self._segmented = functools.lru_cache(maxsize=1024)(functools.partial(_segmented, lexicon_word=self._segment_word))

    def roots(self, text: str) -> list[str]:
        """The message as roots: text-speak spelled out, g's restored, typos and
        joined words mapped to the lexicon's own words."""
        out: list[str] = []
        for word in self._spell(words(text, sentences=True)):
            if len(word) >= SEGMENT_MIN and word not in self.vocabulary and (pieces := self._segmented(word)):
                # "mysonismissingpleasehelp": a whole message typed without spaces.
                out += [root(p, self.keep) for p in self._spell(list(pieces))]
                continue
            r = root(word, self.keep)
            if r in self.own_words:
                pass  # a word the lexicon itself uses ("zaraz", "within") is never mended into another
            elif word[:1] in _JOINED_AND and len(word) >= 3 and (bare := root(word[1:], self.keep)) in self.own_words:
                r = bare  # Arabic writes "and" on the word it joins: "وبلع" is "and swallowed", "ولا" "and not"
            elif word.endswith("in") and root(word + "g", self.keep) in self.vocabulary:
                r = root(word + "g", self.keep)  # "cuttin", "bleedin"
            elif len(word) >= 5 and word[-1] == "d" and word[-2] not in "aeiou'" \
                    and root(word[:-1] + "ed", self.keep) in self.vocabulary:
                r = root(word[:-1] + "ed", self.keep)  # "harmd", "stabbd": the e of "-ed" left out
            elif r not in self.vocabulary and (doubled := _doubled(word)) and root(doubled, self.keep) in self.vocabulary:
                r = root(doubled, self.keep)  # "cuting", "staby": the consonant typed once
            elif r not in self.vocabulary and word not in self.known and len(word) >= 5 and "'" not in word \
                    and not english.known(word) and r not in _common_roots():
                # A contraction ("aren't") is a word typed on purpose, never a typo; nor is
                # a word English has as one two run together ("babysitting", "overdoing").
                split = self._split(word)
                if split:
                    out += split
                    continue
                r = self._typos.correct(r) or self._typos.correct(word) or r
            out.append(r)
        # The message ends a sentence too: "my daughter's gone" says all it says.
        if out and out[-1] != SENTENCE_END:
            out.append(SENTENCE_END)
        return out

    def _spell(self, tokens: list[str]) -> list[str]:
        """Text-speak and contractions spelled out: "kms" as "kill myself", "she's" as "she is".
        A script written without spaces ("现在一直吐") is read a character at a time, in
        messages and in the lexicon alike, so "现在" (now) is found inside it."""
        if any(_UNSPACED.search(t) for t in tokens):
            tokens = [piece for t in tokens for piece in (list(t) if _UNSPACED.search(t) else [t])]
        spelled: list[str] = []
        i = 0
        starts = self._spelling_starts
        while i < len(tokens):
            if tokens[i] not in starts and tokens[i].replace("'", "") not in starts:
                if not _IS_PICTURE.match(tokens[i]):
                    spelled.append(tokens[i])  # no spelling starts with this word
                i += 1
                continue
            for size in (3, 2, 1):
                # "he's" is spelled out as "hes" is: the apostrophe is optional on a phone.
                key = tuple(t.replace("'", "") for t in tokens[i:i + size])
                key = key if key in self.spellings else tuple(tokens[i:i + size])
                if len(key) == size and key in self.spellings:
                    spelled += self.spellings[key]
                    i += size
                    break
            else:
                spelled.append(tokens[i])
                i += 1
        return spelled

    def _segment_word(self, piece: str) -> bool:
        """A piece of a run typed without spaces that is a word of the lexicon's own, or
        text-speak it spells out ("im", "isnt")."""
        return (piece,) in self.spellings or (len(piece) >= 4 and piece in english.counts()
                                              and root(piece, self.keep) in self.vocabulary)

    def _split(self, word: str) -> list[str] | None:
        """"selfharm", "killmyself": two lexicon words typed as one."""
        for cut in range(2, len(word) - 1):
            left, right = root(word[:cut], self.keep), root(word[cut:], self.keep)
            if left in self.vocabulary and right in self.vocabulary and len(word[:cut]) >= 2 and len(word[cut:]) >= 3:
                return [left, right]
        return None

    def _without_look_alikes(self, text: str) -> tuple[list[str], dict[str, list[int]]]:
        """The message's roots with the look-alike sayings blanked, and where each root is."""
        said = self.roots(text)
        where = positions(said)
        roots = said
        for n in _candidates(self._not_risk_starts, where):
            # Each saying is looked for in the message as written, not in what the sayings
            # before it left: "risk assessment" blanked as a look-alike of its own must not
            # hide "risk assessment says he runs off" from the rule that reads it whole.
            span = self.not_risk[n].find(said, where)
            if span is None:
                continue  # most messages: nothing copied, nothing re-indexed
            left = list(said)
            roots = list(said) if roots is said else roots
            while span is not None:
                # Look-alikes are blanked, not dropped, so words either side never join up.
                left[span[0]:span[1]] = roots[span[0]:span[1]] = ["~"] * (span[1] - span[0])
                span = self.not_risk[n].find(left, positions(left))
        return roots, where if roots is said else positions(roots)

    def check(self, text: str) -> Verdict:
        roots, where = self._without_look_alikes(text)
        best: Verdict = NO_RISK
        raised: Verdict = NO_RISK
        few = sum(r != SENTENCE_END for r in roots) <= self.alone_words
        for n in _candidates(self._risk_starts, where):
            tier, category, phrase = self.phrases[n]
            if tier == ALONE and not few:
                continue
            span = phrase.find(roots, where)
            if span is None:
                continue
            timing, happening = self._told_when(roots, where, span)
            found = Verdict(self._tier("emergency" if tier == ALONE else tier, category, timing), category, phrase.text,
                            told_as_happening=happening)
            if found.tier == "emergency" and tier != "concern":
                return found
            # A concern made an emergency by a "now" word names the danger less exactly
            # than a phrase written as one: "I'm going to hurt him. please send someone"
            # is a parent afraid of hurting their child, not the abuse a concern phrase reads.
            if found.tier == "emergency" and raised.tier is None:
                raised = found
            if best.tier is None:
                best = found
        if raised.tier or best.tier:
            return raised if raised.tier else best
        return Verdict(None, None, look_alike=True) if "~" in roots else NO_RISK

    def timing(self, text: str) -> Timing:
        """When the message places what it tells (see ``Timing``), look-alikes aside:
        "I've just been told..." is news, not something happening now."""
        return self._timing(*self._without_look_alikes(text))

    def _timing(self, roots: list[str], where: dict[str, list[int]]) -> Timing:
        # A "now" said inside a telling of the past or of being well again is part of it:
        # "they found him in 20 mins" tells how long a search took, "doing really well at
        # the moment" how a child is, not what happens now.
        pasts = _spans(self.past, self._past_starts, roots, where)
        # "Not recovering between them" is no recovery, whatever word it shares with one.
        wells = [(start, end) for start, end in _spans(self.recovered, self._recovered_starts, roots, where)
                 if not start or roots[start - 1] not in _NEGATIONS]
        plain = [start for start, end in _spans(self.now_plainly, self._now_plainly_starts, roots, where)
                 if not any(s <= start and end <= e for s, e in pasts + wells)]
        # Well again after it, as told: "a seizure this morning, came round as normal" is over.
        plainly = bool(plain) and not (wells and max(s for s, _ in wells) > max(plain))
        # A bare "now" does not undo the past ("an overdose two years ago, doing well
        # now"); "right now", "tonight" do.
        past = not plainly and bool(pasts)
        recovered = not plainly and not past and bool(wells)
        now = plainly or _said(self.now, self._now_starts, roots, where)
        # ("...waits for him every day, and today he got in his car": the pattern broke today.)
        habitual = not now and _said(self.habit, self._habit_starts, roots, where)
        return Timing(now, plainly, past or recovered, recovered, habitual)

    def told_besides_the_chat(self, text: str) -> int | None:
        """How many words the message says besides speaking of the chat itself ("back in
        a sec", "sorry I was rude earlier"), or None if it does not speak of the chat."""
        roots = self.roots(text)
        where = positions(roots)
        spans = _spans(self.chat, self._chat_starts, roots, where)
        if not spans:
            return None
        said = {i for start, end in spans for i in range(start, end)}
        return sum(r != SENTENCE_END and i not in said for i, r in enumerate(roots))

    def _told_when(self, roots: list[str], where: dict[str, list[int]], span: tuple[int, int]) -> tuple[Timing, bool]:
        """When the message places the risk found at ``span``, and whether its own
        sentence tells it as happening. A sentence that says its risk is now, and
        nothing past, is now, whatever other sentences place in the past ("...the school
        didn't call 999 last week. He is having a seizure now on the sofa, it's been about
        8 minutes"), when it says so plainly or twice: one bare "now" is as often a
        child's age or where things stand ("she's in Year 3 now")."""
        start, end = span
        first = max((i for i in range(start) if roots[i] == SENTENCE_END), default=-1) + 1
        last = next((i for i in range(end, len(roots)) if roots[i] == SENTENCE_END), len(roots))
        own = roots[first:last]
        whole = len(own) == len(roots)
        at = where if whole else positions(own)
        timing = self._timing(own, at)
        intended = _intends(roots[max(0, start - 2):start])
        if timing.past and intended:
            # What someone says they will do is no telling of the past, whatever another
            # clause places there: "my mum screams all the time and I'm going to kill myself".
            clause = _clause(own, start - first, end - first)
            if not self._timing(clause, positions(clause)).past:
                return timing._replace(past=False, recovered=False), False
        if timing.now and not timing.past and (timing.plainly or len(_spans(self.now, self._now_starts, own, at)) >= 2):
            return timing, True
        if not timing.past and intended:
            # Nor does another sentence's past or recovery undo it: "twin A is fine. twin B
            # just told me he's going to kill himself tonight" is about what is yet to come.
            return timing, False
        return (timing if whole else self._timing(roots, where)), False

    def asked_calmly(self, text: str) -> bool:
        """Whether the writer says the question is idle or for later ("just curious",
        "reading up before we start", "no rush"): words a classifier's guess of danger
        now cannot outweigh (a phrase of the lexicon still can)."""
        roots = self.roots(text)
        return _said(self.calm, self._calm_starts, roots, positions(roots))

    def names_someone(self, text: str) -> bool:
        """Whether the message names a person (see "people:" in the YAML)."""
        roots = self.roots(text)
        return _said(self.people, self._people_starts, roots, positions(roots))

    def _tier(self, tier: str, category: str, timing: Timing) -> str:
        rules = self.categories.get(category, {})
        now, past = timing.now, timing.lowers(rules)
        if tier == "concern" and rules.get("escalate") and now and not past and category not in ("distress", "hardship"):
            return "emergency"
        if tier == "emergency" and past:
            return "concern"
        return tier


_CLAUSE_JOINS = frozenset({"and", "but"})


def _intends(before: list[str]) -> bool:
    """Whether these roots, just before a risk, say it is meant: "going to", "will"."""
    return before[-2:] == ["go", "to"] or before[-1:] == ["will"]


def _clause(roots: list[str], start: int, end: int) -> list[str]:
    """The clause of a sentence that holds roots[start:end]: from the "and" or "but"
    before it to the one after."""
    first = max((i + 1 for i in range(start) if roots[i] in _CLAUSE_JOINS), default=0)
    last = next((i for i in range(end, len(roots)) if roots[i] in _CLAUSE_JOINS), len(roots))
    return roots[first:last]


def _doubled(word: str) -> str | None:
    """The word with the consonant before "-ing" or "-ed" doubled, as a short verb
    doubles it ("cuting" -> "cutting", "stabed" -> "stabbed"), if it has that shape."""
    for ending in ("ing", "ed"):
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 2 and stem[-1] not in "aeiouwxy'" and stem[-2] in "aeiou" \
                and (len(stem) < 3 or stem[-3] not in "aeiou"):
            return stem + stem[-1] + ending
    return None


class _TypoIndex:
    """One-edit typo lookup (deletions on both sides, as SymSpell): "overdoes" -> "overdos"."""

    def __init__(self, vocabulary: Iterable[str]):
        self.index: dict[str, set[str]] = {}
        for word in vocabulary:
            for variant in self._deletes(word) | {word}:
                self.index.setdefault(variant, set()).add(word)

    @staticmethod
    def _deletes(word: str) -> set[str]:
        return {word[:i] + word[i + 1:] for i in range(len(word))}

    def correct(self, word: str) -> str | None:
        if len(word) < 5:
            return None
        found: set[str] = set(self.index.get(word, ()))
        for variant in self._deletes(word):
            found |= self.index.get(variant, set())
        found = {f for f in found if abs(len(f) - len(word)) <= 1 and f[0] == word[0]}
        return min(found) if len(found) == 1 else None


def features(text: str) -> list[int]:
    """Hashed word 1-2 grams and character 3-5 grams within words: typos and
    unseen spellings still share most of their features with what was trained."""
    tokens = words(text)
    hashed = [_hashed(f"w:{t}") for t in tokens] + [_hashed(f"b:{a} {b}") for a, b in zip(tokens, tokens[1:])]
    for token in tokens:
        hashed += _character_features(token)
    return hashed


def _hashed(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & ((1 << HASH_BITS) - 1)


@functools.lru_cache(maxsize=1 << 14)
def _character_features(token: str) -> tuple[int, ...]:
    """A word's character 3-5 grams, hashed (the same words recur: each is worked out once)."""
    padded = f" {token} "
    return tuple(_hashed(f"c:{padded[i:i + n]}") for n in (3, 4, 5) for i in range(len(padded) - n + 1))


class Classifier:
    """A linear model shipped as numbers: loads in milliseconds, no pickle."""

    def __init__(self, path: Path = MODEL_FILE):
        with np.load(path, allow_pickle=False) as data:
            # (features, labels), rows contiguous: a message's few rows are gathered at once
            self.weights = np.ascontiguousarray(data["weights"], dtype=np.float32)
            self.bias = data["bias"].astype(np.float32)
            self.labels = [str(x) for x in data["labels"]]
            self.threshold = float(data["threshold"])
            self.concern_threshold = float(data["concern_threshold"]) if "concern_threshold" in data else self.threshold
            self.corpus = str(data["corpus"])
            self.vocabulary = frozenset(str(w) for w in data["vocabulary"]) if "vocabulary" in data else frozenset()

    def scores(self, text: str) -> dict[str, float]:
        indices = features(text)
        if not indices:
            return {label: 0.0 for label in self.labels}
        used, counts = np.unique(indices, return_counts=True)
        values = counts.astype(np.float32)
        values /= np.sqrt(values.dot(values))  # np.linalg.norm's own sum, without its checks
        logits = values @ self.weights[used] + self.bias
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return dict(zip(self.labels, probs.tolist()))

    def assess(self, text: str) -> Assessment:
        """How likely the message shows risk (0-1), of which category, and whether that
        category is likelier than no risk at all."""
        if len(words(text)) < MIN_CLASSIFIED_WORDS:
            return Assessment(0.0, None, False)
        scores = self.scores(text)
        category = max((label for label in self.labels if label != "none"), key=scores.get)
        none = scores.get("none", 0.0)
        return Assessment(1.0 - none, category, scores[category] >= none)


class Assessment(NamedTuple):
    risk: float
    category: str | None
    # The category itself outweighs "none". A sure flag whose likeliest danger does not
    # ("my daughter's first sleepover and I'm terrified, how do I prepare her?": 18%
    # harm to a child, 37% none) is a risk spread thin over several categories.
    leading: bool


def _load_classifier(path: Path | None) -> Classifier | None:
    """The classifier, or None (the lexicon alone) if its file is missing or damaged:
    a bad model file must never take the bot down."""
    if not path or not Path(path).exists():
        return None
    try:
        return Classifier(path)
    except (OSError, ValueError, KeyError, EOFError) as exc:
        log.error("safety classifier %s not loaded (%s); checking with the lexicon only", Path(path).name, exc)
        return None


# A follow-up of a few words that only names the next thing: "and the end-point?", "what about the second?"
_ELLIPSIS = re.compile(r"^\W*(?:and|or|what about|how about)\b\W*(?:\w+\W*){0,3}\?\W*$"
                       # ...or with no question mark, of a thing: "and the end-point one", "what about the second"
                       r"|^\W*(?:and|or|what about|how about) (?:the|that|this|those|these) (?:[\w-]+\W*){0,3}$", re.IGNORECASE)
_ASKS_IF_SERIOUS = re.compile(r"\bis\s+(it|this)\s+(serious|an?\s+emergency|a\s+999|999)\b|\bis\s+it\s+normal\s+for\b"
                               r"|\bshould\s+(i|we)\s+(be\s+worried|worry|call|ring|phone|dial)\b|\bwhat\s+should\s+(i|we)\s+do\b",
                               re.IGNORECASE)
# (a picture ends a sentence in text-speak: "gonna die 💀 how do i...")
_ASKS = re.compile(r"\?|(^|[.,;:!\-\u2600-\u27bf\U0001f300-\U0001faff]\s*|\b(but|and|so|anyway)\s+)((what|how|who|when|where|why|which)\b"
                   r"|(can|could|should|would|will|is|are|do|does|did)\s+(i|we|you|he|she|they|it|the|a|my|our|his|her|their"
                   r"|there|that|this)\b"
                   # a request is asked too: "give me 3 lines for my husband about...", "summarise the..."
                   r"|(give|tell|show|send|write) (me|us)\b|(summari[sz]e|explain|describe|list)\b)", re.IGNORECASE | re.MULTILINE)


# "has it been...?", "was it ever...?"
_ASKS_IF_DONE = re.compile(r"^\W*(has|have|had|was|were)\s+(it|they|that|this|the|a|an|there)\b", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_BREAK.split(text) if s.strip()]


def _only_asks(text: str, timing: Timing) -> bool:
    """A message that is one short question and says nothing is happening now ("so it's
    not just us having to fight?"): what the classifier alone sees in it is a concern to
    answer with helplines, not a danger to send 999 to. (The lexicon's words still are.)"""
    return len(_sentences(text)) == 1 and text.rstrip().endswith("?") and len(words(text)) < MAX_ASKING_WORDS and not timing.now


class Safety:
    """The safety step: a verdict for a message, and the services to show for it."""

    def __init__(self, lexicon_path: Path = LEXICON_FILE, model_path: Path | None = MODEL_FILE):
        data = yaml.safe_load(Path(lexicon_path).read_text(encoding="utf-8"))
        self.classifier = _load_classifier(model_path)
        self.lexicon = Lexicon(data, self.classifier.vocabulary if self.classifier else frozenset())
        self.services = {key: Service(s["name"], s["how"]) for key, s in (data.get("services") or {}).items()}
        self.categories = self.lexicon.categories

    def check(self, text: str) -> Verdict:
        verdict = self._check(text)
        if verdict.tier != "emergency":
            verdict = self._ending(text) or verdict
        if verdict.tier is None and self._unreadable(text):
            # A message the bot cannot read may still be the one that matters most: the
            # 999 line and NHS 111 (both have interpreters), not just an English "I don't know";
            # 999 first when a word it does know says it is happening now ("...ابھی", "зараз").
            timing = self.lexicon.timing(text)
            tier = "emergency" if timing.plainly or (timing.now and not timing.past) else "concern"
            return Verdict(tier, UNREADABLE, "a language the bot cannot read")
        # A word or two in quotes that says nothing of risk only marks the writer's own
        # words ("took 'a few'", "a section headed 'aspirations'"): no one is quoted.
        quoted = [q for q in _QUOTED.findall(text) if len(q.split()) >= SPEECH_WORDS
                  or self.lexicon.check(q).at_risk or self.lexicon.timing(q).now] if verdict.tier == "emergency" else []
        if quoted and not _RELAYED.search(text):
            # Words someone is quoted as saying ("he yells 'I'm gonna kill you' at his
            # mates") are worth helplines, not the 999 reply, unless the rest of the
            # message is an emergency too ("...and he's got a knife").
            told = self._check(_QUOTED.sub(lambda q: " " if q.group() in quoted else q.group(), text))
            if told.tier != "emergency":
                return Verdict("concern", verdict.category, f"{verdict.matched} (quoted)")
        return verdict

    def _check(self, text: str) -> Verdict:
        verdict = self.lexicon.check(text)
        if self.classifier is None:
            return verdict
        risk, category, leading = self.classifier.assess(text)
        if verdict.tier == "emergency":
            # Words of danger told in an ordinary question ("he wandered off at the fair but
            # we found him in five minutes: should it go in his risk assessment?"): where the
            # classifier is all but sure the message is ordinary and nothing says it is
            # happening now, the concern reply (the 999 line, helplines, the question answered).
            # A message that asks nothing ("parent in reception with a hammer demanding to
            # take their child") is no ordinary question, whatever the classifier makes of it.
            # Asking whether what is seen is serious ("is it normal for a child to be floppy
            # with a rash that doesn't fade?", "is this 999") is no ordinary question.
            # So is a question asked calmly ("our first aid course covers seizures but not
            # anaphylaxis, is that normal?", "gonna die lol how do I get access arrangements")
            # that the classifier does not read as a risk at all, with no word of a now
            # ("took my whole week of meds lol, bit dizzy now" is no joke).
            timing = self.lexicon.timing(text)
            ordinary = risk < ALMOST_SURELY_ORDINARY or (risk < self.classifier.concern_threshold and not timing.now
                                                         and self.lexicon.asked_calmly(text))
            if ordinary and len(words(text)) >= MIN_TOLD_WORDS and _ASKS.search(text) \
                    and not timing.plainly and not verdict.told_as_happening \
                    and not _ASKS_IF_SERIOUS.search(text):
                return Verdict("concern", verdict.category, f"{verdict.matched} (the classifier: ordinary)")
            return verdict
        if verdict.at_risk:
            # The words show a risk but not its danger ("I'm stood on the bridge... can't do
            # this anymore"): a sure flag of a danger now, to the same people, is the 999 reply.
            rules = self.categories.get(category or "", {})
            told = self.categories.get(verdict.category, {})
            timing = self.lexicon.timing(text)
            past = timing.past
            group = rules.get("group")
            if (risk >= self.classifier.threshold and group and group == told.get("group")
                    and self._danger_now(rules, text, timing)):
                return Verdict("emergency", category, f"{verdict.matched}, classifier: danger now")
            # Words of a strain that never escalates ("can't bear it any more") beside a sure
            # flag of a danger that does, said plainly to be now ("I'll beat my son, abhi"):
            # the strain is the reason, the flag is the danger.
            if (risk >= self.classifier.threshold and not told.get("escalate") and rules.get("escalate")
                    and timing.plainly and not past):
                return Verdict("emergency", category, f"{verdict.matched}, classifier: {category} now")
            # The classifier sure of some danger, the words of one that is serious when told
            # as happening ("my brother's slicing up his legs... claret everywhere"): the words' kind.
            if risk >= self.classifier.threshold and self._danger_now(told, text, timing):
                return Verdict("emergency", verdict.category, f"{verdict.matched}, classifier: danger now")
            return verdict
        if risk < self.classifier.concern_threshold or _ELLIPSIS.match(text):
            # (nor a few words asked of the last answer: "and the end-point?")
            return NO_RISK
        besides = self.lexicon.told_besides_the_chat(text)
        chat = besides is not None
        if chat and besides < MIN_TOLD_WORDS:
            # "sorry, one more thing", "Sorry, I didn't mean to be rude earlier. Goodnight.":
            # a turn in the chat, with too few words besides to tell anything
            return NO_RISK
        # A risk only the classifier sees is a concern (helplines, and the question is
        # still answered). A sure flag is an emergency when its category is danger to
        # life whenever it comes up (an overdose, a child missing), when the lexicon's own
        # words say it is happening now ("...ahora mismo", "it's getting dark"), or, where
        # the category says so, when a sentence tells it in the present.
        rules = self.categories.get(category or "", {})
        timing = self.lexicon.timing(text)
        now, past = timing.now, timing.past
        if risk < self.classifier.threshold:
            # Unsure of the words, but they are said to be happening now ("...abhi abhi"):
            # the 999 line first costs a look-alike little; a concern reply to a
            # child in danger could cost everything.
            if rules.get("escalate") and now and not past and not chat and not self.lexicon.asked_calmly(text) \
                    and not self._asks_of_no_one(text):
                return Verdict("emergency", category, "classifier, said to be now")
            # A few words the classifier is unsure of are most often a follow-up in a
            # conversation ("who's going to be on it?"), not a disclosure.
            if len(words(text)) < MIN_TOLD_WORDS:
                return NO_RISK
            # Nor does a short question with no word of risk in it ("is my 4 year old going
            # to be tested in reception?"): a disclosure the classifier alone half-sees
            # takes more words than a question about school.
            if len(words(text)) < MAX_ASKING_WORDS and (_ASKS.search(text) or _ASKS_IF_DONE.match(text)) and not verdict.look_alike:
                return NO_RISK
            return Verdict("concern", category, "classifier")
        # A few words that ask something ("and the other March thing?") are a turn in the
        # conversation: the classifier alone never makes them the 999 reply. Nor does it
        # when the words of a look-alike were read in a question ("I saw on the news a boy
        # drowned... can I get a grant for fencing?"): the danger is someone else's. Either
        # way, unless a now is said plainly ("where's my boy?? he was just here"). Nor, with
        # no now, a long question whose risk the classifier spreads thin (see ``Assessment``).
        spread_thin = not leading and "?" in text and len(words(text)) >= THIN_QUESTION_WORDS
        if ((rules.get("escalate") and now) or (not spread_thin and self._danger_now(rules, text, timing))) and not chat \
                and not (self.lexicon.asked_calmly(text) and not timing.plainly) and not _only_asks(text, timing) \
                and not (not timing.plainly and (len(words(text)) < MIN_TOLD_WORDS or verdict.look_alike) and _ASKS.search(text)) \
                and not self._asks_of_no_one(text) and not timing.habitual:
            return Verdict("emergency", category, "classifier, danger now")
        return Verdict("concern", category, "classifier")

    def _asks_of_no_one(self, text: str) -> bool:
        """A question in plain English that names no one (see "people:" in the YAML)."""
        known = english.counts()
        return bool(_ASKS.search(text) or _ASKS_IF_DONE.match(text)) and all(w.replace("'", "") in known for w in words(text) if w.isalpha()) \
            and not self.lexicon.names_someone(text)

    def _ending(self, text: str) -> Verdict | None:
        """The emergency told in the last two sentences of a long message, if they tell
        one; never where the message places what it tells in the past (the ending
        alone would lose the "two years ago" said before it)."""
        sentences = _sentences(text)
        if len(sentences) < 3 or len(text.split()) < LONG_MESSAGE_WORDS or self.lexicon.timing(text).past:
            return None
        ending = " ".join(sentences[-2:])
        told = self._check(ending)
        if told.tier != "emergency":
            return None
        # Cut from its message, what only the classifier sees is too little to go on when
        # the message ends on a question (most often its own question about school), or
        # asked it before an ending that only tells how the writer feels ("...why won't
        # councils fund residential places? I feel like I'm going mad"), or when the
        # classifier is unsure and only a bare "now" says it is happening ("Now I feel it
        # was all for nothing").
        if not self.lexicon.check(ending).at_risk:
            assessed = self.classifier.assess(ending) if self.classifier is not None else None
            unsure = assessed is not None and assessed.risk < self.classifier.threshold
            feeling = assessed is not None and assessed.category in FEELINGS \
                and any(s.rstrip().endswith("?") for s in sentences[:-2])
            if sentences[-1].rstrip().endswith("?") or feeling or (unsure and not self.lexicon.timing(ending).plainly):
                return None
        return Verdict("emergency", told.category, f"{told.matched} (the end of a long message)")

    @staticmethod
    def _danger_now(rules: dict, text: str, timing: Timing) -> bool:
        """A sure flag of this category is a danger now, unless the message places it in
        the past: always (danger to life), or where the category says so, when a sentence tells it."""
        if timing.lowers(rules):
            return False  # "went missing overnight two years ago": told, not happening
        return bool(rules.get("always_emergency")
                    or (rules.get("present_is_emergency") and len(words(text)) >= MIN_TOLD_WORDS))

    def _unreadable(self, text: str) -> bool:
        """Most of the message's words are in no language the bot knows: not English,
        not the lexicon's, not the classifier corpus's (which holds 14 languages)."""
        tokens = [t for t in words(text) if any(c.isalpha() for c in t)]
        # Scripts written without spaces ("我儿子吞了洗衣球") count a word per character.
        tokens = [piece for t in tokens for piece in (t if _UNSPACED.match(t) else [t])]
        if len(tokens) < MIN_UNREADABLE_WORDS:
            return False
        known = self.classifier.vocabulary if self.classifier else frozenset()
        unknown = [t for t in tokens if t not in known]
        if len(unknown) <= len(tokens) * (1 - UNREADABLE_SHARE):
            return False
        known_english = english.counts()
        return sum(t.replace("'", "") not in known_english for t in unknown) > len(tokens) * (1 - UNREADABLE_SHARE)

    def services_for(self, verdict: Verdict) -> list[Service]:
        category = self.categories.get(verdict.category or "", {})
        keys = category.get(f"{verdict.tier}_services") or []
        return [self.services[k] for k in keys if k in self.services]


_EMPTY_PHRASE = "an empty phrase under '{where}:' (a '- ' before a '#' note makes an empty phrase: remove the '- ')"


def _has_empty_phrase(items) -> bool:
    """"- # a note" is an empty phrase, not a comment: it would match the word "none"."""
    return any(not isinstance(item, (str, int)) or not str(item).strip() for item in items or [])


def check_file(path: Path = LEXICON_FILE, today: dt.date | None = None) -> list:
    """Problems in the safety YAML as FILE:LINE messages, for ``python -m bot validate``:
    a service without a number, a source or a review date, a review date passed, a
    category naming a service that does not exist, a phrase that cannot be read."""
    from bot.knowledge import Problem, read_located
    today = today or dt.date.today()
    name = str(path)
    data, problems = read_located(Path(path))
    if not isinstance(data, dict):
        return problems or [Problem(name, 1, "expected 'services:', 'categories:' and 'phrases:'")]

    def line(mapping, key) -> int:
        return mapping.line_of(key) if hasattr(mapping, "line_of") else 0

    services = data.get("services") or {}
    for key, service in services.items():
        at = line(services, key)
        if not isinstance(service, dict):
            problems.append(Problem(name, at, f"service '{key}' must have name, how, source and review_by"))
            continue
        for field in ("name", "how", "source", "review_by"):
            if not service.get(field):
                problems.append(Problem(name, at, f"service '{key}' has no '{field}'"))
        source = service.get("source") or {}
        if isinstance(source, dict) and not source.get("publisher"):
            problems.append(Problem(name, line(service, "source"), f"service '{key}': the source needs a publisher"))
        review = service.get("review_by")
        if isinstance(review, dt.date) and review < today:
            problems.append(Problem(name, line(service, "review_by"),
                                    f"service '{key}' was due for review on {review}: check the number at its source",
                                    "warning"))
    categories = data.get("categories") or {}
    for key, category in categories.items():
        if not isinstance((category or {}).get("group"), str):
            problems.append(Problem(name, line(categories, key), f"category '{key}' has no 'group:' (who is in danger: self, others...)"))
        for tier in ("emergency_services", "concern_services"):
            for service in (category or {}).get(tier) or []:
                if service not in services:
                    problems.append(Problem(name, line(category, tier),
                                            f"category '{key}' names unknown service '{service}' in {tier}"))
    phrases = data.get("phrases") or {}
    for category, tiers in phrases.items():
        if category not in categories:
            problems.append(Problem(name, line(phrases, category),
                                    f"phrases for '{category}', which is not under 'categories:'"))
        for tier, items in (tiers or {}).items():
            if tier not in PHRASE_TIERS:
                problems.append(Problem(name, line(tiers, tier), f"phrases for '{category}' under '{tier}:', "
                                                                 f"which is none of {', '.join(PHRASE_TIERS)}"))
            if _has_empty_phrase(items):
                problems.append(Problem(name, line(tiers, tier), _EMPTY_PHRASE.format(where=f"{category}: {tier}")))
    for key in ("not_risk", "now", "weak_now", "past", "recovered", "habit", "chat", "calm", "people"):
        if _has_empty_phrase(data.get(key)):
            problems.append(Problem(name, line(data, key), _EMPTY_PHRASE.format(where=key)))
    now = {str(w) for w in data.get("now") or []}
    for word in data.get("weak_now") or []:
        if str(word) not in now:
            problems.append(Problem(name, line(data, "weak_now"), f"'{word}' under 'weak_now:' is not under 'now:' (a weak 'now' word is a 'now' word)"))
    try:
        Lexicon(data)
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(Problem(name, 0, f"a phrase cannot be read: {exc} (a @list that is not under 'words:'?)"))
    return problems
