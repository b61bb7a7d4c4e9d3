"""Citations: every answer links to the official page behind it, where one is known, and
says what has changed since the 2017 announcement, each with its own source."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot import knowledge as kb
from support import chat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "knowledge" / "SOURCES.md"
SHARED_SOURCES = ROOT.parent / "shared" / "SOURCES.md"
URL = re.compile(r"https?://[^\s|)`]+")

# Entries whose topic SOURCES.md lists under "Not found": no official page, so no link
# but the announcement's own. Anything else must link to the page behind it.
NOT_FOUND = {"what-works-resource", "institute-of-teaching", "exclusions-guides", "school-admissions-briefing",
             "senco-forum", "send-workshops", "send-newsletters", "send-newsletter-july-2017",
             "minister-letter-transition", "transforming-care-webinars", "send-implementation-updates",
             "send-update-november-2017"}


def page(url: str) -> str:
    """A URL as the page it names: scheme, "www." and tracking parameters do not matter."""
    parts = urlsplit(url.rstrip("/"))
    query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("utm_"))
    return parts.netloc.removeprefix("www.") + parts.path.rstrip("/") + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def knowledge() -> kb.Knowledge:
    loaded, problems = kb.load(ROOT / "knowledge")
    assert not kb.errors(problems)
    return loaded


def test_the_shipped_list_of_sources_is_whole_and_current():
    shipped = SOURCES.read_text(encoding="utf-8")
    assert "## Verified official pages" in shipped and "## Not found" in shipped
    # Next to the project's shared folder (a developer's checkout), it is the very same list.
    if SHARED_SOURCES.is_file():
        assert shipped == SHARED_SOURCES.read_text(encoding="utf-8")


def test_every_link_in_the_knowledge_is_one_listed_in_sources_md(knowledge):
    listed = {page(u) for u in URL.findall(SOURCES.read_text(encoding="utf-8"))}
    cited = [(entry.id, c["url"]) for entry in knowledge.entries.values() for c in entry.citations() if c["url"]]
    assert len(cited) >= 40
    for entry_id, url in cited:
        assert page(url) in listed, f"{entry_id} cites {url}, which SOURCES.md does not list"
        assert "utm_" not in url and url.startswith(("http://", "https://")), (entry_id, url)


def test_every_entry_with_an_official_page_links_to_it(knowledge):
    unlinked = {entry.id for entry in knowledge.entries.values()
                if not any(c["url"] for c in entry.citations() if c["kind"] in ("official", "since"))}
    assert unlinked == NOT_FOUND
    for entry in knowledge.entries.values():
        announcement = entry.citations()[0]
        assert announcement["kind"] == "announcement" and announcement["url"], entry.id


def test_relayed_announcements_name_who_published_and_who_wrote_them(knowledge):
    by_title = {e.source.title: e.source for e in knowledge.entries.values()}
    naht = by_title["SEND announcements and opportunities: an update from the DfE"]
    assert (naht.publisher, naht.author) == ("NAHT", "Department for Education")
    assert naht.url.startswith("https://www.naht.org.uk/")
    assert all(e.source.publisher != "Department for Education" for e in knowledge.entries.values())


@pytest.mark.parametrize("question, then, now", [
    ("When is the times tables test in year 4 starting?", "2019/20", "2022"),
    ("Will my child be tested in reception?", "2020", "1 September 2021"),
    ("What was the engagement pilot for children with complex needs?", "seven", "five areas"),
    ("What is STOMP?", "STOMP", "STAMP"),
    ("When did the redress trial start?", "March 2018", "3 April 2018"),
    ("When were the final pre-key stage standards published?", "spring", "May 2018"),
])
def test_answers_give_the_2017_plan_and_what_happened_both_cited(client, question, then, now):
    reply = chat(client, question)
    text = reply["text"]
    assert then in text and now in text, text
    since = text.index("Since then")
    assert now in text[since:].split("\n")[0], "the later change is one line of its own"
    kinds = [c["kind"] for c in reply["custom"]["citations"]]
    assert "since" in kinds and ("announcement" in kinds or "glossary" in kinds), kinds
    later = next(c for c in reply["custom"]["citations"] if c["kind"] == "since")
    assert later["url"].startswith("https://") and later["publisher"].split(" (")[0] in text
    assert "2017" in text  # the announcement's own date is still said


def test_a_since_line_keeps_answers_phone_sized(client, knowledge):
    for entry in knowledge.entries.values():
        if entry.since:
            text = chat(client, entry.questions[0], sender=f"len-{entry.id}")["text"]
            assert len(text.split()) <= 120, (entry.id, len(text.split()))


def test_the_cli_prints_each_source_with_its_link():
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "When", "did", "the", "redress", "trial", "start?"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Since then (South Tyneside Council)" in out
    assert re.search(r"\[1\] .*NAHT for the Department for Education.* https://www\.naht\.org\.uk/", out)
    assert re.search(r"Official page: Lancashire County Council.* https://www\.lancashire\.gov\.uk/", out)
    assert re.search(r"Since then: South Tyneside Council.* https://www\.southtyneside\.gov\.uk/", out)


def test_adviser_search_lists_every_citation(client):
    hits = client.get("/api/search", query_string={"q": "multiplication tables check"}).get_json()["results"]
    first = next(h for h in hits if h["id"] == "multiplication-tables-check")
    assert first["citation"] == first["citations"][0]
    assert [c["kind"] for c in first["citations"]] == ["announcement", "official", "since"]


# -- what staff see in `python -m bot validate` ---------------------------------------

ENTRY = """source:
  publisher: NAHT
  author: Department for Education
  title: An update
  published: 2017-11-30
entries:
  - id: check
    title: A check
    topic: Assessment and testing
    questions:
      - Is there a check?
      - When is the check?
      - What is the check?
    answer: The check was planned to start in 2019.
{extra}"""


def validate(tmp_path: Path, extra: str) -> subprocess.CompletedProcess:
    folder = tmp_path / "knowledge"
    folder.mkdir(exist_ok=True)
    (folder / "check.yml").write_text(ENTRY.format(extra=extra), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "bot", "validate", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_a_plan_with_no_since_note_is_a_warning_naming_the_entry(tmp_path):
    result = validate(tmp_path, "")
    assert result.returncode == 0
    assert re.search(r"check\.yml:7: warning: 'check' mentions a plan for 2019 .*no 'since' note", result.stdout)


def test_a_complete_since_note_passes_and_silences_the_warning(tmp_path):
    result = validate(tmp_path, """    since:
      text: It started in 2022.
      date: 2022
      publisher: GOV.UK
      title: The check
      url: https://www.gov.uk/check
    official:
      publisher: GOV.UK
      title: The check framework
      url: https://www.gov.uk/check-framework
""")
    assert result.returncode == 0, result.stdout
    assert "0 warning(s)" in result.stdout, result.stdout


@pytest.mark.parametrize("block, line, message", [
    ("    since:\n      text: It started in 2022.\n      publisher: GOV.UK\n      title: The check\n",
     15, "needs a 'date'"),
    ("    since:\n      text: It started in 2022.\n      date: 2022\n      title: The check\n",
     16, "since is missing publisher"),
    ("    since:\n      text: It started in 2022.\n      date: soon\n      publisher: GOV.UK\n      title: T\n",
     17, "since 'date' must be a date"),
    ("    since:\n      text: It started in 2022. It ended in 2023.\n      date: 2022\n      publisher: GOV.UK\n      title: T\n",
     16, "one sentence"),
    ("    official:\n      publisher: GOV.UK\n      title: T\n      url: www.gov.uk/check\n",
     18, "must be a web address starting with http"),
    ("    official:\n      publisher: GOV.UK\n      title: T\n      url: https://www.gov.uk/check?utm_source=email\n",
     18, "tracking part"),
    ("    official:\n      publisher: GOV.UK\n      title: T\n",
     16, "official is missing url"),
    ("    official:\n      publisher: GOV.UK\n      title: T\n      url: https://www.gov.uk/x\n      link: x\n",
     19, "unknown official field 'link'"),
])
def test_broken_links_and_notes_are_errors_with_file_and_line(tmp_path, block, line, message):
    result = validate(tmp_path, block)
    assert result.returncode == 1, result.stdout
    assert re.search(rf"check\.yml:{line}: .*{re.escape(message)}", result.stdout), result.stdout
