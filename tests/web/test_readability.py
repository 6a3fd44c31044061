"""Plain English held by numbers (issue 11, item 7): per page of the built site, sentences over 30
words and the Flesch-Kincaid grade stay at or under the page's ceiling in readability-ceiling.toml.

The measure is src/procedures_site/readability.py; ``scripts/readability SITE --long`` lists the
sentences to rewrite when this fails."""
from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from procedures_site import readability

CEILINGS = tomllib.loads((Path(__file__).parent / "readability-ceiling.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def figures(site):
    return readability.measure_site(site)


def ceiling(address: str) -> tuple[int, float]:
    """(most sentences over 30 words, highest grade) for a page: its own, or the default for new pages."""
    page = CEILINGS["pages"].get(address)
    if page:
        return page["long"], page["grade"]
    default, action = CEILINGS["default"], CEILINGS["default"]["action"]
    grade = action["grade"] if address.startswith(tuple(action["prefixes"])) else default["grade"]
    return default["long"], grade


def test_every_page_is_within_its_ceiling(figures):
    over = []
    for address, f in figures.items():
        most_long, highest_grade = ceiling(address)
        if f.long > most_long:
            over.append(f"{address}: {f.long} sentences over 30 words (ceiling {most_long}): "
                        + " | ".join(f.longest))
        if f.grade > highest_grade:
            over.append(f"{address}: grade {f.grade:.2f} (ceiling {highest_grade})")
    assert not over, "\n".join(over)


def test_every_page_with_a_ceiling_is_still_measured(figures):
    # Pages keep their addresses; a ceiling for a page that is gone would hold nothing.
    assert set(CEILINGS["pages"]) <= set(figures), set(CEILINGS["pages"]) - set(figures)


def test_the_five_worst_pages_before_are_held_to_half():
    before = {a: p["before"] for a, p in CEILINGS["pages"].items()}
    worst = sorted(before, key=lambda a: -before[a]["long"])[:5]
    assert before[worst[4]]["long"] > 0
    for address in worst:
        assert CEILINGS["pages"][address]["long"] <= before[address]["long"] // 2, address


def test_every_ceiling_is_at_most_the_figure_before():
    for address, page in CEILINGS["pages"].items():
        assert page["long"] <= page["before"]["long"], address
        assert page["grade"] <= math.ceil(page["before"]["grade"] * 10) / 10, address


def test_what_is_measured():
    html = """<nav><p>Skip this menu, which has a great many words that nobody would read as a
    sentence in the article at all, not even once.</p></nav>
    <article class="md-content__inner md-typeset"><h2 id="4-1">4.1 When to refer</h2>
    <p class="numbered"><a class="paranum" href="#4-1-1">4.1.1</a> Refer under s. 47 of the Act. Call 999.</p>
    <table><tr><td>10 years</td><td>Schedule 3</td></tr></table><pre><code>x = 1</code></pre>
    <ul><li>lives with children</li></ul>
    <aside class="page-review"><p>Last reviewed: 2 December 2026.</p></aside></article>"""
    assert readability.blocks(html) == ["4.1 When to refer", "Refer under s. 47 of the Act. Call 999.",
                                        "lives with children"]
    assert readability.sentences("4.1.1 Refer under s. 47 of the Act. Call 999.") == [
        "Refer under s. 47 of the Act.", "Call 999."]
    long = "word " * 31
    f = readability.measure(f'<article class="md-content__inner"><p>{long}.</p><p>Short one.</p></article>')
    assert (f.words, f.sentences, f.long) == (33, 2, 1)
