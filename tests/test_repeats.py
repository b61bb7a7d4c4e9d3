"""A message met before: the same reply without the work, and nothing else skipped.

Parents ask the same questions again and again, so each worker keeps the replies it
decided (``SEND_HELPER_REPLY_MEMO``). These tests hold it to what users must not
notice: a repeat in another conversation's context is decided for that context, edited
knowledge is served at once, and every repeat is still counted for staff and still
gets its safety reply.
"""

from __future__ import annotations

import time
from dataclasses import replace

from bot.config import Config
from bot.insight import InsightStore
from bot.web import create_app
from support import chat

UNANSWERED = "can my son get a free bus pass to his college?"
EMERGENCY = "my daughter has swallowed a whole packet of her tablets"


def test_a_repeat_gets_the_same_reply_and_a_follow_up_keeps_its_own_topic(client):
    first = [chat(client, "what is the redress trial?", sender=f"a{n}") for n in range(3)]
    assert first[0]["custom"]["citations"][0]["id"] == "redress-trial"
    assert all(reply["text"] == first[0]["text"] for reply in first)
    # The same words after another topic ask about that topic.
    chat(client, "what changed about apprenticeships english and maths?", sender="b")
    for sender in ("a0", "b", "a1"):
        more = chat(client, "tell me more", sender=sender)
        expected = "apprenticeships-english-maths" if sender == "b" else "redress-trial"
        assert more["custom"]["citations"][0]["id"] == expected, (sender, more)


def test_every_repeat_is_counted_for_staff_and_gets_its_safety_reply(config):
    client = create_app(config).test_client()
    for n in range(3):
        unanswered = chat(client, UNANSWERED, sender=f"u{n}")
        assert not unanswered["custom"]["citations"], unanswered
        emergency = chat(client, EMERGENCY, sender=f"e{n}")
        assert emergency["custom"]["safety"] == "emergency" and "999" in emergency["text"]
    report = InsightStore(config.insight_path).report()
    assert report.unanswered_total == 3 and report.unanswered_distinct == 1
    assert sum(n for tier, _, n in report.safety if tier == "emergency") == 3, report.safety


def test_an_edited_entry_is_served_to_the_next_repeat(editable_config):
    client = create_app(editable_config).test_client()
    question = "where is the SEND conference?"
    before = chat(client, question, sender="before")
    assert "Stoke-on-Trent" in before["text"] and "Staffordshire" not in before["text"], before["text"]
    path = editable_config.knowledge_dir / "conference-2018.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Stoke-on-Trent", "Stoke-on-Trent (Staffordshire)"),
                    encoding="utf-8")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        after = chat(client, question, sender=f"after-{time.monotonic()}")
        if "Staffordshire" in after["text"]:
            break
        time.sleep(0.2)
    assert "Staffordshire" in after["text"], after["text"]


def test_the_memo_can_be_switched_off_and_replies_stay_the_same(config):
    assert Config.from_env({"SEND_HELPER_REPLY_MEMO": "0"}).reply_memo == 0
    kept, fresh = create_app(config).test_client(), create_app(replace(config, reply_memo=0)).test_client()
    for n, question in enumerate(["what is the redress trial?", "when does it start?", "what is the redress trial?"]):
        assert chat(kept, question, sender="k")["text"] == chat(fresh, question, sender="f")["text"], n
