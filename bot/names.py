"""Which words are people's names: what lets redaction find a name that comes with no
cue ("Jack has ADHD", "my twins are Ella and Mia").

First names come from the person lists of Faker, a well-kept package,
for the languages most spoken by families in England; ``bot/data/names.yml`` adds the
popular children's names those lists lack and says which names are also everyday
words, places or phrases. Loaded once per process, on first use: importing Faker
takes about 0.2 s, which only processes that redact should pay.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

NAMES_FILE = Path(__file__).parent / "data" / "names.yml"
# English, then the languages of the largest groups of families in England who speak
# another one at home (South Asian, Irish, Polish, Romanian, Nigerian, Portuguese,
# Italian, Spanish, French, German, Turkish, Lithuanian).
LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_PK", "en_NG", "pl_PL", "ro_RO", "pt_PT", "it_IT",
           "es_ES", "fr_FR", "de_DE", "tr_TR", "lt_LT")
_WRITTEN_IN_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Names:
    first: frozenset[str]  # as written: "Mia", "Jean-Luc"
    words: frozenset[str]  # case-folded: names that are everyday words ("grace", "poppy")
    not_names: frozenset[str]  # case-folded: never a name without a cue ("may", "chester")
    phrases: tuple[str, ...]  # "Harry Potter": a name inside them names nobody


@cache
def names() -> Names:
    first: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            first.update(getattr(provider, attribute, ()))
    data = yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))
    first.update(data["extra_first_names"].split())
    return Names(
        first=frozenset(_in_letters(first)),
        words=frozenset(word.casefold() for word in data["words"].split()),
        not_names=frozenset(word.casefold() for word in data["not_names"].split()),
        phrases=tuple(data["phrases"]),
    )


def _in_letters(found: set[str]) -> set[str]:
    """Names written as one word (hyphens and apostrophes allowed); a few in the lists
    have spaces or dots, which cannot match a single word of a message."""
    return {name for name in found if _WRITTEN_IN_LETTERS.fullmatch(name)}
