"""The adviser quick-search page (GET /adviser), by keyboard, against the real server."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from browser_helpers import Adviser, open_by_keyboard, page_with_offsite_stub

CITATION_FORMAT = re.compile(
    r"^.+[.?!] [^“]+, (“[^”]+”, )?\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 2017\.( https?://\S+)?$"
)


@pytest.fixture
def adviser(page, base_url):
    page.goto(base_url + "/adviser")
    a = Adviser(page)
    expect(a.topic.locator("option")).not_to_have_count(1)  # topics loaded from /api/topics
    return a


def test_search_as_you_type_shows_marked_snippets(adviser: Adviser):
    adviser.search_by_keyboard("redress")
    n = adviser.results.count()
    assert n >= 1
    expect(adviser.count).to_have_text(re.compile(rf"^{n} results? for “redress”"))
    expect(adviser.count).to_have_attribute("role", "status")
    marks = adviser.page.locator("#results .snippet mark")
    expect(marks.first).to_be_visible()
    assert any(re.fullmatch(r"redress", t, re.I) for t in marks.all_inner_texts())
    first = adviser.results.first
    expect(first.locator("h2")).not_to_be_empty()
    expect(first.locator(".citation")).to_contain_text("2017")
    expect(first.get_by_role("button", name=re.compile("^Copy citation"))).to_be_visible()
    # The query is kept in the address, so a search can be shared or reloaded.
    assert parse_qs(urlparse(adviser.page.url).query)["q"] == ["redress"]
    adviser.page.reload()
    expect(adviser.results).to_have_count(n)


def test_topic_filter_narrows_results(adviser: Adviser):
    page = adviser.page
    adviser.search_by_keyboard("redress")
    before = adviser.results.count()
    shown = adviser.topics_shown()
    options = [o for o in adviser.topic.locator("option").all_inner_texts() if o != "All topics"]
    assert options, "no topics from /api/topics"
    chosen = next((t for t in shown if t in options), options[0])

    page.keyboard.press("Tab")
    expect(adviser.topic).to_be_focused()
    requested = []
    page.on("request", lambda r: requested.append(r.url) if "/api/search" in r.url else None)
    for _ in range(len(options) + 1):  # arrow keys change a focused select without opening it
        if adviser.topic.input_value() == chosen:
            break
        page.keyboard.press("ArrowDown")
    assert adviser.topic.input_value() == chosen
    expect(adviser.count).to_contain_text(f"in {chosen}")
    assert parse_qs(urlparse(requested[-1]).query)["topic"] == [chosen]
    after = adviser.results.count()
    assert after <= before
    assert all(t == chosen for t in adviser.topics_shown()), adviser.topics_shown()

    adviser.topic.select_option(label="All topics")
    expect(adviser.results).to_have_count(before)


def test_copy_citation_by_keyboard(make_context, base_url):
    ctx = make_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(base_url + "/adviser")
    adviser = Adviser(page)
    adviser.search_by_keyboard("redress")
    for _ in range(12):
        page.keyboard.press("Tab")
        if "copy" in adviser.deep_active()["cls"]:
            break
    else:
        pytest.fail("Tab never reached a Copy citation button")
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text("Citation copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    announcement, *more = copied.split("\n")
    assert CITATION_FORMAT.match(announcement), copied
    first = adviser.results.first
    title = first.locator("h2").inner_text().strip()
    assert copied.startswith(title), (copied, title)
    link = first.locator(".citation a")
    if link.count():
        assert announcement.endswith(" " + link.get_attribute("href"))
    # The official page and what changed since follow, one line each, with their links.
    shown = first.locator(".citation-more a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert [line.rsplit(" ", 1)[-1] for line in more] == shown
    assert all(line.startswith(("Official page: ", "Since then: ")) for line in more), more
    expect(first.locator(".copy")).to_be_focused()


def test_results_link_to_the_official_page_and_the_later_change(make_context, base_url):
    ctx, page = page_with_offsite_stub(make_context, base_url + "/adviser")
    adviser = Adviser(page)
    adviser.search_by_keyboard("times tables check")
    result = adviser.results.filter(has=page.locator("h2", has_text="Online multiplication tables check"))
    expected = page.evaluate(
        "async () => (await (await fetch('/api/search?q=times%20tables%20check')).json())"
        ".results.find(r => r.id === 'multiplication-tables-check').citations")
    later = [c for c in expected if c["kind"] in ("official", "since")]
    links = result.locator(".citation-more a")
    expect(links).to_have_count(len(later))
    expect(result.locator(".citation-more").first).to_contain_text("Official page:")
    expect(result.locator(".citation-more").last).to_contain_text("Since then:")
    for link, cited in zip(links.all(), later):
        assert link.get_attribute("href") == cited["url"]
        assert link.get_attribute("target") == "_blank"
        assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
        expect(link).to_have_accessible_name(re.compile(re.escape(cited["source_title"]) + r".*opens in new tab"))
    # Keyboard: Tab reaches the official link, and Enter opens it in a new tab.
    tab = open_by_keyboard(ctx, page, links.first, "Tab")
    assert tab.url == later[0]["url"]


def test_no_results_message(adviser: Adviser):
    adviser.page.locator("body").press("/")
    adviser.page.keyboard.type("qqxzzv", delay=20)
    expect(adviser.count).to_contain_text("No results for “qqxzzv”")
    expect(adviser.results).to_have_count(0)
    adviser.box.fill("")
    expect(adviser.count).to_have_text("")


def test_snippets_from_the_server_are_rendered_as_text(adviser: Adviser):
    page = adviser.page
    payload = {
        "query": "redress", "took_ms": 1,
        "results": [{
            "id": "x", "title": "<script>window.__xss=1</script>", "topic": "<b>Topic</b>", "score": 1,
            "snippet": "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt; a <mark>redress</mark> "
                       "<img src=x onerror=\"window.__xss=1\"> &amp; <b>b</b>",
            "citation": {"id": "x", "title": "<img src=x onerror=window.__xss=1>", "publisher": "Department for Education",
                         "published": "2017-11-30", "url": "javascript:window.__xss=1"},
        }],
    }
    page.route("**/api/search?*", lambda route: route.fulfill(json=payload))
    adviser.search_by_keyboard("redress")
    result = adviser.results.first
    expect(result.locator("h2")).to_have_text("<script>window.__xss=1</script>")
    snippet = result.locator(".snippet")
    expect(snippet).to_contain_text('<img src=x onerror="window.__xss=1"> a redress')
    expect(snippet.locator("mark")).to_have_text("redress")
    expect(snippet).to_contain_text("& <b>b</b>")
    expect(result.locator(".citation")).to_contain_text("30 November 2017")
    assert page.locator("#results img, #results script, #results b").count() == 0
    assert result.locator("a").count() == 0  # a javascript: URL is not a link
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__xss") == "undefined"


def test_marks_are_the_words_the_highlights_point_at(adviser: Adviser, base_url):
    adviser.search_by_keyboard("tribunal")
    api = adviser.page.request.get(base_url + "/api/search?q=tribunal&limit=20").json()["results"]
    expect(adviser.results).to_have_count(len(api))
    assert any(r["highlights"] for r in api)
    for shown, result in zip(adviser.results.all(), api):
        snippet = shown.locator(".snippet")
        assert snippet.text_content() == result["text"]
        text = result["text"]
        assert snippet.locator("mark").all_text_contents() == [text[a:b] for a, b in result["highlights"]]


def test_text_and_highlights_from_the_server_are_rendered_as_text(adviser: Adviser):
    """Markup in `text` stays text; offsets count code points (the emoji is one); spans that
    do not fit are not marked; and `text` + `highlights` win over the older `snippet`."""
    page = adviser.page
    text = '🙂 <img src=x onerror="window.__xss=1"> a redress & <b>b</b>'
    start = text.index("redress")
    payload = {"query": "redress", "took_ms": 1, "results": [{
        "id": "x", "title": "A title", "topic": "Topic", "score": 1, "citation": {},
        "snippet": "<mark>WRONG</mark>", "text": text,
        "highlights": [[start, start + 7], [start + 2, start + 4], [len(text), len(text) + 3], "bad", [-1, 2]],
    }]}
    page.route("**/api/search?*", lambda route: route.fulfill(json=payload))
    adviser.search_by_keyboard("redress")
    snippet = adviser.results.first.locator(".snippet")
    expect(snippet).to_have_text(text)
    expect(snippet.locator("mark")).to_have_text(["redress"])
    assert page.locator("#results img, #results b").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__xss") == "undefined"


def test_stale_responses_are_ignored(adviser: Adviser):
    """A slow answer to an older query never replaces the newer one's results."""
    page = adviser.page
    held = []

    def hold_old(route):
        if parse_qs(urlparse(route.request.url).query).get("q") == ["tribunal"]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/api/search?*", hold_old)
    page.locator("body").press("/")
    page.keyboard.type("tribunal")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first search never went out"
    adviser.box.fill("redress")
    expect(adviser.count).to_contain_text("for “redress”")
    expected = adviser.results.count()
    stale = {"query": "tribunal", "took_ms": 1, "results": [
        {"id": "s", "title": "STALE RESULT", "topic": "x", "snippet": "stale", "score": 1, "citation": {}}]}
    try:
        held[0].fulfill(json=stale)
    except Exception:
        pass  # the page may already have abandoned the old request
    page.wait_for_timeout(500)
    expect(page.get_by_text("STALE RESULT")).to_have_count(0)
    expect(adviser.results).to_have_count(expected)
    expect(adviser.count).to_contain_text("for “redress”")
