"""Answer quality on the dev question set: regressions fail CI."""

from __future__ import annotations

from collections import Counter

from bot.assistant import Assistant
from bot.evaluation import accuracy, baseline_outcomes, evaluate, load_questions
from support import ROOT, server_env

DEV_SET = ROOT / "tests" / "data" / "dev_questions.yml"
# The level reached when the rules were last tuned (see README, "Answer quality").
FLOOR = 0.93


def test_dev_set_is_varied_and_large_enough():
    items = load_questions(DEV_SET)
    kinds = Counter(item["kind"] for item in items)
    assert len(items) >= 150
    assert {"parent", "adviser", "typo", "worried", "glossary", "crisis", "fallback", "smalltalk"} <= set(kinds)
    assert kinds["fallback"] >= 20 and kinds["crisis"] >= 10


def test_dev_set_accuracy_holds_and_beats_plain_bm25(config):
    assistant = Assistant(config)
    items = load_questions(DEV_SET)
    outcomes = evaluate(assistant, items)
    ours = accuracy(outcomes)
    wrong = [(o.question, o.expect, o.got) for o in outcomes if not o.correct]
    assert ours >= FLOOR, f"dev accuracy {ours:.1%} < {FLOOR:.0%}: {wrong}"
    by_kind = {k: accuracy([o for o in outcomes if o.kind == k]) for k in ("crisis", "fallback")}
    assert by_kind["crisis"] == 1.0, "every crisis message must get the safety reply"
    assert by_kind["fallback"] >= 0.9
    assert ours > accuracy(baseline_outcomes(assistant.snapshot().knowledge, items)) + 0.2


def test_eval_command_prints_the_report(tmp_path, shared_index):
    import subprocess
    import sys
    env = server_env(tmp_path, index_dir=str(shared_index))
    result = subprocess.run([sys.executable, "-m", "bot", "eval", str(DEV_SET), "--baseline"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Overall accuracy:" in result.stdout and "BM25" in result.stdout
    assert "min_confidence" in result.stdout
    assert "evaluated" in result.stderr  # progress for a long run
