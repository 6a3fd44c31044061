"""Post-build: an Atom 1.0 feed of the amendments log, at ``feed.xml`` in the site root.

One entry per edition section of ``docs/about/amendments.md``, whose headings read
``## 2026.1 — 23 November 2026 {#2026-1}``; a ``##`` heading of any other shape fails the
build.  An entry's content is the section's list as the built page shows it, with absolute links.

``addresses`` gives the configuration (``procedures_site.config``) ``extra.feed_url`` (every page
links to it from ``<head>``) and, for an edition being published, ``extra.latest_url``, the
address of the newest edition, which the feed and the outdated-edition banner point to.
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import ROOT, BuildError
from ..urls import page_url
from .html import Page

AMENDMENTS = "about/amendments.md"
ATOM = "http://www.w3.org/2005/Atom"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
HEADING = re.compile(r"^## (?P<number>\d{4}\.\d+) — (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4})"
                     r" \{#(?P<anchor>[^}\s]+)\}\s*$")
SECTION = re.compile(r'<h2 id="(?P<anchor>[^"]+)"[^>]*>.*?</h2>(?P<body>.*?)(?=<h[12][ >]|\Z)', re.DOTALL)
HREF = re.compile(r'(href|src)="([^"]*)"')


@dataclass(frozen=True)
class Edition:
    number: str
    date: date
    anchor: str


def editions(markdown: str) -> list[Edition]:
    """The edition sections of the amendments log, in the page's order (newest first)."""
    found = []
    for line in markdown.splitlines():
        if not line.startswith("## "):
            continue
        m = HEADING.match(line)
        if not m or m["month"] not in MONTHS:
            raise BuildError(f"{AMENDMENTS}: the heading {line!r} is not "
                              "'## <edition> — <day> <Month> <year> {#<edition with dashes>}'")
        try:
            when = date(int(m["year"]), MONTHS.index(m["month"]) + 1, int(m["day"]))
        except ValueError as error:
            raise BuildError(f"{AMENDMENTS}: {line!r} has no real date ({error})") from None
        if m["anchor"] != m["number"].replace(".", "-"):
            raise BuildError(f"{AMENDMENTS}: the anchor of {m['number']} must be #{m['number'].replace('.', '-')}")
        found.append(Edition(m["number"], when, m["anchor"]))
    return found


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def addresses(site_url: str, version: str | None, default: str) -> tuple[str, str | None]:
    """(base of the feed's links, address of the newest edition or None outside ``mike deploy``).

    mike appends the version to site_url; the newest edition is its sibling named ``default``.
    The version is stripped here whether or not mike's own hook has run yet.
    """
    site = _slash(site_url)
    if not version:
        return site, None
    if urlsplit(site).path.rstrip("/").rsplit("/", 1)[-1] == version:
        site = urljoin(site, "../")
    latest = urljoin(site, f"{default}/")
    return latest, latest


def feed(entries: list[Edition], sections: dict[str, str], *, title: str, page_url: str, feed_url: str) -> bytes:
    """The Atom document: one entry per edition, its content the section's rendered HTML."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    # Ids are names, not addresses: they stay the same wherever the site is published.
    add(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'amendments:' + title)}")
    add(root, "title", f"{title}: amendments")
    add(root, "updated", f"{max(e.date for e in entries).isoformat()}T00:00:00Z")
    add(add(root, "author"), "name", title)
    add(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    add(root, "link", rel="alternate", type="text/html", href=page_url)
    for edition in entries:
        if edition.anchor not in sections:
            raise BuildError(f"{AMENDMENTS}: no rendered section #{edition.anchor} for the feed")
        entry = add(root, "entry")
        add(entry, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'amendments:{title}:{edition.number}')}")
        add(entry, "title", f"Edition {edition.number}, {edition.date.day} {MONTHS[edition.date.month - 1]} "
                            f"{edition.date.year}")
        add(entry, "updated", f"{edition.date.isoformat()}T00:00:00Z")
        add(entry, "link", rel="alternate", type="text/html", href=f"{page_url}#{edition.anchor}")
        add(entry, "content", sections[edition.anchor], type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def run(site: Path, config: dict, built: list[Page]) -> None:
    entries = editions((ROOT / config["docs_dir"] / AMENDMENTS).read_text("utf-8"))
    page = next((p for p in built if p.url == page_url(AMENDMENTS, config.get("use_directory_urls", True))), None)
    if not entries or page is None:
        raise BuildError(f"{AMENDMENTS} is not built or has no edition section: the feed needs both")
    url = config["extra"]["feed_url"].rsplit("/", 1)[0] + "/" + page.url

    def absolute(m):  # a feed reader has no page to resolve relative links against
        return f'{m[1]}="{urljoin(url, m[2])}"'

    sections = {m["anchor"]: HREF.sub(absolute, m["body"]).strip() for m in SECTION.finditer(page.content())}
    document = feed(entries, sections, title=config["site_name"], page_url=url, feed_url=config["extra"]["feed_url"])
    (site / "feed.xml").write_bytes(document)
