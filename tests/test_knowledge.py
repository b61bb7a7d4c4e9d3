"""The knowledge YAML and `python -m bot validate`: staff get FILE:LINE for every problem."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import knowledge as kb

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def validate(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "validate", str(directory)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_shipped_knowledge_validates_cleanly():
    result = validate(ROOT / "knowledge")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stdout and "0 error(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_every_entry_cites_a_dated_2017_source_in_its_own_words():
    knowledge, problems = kb.load(ROOT / "knowledge")
    assert not kb.errors(problems)
    assert len(knowledge.entries) >= 30
    for entry in knowledge.entries.values():
        assert entry.source.publisher and entry.source.title
        assert entry.source.published.startswith("2017"), entry.id
        assert len(entry.questions) >= 2, entry.id
    # Written in our own words: no run of 16 words copied from the seeds (names and lists
    # of names, such as "education, health and care plan, a statement of ...", may repeat).
    if SEEDS.is_dir():
        seed_text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
        seed_words = re.findall(r"[a-z0-9£]+", seed_text.lower())
        copied = {" ".join(seed_words[i:i + 16]) for i in range(len(seed_words) - 15)}
        for entry in knowledge.entries.values():
            words = re.findall(r"[a-z0-9£]+", f"{entry.answer} {entry.details}".lower())
            runs = {" ".join(words[i:i + 16]) for i in range(len(words) - 15)}
            assert not runs & copied, f"{entry.id} copies a sentence from the seeds"


@pytest.mark.parametrize("fact", [
    "Christine Lenehan", "Mark Geraghty", "Seashell Trust", "December 2016", "Spring 2018",
    "March 2018", "Robert Goodwill", "annex B", "annex C", "14 September", "2018/19",
    "50 schools", "£190", "0800 015 0400", "Paul Maynard", "Council for Disabled Children",
    "Christopher Robertson", "Justine Greening", "2020", "2023", "year 4", "Phil Brayshaw",
    "David Gill", "25 January 2018", "22 February 2018", "STOMP", "Stoke-on-Trent",
    "Institute of Teaching", "Challenging Behaviour Foundation", "NDTi", "Education and Training Foundation",
    "Building Blocks for Change", "8 regional teaching school hubs",
])
def test_seed_facts_are_in_the_knowledge(fact):
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "knowledge").glob("*.yml"))
    normalised = re.sub(r"\s+", " ", text).lower()
    assert fact.lower() in normalised


PLANTED = {
    "broken-syntax.yml": "source:\n  publisher: DfE\n  title: T\n  published: 2017-01-01\nentries:\n  - id: ok\n    title: [unclosed\n",
    "missing-source.yml": "entries:\n  - id: no-source\n    title: T\n    topic: X\n    questions: ['q?']\n    answer: A.\n",
    "zz-bad-entries.yml": """source:
  publisher: Department for Education
  title: Test
  published: 2017-13-45
entries:
  - id: Bad Id
    title: T
    topic: X
    questions: ["q?"]
    answer: A.
  - id: empty-answer
    title: T
    topic: X
    questions: ["q?"]
    answer: ""
  - id: unknown-field
    title: T
    topic: X
    questions: ["q?"]
    answer: A.
    colour: blue
  - id: redress-trial
    title: Duplicate of a shipped id
    topic: X
    questions: ["q?"]
    answer: A.
  - id: bad-entry-date
    title: T
    topic: X
    questions: ["q?"]
    answer: A.
    source:
      published: 30/11/2017
""",
}
EXPECTED = [
    ("broken-syntax.yml", 8, "YAML syntax error"),
    ("missing-source.yml", 1, "missing 'source:'"),
    ("zz-bad-entries.yml", 4, "is not a real date"),
    ("zz-bad-entries.yml", 6, "must be lower-case letters"),
    ("zz-bad-entries.yml", 15, "'answer' is empty"),
    ("zz-bad-entries.yml", 21, "unknown field 'colour'"),
    ("zz-bad-entries.yml", 22, "duplicate id 'redress-trial'"),
    ("zz-bad-entries.yml", 33, "must be a date"),
]


def test_validate_reports_file_and_line_for_every_planted_error(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    for name, text in PLANTED.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = validate(folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name, line, message in EXPECTED:
        prefix = f"{folder / name}:{line}: "
        assert any(l.startswith(prefix) and message in l for l in lines), (prefix, message, result.stdout)
    assert "FAILED:" in result.stderr


def test_valid_entries_still_load_beside_a_broken_file(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    (folder / "zz-broken.yml").write_text("source: [\n", encoding="utf-8")
    knowledge, problems = kb.load(folder)
    assert "redress-trial" in knowledge.entries
    assert [p.file for p in kb.errors(problems)] == [str(folder / "zz-broken.yml")]


def test_missing_folder_and_empty_folder_are_clear(tmp_path):
    missing = validate(tmp_path / "nowhere")
    assert missing.returncode == 1 and "knowledge folder not found" in missing.stdout
    empty = validate(tmp_path)
    assert empty.returncode == 1 and "no .yml files" in empty.stdout


def test_warns_on_long_hard_answers_and_past_review_dates(tmp_path):
    long_hard = ("Notwithstanding the aforementioned considerations, the implementation of statutory "
                 "accountability arrangements necessitates comprehensive organisational reconfiguration. ") * 12
    document = {"source": {"publisher": "Department for Education", "title": "T", "published": "2017-11-30"},
                "entries": [{"id": "hard", "title": "T", "topic": "X", "questions": ["q?"], "answer": long_hard,
                             "review_by": "2020-01-01"}]}
    (tmp_path / "hard.yml").write_text(yaml.safe_dump(document), encoding="utf-8")
    knowledge, problems = kb.load(tmp_path, today=dt.date(2026, 11, 23))
    assert "hard" in knowledge.entries and not kb.errors(problems)
    messages = [str(p) for p in problems]
    assert any("warning:" in m and "words" in m for m in messages)
    assert any("hard to read" in m for m in messages)
    assert any("review date 2020-01-01 has passed" in m for m in messages)
    result = validate(tmp_path)
    assert result.returncode == 0 and "warning(s)" in result.stdout


def test_a_sentence_too_long_for_a_phone_reply_is_a_warning_with_its_line(tmp_path):
    sentence = "The plans were " + ", ".join(f"plan number {n} for the schools" for n in range(12)) + "."
    (tmp_path / "long.yml").write_text(f"""source:
  publisher: NAHT
  title: T
  published: 2017-11-30
entries:
  - id: long
    title: T
    topic: Exclusions
    questions: [a, b, c]
    answer: A short answer.
    details: >-
      {sentence}
""", encoding="utf-8")
    result = validate(tmp_path)
    assert result.returncode == 0
    assert re.search(r"long\.yml:11: warning: 'long' details has a \d+-word sentence .*split it", result.stdout), result.stdout


def test_shipped_answers_are_short_and_readable():
    _, problems = kb.load(ROOT / "knowledge", today=dt.date(2026, 11, 23))
    assert not [p for p in problems if "words" in p.message or "hard to read" in p.message]


def test_glossary_and_synonyms_load():
    knowledge, _ = kb.load(ROOT / "knowledge")
    names = {n.lower() for t in knowledge.terms.values() for n in t.names()}
    for term in ("senco", "ehcp", "lda", "iass", "cqc", "sta", "cetr"):
        assert term in names, term
    groups = [set(g) for g in knowledge.synonyms]
    assert any({"sent home", "exclusion"} <= g for g in groups)
    assert any("times tables test" in g for g in groups)


def test_validate_explains_yaml_mistakes_topics_and_thin_entries_in_plain_words(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    (folder / "tabbed.yml").write_text("source:\n  publisher: DfE\n\ttitle: T\n", encoding="utf-8")
    (folder / "colon.yml").write_text("source:\n  publisher: DfE\n  title: Note: more\n", encoding="utf-8")
    (folder / "zz-thin.yml").write_text("""source:
  publisher: Department for Education
  title: T
  published: 2017-10-06
entries:
  - id: thin-entry
    title: A thin entry
    topic: Disagreements and apeals
    questions: ["What is it?"]
    answer: It is a thing.
""", encoding="utf-8")
    result = validate(folder)
    out = result.stdout
    assert result.returncode == 1 and "Traceback" not in out + result.stderr
    assert re.search(r"tabbed\.yml:3: YAML syntax error: this line has a tab character", out), out
    assert re.search(r"colon\.yml:3: YAML syntax error: a colon \(:\) inside a value; put the whole value in double quotes", out), out
    assert re.search(r"zz-thin\.yml:6: unknown topic 'Disagreements and apeals' for 'thin-entry'; "
                     r"did you mean 'Disagreements and appeals'\?", out), out
    assert re.search(r"zz-thin\.yml:9: warning: only 1 example question", out), out
