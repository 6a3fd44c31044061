"""The built guidance: strict build, no other hosts, links that resolve, tables equal to the engine."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from procedures import tables

ROOT = Path(__file__).resolve().parents[2]
SEED_OVERLAP = ROOT.parent / "shared" / "tools" / "seed-overlap"


class Page(HTMLParser):
    """The ids, links, assets and generated tables of one built HTML page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.assets = set(), [], []
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        loaded = tag != "link" or set((a.get("rel") or "").split()) & {
            "stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}
        for key in ("src", "href"):
            if a.get(key) and tag != "a" and loaded:
                self.assets.append((tag, a[key]))
        if tag == "div" and "data-table" in a:
            self._table, self.tables[a["data-table"]] = a["data-table"], []
        if self._table and tag == "tr":
            self.tables[self._table].append([])
        if self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if self._table and tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(site):
    return {p: parse(p) for p in site.rglob("*.html")}


def test_strict_build_has_no_warnings(built):
    _, log = built
    assert "WARNING" not in log, log


def test_no_asset_from_another_host(pages, site):
    external = [(str(p.relative_to(site)), tag, url) for p, page in pages.items() for tag, url in page.assets
                if re.match(r"^(https?:)?//", url)]
    assert not external, f"assets loaded from another host: {external[:10]}"


def test_our_scripts_and_stylesheets_name_no_other_host(site):
    """Our own assets only: the theme's bundle and Pyodide's loader name CDNs for features we do not use
    (diagrams, a default indexURL); the browser tests check that nothing is ever requested from them."""
    ours = list((site / "assets" / "calculators").glob("*.js")) + list((site / "stylesheets").glob("*.css"))
    assert ours
    for path in ours:
        text = path.read_text("utf-8", errors="replace")
        assert not re.search(r"fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr\.net|unpkg\.com", text), path


def test_internal_links_and_anchors_resolve(pages, site):
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
                continue
            if parts.path.startswith("/"):  # the 404 page links from the site root
                target = site / unquote(parts.path).lstrip("/")
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and "=" not in parts.fragment:
                if unquote(parts.fragment) not in pages[target].ids:
                    broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


def _text(cell: str) -> str:
    return " ".join(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", cell).split())


def test_every_generated_table_equals_the_engine(pages):
    shown = {}
    for page in pages.values():
        shown.update(page.tables)
    engine = tables()
    assert set(shown) == set(engine), "every engine table must appear in the guidance, and no other"
    for name, table in engine.items():
        expected = [list(table.columns)] + [[_text(c) for c in row] for row in table.rows]
        assert shown[name] == expected, name


def test_numbered_paragraphs_have_anchors(pages, site):
    mappa = pages[site / "mappa" / "index.html"]
    assert "7-1-1" in mappa.ids
    unanchored = []
    for path, page in pages.items():
        text = path.read_text("utf-8")
        unanchored += [f"{path.relative_to(site)}: {m}" for m in re.findall(r"<p>(\d+\.\d+\.\d+) ", text)]
    assert not unanchored, unanchored[:10]


@pytest.mark.skipif(not SEED_OVERLAP.exists(), reason="shared/tools/seed-overlap is not beside this clone")
def test_no_sentence_copied_from_a_seed():
    done = subprocess.run([str(SEED_OVERLAP), "docs", "src", "calculators", "README.md"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "0 passage" in done.stdout, done.stdout[-3000:]


class Form(HTMLParser):
    """The field keys of a generated form: top level, and inside each list's entry template."""

    def __init__(self):
        super().__init__()
        self.fields, self.template = [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.template += 1
        if "data-field" in a:
            self.fields.append((a["data-field"], bool(self.template)))

    def handle_endtag(self, tag):
        if tag == "template":
            self.template -= 1


@pytest.mark.parametrize("name", ["notification-period", "notification-deadline", "indefinite-review",
                                  "order-duration", "pre-charge-bail", "mappa-category"])
def test_every_schema_field_has_a_control_and_every_control_a_field(site, name):
    from procedures import schema

    form = Form()
    form.feed((site / "calculators" / name / "index.html").read_text("utf-8"))
    props = schema(name)["properties"]
    top = {f for f, in_template in form.fields if not in_template}
    assert top == set(props)
    for key, prop in props.items():
        if prop.get("type") == "array":
            inside = {f.removeprefix(f"{key}-__i__-") for f, in_template in form.fields if in_template
                      and f.startswith(f"{key}-__i__-")}
            assert inside == set(prop["items"]["properties"]), key
