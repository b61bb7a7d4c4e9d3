"""Automated WCAG 2.2 AA checks with axe-core (from npm, see package.json) on the real pages.

axe is injected with add_script_tag, which the server's CSP (script-src 'self') would
block, so these contexts bypass CSP; every other browser test runs under the real CSP.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_helpers import HEADLINE_QUESTION, Adviser, Widget

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, axe_path):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(
            " > ".join(t if isinstance(t, str) else " >> ".join(t) for t in n["target"]) + ": " + n.get("failureSummary", "").replace("\n", " ")
            for n in v["nodes"][:5]
        )
        for v in result["violations"]
    ]


def assert_clean(page, axe_path, where):
    problems = axe_violations(page, axe_path)
    assert not problems, f"axe found problems {where}:\n" + "\n".join(problems)


@pytest.fixture
def axe_context(make_context):
    def make(**options):
        return make_context(bypass_csp=True, **options)
    return make


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 320, "height": 640}], ids=["desktop", "phone"])
def test_demo_page_and_widget(axe_context, base_url, axe_path, viewport):
    page = axe_context(viewport=viewport).new_page()
    page.goto(base_url + "/")
    w = Widget(page)
    expect(w.launcher).to_be_visible()
    assert_clean(page, axe_path, "on / with the widget closed")
    w.open()
    assert_clean(page, axe_path, "on / with the widget open")
    expect(w.ask_for_cited_answer()).to_be_visible()
    assert_clean(page, axe_path, "on / with a cited answer shown")
    w.last_answer_with_sources().get_by_role("button", name="Yes, useful").click()
    expect(w.last_answer_with_sources()).to_contain_text("Thanks for telling us")
    assert_clean(page, axe_path, "on / after feedback")


def test_widget_error_state(axe_context, base_url, axe_path):
    page = axe_context().new_page()
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    page.goto(base_url + "/")
    w = Widget(page)
    w.open()
    w.ask(HEADLINE_QUESTION, expect_reply=False)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    assert_clean(page, axe_path, "on / with the Retry message shown")


def test_adviser_page(axe_context, base_url, axe_path):
    page = axe_context().new_page()
    page.goto(base_url + "/adviser")
    assert_clean(page, axe_path, "on /adviser before a search")
    a = Adviser(page)
    a.search_by_keyboard("redress")
    assert_clean(page, axe_path, "on /adviser with results")
    a.box.fill("qqxzzv")
    expect(a.count).to_contain_text("No results")
    assert_clean(page, axe_path, "on /adviser with no results")
