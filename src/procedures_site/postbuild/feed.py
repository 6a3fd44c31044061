"""Docs hook: an Atom 1.0 feed of the amendments log, at ``feed.xml`` in the site root.

One entry per edition section of ``docs/about/amendments.md``, whose headings read
``## 2026.1 — 23 November 2026 {#2026-1}``; a ``##`` heading of any other shape fails the
build.  An entry's content is the section's list as the page renders it, with absolute links.

The hook also sets ``config.extra.feed_url`` (every page links to it from ``<head>``) and,
in a build made by ``mike deploy``, ``config.extra.latest_url``, the address of the newest
edition, which the feed and the outdated-edition banner point to.
"""
from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError

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
            raise PluginError(f"{AMENDMENTS}: the heading {line!r} is not "
                              "'## <edition> — <day> <Month> <year> {#<edition with dashes>}'")
        try:
            when = date(int(m["year"]), MONTHS.index(m["month"]) + 1, int(m["day"]))
        except ValueError as error:
            raise PluginError(f"{AMENDMENTS}: {line!r} has no real date ({error})") from None
        if m["anchor"] != m["number"].replace(".", "-"):
            raise PluginError(f"{AMENDMENTS}: the anchor of {m['number']} must be #{m['number'].replace('.', '-')}")
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


_state: dict = {}


def on_config(config):
    if not config.get("site_url"):
        raise PluginError("feed.py: site_url is needed for the feed's absolute links (set SITE_URL)")
    version = config["extra"].get("version") or {}
    default = version.get("default", "latest") if isinstance(version, dict) else "latest"
    base, latest = addresses(config["site_url"], os.environ.get("MIKE_DOCS_VERSION"), default)
    config["extra"]["feed_url"] = base + "feed.xml"
    config["extra"]["latest_url"] = latest
    _state.clear()
    _state.update(base=base, sections={})
    return config


def on_page_content(html, page, config, files):
    if page.file.src_uri == AMENDMENTS:
        url = _state["base"] + page.url

        def absolute(m):  # a feed reader has no page to resolve relative links against
            return f'{m[1]}="{urljoin(url, m[2])}"'

        _state["page_url"] = url
        _state["sections"] = {m["anchor"]: HREF.sub(absolute, m["body"]).strip() for m in SECTION.finditer(html)}
    return html


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
            raise PluginError(f"{AMENDMENTS}: no rendered section #{edition.anchor} for the feed")
        entry = add(root, "entry")
        add(entry, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'amendments:{title}:{edition.number}')}")
        add(entry, "title", f"Edition {edition.number}, {edition.date.day} {MONTHS[edition.date.month - 1]} "
                            f"{edition.date.year}")
        add(entry, "updated", f"{edition.date.isoformat()}T00:00:00Z")
        add(entry, "link", rel="alternate", type="text/html", href=f"{page_url}#{edition.anchor}")
        add(entry, "content", sections[edition.anchor], type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def on_post_build(config):
    entries = editions((Path(config["docs_dir"]) / AMENDMENTS).read_text("utf-8"))
    if not entries or "page_url" not in _state:
        raise PluginError(f"{AMENDMENTS} is not built or has no edition section: the feed needs both")
    document = feed(entries, _state["sections"], title=config["site_name"], page_url=_state["page_url"],
                    feed_url=config["extra"]["feed_url"])
    (Path(config["site_dir"]) / "feed.xml").write_bytes(document)
