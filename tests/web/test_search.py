"""The theme's search in the browser: it answers on a text page and on a calculator page, where its
worker waits until the reader opens search (``postbuild/javascripts/search-on-demand.js``) so that building
the index does not compete with Pyodide's start; and its dialog has an accessible name."""
from __future__ import annotations

import re

import pytest

WORD = "MAPPA"  # on many pages: any search for it has results


def _search(page, word: str) -> int:
    page.keyboard.press("/")  # the theme's shortcut that opens search
    page.keyboard.type(word)  # keys, as a reader types: the theme queries on keyup
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=20_000)
    return results.count()


def _search_workers(requests: list[str]) -> list[str]:
    return [url.rsplit("/", 1)[1] for url in requests if "/workers/" in url]


@pytest.mark.parametrize("path", ["mappa/", "calculators/mappa-category/"])
def test_search_answers(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("load")
    assert _search(page, WORD) > 0


def test_a_calculator_page_starts_the_search_worker_at_the_first_search(browser, server, built):
    ctx = browser.new_context()
    requested: list[str] = []
    ctx.on("request", lambda request: requested.append(request.url))
    page = ctx.new_page()
    page.goto(server + "calculators/notification-period/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # the theme asked for its worker as the page loaded
    before = _search_workers(requested)
    assert before and all(name.startswith("search-on-demand.js") for name in before), before
    assert _search(page, WORD) > 0
    after = _search_workers(requested)
    assert any(re.fullmatch(r"search\.[0-9a-f]+\.min\.js", name) for name in after), after
    ctx.close()


def test_text_pages_keep_the_theme_s_worker(site):
    """Only calculator pages defer it: elsewhere the index is built while the reader reads."""
    text = (site / "mappa" / "index.html").read_text("utf-8")
    assert "search-on-demand" not in text
    calculator = (site / "calculators" / "mappa-category" / "index.html").read_text("utf-8")
    assert re.search(r'"search": "[^"]*/workers/search-on-demand\.js#search\.[0-9a-f]+\.min\.js"', calculator)


def test_the_search_dialog_has_an_accessible_name(site):
    text = (site / "mappa" / "index.html").read_text("utf-8")
    dialog = re.search(r'<div class="md-search"[^>]*>', text).group(0)
    assert 'role="dialog"' in dialog and re.search(r'aria-label="\w+', dialog)
