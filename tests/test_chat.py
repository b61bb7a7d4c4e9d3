"""The conversation over the Rasa REST webhook, the CLI and rasa-sdk's action server."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import requests

from support import ROOT, ServerProcess, chat, free_port, server_env

CITATION_FIELDS = {"id", "title", "publisher", "published", "url"}


def assert_cited(message: dict, entry_id: str | None = None) -> None:
    citations = message["custom"]["citations"]
    assert citations, message
    assert CITATION_FIELDS <= set(citations[0])
    if entry_id:
        assert citations[0]["id"] == entry_id
    assert re.search(r"\b2017\b", message["text"]), "the answer must say when its source was published"


def test_answer_carries_citation_date_and_related_buttons(client):
    message = chat(client, "What is the single route of redress trial?")
    assert message["recipient_id"] == "tester"
    assert message["custom"]["intent"] == "ask_question"
    assert 0 < message["custom"]["confidence"] <= 1
    assert_cited(message, "redress-trial")
    assert "30 November 2017" in message["text"] and "Department for Education" in message["text"]
    assert 1 <= len(message["buttons"]) <= 3
    # A button's payload is its own words, so any widget shows a click readably.
    assert all(b["payload"] == b["title"] for b in message["buttons"])


@pytest.mark.parametrize("text,intent", [
    ("hello", "greet"), ("good morning", "greet"), ("bye", "goodbye"), ("thanks so much", "thanks"),
    ("what can you do?", "help"), ("what kind of stuff can you help with?", "help"), ("are you a real person?", "bot_challenge"),
    ("what can you really help me with", "help"),  # a filler ("really") is no word of the question
    ("Hi there, I'm a grandad looking after my grandson who has SEND, hoping you can help me.", "greet"),
    ("I want to speak to someone", "contact_human"), ("what's the weather tomorrow", "out_of_scope"),
    ("hellooo?? u still there", "are_you_there"), ("test", "are_you_there"), ("are you having a nice day?", "how_are_you"),
    ("sorry, one more thing", "one_more"), ("can I ask something else?", "one_more"),
    ("that's exactly what ours is like, honestly it's a disgrace", "vent"),
    ("honestly the whole thing is so overwhelming", "vent"), ("ugh, all this paperwork is doing my head in", "vent"),
    # thanks as thumbs type it; how a reply left them, asking nothing
    ("thnx", "thanks"), ("thanx!", "thanks"), ("thnks so much", "thanks"),
    ("honestly reading that makes me want to cry", "reaction"), ("this makes me so angry", "reaction"),
    # an oath alone, at the news or at the bot
    ("ffs", "reaction"), ("for god's sake", "reaction"),
    # the last message taken back
    ("oops asked that badly, ignore me", "never_mind"),
    # a letter's sign-off
    ("Yours sincerely", "goodbye"), ("Kind regards, Tom", "goodbye"),
])
def test_small_talk_intents(client, text, intent):
    message = chat(client, text, sender=f"s-{intent}")
    assert message["custom"]["intent"] == intent
    assert message["custom"]["citations"] == []


@pytest.mark.parametrize("text,intent", [("ah well, thanks anyway", "thanks"), ("ok, bye for now", "goodbye"),
                                         ("fair enough. thank you", "thanks"),
                                         ("Cheers for that, really useful. I'll read it again after tea.", "thanks"),
                                         ("hello there, I have a couple of questions about my son's school", "greet")])
def test_a_nod_to_the_last_reply_before_small_talk_is_no_question(client, text, intent):
    assert chat(client, text, sender=f"nod-{intent}")["custom"]["intent"] == intent


@pytest.mark.parametrize("text", ["one more question: when does the redress trial start?",
                                  "can I ask something else? when does the redress trial start?"])
def test_a_question_after_an_aside_is_still_answered(client, text):
    """"One more thing" is small talk only when nothing is asked."""
    message = chat(client, text, sender=f"aside-{abs(hash(text))}")
    assert message["custom"]["citations"] and "March 2018" in message["text"], message["text"]


def test_a_joke_or_the_weather_gets_a_kind_reply_and_keeps_the_topic(client):
    chat(client, "what is the single route of redress trial?", sender="joke")
    message = chat(client, "tell me a joke", sender="joke")
    assert message["custom"]["intent"] == "joke" and "not much of a comedian" in message["text"]
    weather = chat(client, "what's the weather like tomorrow?", sender="joke")
    assert weather["custom"]["intent"] == "out_of_scope" and "not something I can help with" in weather["text"]
    assert "two years" in chat(client, "and for how long?", sender="joke")["text"]


@pytest.mark.parametrize("text", ["switching topic - when's the tribunal trial start",
                                  "ok different thing - the tribunal trial, when does that start",
                                  "ok totally different, when does the redress trial start"])
def test_a_change_of_subject_announced_is_no_word_of_the_question(client, text):
    # After another topic, the announcement ("switching topic", "ok different thing") is
    # no word the answer must say: the trial's start date answers.
    sender = f"switch-{abs(hash(text))}"
    chat(client, "how many schools are in the engagement pilot", sender=sender)
    message = chat(client, text, sender=sender)
    assert message["custom"]["citations"] and "March 2018" in message["text"], message["text"]


def test_bot_challenge_says_it_is_automated_and_handoff_names_the_iass(client):
    assert "automated assistant, not a person" in chat(client, "is this a bot")["text"]
    handoff = chat(client, "can I talk to a real person")["text"]
    assert "IASS" in handoff and "Information, Advice and Support Service" in handoff


@pytest.mark.parametrize("text", ["do you remember what I asked you yesterday?", "last time u told me the wrong date",
                                  "I'm a journalist - can I quote you?"])
def test_a_word_to_the_bot_about_itself_is_answered_about_itself(client, text):
    # Nothing in the knowledge: not "sorry, I don't have an answer", but what the bot is,
    # that it keeps no earlier chats, and where its answers come from.
    message = chat(client, text, sender="about-me")
    assert message["custom"]["intent"] == "bot_challenge" and message["custom"]["citations"] == []
    assert "don't remember earlier chats" in message["text"] and "IASS" in message["text"]


@pytest.mark.parametrize("text", ["can you tell me the email for the rochford team",
                                  "can you recommend a good dyslexia tutor in manchester"])
def test_asking_the_bot_for_something_it_lacks_is_no_word_about_itself(client, text):
    message = chat(client, text, sender=f"asks-of-me-{len(text)}")
    assert message["custom"]["intent"] != "bot_challenge" and "IASS" in message["text"]


def test_a_question_about_a_computer_is_no_question_about_the_bot(client):
    # "Is it on a computer?" asks how a test is taken, of the topic under way.
    chat(client, "when does the multiplication check start?", sender="on-screen")
    message = chat(client, "is it done on a computer or on paper?", sender="on-screen")
    assert message["custom"]["intent"] != "bot_challenge"
    assert_cited(message, "multiplication-tables-check")
    assert "online" in message["text"]


def test_glossary_answers_and_points_to_the_2017_source(client):
    message = chat(client, "what does SENCO mean?")
    assert message["custom"]["intent"] == "glossary"
    assert "co-ordinator" in message["text"].lower()
    assert message["custom"]["citations"][0]["id"] == "glossary-senco"
    assert any(c["id"] == "senco-forum" for c in message["custom"]["citations"])
    assert "2017" in message["text"]


@pytest.mark.parametrize("text,term,spelled", [
    # The letters are spelled out, though the term's meaning never says them.
    ("I keep seeing 'EHC plan' in everything the school sends. What does EHC actually mean?", "glossary-ehc-plan",
     "education, health and care plan"),
    ("what does dfe stand for lol", "glossary-dfe", "Department for Education"),
    ("SEND acronym expansion", "glossary-send", "special educational needs and disabilities"),
    ("Sorry, this is probably a silly question, but what does CQC stand for? It comes up next to Ofsted a lot.",
     "glossary-cqc", "Care Quality Commission"),
    ("sorry, random one - what's a SENCO?", "glossary-senco", "special educational needs co-ordinator"),
    ("what does EHC stand for again?", "glossary-ehc-plan", "education, health and care plan"),
    ("The letter from school keeps saying CQC. What does it stand for?", "glossary-cqc", "Care Quality Commission"),
    # an oath is a filler too
    ("what on earth is a CETR? the letters never explain", "glossary-cetr", "care, education and treatment review"),
])
def test_a_word_asked_about_in_passing_or_with_fillers_is_defined_with_what_its_letters_stand_for(
        client, text, term, spelled):
    message = chat(client, text, sender=f"define-{term}")
    assert message["custom"]["intent"] == "glossary", message["text"]
    assert message["custom"]["citations"][0]["id"] == term
    assert spelled.lower() in message["text"].lower()


def test_not_in_the_knowledge_says_so_cites_nothing_and_signposts_iass(client):
    for question in ["how much is DLA for a child with autism", "can I get a blue badge for my daughter"]:
        message = chat(client, question, sender="fallback")
        assert message["custom"]["citations"] == [], question
        assert "IASS" in message["text"] and "don't have an answer" in message["text"], question


@pytest.mark.parametrize("text", ["Beth yw'r tywydd yfory?", "我想问一下我儿子学校的事情，怎么办",
                                  "kurrakam henase nadat, rengi shin bwa"])
def test_a_message_the_bot_cannot_read_gets_the_999_line_and_a_person_to_ask(client, text):
    message = chat(client, text, sender="unreadable")
    assert message["custom"]["safety"] == "concern" and message["custom"]["safety_category"] == "unreadable"
    assert message["text"].startswith("I can only read English") and "999" in message["text"]
    assert "IASS" in message["text"] and message["custom"]["citations"] == []


def test_crisis_puts_safety_first_and_never_a_knowledge_answer(client):
    for text in ["I want to end my life", "my daughter has gone missing and we can't find her",
                 "someone is abusing my child right now",
                 # words of distress, and a plan the classifier is sure of: the 999 reply
                 "I can't cope with any of this anymore, I've put all his tablets and mine in a pile on the table"]:
        message = chat(client, text, sender="crisis")
        assert message["custom"]["intent"] == "crisis", text
        assert message["custom"]["safety"] == "emergency" and message["text"].startswith("999")
        assert message["custom"]["citations"] == []
    for text in ["my son self harmed last year and I'm scared it will start again", "my daughter is self-harming, also what is the redress trial?"]:
        message = chat(client, text, sender="concern")
        assert message["custom"]["safety"] == "concern", text
        assert "116 123" in message["text"] and "call 999" in message["text"]


def test_ambiguous_question_asks_which_and_the_button_answers_it(client):
    # (Several reviews; "apprenticeships" no longer asks, as whom to contact is no rival.)
    message = chat(client, "review", sender="amb")
    assert message["text"].startswith("I found more than one thing")
    titles = [b["title"] for b in message["buttons"]]
    assert len(titles) >= 3 and titles[-1] == "None of these"
    assert message["custom"]["citations"] == []
    chosen = message["buttons"][1]
    answer = chat(client, chosen["payload"], sender="amb")
    assert answer["custom"]["citations"][0]["title"] == chosen["title"]
    assert answer["custom"]["intent"] == "choose_topic"


def test_clarification_yes_and_none_of_these(client):
    chat(client, "review", sender="yes")
    assert chat(client, "yes", sender="yes")["custom"]["citations"]
    chat(client, "review", sender="no")
    refusal = chat(client, "/deny", sender="no")
    assert refusal["custom"]["citations"] == [] and "IASS" in refusal["text"]


def test_follow_ups_use_the_last_topic(client):
    first = chat(client, "what changed about apprenticeships english and maths?", sender="f")
    assert_cited(first, "apprenticeships-english-maths")
    contact = chat(client, "who do I contact about that?", sender="f")
    assert contact["custom"]["intent"] == "ask_contact"
    assert "0800 015 0400" in contact["text"]
    assert_cited(contact, "apprenticeships-english-maths")
    chat(client, "tell me about the redress trial", sender="f")
    when = chat(client, "when does it start?", sender="f")
    assert "March 2018" in when["text"] and when["custom"]["citations"][0]["id"] == "redress-trial"
    more = chat(client, "tell me more", sender="f")
    assert more["custom"]["intent"] == "ask_more" and more["custom"]["citations"][0]["id"] == "redress-trial"
    assert more["text"] != when["text"]


def test_follow_up_without_a_topic_does_not_invent_one(client):
    for n, text in enumerate(["tell me more", "when does it start?", "who do I contact about that?"]):
        message = chat(client, text, sender=f"fresh-{n}")
        assert message["custom"]["citations"] == [], text
    after_fallback = "after-fallback"
    chat(client, "how much is DLA?", sender=after_fallback)
    assert chat(client, "when does it start?", sender=after_fallback)["custom"]["citations"] == []


def test_conversations_are_kept_apart(client):
    chat(client, "tell me about the redress trial", sender="alice")
    chat(client, "multiplication tables check", sender="bob")
    assert chat(client, "when does it start?", sender="alice")["custom"]["citations"][0]["id"] == "redress-trial"


@pytest.mark.parametrize("body,status", [
    (b"this is not json", 400), (b"[1, 2, 3]", 400), (b'"just a string"', 400), (b"{}", 400),
    (b'{"sender": "a"}', 400), (b'{"message": "hi"}', 400), (b'{"sender": true, "message": "hi"}', 400),
    (b'{"sender": "a", "message": 5}', 400), (b'{"sender": "a", "message": null}', 400),
    (b'{"sender": "a", "message": ["hi"]}', 400), (b'{"sender": "", "message": "hi"}', 400),
    (b'{"sender": "a", "message": ""}', 400), (b'{"sender": "a", "message": "  \\n\\t "}', 400),
    (b'{"sender": "a b <script>", "message": "hi"}', 400),
    (json.dumps({"sender": "a", "message": "x" * 200_000}).encode(), 413),
    (json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(), 413),
    (json.dumps({"sender": "a", "message": "y" * 2_500}).encode(), 413),
])
def test_malformed_requests_get_a_json_4xx(client, body, status):
    response = client.post("/webhooks/rest/webhook", data=body, content_type="application/json")
    assert response.status_code == status
    error = response.get_json()
    assert isinstance(error, dict) and isinstance(error["error"], str) and error["error"]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ["\x00\x01hello\x7f", "🙂 what is the redress trial? 🙏", "Shwmae, oes gennych chi gymorth?",
                                  "مرحبا", "¿Qué es el juicio?", "\u202eevil", "a" * 1999])
def test_odd_but_valid_text_gets_a_polite_reply(client, text):
    response = client.post("/webhooks/rest/webhook", json={"sender": "odd", "message": text})
    assert response.status_code == 200
    assert response.get_json()[0]["text"]


def test_wrong_method_and_unknown_path_are_json(client):
    assert client.get("/webhooks/rest/webhook").status_code == 405
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_health_reports_the_loaded_index(client):
    body = client.get("/health").get_json()
    assert body["status"] == "ok" and body["entries"] >= 30 and body["terms"] >= 30


# -- Rasa action server protocol ---------------------------------------------------

def action_call(text: str, action: str = "action_answer_from_knowledge", slots: dict | None = None) -> dict:
    return {"next_action": action, "sender_id": "rasa-user", "version": "3.1.0",
            "tracker": {"sender_id": "rasa-user", "slots": slots or {}, "latest_message": {
                "text": text, "intent": {"name": "ask_question", "confidence": 0.9}, "entities": []},
                "events": [], "paused": False, "followup_action": None, "active_loop": {},
                "latest_action_name": "action_listen"},
            "domain": {"intents": [], "entities": [], "slots": {}, "responses": {}, "actions": []}}


def test_flask_serves_the_rasa_action_protocol(client):
    names = {a["name"] for a in client.get("/actions").get_json()}
    assert names == {"action_answer_from_knowledge", "action_define_term", "action_handoff", "action_restart"}
    body = client.post("/webhook", json=action_call("what is the single route of redress trial")).get_json()
    response = body["responses"][0]
    assert response["custom"]["data"]["citations"][0]["id"] == "redress-trial"
    assert any({"event": "slot", "name": "last_topic", "value": "redress-trial"}.items() <= e.items() for e in body["events"])
    follow = client.post("/webhook", json=action_call("when does it start?", slots={"last_topic": "redress-trial"}))
    assert "March 2018" in follow.get_json()["responses"][0]["text"]
    unknown = client.post("/webhook", json=action_call("hi", action="action_nope"))
    assert unknown.status_code == 404 and "error" in unknown.get_json()


def test_rasa_sdk_serves_our_actions_unchanged(tmp_path, shared_index):
    """`python -m rasa_sdk --actions actions` as a real process answers a Rasa-format call."""
    port = free_port()
    env = server_env(tmp_path, index_dir=str(shared_index), watch_knowledge="0")
    env["SANIC_HOST"] = "127.0.0.1"
    server = ServerProcess([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                           env, port, timeout=90)
    try:
        actions = requests.get(f"{server.url}/actions", timeout=10).json()
        assert {a["name"] for a in actions} == {"action_answer_from_knowledge", "action_define_term", "action_handoff",
                                                "action_restart"}
        reply = requests.post(f"{server.url}/webhook", json=action_call("exclusion guide for parents"), timeout=30)
        assert reply.status_code == 200
        message = reply.json()["responses"][0]
        assert message["custom"]["data"]["citations"][0]["id"] == "exclusions-guides"
        assert "2017" in message["text"]
        risk = requests.post(f"{server.url}/webhook", json=action_call("my son has swallowed a button battery",
                                                                        action="action_handoff"), timeout=30)
        assert risk.json()["responses"][0]["custom"]["data"]["safety"] == "emergency"
    finally:
        server.stop()


# -- the command line ------------------------------------------------------------

def run_bot(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_cli_ask_prints_answer_and_sources_and_json(tmp_path, shared_index):
    env = server_env(tmp_path, index_dir=str(shared_index))
    readable = run_bot("ask", "what is the single route of redress trial?", env=env)
    assert readable.returncode == 0, readable.stderr
    assert "Sources:" in readable.stdout and "[1] Single route of redress national trial" in readable.stdout
    assert "30 November 2017" in readable.stdout
    as_json = run_bot("ask", "--json", "what is the single route of redress trial?", env=env)
    messages = json.loads(as_json.stdout)
    assert messages[0]["custom"]["citations"][0]["id"] == "redress-trial"
    assert set(messages[0]) >= {"recipient_id", "text", "custom"}


# -- a real server and several workers ------------------------------------------

def test_python_server_py_answers_over_http(live_server):
    reply = requests.post(f"{live_server}/webhooks/rest/webhook",
                          json={"sender": "live", "message": "when will year 4 children take the times tables check?"}, timeout=30)
    assert reply.status_code == 200
    assert_cited(reply.json()[0], "multiplication-tables-check")
    assert requests.post(f"{live_server}/webhooks/rest/webhook", data="nope", timeout=10).status_code == 400


def test_gunicorn_workers_share_conversations_through_redis(tmp_path, shared_index, redis_server):
    port = free_port()
    env = server_env(tmp_path, index_dir=str(shared_index), REDIS_URL=redis_server)
    server = ServerProcess([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                            "server:create_app()"], env, port, timeout=90)
    try:
        session = requests.Session()
        for n in range(12):  # enough turns that both workers take part
            sender = f"g{n}"
            first = session.post(f"{server.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": "tell me about the redress trial"}, timeout=30)
            assert first.json()[0]["custom"]["citations"][0]["id"] == "redress-trial"
            follow = requests.post(f"{server.url}/webhooks/rest/webhook",
                                   json={"sender": sender, "message": "when does it start?"}, timeout=30)
            assert follow.json()[0]["custom"]["citations"][0]["id"] == "redress-trial"
        assert requests.get(f"{server.url}/health", timeout=10).json()["state_store"] == "ok"
    finally:
        server.stop()


def test_redis_down_falls_back_to_memory_and_says_so(config):
    from dataclasses import replace

    from bot.web import create_app
    client = create_app(replace(config, redis_url=f"redis://127.0.0.1:{free_port()}/0")).test_client()
    assert chat(client, "tell me about the redress trial")["custom"]["citations"]
    assert chat(client, "when does it start?")["custom"]["citations"][0]["id"] == "redress-trial"
    assert "redis unavailable" in client.get("/health").get_json()["state_store"]


def test_rest_parity_with_rasa(client):
    assert client.get("/webhooks/rest/").get_json() == {"status": "ok"}
    first = client.post("/webhooks/rest/webhook", json={"sender": "parity 1", "message": "/get_started"}).get_json()
    assert first[0]["custom"]["intent"] == "get_started" and first[0]["text"].startswith("Hello")
    chat(client, "who led the residential special schools review?", sender="parity 1")
    assert "Lenehan" in chat(client, "who led it?", sender="parity 1")["text"]
    restart = chat(client, "/restart", sender="parity 1")
    assert restart["custom"]["intent"] == "restart"
    after = chat(client, "and when did it start?", sender="parity 1")
    assert not after["custom"]["citations"] and "Which topic" in after["text"], "a restart forgets the topic"
    numeric = client.post("/webhooks/rest/webhook", json={"sender": 12345, "message": "hello"})
    assert numeric.status_code == 200 and numeric.get_json()[0]["recipient_id"] == "12345"


def test_the_action_server_takes_rasa_sized_trackers_without_a_per_address_limit(config):
    """Rasa sends the whole tracker (tens of kB) on every call, all from one address."""
    from dataclasses import replace

    from bot.web import create_app
    app = create_app(replace(config, rate_limit="5 per minute", action_token="s3cret"))
    client = app.test_client()
    call = action_call("what is the single route of redress trial")
    call["tracker"]["events"] = [{"event": "user", "text": "x" * 200, "timestamp": n} for n in range(200)]
    assert len(json.dumps(call)) > 40_000
    assert client.post("/webhook", json=call).status_code == 401, "the token is required when set"
    for _ in range(8):  # more than the per-address limit
        response = client.post("/webhook?token=s3cret", json=call)
        assert response.status_code == 200, response.get_data(as_text=True)[:200]
    assert response.get_json()["responses"][0]["custom"]["data"]["citations"]
    too_big = client.post("/webhooks/rest/webhook", data="x" * 20_000, content_type="application/json")
    assert too_big.status_code == 413, "other routes keep the small limit"


def test_responses_rasa_renders_have_only_fillable_placeholders():
    """Rasa fills {name} in the responses its rules run from slots, and reads any other
    single brace as a placeholder: every one must be a slot with a value, every literal
    brace doubled."""
    import string

    import yaml
    data = ROOT / "bot" / "data"
    domain = yaml.safe_load((data / "domain.yml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((data / "rules.yml").read_text(encoding="utf-8"))
    rendered = {s["action"] for r in rules["rules"] for s in r["steps"] if s.get("action", "").startswith("utter_")}
    slots = {name for name, slot in domain["slots"].items() if slot.get("initial_value") is not None}
    assert rendered, "the rules name responses"
    for name in rendered:
        for variant in domain["responses"][name]:
            texts = [variant["text"], *(b["payload"] for b in variant.get("buttons", []))]
            for text in texts:
                fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
                assert fields <= slots, (name, fields - slots)


def test_a_teaching_assistant_is_no_thanks_and_a_last_sentence_opening_on_when_asks(client):
    # "TA" after "a", "my", "the" is a teaching assistant, not "ta" (thanks); and a story
    # whose last sentence opens on "when" asks something, whatever follows it.
    message = chat(client, "i'm a TA at a special school. when in the autumn is the pre key stage standards panel",
                   sender="ta-when")
    assert message["custom"]["intent"] != "thanks" and message["custom"]["citations"], message["text"]
    assert "autumn term 2017" in message["text"], message["text"]
    assert chat(client, "ok ta", sender="ta-thanks")["custom"]["intent"] == "thanks"


def test_a_greeting_before_a_question_run_on_from_a_statement_is_answered(client):
    # No question mark, no capital: "can the tribunal..." still starts a question, and
    # "cn" and "dd" are how phones type "can" and "daughter".
    message = chat(client, "hello my dd has an ehcp cn the tribunal look at the health bits now", sender="greet-run-on")
    assert message["custom"]["intent"] != "greet" and message["custom"]["citations"], message["text"]
    assert "health" in message["text"].split("\n")[0], message["text"]
    assert chat(client, "Hello, I'm a dad of a child with SEND and a bit lost.", sender="greet-only")["custom"]["intent"] == "greet"


@pytest.mark.parametrize("text, intent", [
    ("oops sorry wrong conversation", "never_mind"),   # meant for someone else
    ("you're a bit out of date aren't you", "complain"),  # a remark on the bot
])
def test_a_message_for_someone_else_or_a_remark_on_being_out_of_date_is_small_talk(client, text, intent):
    message = chat(client, text, sender=f"st-{intent}")
    assert message["custom"]["intent"] == intent and not message["custom"].get("citations"), message["text"]
    # a question about whether something is out of date is still a question
    assert chat(client, "is the exclusions guidance out of date", sender=f"st-q-{intent}")["custom"]["intent"] != "complain"


@pytest.mark.parametrize("text", [
    "my son has a statement and wants an apprenticeship but maths is hard for him has anything changed for him",
    "im on a screen reader keep it brief please. what date is the stomp webinar",
    "my daughter isnt doing subject learning yet is she going to be assessed differently",
])
def test_a_question_run_on_from_a_statement_without_a_question_mark_is_asked(client, text):
    # voice typing leaves no question mark: the question inside is still asked, not taken as news
    message = chat(client, text, sender=f"run-on-{abs(hash(text))}")
    assert message["custom"]["intent"] != "inform" and message["custom"]["citations"], message["text"]


def test_voice_typing_punctuation_said_aloud_and_letters_said_one_by_one(client):
    message = chat(client, "when is the stomp webinar question mark", sender="said-mark")
    assert message["custom"]["citations"] and "25 January 2018" in message["text"], message["text"]
    message = chat(client, "full stop new line", sender="said-only")
    assert not message["custom"].get("citations") and message["custom"]["intent"] == "empty", message["text"]
    # "ee aitch see pee": the letters of EHCP as voice typing may write them
    message = chat(client, "what is an ee aitch see pee", sender="said-letters")
    assert message["custom"]["intent"] == "glossary" and message["text"].startswith("EHC plan"), message["text"]


@pytest.mark.parametrize("text", ["testing testing one two three", "hello there can you hear me I'm using voice typing"])
def test_checking_the_bot_hears_is_small_talk(client, text):
    message = chat(client, text, sender=f"hear-{abs(hash(text))}")
    assert message["custom"]["intent"] == "are_you_there" and not message["custom"].get("citations"), message["text"]
