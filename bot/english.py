"""English word counts, from pyspellchecker's list (lower case, about 138,000 words).

Two steps ask whether a word is English: the search, so that a common word is taken as
typed and never "corrected" into a knowledge word, and the safety step, so that a
message mostly in words of no language the bot knows gets an answer it can use.
"""

from __future__ import annotations

from functools import cache, lru_cache


@cache
def _checker():
    from spellchecker import SpellChecker
    return SpellChecker(language="en", distance=1)


def counts() -> dict[str, int]:
    """Read once per process, on first use (about 0.1 s)."""
    return _checker().word_frequency.dictionary


@lru_cache(maxsize=1 << 14)
def mended(word: str) -> str:
    """The commonest English word one letter from ``word`` ("rubish": "rubbish"), or
    ``word`` itself when it is English already or nothing English is that near."""
    if word in counts() or not word.isalpha():
        return word
    return _checker().correction(word) or word


def edits(word: str) -> set[str]:
    """Every string one deletion, insertion, substitution or swap of neighbours away
    from ``word`` (pyspellchecker's)."""
    return _checker().edit_distance_1(word)


COMMON_WORD = 5000  # a count from which a word is never taken for a typo
KNOWN_WORD = 1000  # ...and from which it is a word of its own, never two typed as one


# Words that ask about today ("who is the minister now?", "the latest figures"): a 2017
# announcement cannot answer them, so the search never treats them as mere wording.
PRESENT = frozenset("now today nowadays currently current still since changed change changes anymore yet latest update updated".split())


def common(word: str) -> bool:
    """A word common in English is meant as typed, even where a list never uses it:
    "prison" is no misspelt "poison", "focus" no misspelt "forum"."""
    return counts().get(word.lower(), 0) >= COMMON_WORD


def known(word: str) -> bool:
    """A word English has as one ("babysitting"), not two run together ("selfharm")."""
    return counts().get(word.lower(), 0) >= KNOWN_WORD


