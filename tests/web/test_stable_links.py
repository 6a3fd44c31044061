"""Stable links: the build's manifest (links.json) against the last published edition's."""
from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from procedures_site import BuildError
from procedures_site.postbuild import manifest as hook
from mkdocs_redirects.plugin import get_html_path

ROOT = Path(__file__).resolve().parents[2]


class Anchors(HTMLParser):
    """The ids of numbered paragraphs and of h2-h6 headings inside the page's <article>."""

    def __init__(self):
        super().__init__()
        self.ids, self._depth = [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._depth += 1
        numbered = tag == "p" and "numbered" in (a.get("class") or "").split()
        if self._depth and a.get("id") and (numbered or tag in ("h2", "h3", "h4", "h5", "h6")):
            self.ids.append(a["id"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._depth -= 1


@pytest.fixture(scope="module")
def built_manifest(site):
    return json.loads((site / "links.json").read_text("utf-8"))


def test_the_build_serves_every_address_of_the_last_published_edition(built_manifest):
    kept = hook.published()
    assert kept, "no editions/<edition>/links.json: publish an edition first (scripts/publish)"
    last = json.loads(kept[-1].read_text("utf-8"))
    assert last["edition"] == kept[-1].parent.name
    broken = hook.broken_links(last, built_manifest)
    assert not broken, f"links into edition {last['edition']} break:\n" + "\n".join(broken)


def test_manifest_lists_every_page_with_its_anchors(built_manifest, site):
    found = {}
    for path in site.rglob("index.html"):
        relative = path.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        parser = Anchors()
        parser.feed(path.read_text("utf-8"))
        found["" if relative == "." else relative + "/"] = parser.ids
    assert built_manifest["pages"] == found
    assert "7-3-2" in found["mappa/"] and "7-3" in found["mappa/"]  # a paragraph and its section


def test_a_dropped_page_or_anchor_is_reported(built_manifest):
    old = copy.deepcopy(built_manifest)
    old["pages"]["retired/"] = ["1-1-1"]
    old["pages"]["mappa/"].append("7-3-99")
    assert hook.broken_links(old, built_manifest) == [
        "anchor 'mappa/#7-3-99' is gone and not moved (add it to editions/anchor-redirects.toml)",
        "page 'retired/' is gone and not redirected (add it to redirect_maps in mkdocs.yml)",
    ]
    new = copy.deepcopy(built_manifest)
    new["moved_pages"]["retired/"] = "mappa/"
    assert hook.broken_links(old, new) == [  # the page is redirected, its anchor still has nowhere to go
        "anchor 'mappa/#7-3-99' is gone and not moved (add it to editions/anchor-redirects.toml)",
        "anchor 'retired/#1-1-1' is gone and not moved (add it to editions/anchor-redirects.toml)",
    ]
    new["moved_anchors"].update({"mappa/#7-3-99": "mappa/#7-3-2", "retired/#1-1-1": "mappa/#7-1-1"})
    assert hook.broken_links(old, new) == []
    # A later edition must keep the earlier redirects too.
    assert hook.broken_links(new, built_manifest) == [
        "redirected page 'retired/' is no longer redirected",
        "moved anchor 'mappa/#7-3-99' is no longer moved",
        "moved anchor 'retired/#1-1-1' is no longer moved",
    ]


def test_an_anchor_kept_on_a_page_moved_with_it_is_served(built_manifest):
    old = {"pages": {"old-mappa/": ["7-3-2"]}}
    new = copy.deepcopy(built_manifest)
    new["moved_pages"]["old-mappa/"] = "mappa/"
    assert hook.broken_links(old, new) == []
    new["moved_pages"]["old-mappa/"] = "https://example.org/elsewhere/"  # another site's anchors are its own
    assert hook.broken_links(old, new) == []


def test_moved_pages_are_where_mkdocs_redirects_writes_them():
    maps = {"old.md": "mappa.md#7-1", "about/index.md": "index.md", "gone.md": "https://example.org/"}
    moved = hook.moved_pages(maps, True)
    assert moved == {"old/": "mappa/#7-1", "about/": "", "gone/": "https://example.org/"}
    for source, page in zip(maps, moved):  # the redirect stub the plugin writes is that page's index.html
        assert get_html_path(source, True) == (page + "index.html" if page else "index.html")


def test_anchor_redirects_file_must_map_addresses(tmp_path):
    bad = tmp_path / "anchor-redirects.toml"
    bad.write_text('[anchors]\n"mappa/7-3-2" = "mappa/#7-3"\n')
    with pytest.raises(BuildError, match="must map"):
        hook.moved_anchors(bad)
    assert hook.moved_anchors(tmp_path / "none.toml") == {}
    assert hook.moved_anchors() == {} or all("#" in k for k in hook.moved_anchors())


@pytest.mark.parametrize("old, new, problem", [
    ("mappa/#7-3-99", "mappa/#7-3-77", "which this build lacks"),
    ("mappa/#7-3-99", "nowhere/#7-3-2", "which this build lacks"),
    ("mappa/#7-3-2", "mappa/#7-3", "still exists"),
    ("nowhere/#1-1-1", "mappa/#7-3", "neither built nor redirected"),
])
def test_a_wrong_anchor_redirect_fails_the_build(built_manifest, old, new, problem):
    with pytest.raises(BuildError, match=problem):
        hook._check_moved_anchors(built_manifest["pages"], {}, {old: new})
