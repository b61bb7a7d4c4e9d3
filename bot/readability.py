"""Flesch reading ease, so staff are warned when an answer is hard for parents to read.

Scores run roughly 0-100; 60+ is plain English most adults read easily. The syllable
count is a heuristic (vowel groups), good enough to flag long words and sentences.
"""

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*[-*]\s")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def reading_ease(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 100.0
    # Acronyms (EHC, SEND, STA) are read as letters or known words, not syllable runs.
    counted = [w for w in words if not w.isupper()]
    sentences = max(len(_SENTENCE_END.findall(text.strip() + " ")), 1)
    syllable_total = sum(syllables(w) for w in counted) + (len(words) - len(counted))
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllable_total / len(words))
