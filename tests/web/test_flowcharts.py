"""The three flowcharts in the built site (issue 11, item 4): each page has its figure and the same
steps as a numbered list, every link in the list lands on an id that exists, axe passes at 1280 and
390 px, the text is 14 px or more on a phone, and in print no band of a chart is split or clipped."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from procedures_site import flowchart as fc
from procedures_site.content import CONTENT

from .test_accessibility import violations

PAGES = {"referral": "referral-to-section-47", "mappa": "mappa-identification",
         "allegations": "allegations-against-staff"}


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


@pytest.mark.parametrize("page, ident", PAGES.items())
def test_the_page_has_its_figure_then_the_same_steps_as_a_list(site, page, ident):
    chart = fc.load(CONTENT / "flowcharts" / f"{ident}.toml")
    text = html(site, page)
    block = re.search(rf'<div class="flowchart-block" id="flowchart-{ident}">(.*?)</ol></div>', text, re.S)
    assert block, f"{page}: no flowchart {ident}"
    figure, _, listed = block[1].partition("</figure>")
    assert "<figcaption>" in figure and chart.title in figure
    numbers = [int(n) for n in re.findall(r'<tspan class="fc-num">(\d+)\.</tspan>', figure)]
    items = re.findall(rf'<li id="{ident}-step-(\d+)"', listed)
    assert numbers == [int(n) for n in items] == list(range(1, len(chart.steps) + 1))


@pytest.mark.parametrize("page", PAGES)
def test_every_link_in_the_list_lands_on_an_id(site, page):
    text = html(site, page)
    listed = re.search(r'<ol class="flowchart-steps">(.*?)</ol>', text, re.S)[1]
    hrefs = re.findall(r'href="([^"]+)"', listed)
    assert hrefs
    for href in hrefs:
        path, _, fragment = href.partition("#")
        target = text if not path else (site / posixpath.normpath(f"{page}/{path}") / "index.html").read_text("utf-8")
        assert f'id="{fragment}"' in target, f"{page}: {href} lands nowhere"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_flowchart_pages_pass_axe(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(server + path + "/")
        page.locator("figure.flowchart").wait_for()
        assert violations(page) == [], path


def test_text_is_at_least_14_px_on_a_phone_and_the_picture_fits(page, server):
    page.set_viewport_size({"width": 390, "height": 900})
    for path in PAGES:
        page.goto(server + path + "/")
        sizes = page.evaluate("""() => [...document.querySelectorAll('.flowchart-svg')].map(s =>
            [s.getBoundingClientRect().width / s.viewBox.baseVal.width, s.getBoundingClientRect().right])""")
        for scale, right in sizes:
            assert fc.FONT * scale >= 14, path
            assert right <= 390, path


def test_in_print_a_chart_breaks_only_between_its_bands(page, server):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px an inch
    page.emulate_media(media="print")
    for path in PAGES:
        page.goto(server + path + "/")
        bands = page.evaluate("""() => [...document.querySelectorAll('.flowchart-svg')].map(s => {
            const r = s.getBoundingClientRect(), c = getComputedStyle(s);
            return {h: r.height, w: r.width, right: r.right, breakInside: c.breakInside, display: c.display,
                    scale: r.width / s.viewBox.baseVal.width}; })""")
        assert bands, path
        for band in bands:
            # Each band fits a page (A4, less Chromium's default margins, is about 1000 px tall) ...
            assert band["h"] < 900 and band["breakInside"] == "avoid" and band["display"] == "block", (path, band)
            # ... is not cut at the side, and its text stays about 11 pt (15 px at 96 px an inch).
            assert band["right"] <= 794 and fc.FONT * band["scale"] >= 13, (path, band)
