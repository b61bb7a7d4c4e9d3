"""A search hit's excerpt: plain text plus where the matched words are in it.

Whoosh's highlighter picks the fragments of a passage and marks the tokens that matched
the query (``highlight``); ``ExcerptFormatter`` turns those fragments into one ``Excerpt``. Every way a hit is shown
(the API's ``text`` and ``highlights``, its older HTML ``snippet``, the adviser page, the
command line) is rendered from that one value, so they always mark the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Iterator

from whoosh import highlight
from whoosh.analysis import Analyzer


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


class ExcerptFormatter(highlight.Formatter):
    """Whoosh's formatter step, giving an ``Excerpt`` instead of a marked-up string."""

    def __init__(self, between: str):
        self.between = between

    def format(self, fragments, replace=False) -> Excerpt:
        text, highlights = [], []
        length = 0
        for number, fragment in enumerate(fragments):
            if number:
                text.append(self.between)
                length += len(self.between)
            origin = length - fragment.startchar  # fragment offsets -> excerpt offsets
            index = fragment.startchar
            # As Whoosh's own Formatter.format_fragment: in order, the longest token first
            # where two start together, and a token overlapping the one before is skipped.
            for token in sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar)):
                if token.startchar < index:
                    continue
                highlights.append((origin + token.startchar, origin + token.endchar))
                index = token.endchar
            text.append(fragment.text[fragment.startchar:fragment.endchar])
            length += fragment.endchar - fragment.startchar
        return Excerpt("".join(text), tuple(highlights))


_HIGHLIGHTER = highlight.Highlighter(fragmenter=highlight.ContextFragmenter(maxchars=220, surround=60),
                                     formatter=ExcerptFormatter(between=" … "))


def highlight_text(text: str, words: frozenset[str], analyzer: Analyzer, top: int = 2) -> Excerpt:
    """The best ``top`` fragments of ``text``, its tokens whose analysed form is one of
    ``words`` marked: the steps of Whoosh's ``Highlighter.highlight_hit`` for a field
    stored without character offsets, given the matched words instead of a Whoosh search
    (which would score the whole index only to say which words matched)."""
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    tokens = _HIGHLIGHTER._merge_matched_tokens(highlight.set_matched_filter(tokens, words))
    fragments = _HIGHLIGHTER.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(fragments, top, _HIGHLIGHTER.scorer, _HIGHLIGHTER.order, minscore=1)
    return _HIGHLIGHTER.formatter.format(fragments)
