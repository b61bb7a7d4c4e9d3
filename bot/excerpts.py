"""A search hit's excerpt: plain text plus where the matched words are in it.

``highlight_text`` picks the fragments of a passage and marks the tokens that matched the
query, as Whoosh's highlighter does, and joins them into one ``Excerpt``. Every way a hit
is shown (the API's ``text`` and ``highlights``, its older HTML ``snippet``, the adviser
page, the command line) is rendered from that one value, so they always mark the same words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from heapq import nlargest
from html import escape
from itertools import compress
from typing import Iterator, NamedTuple


@dataclass(frozen=True)
class Excerpt:
    """``highlights`` are ``(start, end)`` offsets into ``text`` (Python string indices,
    so Unicode code points), in order and not overlapping."""
    text: str
    highlights: tuple[tuple[int, int], ...] = ()

    def pieces(self) -> Iterator[tuple[str, bool]]:
        """The text in order as ``(piece, highlighted)``, for a client to render."""
        at = 0
        for start, end in self.highlights:
            if start > at:
                yield self.text[at:start], False
            yield self.text[start:end], True
            at = end
        if at < len(self.text):
            yield self.text[at:], False

    def html(self) -> str:
        """The text HTML-escaped with ``<mark>`` around each highlight: the API's
        ``snippet``, kept for clients written before ``text`` and ``highlights``."""
        return "".join(f"<mark>{escape(piece, quote=False)}</mark>" if marked else escape(piece, quote=False)
                       for piece, marked in self.pieces())


# Whoosh's ContextFragmenter(maxchars=220, surround=60) with its default char limit, and
# the text put between two fragments.
MAXCHARS, SURROUND, CHARLIMIT = 220, 60, 2**15
BETWEEN = " … "


class Tokens(NamedTuple):
    """A text's tokens in order, as its analyser gives them (so never overlapping): their
    start and end offsets, and each one's analysed word."""
    starts: list[int]
    ends: list[int]
    words: list[str]


Fragment = tuple[int, int, list[int]]  # start and end offsets in the text; the matched tokens


def highlight_text(text: str, words: frozenset[str], tokens: Tokens, top: int = 2) -> Excerpt:
    """The best ``top`` fragments of ``text``, its tokens whose analysed word is one of
    ``words`` marked: what Whoosh's ``Highlighter.highlight_hit`` gives for a field stored
    without character offsets (ContextFragmenter, BasicFragmentScorer, FIRST order), given
    the matched words instead of a Whoosh search (which would score the whole index only
    to say which words matched). Whoosh's way, every token went through its analyser's
    and highlighter's generator chains (~1 ms a hit's body); here only the fragments'
    tokens are looked at one by one (``_fragments``)."""
    starts, ends = tokens.starts, tokens.ends
    matched = list(compress(range(len(tokens.words)), map(words.__contains__, tokens.words)))
    if not matched:
        return Excerpt("")
    fragments = _fragments(len(text), tokens, matched)

    def score(fragment: Fragment) -> tuple[float, int]:
        # Whoosh's top_fragments: nlargest over (score, fragment), a fragment comparing by
        # its start (so these keys pick the same ones on ties); each match's boost is 1.0.
        found = fragment[2]
        return float(len(found)) * (len({tokens.words[i] for i in found}) * 100 or 1), fragment[0]

    best = sorted(nlargest(top, fragments, key=score), key=lambda f: f[0])
    parts, highlights, length = [], [], 0
    for number, (start, end, found) in enumerate(best):
        if number:
            parts.append(BETWEEN)
            length += len(BETWEEN)
        shift = length - start  # text offsets -> excerpt offsets
        highlights += [(starts[i] + shift, ends[i] + shift) for i in found]
        parts.append(text[start:end])
        length += end - start
    return Excerpt("".join(parts), tuple(highlights))


def _fragments(textlen: int, tokens: Tokens, matched: list[int]) -> list[Fragment]:
    """Whoosh's ``ContextFragmenter.fragment_tokens``, with the same fragments. Whoosh walks
    every token; between fragments it only keeps the starts of the last ``SURROUND``
    characters' tokens, so this jumps from a fragment's end to the next matched token and
    finds that context with a bisection, and walks token by token only inside fragments.
    Whoosh also makes fragments with no match (scored 0, never shown): they are left out,
    but the tokens they take are not context for the next one."""
    starts, ends = tokens.starts, tokens.ends
    # Whoosh stops at the first token ending past CHARLIMIT; that token's end still closes
    # a fragment left open.
    count = bisect_right(ends, CHARLIMIT)
    last_end = ends[count] if count < len(ends) else ends[-1]
    is_matched = set(matched)
    fragments: list[Fragment] = []
    after = 0  # the first token after the last fragment
    upcoming = 0  # index into ``matched``
    while True:
        while upcoming < len(matched) and matched[upcoming] < after:
            upcoming += 1
        if upcoming == len(matched) or matched[upcoming] >= count:
            return fragments
        at = matched[upcoming]
        length = ends[at] - starts[at]
        if length > MAXCHARS:  # too long to start a fragment: Whoosh closes an empty one on it
            after = at + 1
            continue
        # The context before: the tokens since ``after`` starting within SURROUND characters
        # of the end of the one before this (Whoosh's deque of starts, as it stands here).
        context = bisect_left(starts, ends[at - 1] - SURROUND, after, at) if at > after else at
        if context < at:
            first, countdown = starts[context], SURROUND
        else:
            first, countdown = starts[at], 2 * SURROUND  # no context: the unused front goes after
        found, current = [at], length
        countdown -= length
        i = at
        while countdown > 0:
            i += 1
            if i == count:
                fragments.append((max(0, first), min(textlen, last_end), found))
                return fragments
            length = ends[i] - starts[i]
            if current + length > MAXCHARS:
                countdown = 0
            elif i in is_matched:
                countdown = SURROUND
                found.append(i)
            current += length
            countdown -= length
        fragments.append((max(0, first), min(textlen, ends[i]), found))
        after = i + 1
        if countdown == 0 and after < count and after not in is_matched:
            # Whoosh's countdown stopped at 0, not below, so it is still "in a fragment":
            # the next token closes an empty one.
            after += 1
