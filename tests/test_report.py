"""Staff insight end to end: unanswered questions and feedback reach `python -m bot report`."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT, chat, server_env


def test_report_lists_unanswered_questions_and_worst_rated_answers(client, config, tmp_path):
    for _ in range(3):
        chat(client, "How much is DLA?", sender="p1")
    chat(client, "how much is dla", sender="p2")
    chat(client, "can I get a blue badge for my son Oliver?", sender="p3")
    answer = chat(client, "what is the single route of redress trial", sender="p4")
    for useful in (False, False, True):
        response = client.post("/api/feedback", json={"reply_id": answer["custom"]["reply_id"], "useful": useful,
                                                      "entry_id": "redress-trial"})
        assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    env = server_env(config.data_dir, index_dir=str(config.index_dir))
    chart = tmp_path / "report.png"
    result = subprocess.run([sys.executable, "-m", "bot", "report", "--chart", str(chart)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.lower()
    assert "how much is dla" in lines and "4" in lines
    assert "redress-trial" in lines
    assert "oliver" not in lines  # names are redacted before they are stored
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_feedback_rejects_bad_bodies(client):
    for body in ([], {"useful": True}, {"reply_id": "x"}, {"reply_id": "x", "useful": "yes"},
                 {"reply_id": "x" * 500, "useful": True}, {"reply_id": "x", "useful": True, "comment": "c" * 5000}):
        response = client.post("/api/feedback", json=body)
        assert 400 <= response.status_code < 500 and "error" in response.get_json(), body
