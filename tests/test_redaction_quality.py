"""Quality floors for redaction on the labelled parent messages (tests/data/
redaction_labelled.yml; the full per-kind figures: benchmarks/redaction_quality.py).

Floors, not targets: they sit a little under what the rules score today, so a change
that loses names, schools or case numbers, or starts replacing ordinary words, fails."""

from __future__ import annotations

import pytest
from redaction_scoring import load, score

from bot.redact import PLACEHOLDER_PATTERN, redact

DEV = load()
HELD_OUT = load("held_out")
RECALL_FLOORS = {"name": 0.95, "school": 0.9, "reference": 0.95, "nhs-number": 1.0, "phone": 1.0,
                 "email": 1.0, "date": 1.0, "postcode": 1.0, "address": 1.0}


def test_the_labelled_set_is_large_and_varied() -> None:
    with_details, no_details = DEV
    assert len(with_details) + len(no_details) >= 300
    kinds = {kind for message in with_details for _, _, kind in message.details}
    assert set(RECALL_FLOORS) <= kinds


@pytest.mark.parametrize("kind", sorted(RECALL_FLOORS))
def test_recall_of_each_kind(kind: str) -> None:
    result = score(redact, PLACEHOLDER_PATTERN, DEV[0])
    missed = [(detail, redacted) for missed_kind, detail, redacted in result.missed if missed_kind == kind]
    assert result.recall(kind) >= RECALL_FLOORS[kind], missed


def test_messages_without_personal_details_are_left_exactly_as_typed() -> None:
    changed = [(m.text, redact(m.text)) for m in DEV[1] if redact(m.text) != m.text]
    assert not changed, changed


def test_nothing_but_personal_details_is_replaced_in_messages_with_them() -> None:
    result = score(redact, PLACEHOLDER_PATTERN, DEV[0])
    assert not result.wrong, result.wrong


def test_held_out_messages_never_tuned_on() -> None:
    result = score(redact, PLACEHOLDER_PATTERN, HELD_OUT[0] + HELD_OUT[1])
    assert result.all_recall() >= 0.85, result.missed
    assert result.all_precision() >= 0.9, result.wrong
