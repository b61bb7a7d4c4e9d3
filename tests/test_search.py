"""The adviser's search, through the HTTP API and the CLI, and the index's safety."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot import knowledge as kb
from bot.library import Library
from bot.search import SCORER_FILE, IndexStore, analyse

ROOT = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))
CASES = [(entry_id, kind, query) for entry_id, variants in QUERIES.items() for kind, query in variants.items()]


def test_every_seed_topic_has_three_kinds_of_query():
    knowledge, _ = kb.load(ROOT / "knowledge")
    assert set(QUERIES) <= set(knowledge.entries)
    for entry_id, variants in QUERIES.items():
        assert {"parent", "adviser", "typo"} <= set(variants), entry_id


@pytest.mark.parametrize("entry_id,kind,query", CASES, ids=[f"{e}-{k}" for e, k, _ in CASES])
def test_api_finds_the_right_topic_first(client, entry_id, kind, query):
    response = client.get("/api/search", query_string={"q": query, "limit": 5})
    assert response.status_code == 200
    body = response.get_json()
    top = body["results"][0]
    assert top["id"] == entry_id, [r["id"] for r in body["results"]]
    citation = top["citation"]
    assert citation["id"] == entry_id
    assert citation["publisher"] and citation["title"] and citation["published"].startswith("2017")
    assert "url" in citation


def test_api_result_shape_and_highlighting(client):
    body = client.get("/api/search?q=tribunal%20recommendations&limit=3").get_json()
    assert set(body) >= {"query", "took_ms", "results"}
    assert body["query"] == "tribunal recommendations"
    assert 1 <= len(body["results"]) <= 3
    for result in body["results"]:
        assert set(result) >= {"id", "title", "snippet", "score", "citation"}
    assert "<mark>" in body["results"][0]["snippet"]
    assert body["results"][0]["score"] >= body["results"][-1]["score"]


def test_typos_get_a_did_you_mean(client):
    body = client.get("/api/search?q=singel%20route%20of%20redres").get_json()
    assert body["did_you_mean"] == "single route of redress"
    assert body["results"][0]["id"] == "redress-trial"


@pytest.mark.parametrize("query,expected,meant", [
    ("rock ford review consultation", "rochford-review", "rochford"),   # one name heard as two words
    ("dame christine lenny han", "residential-review", "lenehan"),
    ("single root of redress letter", "redress-trial-letter", "route"),  # a homophone between a name's own words
])
def test_a_misheard_name_is_mended(client, query, expected, meant):
    # Voice typing splits a name or writes a word that sounds like it: the name is searched,
    # and the adviser sees what was read.
    body = client.get("/api/search", query_string={"q": query}).get_json()
    assert body["results"][0]["id"] == expected, [r["id"] for r in body["results"]]
    assert meant in body["did_you_mean"], body


def test_a_word_cut_short_finds_the_words_it_may_begin(client):
    # "sec" begins "secretary", "second" and "sector": the passages decide which it is, and
    # the one that says "Secretary of State" comes first, its words highlighted.
    body = client.get("/api/search", query_string={"q": "sec of state letter"}).get_json()
    assert "did_you_mean" not in body
    top = body["results"][0]
    assert top["id"] == "residential-review-response"
    assert "Secretary" in assert_spans_in_text(top)


def test_lay_words_find_the_formal_topic(client):
    for query, expected in [("kicked out of school", "exclusions-guides"),
                            ("times tables test", "multiplication-tables-check"),
                            ("the plan from the council tribunal health", "redress-trial")]:
        assert client.get("/api/search", query_string={"q": query}).get_json()["results"][0]["id"] == expected


def assert_spans_in_text(result: dict) -> list[str]:
    """Every highlight lies inside ``text``, in order, and the HTML snippet marks the same
    words over the same text (both come from one excerpt). Returns the highlighted words."""
    text, spans = result["text"], result["highlights"]
    at = 0
    for span in spans:
        assert len(span) == 2 and all(isinstance(n, int) for n in span), span
        start, end = span
        assert at <= start < end <= len(text), (span, len(text))
        at = end
    marked = [html.unescape(w) for w in re.findall(r"<mark>(.*?)</mark>", result["snippet"])]
    assert marked == [text[start:end] for start, end in spans]
    assert html.unescape(re.sub(r"</?mark>", "", result["snippet"])) == text
    return marked


# Synonym-free queries: each highlight is one of the typed words (up to case and stemming).
@pytest.mark.parametrize("query", ["annex guidance", "recommendations", "Multiplication TABLES", "Guides ANNEX"])
def test_highlights_cover_the_typed_words(client, query):
    results = client.get("/api/search", query_string={"q": query}).get_json()["results"]
    words = [w for r in results for w in assert_spans_in_text(r)]
    assert words
    typed = set(analyse(query))
    for word in words:
        assert set(analyse(word)) <= typed and analyse(word), (word, query)


# With synonyms and spelling fixes a highlight may be a word the parent did not type,
# but always one the search looked for.
@pytest.mark.parametrize("query", ["tribunal recommendations", "kicked out of school", "singel route of redres"])
def test_highlights_cover_the_searched_words(client, config, query):
    snapshot = IndexStore(config.index_dir).open()
    try:
        searched = set().union(*(c.stems for c in snapshot.concepts(query)))
    finally:
        snapshot.close()
    results = client.get("/api/search", query_string={"q": query}).get_json()["results"]
    words = [w for r in results for w in assert_spans_in_text(r)]
    assert words
    for word in words:
        assert set(analyse(word)) <= searched and analyse(word), (word, query)


def test_text_is_plain_and_snippet_escapes_html_from_the_knowledge(editable_config):
    from bot.web import create_app
    path = editable_config.knowledge_dir / "exclusions.yml"
    path.write_text(path.read_text(encoding="utf-8") + """
  - id: html-test
    title: A test entry
    topic: Exclusions
    questions:
      - Is markup escaped?
    answer: 'Watch for <script>alert(1)</script> and <img src=x onerror="alert(1)"> & co here.'
""", encoding="utf-8")
    client = create_app(editable_config).test_client()
    body = client.get("/api/search?q=script%20alert").get_json()
    result = next(r for r in body["results"] if r["id"] == "html-test")
    snippet, text = result["snippet"], result["text"]
    assert "<script" not in snippet and "<img" not in snippet and "&lt;img" in snippet and "&amp; co" in snippet
    # The knowledge's own characters, as written: no entities, and no markup added by us.
    assert text.startswith('Watch for <script>alert(1)</script> and <img src=x onerror="alert(1)"> & co')
    assert [text[s:e] for s, e in result["highlights"]] == ["script", "alert", "script", "alert"]
    assert_spans_in_text(result)


def test_a_synonym_phrase_is_highlighted_only_where_a_result_says_it_whole(editable_config):
    """'challenge a decision' is one way of saying redress (synonyms.yml). Its words are
    marked once some result says it whole; words that merely stand apart are not it."""
    from bot.web import create_app

    def marked(entry_id: str, client) -> set[str]:
        results = client.get("/api/search", query_string={"q": "redress"}).get_json()["results"]
        result = next(r for r in results if r["id"] == entry_id)
        return {result["text"][s:e].lower() for s, e in result["highlights"]}

    path = editable_config.knowledge_dir / "redress-trial.yml"
    apart = """
  - id: redress-apart
    title: Putting things right
    topic: Disagreements and appeals
    questions:
      - How is redress done?
    answer: 'Redress is how a decision is put right, and any family may challenge it.'
"""
    path.write_text(path.read_text(encoding="utf-8") + apart, encoding="utf-8")
    assert marked("redress-apart", create_app(editable_config).test_client()) == {"redress"}
    path.write_text(path.read_text(encoding="utf-8") + """
  - id: redress-whole
    title: Saying no to a council
    topic: Disagreements and appeals
    questions:
      - Can we say no?
    answer: 'Any family may challenge a decision: that is redress.'
""", encoding="utf-8")
    client = create_app(editable_config).test_client()
    assert marked("redress-whole", client) == {"challenge", "decision", "redress"}


def test_every_result_has_plain_text_and_spans(client):
    for query in ("redress", "exclusion guides", "times tables test", "SENCO", "what is an EHC plan"):
        for result in client.get("/api/search", query_string={"q": query}).get_json()["results"]:
            assert "<mark" not in result["text"] and not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", result["text"], re.I)
            assert_spans_in_text(result)


def test_topic_filter(client):
    topics = client.get("/api/topics").get_json()["topics"]
    assert "Exclusions" in topics
    body = client.get("/api/search?q=school&topic=Exclusions").get_json()
    assert body["results"] and all(r["topic"] == "Exclusions" for r in body["results"])


@pytest.mark.parametrize("query", ['"', "*", "AND", "(", 'tribunal AND (', 'OR NOT "', "sen*", "~~~", "title:x", "🙂", "\u202e"])
def test_query_syntax_typed_by_parents_is_just_text(client, query):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    assert isinstance(response.get_json()["results"], list)


@pytest.mark.parametrize("params,status", [({}, 400), ({"q": ""}, 400), ({"q": "   "}, 400),
                                           ({"q": "x" * 10_000}, 413), ({"q": "x", "limit": "ten"}, 400),
                                           ({"q": "x", "limit": "0"}, 400), ({"q": "x", "limit": "5000"}, 400)])
def test_bad_search_requests_are_clear_4xx(client, params, status):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == status
    assert "error" in response.get_json()


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    return {**os.environ, "SEND_HELPER_INDEX_DIR": str(folder / "index"), "SEND_HELPER_DATA_DIR": str(folder)}


def test_cli_search_finds_each_topic_by_keywords(cli_env):
    """One process, every adviser query: `search --json` per topic through the CLI."""
    for entry_id, variants in QUERIES.items():
        result = run_cli("search", "--json", "--limit", "3", variants["adviser"], env=cli_env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["results"][0]["id"] == entry_id, variants["adviser"]


def test_cli_search_prints_a_readable_list_with_citations(cli_env):
    result = run_cli("search", "exclusion", "guide", env=cli_env)
    assert result.returncode == 0
    assert "1. " in result.stdout and "Cite: " in result.stdout and "Department for Education" in result.stdout
    # Highlighted hits, readable in a terminal; every line of an excerpt indented under its title.
    assert "**exclude**" in result.stdout and re.search(r"\*\*guides?\*\*", result.stdout)
    excerpt = result.stdout.split("\n   Cite: ")[0].splitlines()[1:]
    assert excerpt and all(line.startswith("   ") for line in excerpt)
    assert "<mark>" not in result.stdout


def test_cli_index_rebuilds_and_reports(cli_env):
    result = run_cli("index", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "35 entries" in result.stdout or "entries" in result.stdout


# -- the index on disk -------------------------------------------------------------

def test_first_use_builds_the_index_and_stale_yaml_rebuilds_it(editable_config):
    library = Library(editable_config.knowledge_dir, editable_config.index_dir, check_seconds=0)
    first = library.snapshot()
    assert first.knowledge.entries and (editable_config.index_dir / "current").is_symlink()
    path = editable_config.knowledge_dir / "conference-2018.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Stoke-on-Trent", "Stoke-on-Trent (Staffordshire)"),
                    encoding="utf-8")
    second = library.snapshot()
    assert second.name != first.name
    assert "Staffordshire" in second.knowledge.entries["send-conference-2018"].answer + \
        second.knowledge.entries["send-conference-2018"].details + second.knowledge.entries["send-conference-2018"].dates


def test_broken_yaml_keeps_the_last_good_index_serving_until_fixed(editable_config):
    library = Library(editable_config.knowledge_dir, editable_config.index_dir, check_seconds=0)
    good = library.snapshot()
    path = editable_config.knowledge_dir / "exclusions.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n  - id: [broken\n", encoding="utf-8")
    served = library.snapshot()
    assert served.name == good.name and "exclusions-guides" in served.knowledge.entries
    assert library.status.errors and library.status.errors[0].file.endswith("exclusions.yml")
    assert served.search("exclusion guide").hits[0].id == "exclusions-guides"
    path.write_text(original.replace("annex B", "annex B (the head teachers' guide)"), encoding="utf-8")
    mended = library.snapshot()
    assert mended.name != good.name and not library.status.errors


def test_missing_index_files_are_rebuilt(editable_config):
    library = Library(editable_config.knowledge_dir, editable_config.index_dir)
    name = library.snapshot().name
    shutil.rmtree(editable_config.index_dir / name)
    fresh = Library(editable_config.knowledge_dir, editable_config.index_dir)
    assert fresh.snapshot().search("redress").hits


def test_a_snapshot_that_will_not_open_is_rebuilt_on_start(editable_config):
    """Its knowledge file still names the YAML it was built from: that must not pass for
    a finished build."""
    library = Library(editable_config.knowledge_dir, editable_config.index_dir)
    name = library.snapshot().name
    (editable_config.index_dir / name / SCORER_FILE).unlink()
    fresh = Library(editable_config.knowledge_dir, editable_config.index_dir).snapshot()
    assert fresh.name != name and fresh.search("redress").hits


def test_unwritable_index_folder_falls_back_to_a_temporary_index(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    library = Library(ROOT / "knowledge", blocked / "index")
    snapshot = library.snapshot()
    assert snapshot.search("redress").hits
    assert "not writable" in library.status.message


def test_two_processes_building_at_once_leave_one_good_index(tmp_path):
    env = {**os.environ, "SEND_HELPER_INDEX_DIR": str(tmp_path / "index"), "SEND_HELPER_DATA_DIR": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert not any("Traceback" in out + err or "LockError" in out + err for out, err in outputs)
    snapshot = IndexStore(tmp_path / "index").open()
    assert snapshot.search("single route of redress").hits[0].id == "redress-trial"
    assert len(list((tmp_path / "index").glob("snapshot-*"))) <= 2


def test_readers_never_see_a_half_built_index(tmp_path):
    knowledge, _ = kb.load(ROOT / "knowledge")
    store = IndexStore(tmp_path)
    store.build(knowledge, "v1")
    deadline = time.monotonic() + 3
    builder = subprocess.Popen([sys.executable, "-c", (
        "import sys; from bot import knowledge as kb; from bot.search import IndexStore\n"
        f"k,_=kb.load({str(ROOT / 'knowledge')!r}); s=IndexStore({str(tmp_path)!r})\n"
        "for i in range(6): s.build(k, f'v{i+2}')\n")], cwd=ROOT)
    opened = 0
    while builder.poll() is None and time.monotonic() < deadline + 60:
        snapshot = store.open()
        assert snapshot.search("redress").hits
        opened += 1
    assert builder.wait(timeout=60) == 0
    assert opened > 0


def test_an_index_built_by_an_older_format_is_rebuilt_on_start(editable_config):
    knowledge, _ = kb.load(editable_config.knowledge_dir)
    store = IndexStore(editable_config.index_dir)
    old = store.build(knowledge, kb.fingerprint(editable_config.knowledge_dir))  # no format tag, as before
    library = Library(editable_config.knowledge_dir, editable_config.index_dir)
    assert library.snapshot().name != old.name
    assert library.snapshot().fingerprint.startswith("format-")
