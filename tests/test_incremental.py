"""An edited knowledge file is re-read alone and added to the served index as a layer
(bot/library.py, IndexStore.update): what is served must be what a whole build of the
same YAML serves, and what staff are told about their files the same as a full load."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot import knowledge as kb
from bot.library import Library
from bot.search import MAX_LAYERS, SCORER_FILE
from support import ROOT

QUERIES = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))

NEW_ENTRY = """
  - id: redress-trial-helpline
    title: A helpline for the redress trial
    topic: Single route of redress
    questions:
      - Is there a helpline for the redress trial?
      - Who can I phone about the single route of redress?
      - Can I ring someone about a tribunal appeal and health needs?
    answer: >-
      Families in the trial could phone the tribunal's helpline to ask how a health or
      social care request is added to an appeal.
"""


def reword(text: str) -> str:
    edited = text.replace("The single route of redress national trial was",
                          "The single route of redress national trial (reworded by staff) was")
    assert edited != text
    return edited


def remove_update(text: str) -> str:
    """newsletters.yml without its one entry no other entry links to."""
    start = text.index("  - id: send-update-november-2017")
    end = text.find("\n  - id:", start + 1)
    return text[:start] + (text[end + 1:] if end != -1 else "")


EDITS = {"an answer reworded": ("redress-trial.yml", reword),
         "an entry added": ("redress-trial.yml", lambda text: text + NEW_ENTRY),
         "an entry removed": ("newsletters.yml", remove_update)}


def served_folder(index: Path) -> Path:
    return index / os.readlink(index / "current")


def replies(client, sender: str) -> list:
    """The search API's results and the chat's answers for every entry's questions."""
    out = []
    for number, variants in enumerate(QUERIES.values()):
        for query in variants.values():
            results = client.get("/api/search", query_string={"q": query}).get_json()["results"]
            chat = client.post("/webhooks/rest/webhook", json={"sender": f"{sender}-{number}", "message": query})
            out.append((query, results, [(m["text"], m["custom"]["citations"]) for m in chat.get_json()]))
    return out


@pytest.mark.parametrize("edit", EDITS)
def test_an_edited_file_is_served_as_a_whole_build_of_it_would_be(editable_config, tmp_path, edit):
    from bot.web import create_app
    client = create_app(editable_config).test_client()
    assert client.get("/health").get_json()["status"] == "ok"
    name, change = EDITS[edit]
    path = editable_config.knowledge_dir / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    served = replies(client, "layered")
    folder = served_folder(editable_config.index_dir)
    assert (folder / "scorer-1.bin").exists(), "the edit was added as a layer, not built whole"
    whole = create_app(replace(editable_config, index_dir=tmp_path / "whole", data_dir=tmp_path / "whole-data"))
    assert served == replies(whole.test_client(), "whole")
    assert not (served_folder(tmp_path / "whole") / "scorer-1.bin").exists()

    answer = client.post("/webhooks/rest/webhook", json={"sender": "after", "message":
                                                         "What is the single route of redress trial?"}).get_json()[0]
    if edit == "an answer reworded":
        assert "reworded by staff" in answer["text"]
    if edit == "an entry added":
        found = client.get("/api/search", query_string={"q": "helpline redress trial"}).get_json()["results"]
        assert found[0]["id"] == "redress-trial-helpline"
    if edit == "an entry removed":
        found = client.get("/api/search", query_string={"q": "SEND update November 2017"}).get_json()["results"]
        assert found and "send-update-november-2017" not in {r["id"] for r in found}


def test_problems_are_those_of_a_full_load_and_a_bad_edit_keeps_the_last_good_index(editable_config):
    folder = editable_config.knowledge_dir
    library = Library(folder, editable_config.index_dir, check_seconds=0)
    first = library.snapshot()
    path = folder / "redress-trial.yml"
    good = path.read_text(encoding="utf-8")

    path.write_text(good.replace("related: [", "related: [no-such-entry, ", 1), encoding="utf-8")
    served = library.snapshot()
    assert served.name == first.name, "an edit with an error is not served"
    assert library.status.problems == kb.load(folder)[1]
    assert any(p.file == str(path) and "unknown entry 'no-such-entry'" in p.message for p in library.status.errors)

    lines = good.splitlines()
    lines[6] = "    title: [Single route of redress: national trial"  # an unclosed list, line 7
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert library.snapshot().name == first.name
    assert library.status.problems == kb.load(folder)[1]
    assert [f"{Path(p.file).name}:{p.line}" for p in library.status.errors][:1] == ["redress-trial.yml:7"]

    path.write_text(reword(good), encoding="utf-8")
    mended = library.snapshot()
    assert mended.name != first.name and mended.scorer.layers == 2 and not library.status.errors
    assert library.status.problems == kb.load(folder)[1]
    assert "reworded by staff" in mended.entry("redress-trial").answer


def test_an_id_another_file_uses_is_reported_as_a_full_load_reports_it(editable_config):
    folder = editable_config.knowledge_dir
    library = Library(folder, editable_config.index_dir, check_seconds=0)
    first = library.snapshot()
    path = folder / "exclusions.yml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_ENTRY.replace("redress-trial-helpline", "redress-trial"),
                    encoding="utf-8")
    assert library.snapshot().name == first.name
    assert library.status.problems == kb.load(folder)[1]
    assert any("duplicate id 'redress-trial'" in p.message for p in library.status.errors)


def test_glossary_edits_and_many_layers_are_built_whole(editable_config):
    folder = editable_config.knowledge_dir
    library = Library(folder, editable_config.index_dir, check_seconds=0)
    library.snapshot()
    path = folder / "redress-trial.yml"
    text = path.read_text(encoding="utf-8")
    for n in range(1, MAX_LAYERS + 1):
        text = text.replace("national trial was", f"national trial (edit {n}) was", 1).replace(f"(edit {n - 1}) ", "")
        path.write_text(text, encoding="utf-8")
        layers = library.snapshot().scorer.layers
        assert layers == (n + 1 if n < MAX_LAYERS else 1), n
    glossary = folder / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("meaning: ", "meaning: In short, ", 1),
                        encoding="utf-8")
    path.write_text(reword(path.read_text(encoding="utf-8")), encoding="utf-8")
    snapshot = library.snapshot()
    assert snapshot.scorer.layers == 1 and not (served_folder(editable_config.index_dir) / "scorer-1.bin").exists()
    assert (served_folder(editable_config.index_dir) / SCORER_FILE).exists()
    assert library.status.problems == kb.load(folder)[1]


def test_a_layered_snapshot_shares_files_with_the_one_before_and_never_changes_them(editable_config):
    library = Library(editable_config.knowledge_dir, editable_config.index_dir, check_seconds=0)
    before = library.snapshot()
    old = served_folder(editable_config.index_dir)
    stats = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in old.iterdir()}
    path = editable_config.knowledge_dir / "redress-trial.yml"
    path.write_text(reword(path.read_text(encoding="utf-8")), encoding="utf-8")
    after = library.snapshot()
    new = served_folder(editable_config.index_dir)
    assert after.name != before.name and new != old
    assert {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in old.iterdir()} == stats
    inodes = {p.stat().st_ino: p.name for p in old.iterdir()}
    shared = {p.name: inodes.get(p.stat().st_ino) for p in new.iterdir()}
    assert shared[SCORER_FILE] == SCORER_FILE and shared["knowledge-0.sqlite"] == "knowledge.sqlite"
    assert shared["knowledge.sqlite"] is None and shared["scorer-1.bin"] is None
    assert before.search("single route of redress").hits[0].id == "redress-trial", "the old snapshot still reads"


def test_a_truncated_layered_snapshot_is_rebuilt_whole(editable_config):
    """Its files are shared with the snapshot before (hard links), so both are damaged:
    the rebuild reads the YAML, never either snapshot."""
    library = Library(editable_config.knowledge_dir, editable_config.index_dir, check_seconds=0)
    library.snapshot()
    path = editable_config.knowledge_dir / "redress-trial.yml"
    path.write_text(reword(path.read_text(encoding="utf-8")), encoding="utf-8")
    layered = library.snapshot()
    assert layered.scorer.layers == 2
    for file in served_folder(editable_config.index_dir).iterdir():
        file.write_bytes(b"")
    rebuilt = library.snapshot()
    assert rebuilt.name != layered.name and rebuilt.scorer.layers == 1
    hits = rebuilt.search("single route of redress trial reworded").hits
    assert hits[0].id == "redress-trial" and "reworded by staff" in rebuilt.entry("redress-trial").answer


def test_an_edit_undone_clears_what_health_says(editable_config):
    # A file broken and then put back exactly as it was: the index served was built from
    # that very YAML, so /health must stop listing the errors (it kept them).
    from bot.web import create_app
    client = create_app(editable_config).test_client()
    assert client.get("/health").get_json()["status"] == "ok"
    path = editable_config.knowledge_dir / "redress-trial.yml"
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines()
    lines[6] = "    title: [Single route of redress: national trial"  # an unclosed list, line 7
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = client.get("/health").get_json()
    assert any(p.startswith("redress-trial.yml:7") for p in broken.get("problems", [])), broken
    path.write_text(good, encoding="utf-8")
    health = client.get("/health").get_json()
    assert "problems" not in health and health["status"] == "ok", health
