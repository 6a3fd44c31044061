"""The Atom feed of the amendments log (procedures_site.postbuild.feed) and the link to it from every page."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from procedures_site import BuildError
from procedures_site.postbuild import feed as hook

ROOT = Path(__file__).resolve().parents[2]

A = "{http://www.w3.org/2005/Atom}"
MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December"], 1)}


def sections() -> list[tuple[str, date, str, int]]:
    """(edition, date, anchor, number of list items) for each edition section, read here from the Markdown."""
    text = (ROOT / "docs" / "about" / "amendments.md").read_text("utf-8")
    found = []
    for head, body in re.findall(r"^## ([^\n]+)\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL):
        number, day, month, year, anchor = re.fullmatch(r"(\S+) — (\d+) (\w+) (\d{4}) \{#(\S+)\}", head).groups()
        bullets = len(re.findall(r"^\s*(?:-|\d+\.) ", body, re.MULTILINE))  # list items, numbered ones too
        found.append((number, date(int(year), MONTHS[month], int(day)), anchor, bullets))
    return found


@pytest.fixture(scope="module")
def atom(site):
    return ET.parse(site / "feed.xml").getroot()


def test_one_entry_per_edition_with_its_date_and_link(atom, server):
    expected = sections()
    assert expected and expected[-1][:3] == ("2026.1", date(2026, 11, 23), "2026-1")  # the first edition
    entries = atom.findall(f"{A}entry")
    assert [e.find(f"{A}title").text for e in entries] == [
        f"Edition {n}, {d.day} {d:%B} {d.year}" for n, d, _, _ in expected]
    assert [e.find(f"{A}updated").text for e in entries] == [f"{d.isoformat()}T00:00:00Z" for _, d, _, _ in expected]
    links = [e.find(f"{A}link[@rel='alternate']").get("href") for e in entries]
    assert links == [f"{server}about/amendments/#{anchor}" for _, _, anchor, _ in expected]
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)


def test_entry_content_is_the_sections_list_with_working_absolute_links(atom, server, site):
    for entry, (_, _, _, bullets) in zip(atom.findall(f"{A}entry"), sections(), strict=True):
        content = entry.find(f"{A}content")
        assert content.get("type") == "html"
        assert content.text.count("<li>") == bullets
        for href in re.findall(r'href="([^"]+)"', content.text):
            assert href.startswith(("https://", server)), href
            if href.startswith(server):  # our own page: it exists, and so does the anchor
                path, _, anchor = href[len(server):].partition("#")
                html = (site / unquote(path) / "index.html").read_text("utf-8")
                assert not anchor or f'id="{anchor}"' in html, href


def test_feed_head_names_itself_and_the_log(atom, server):
    dates = [d for _, d, _, _ in sections()]
    assert atom.find(f"{A}updated").text == f"{max(dates).isoformat()}T00:00:00Z"
    assert atom.find(f"{A}link[@rel='self']").get("href") == server + "feed.xml"
    assert atom.find(f"{A}link[@rel='alternate']").get("href") == server + "about/amendments/"
    for required in ("id", "title", "author/" + A + "name"):
        assert (atom.find(A + required).text or "").strip(), required


def test_every_page_links_to_the_feed(site, server):
    missing = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        # Embeds are bare calculators for other sites' frames; assets hold no pages.
        if relative.startswith(("assets/", "embed/")):
            continue
        html = path.read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
        # Relative to the page, so the theme's fetch beside it stays on the site's own origin.
        here = server + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        if [urljoin(here, link) for link in links] != [server + "feed.xml"]:
            missing.append(relative)
    assert not missing, missing[:10]
    assert urlsplit(server).hostname == "127.0.0.1"


@pytest.mark.parametrize("heading, problem", [
    ("## 2027.1 - 1 June 2027 {#2027-1}", "is not"),          # a hyphen, not the dash
    ("## 2027.1 — 1 Juin 2027 {#2027-1}", "is not"),          # not an English month
    ("## 2027.1 — 31 June 2027 {#2027-1}", "no real date"),
    ("## 2027.1 — 1 June 2027 {#2027-01}", "must be #2027-1"),
    ("## Notes", "is not"),
])
def test_a_heading_the_feed_cannot_read_fails_the_build(heading, problem):
    with pytest.raises(BuildError, match=problem):
        hook.editions(f"# Amendments\n\n{heading}\n\n- A change.\n")


def test_headings_are_read_newest_first_with_their_dates():
    text = "## 2027.2 — 9 December 2027 {#2027-2}\n\n- B\n\n### Detail\n\n## 2027.1 — 1 June 2027 {#2027-1}\n"
    assert hook.editions(text) == [hook.Edition("2027.2", date(2027, 12, 9), "2027-2"),
                                   hook.Edition("2027.1", date(2027, 6, 1), "2027-1")]


@pytest.mark.parametrize("site_url, version, expected", [
    ("https://example.org/guide/", None, ("https://example.org/guide/", None)),
    ("https://example.org/guide", None, ("https://example.org/guide/", None)),
    # mike appends the version (without a slash); outside its hook's reach the root is given as is.
    ("https://example.org/guide/2026.1", "2026.1", ("https://example.org/guide/latest/",) * 2),
    ("https://example.org/guide/", "2026.1", ("https://example.org/guide/latest/",) * 2),
])
def test_addresses_of_the_feed_and_of_the_latest_edition(site_url, version, expected):
    assert hook.addresses(site_url, version, "latest") == expected
