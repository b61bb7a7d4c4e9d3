"""Private by design: what parents type about their children (names, dates of birth,
emails, phone and NHS numbers, addresses, postcodes) goes through a real server and
never comes out again: not in the SQLite file's bytes (database, WAL and shared
memory), not in the server's log, not in ``python -m bot report``.

Unanswerable questions are stored for staff (redacted), and so are feedback comments,
so every message below passes through storage one way or the other.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml
from support import ROOT, ServerProcess, free_port, server_env

PII_FILE = ROOT / "tests" / "data" / "pii_messages.yml"

# Questions the knowledge cannot answer, so they are stored for staff; each carries a
# canary word: it must reach the store (the test really stored something) and must
# never reach the log (the log does not keep what parents type).
OWN_MESSAGES = [
    (("My son Oliver Bennett, DOB 12/03/2015, NHS number 943 476 5919, needs a quokka sensory den. "
      "We live at 14 Acacia Avenue, Leeds LS1 4AB. Email jo.bloggs84@example.com or ring 07700 900123."),
     ["Oliver", "Bennett", "12/03/2015", "943 476 5919", "9434765919", "14 Acacia Avenue", "LS1 4AB",
      "jo.bloggs84", "example.com", "07700 900123", "07700900123"]),
    (("Hi I'm Sarah-Jane Whitlock, mum to Kacper (born 3rd of May 2014). Who pays for his quokka therapy? "
      "Our address is Flat 2, 9 Mill Lane, Bristol BS1 5TR, phone +44 7700 900456"),
     ["Whitlock", "Kacper", "3rd of May 2014", "9 Mill Lane", "BS1 5TR", "7700 900456"]),
    (("my daughter Amelia-Rose is 6, NHS no 4857773456, date of birth 01/02/2019, can the quokka club "
      "take her? email amelia.mum@mail.co.uk, postcode sw1a1aa"),
     ["Amelia", "4857773456", "01/02/2019", "amelia.mum", "mail.co.uk", "sw1a1aa"]),
]
CANARY = "quokka"
FEEDBACK_COMMENTS = [
    "Please call me on 07700 900987, it is about my son Alfie and his quokka EHCP.\nThanks, Grace Okonkwo-Hale",
    "The answer was out of date, our LA is different. Best wishes, Mohammed Al-Rashid",
    "Not useful. My daughter Niamh (DOB 30/11/2016) still has no school place. niamh.mum@outlook.com",
]
COMMENT_SECRETS = ["07700 900987", "Alfie", "Grace", "Okonkwo-Hale", "Okonkwo", "Mohammed", "Al-Rashid",
                   "Niamh", "30/11/2016", "niamh.mum", "outlook.com"]


def pii_cases() -> list[tuple[str, list[str]]]:
    data = yaml.safe_load(PII_FILE.read_text(encoding="utf-8"))
    cases = [(item["text"], [str(s) for s in item.get("must_not_contain") or []]) for item in data]
    return cases + OWN_MESSAGES


def stored_values(path: Path) -> str:
    """Every text value in every table of a SQLite file, one per line."""
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(value) for table in tables for row in db.execute(f'SELECT * FROM "{table}"')
                         for value in row if isinstance(value, str))


def leaks(haystack: str, secrets: list[str]) -> list[str]:
    """The secrets found in haystack, as whole words, in any case."""
    found = []
    for secret in secrets:
        pattern = rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])"
        if re.search(pattern, haystack, re.IGNORECASE):
            found.append(secret)
    return found


def test_personal_details_never_reach_the_store_the_log_or_the_report(tmp_path):
    cases = pii_cases()
    secrets = sorted({s for _, must_not in cases for s in must_not} | set(COMMENT_SECRETS))
    assert len(secrets) > 80, "the test must carry plenty of personal details"
    data = tmp_path / "data"
    data.mkdir()
    port = free_port()
    server = ServerProcess([sys.executable, "server.py", "--port", str(port)], server_env(data), port)
    try:
        session = requests.Session()
        for n, (text, _) in enumerate(cases):
            chat = session.post(f"{server.url}/webhooks/rest/webhook",
                                json={"sender": f"privacy-{n}", "message": text}, timeout=30)
            assert chat.status_code == 200, chat.text
            reply = chat.json()[0]
            assert not leaks(reply["text"], secrets), "a reply must not echo personal details"
            # Every message is also left as a feedback comment: comments are always stored.
            feedback = session.post(f"{server.url}/api/feedback", timeout=30, json={
                "reply_id": reply["custom"]["reply_id"], "useful": n % 2 == 0,
                "entry_id": (reply["custom"]["citations"] or [{}])[0].get("id"), "comment": text})
            assert feedback.status_code == 200, feedback.text
        for comment in FEEDBACK_COMMENTS:
            feedback = session.post(f"{server.url}/api/feedback", timeout=30,
                                    json={"reply_id": "r-comment", "useful": False, "comment": comment})
            assert feedback.status_code == 200, feedback.text
        # An adviser pasting a parent's details into the search box.
        for text, _ in OWN_MESSAGES:
            assert session.get(f"{server.url}/api/search", params={"q": text}, timeout=30).status_code == 200
        secrets += ["Grace Okonkwo-Hale", "Okonkwo", "07700 900987"]
        log_while_running = server.output()
    finally:
        server.stop()

    stored = b"".join(p.read_bytes() for p in sorted(data.glob("insight.sqlite3*")))
    assert stored, "the insight store was never written"
    stored_text = stored.decode("utf-8", "replace")
    assert CANARY in stored_text, "the unanswerable questions must be stored (redacted) for staff"
    # Every stored value, read as the database holds it; and the raw file too (free pages,
    # the WAL), where a two-letter name like "Jo" would turn up in binary by chance.
    values = stored_values(data / "insight.sqlite3")
    assert not leaks(values, secrets), f"personal details in the staff store: {leaks(values, secrets)}"
    long_secrets = [secret for secret in secrets if len(secret) >= 4]
    assert not leaks(stored_text, long_secrets), f"personal details in the SQLite file: {leaks(stored_text, long_secrets)}"

    log = log_while_running + Path(server.log.name).read_text(encoding="utf-8", errors="replace")
    assert "POST /webhooks/rest/webhook" in log, "the server log was captured"
    assert not leaks(log, secrets), f"personal details in the server log: {leaks(log, secrets)}"
    assert CANARY not in log, "the server log shows what parents typed"

    report = subprocess.run([sys.executable, "-m", "bot", "report", "--limit", "200"], cwd=ROOT,
                            env=server_env(data), check=False, capture_output=True, text=True, timeout=60)
    assert report.returncode == 0, report.stderr
    assert CANARY in report.stdout, "the report lists the stored questions"
    assert not leaks(report.stdout + report.stderr, secrets), \
        f"personal details in the report: {leaks(report.stdout, secrets)}"


@pytest.mark.parametrize("secret", ["Amelia", "07700 900123", "LS1 4AB"])
def test_leaks_finds_whole_words_in_any_case(secret):
    """The checker itself: it would have caught a leak."""
    assert leaks(f"... {secret.lower()} ...", [secret]) == [secret]
    assert leaks(f"xx{secret}xx", [secret]) == []


def test_a_sign_off_name_followed_by_a_phone_number_is_redacted(config):
    """Parents sign off with their name and number; both must go."""
    from bot.web import create_app
    client = create_app(config).test_client()
    comment = "Is the EHCP late? Regards, Tom Hargreaves 07700 900123"
    assert client.post("/api/feedback", json={"reply_id": "r", "useful": False, "comment": comment}).status_code == 200
    # WAL mode: a fresh write may still sit in insight.sqlite3-wal.
    stored = "".join(p.read_bytes().decode("utf-8", "replace") for p in config.data_dir.glob("insight.sqlite3*"))
    assert "[phone]" in stored
    assert not leaks(stored, ["Tom", "Hargreaves"])


# Terminal codes a hostile or careless client may send: a screen clear, a window
# title, an 8-bit CSI, a bidi override that reorders a line, and a zero-width space
# hiding a name from redaction; and personal details that come with no cue.
CODES = ["\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\u202e", "\u200b"]
CODED_MESSAGES = [
    ("\x1b[2J\x1b]0;title\x07Is there a quokka club for my son Jo\u200bnah? ring 07700 900321",
     ["Jonah", "07700 900321"]),
    ("\x9b31mCan my daughter Isla-Mae join \u202ethe quokka choir?", ["Isla-Mae"]),
    # Details with no cue at all: first names, a school, case references.
    ("Does Oakwood Academy have a quokka room? Ella and Mia need one, case EHC-88213",
     ["Oakwood Academy", "Ella", "Mia", "EHC-88213"]),
    ("Can Jack get a quokka pass at St Mary's Primary? ref 12345/AB", ["Jack", "St Mary's Primary", "12345/AB"]),
]


def test_the_report_never_prints_terminal_codes_or_personal_details(config):
    from bot.web import create_app
    client = create_app(config).test_client()
    for n, (text, _) in enumerate(CODED_MESSAGES):
        chat = client.post("/webhooks/rest/webhook", json={"sender": f"codes-{n}", "message": text})
        assert chat.status_code == 200 and not chat.get_json()[0]["custom"]["citations"], "stored for staff"
        feedback = client.post("/api/feedback", json={"reply_id": chat.get_json()[0]["custom"]["reply_id"],
                                                      "useful": False, "entry_id": "redress-trial", "comment": text})
        assert feedback.status_code == 200, feedback.get_data(as_text=True)
    secrets = [s for _, found in CODED_MESSAGES for s in found]

    stored = "".join(p.read_bytes().decode("utf-8", "replace") for p in config.data_dir.glob("insight.sqlite3*"))
    assert CANARY in stored, "the questions and comments were stored"
    assert not [c for c in CODES if c in stored], "control codes in the SQLite file"
    assert not leaks(stored, secrets), leaks(stored, secrets)

    report = subprocess.run([sys.executable, "-m", "bot", "report"], cwd=ROOT, env=server_env(config.data_dir),
                            check=False, capture_output=True, text=True, timeout=60)
    assert report.returncode == 0, report.stderr
    assert CANARY in report.stdout and "redress-trial" in report.stdout, report.stdout
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e]", report.stdout), report.stdout
    assert not leaks(report.stdout, secrets), report.stdout
