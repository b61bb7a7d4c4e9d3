"""Every channel says the same thing to the same message: the command line, the REST
channel, the Socket.IO channel and the Rasa action server, each over its real
transport (a `python -m bot ask` process and a real `python server.py`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from support import ROOT, ServerProcess, free_port, server_env
from test_chat import action_call
from test_socketio import Chat

MESSAGES = [
    "what is the single route of redress trial?",           # a cited answer
    "what does SENCO mean?",                                 # the glossary
    "what's the weather like on mars?",                      # honest: not in the knowledge
    "my son has swallowed a button battery",                 # emergency
    "i can't cope anymore with all of this",                 # concern
    "how much does it cost to join the senco forum?",        # the announcement does not say
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_index):
    data = tmp_path_factory.mktemp("channels")
    env = server_env(data, index_dir=str(shared_index), watch_knowledge="0")
    port = free_port()
    process = ServerProcess([sys.executable, "server.py", "--port", str(port)], env, port)
    yield process.url, env
    process.stop()


@pytest.mark.parametrize("number", range(len(MESSAGES)))
def test_cli_rest_socketio_and_rasa_actions_give_the_same_answer(server, number):
    url, env = server
    text, sender = MESSAGES[number], f"same-{number}"
    cli = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "--sender", f"{sender}-cli", text],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    answers = {"cli": json.loads(cli.stdout)[0]["text"]}
    answers["rest"] = requests.post(f"{url}/webhooks/rest/webhook", timeout=30,
                                    json={"sender": f"{sender}-rest", "message": text}).json()[0]["text"]
    chat = Chat(url)
    try:
        answers["socketio"] = "\n\n".join(part["text"] for part in chat.ask(text))
    finally:
        chat.close()
    call = action_call(text)
    call["sender_id"] = call["tracker"]["sender_id"] = f"{sender}-rasa"
    action = requests.post(f"{url}/webhook", json=call, timeout=30)
    assert action.status_code == 200, action.text
    answers["rasa"] = action.json()["responses"][0]["text"]
    assert len(set(answers.values())) == 1, json.dumps(answers, indent=1)
