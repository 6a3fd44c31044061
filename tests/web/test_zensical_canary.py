"""The Zensical canary: the same ``mkdocs.yml`` built with Zensical, compared with the ProperDocs build.

Material for MkDocs reaches end of life on 5 May 2027; Zensical, by Material's authors, is its
likely successor (README, "Decision on the builder").  This test installs Zensical, pinned in
``requirements-zensical.txt``, in its own virtual environment (``.cache/zensical-venv/``, made
again only when that file changes), builds the configuration ``config.derive`` makes (with
``theme.variant: classic``) with it, runs our post-build step over what it wrote, and compares the
result with the main build on named checks.  Each check works or breaks.  The test fails only when
a result differs from ``zensical-expected.toml`` beside it, so that a new Zensical, or a change of
ours that Zensical does not follow, is noticed; it skips when Zensical cannot be installed.

``pytest -s`` prints the table; it is also written to a file whose path is printed.  When a
result changes for the better (or for an accepted reason), record it in the expectation file, by
hand or with ``ZENSICAL_CANARY_RECORD=1`` (see ``test_zensical_builds_as_recorded``).
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from procedures import calculate
from procedures_site import ROOT, config, postbuild
from procedures_site.build import PROPERDOCS, environment, run_builder
from procedures_site.serve import serve_folder
from web.browser import fill_form

REQUIREMENTS = ROOT / "requirements-zensical.txt"
EXPECTED = Path(__file__).with_name("zensical-expected.toml")
CACHE = ROOT / ".cache"  # git-ignored; Zensical keeps its own cache here too, whatever we ask
VENV = CACHE / "zensical-venv"
STAMP = VENV / ".requirements.sha"
LOCK = CACHE / "zensical-canary.lock"
# What Zensical 0.0.x leaves in ROOT/.cache: files named by number, and two more.  Its --clean would
# delete the whole of .cache (our virtual environment with it), so the canary clears these itself
# before each build: the cache does not notice a change in our extensions or in the engine's data.
ZENSICAL_CACHE_FILES = {"mkdocstrings.json", "objects.inv"}
REDIRECT_PROBE = {"canary-moved-page.md": "mappa.md"}  # a redirect_maps entry, in the edition build only
NEWER = "2099.1"  # the newest edition named in the edition build's versions.json


# --- a small HTML tree, enough to select by tag and attribute ---------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def elements(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        """Descendants with this tag, class and attributes (True: present, with any value)."""
        found = []
        for node in self.elements():
            if tag and node.tag != tag:
                continue
            if cls and cls not in (node.attrs.get("class") or "").split():
                continue
            if all((k.replace("_", "-") in node.attrs) if v is True else node.attrs.get(k.replace("_", "-")) == v
                   for k, v in attrs.items()):
                found.append(node)
        return found

    def text(self) -> str:
        parts = []

        def walk(node):
            for child in node.children:
                parts.append(child) if isinstance(child, str) else walk(child)
        walk(self)
        return " ".join("".join(parts).split())


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def tree(html: str) -> Node:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return parser.root


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
SKIP_LINK = '<a id="__skip" tabindex="-1"></a>'  # Zensical's classic theme puts it in the article


class Broken(Exception):
    """A check's finding: the reason it breaks."""


class NotRun(Exception):
    """A check that needs a build Zensical did not make: its result stays as recorded.

    The check for that build ("strict build", "edition build", "offline copy") breaks instead, so
    a build that stops working is still noticed, and a fixed one finds every check as recorded.
    """


@dataclass
class Site:
    """One built site: its folder, the address it was built for, and its HTML pages by path."""

    folder: Path
    url: str
    pages: dict[str, str] = field(default_factory=dict)
    _trees: dict[str, Node] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path, url: str) -> "Site":
        site = cls(folder, url)
        for path in sorted(folder.rglob("*.html")):
            rel = path.relative_to(folder).as_posix()
            if not rel.startswith("assets/"):
                site.pages[rel] = site.normal(path.read_text("utf-8"))
        return site

    def normal(self, text: str) -> str:
        """Text with this site's own address written as SITE/, so two sites compare."""
        return text.replace(self.url, "SITE/").replace(self.url.rstrip("/"), "SITE")

    def text(self, name: str) -> str:
        return self.normal((self.folder / name).read_text("utf-8"))

    def article(self, page: str) -> str:
        m = ARTICLE.search(self.pages[page])
        return m.group(1).replace(SKIP_LINK, "") if m else ""

    def tree(self, page: str) -> Node:
        if page not in self._trees:
            self._trees[page] = tree(self.article(page))
        return self._trees[page]

    def per_page(self, pick: Callable[["Site", str], list]) -> dict[str, list]:
        """``pick(site, page)`` for every page where it finds something."""
        return {p: found for p in self.pages if (found := pick(self, p))}


@dataclass
class Builds:
    """What the checks look at: the main build, Zensical's, and what happened on the way."""

    main: Site
    zensical: Site | None = None
    version: str = "?"
    errors: dict[str, str] = field(default_factory=dict)  # a step's name -> why it failed
    edition: Site | None = None  # Zensical's edition build (mike's layout), served with versions.json
    editions_url: str = ""
    offline: Site | None = None
    main_offline: Site | None = None
    browser: object = None
    refused: list[str] = field(default_factory=list)  # Content-Security-Policy refusals seen in the browser
    times: tuple[float, float] = (0.0, 0.0)  # seconds: the environment, then the builds

    def failed(self, key: str, prerequisite: bool = False) -> Exception:
        """Why Zensical's ``key`` ("build", "edition build", "offline build") is not there to check:
        Broken for the check of that build itself, NotRun for the checks that need it."""
        why = self.errors.get(key) or self.errors.get(f"{key}: post-build step") or "not made"
        return (Broken if prerequisite else NotRun)(f"no Zensical {key}: {why}")

    def z(self) -> Site:
        if self.zensical is None:
            raise self.failed("build")
        return self.zensical


# --- Zensical's environment and builds --------------------------------------------------------

def _tail(text: str, lines: int = 1) -> str:
    kept = [line.strip() for line in (text or "").splitlines() if line.strip() and "is ignored" not in line]
    return " / ".join(kept[-lines:])[:300]


def _zensical_venv() -> Path:
    """The zensical command of the cached environment, made again if requirements-zensical.txt changed."""
    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    command = VENV / "bin" / "zensical"
    if command.exists() and STAMP.exists() and STAMP.read_text().strip() == want:
        return command
    shutil.rmtree(VENV, ignore_errors=True)
    steps = {"python -m venv": [sys.executable, "-m", "venv", str(VENV)],
             f"pip install -r {REQUIREMENTS.name}": [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q",
                                                      "--disable-pip-version-check", "-r", str(REQUIREMENTS)]}
    for name, step in steps.items():
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = subprocess.CompletedProcess(step, 1, "", str(exc))
        if done.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            pytest.skip(f"Zensical could not be installed ({name} failed): {_tail(done.stderr + done.stdout, 3)}")
    STAMP.write_text(want + "\n")
    return command


def _clear_zensical_cache() -> None:
    for entry in CACHE.iterdir():
        if entry.name.isdigit() or entry.name in ZENSICAL_CACHE_FILES:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)


def _zensical_build(command: Path, settings: dict, folder: Path) -> str | None:
    """Zensical over ``settings`` into ``folder``; None, or why it failed (or warned: the build is strict).

    Zensical takes no output folder on its command line: ``site_dir`` says where, and it must be
    inside the project, so the canary's folders are under .cache/, not pytest's tmp_path.
    """
    _clear_zensical_cache()
    try:
        with config.write({**settings, "site_dir": str(folder)}) as path:
            done = subprocess.run([str(command), "build", "--strict", "-f", str(path)], cwd=ROOT,
                                  capture_output=True, text=True, env=environment(), timeout=600)
    finally:
        _clear_zensical_cache()
    log = done.stdout + done.stderr
    if done.returncode != 0:
        return f"exit {done.returncode}: {_tail(log)}"
    warnings = [line for line in log.splitlines() if "WARNING" in line]
    if warnings:
        return f"warned: {_tail(warnings[-1])}"
    return None


def _build_and_postbuild(command: Path, settings: dict, folder: Path, errors: dict, key: str) -> bool:
    """Build with Zensical (retrying with a relative docs_dir, noted under 'config as derived'), then postbuild."""
    failed = _zensical_build(command, settings, folder)
    if failed and Path(settings["docs_dir"]).is_absolute():
        errors.setdefault("config as derived", failed)
        relative = {**settings, "docs_dir": os.path.relpath(settings["docs_dir"], ROOT)}
        failed = _zensical_build(command, relative, folder)
    if failed:
        errors[key] = failed
        return False
    try:
        postbuild.run(folder, settings)
    except Exception as exc:  # noqa: BLE001 (any failure is the finding)
        errors[f"{key}: post-build step"] = f"{type(exc).__name__}: {_tail(str(exc), 2)}"
        return False
    return True


@contextlib.contextmanager
def _locked():
    """One canary at a time in this checkout: they share the environment and Zensical's cache."""
    CACHE.mkdir(exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="module")
def zensical_builds(site, server, browser, tmp_path_factory):
    """The builds the checks compare: Zensical's (national edition, edition layout, offline) and ProperDocs'."""
    builds = Builds(main=Site.read(site, server), browser=browser)
    started = time.monotonic()
    with _locked():
        command = _zensical_venv()
        installed = time.monotonic()
        done = subprocess.run([str(command), "--version"], capture_output=True, text=True)
        builds.version = done.stdout.strip() or "?"
        for stale in CACHE.glob("zensical-canary-*"):  # left by a canary that was stopped (none runs now)
            shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix="zensical-canary-", dir=CACHE))
        servers = []
        try:
            folder, editions = work / "site", work / "editions"
            folder.mkdir()
            editions.mkdir()
            url, httpd = serve_folder(folder)
            builds.editions_url, editions_httpd = serve_folder(editions)
            servers += [httpd, editions_httpd]

            # The national edition, as scripts/build makes it, served at the address it was built for.
            settings = config.derive(config.Options(site_url=url, classic=True))
            if _build_and_postbuild(command, settings, folder, builds.errors, "build"):
                builds.zensical = Site.read(folder, url)

            # An edition as scripts/publish makes it for mike (its own folder beside versions.json),
            # with one page moved by the redirects plugin.
            edition = settings["extra"]["edition"]
            settings = config.derive(config.Options(site_url=builds.editions_url, version=edition, classic=True))
            for entry in settings["plugins"]:
                if isinstance(entry, dict) and "redirects" in entry:
                    entry["redirects"] = {**(entry["redirects"] or {}), "redirect_maps": REDIRECT_PROBE}
            if _build_and_postbuild(command, settings, editions / edition, builds.errors, "edition build"):
                builds.edition = Site.read(editions / edition, builds.editions_url + edition + "/")
                (editions / "versions.json").write_text(json.dumps([
                    {"version": NEWER, "title": NEWER, "aliases": ["latest"]},
                    {"version": edition, "title": edition, "aliases": []}]))

            # The offline copy (scripts/build-offline's configuration), by both builders.
            settings = config.derive(config.Options(offline=True, classic=True))
            if _build_and_postbuild(command, settings, work / "offline", builds.errors, "offline build"):
                builds.offline = Site.read(work / "offline", settings["site_url"])
            main_offline = tmp_path_factory.mktemp("properdocs-offline")
            settings = config.derive(config.Options(offline=True))
            with config.write(settings) as path:
                run_builder([*PROPERDOCS, "build", "--strict", "--clean", "-f", str(path), "-d", str(main_offline)],
                            main_offline)
            postbuild.run(main_offline, settings)
            builds.main_offline = Site.read(main_offline, settings["site_url"])
            builds.times = (installed - started, time.monotonic() - installed)
            yield builds
        finally:
            for httpd in servers:
                httpd.shutdown()
            shutil.rmtree(work, ignore_errors=True)


# --- the checks -------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[Builds], str | None]] = {}


def check(name: str):
    def register(fn):
        CHECKS[name] = fn
        return fn
    return register


def _same(name: str, main: dict, zensical: dict, what: str = "pages") -> str:
    """Equal and not empty: what was compared; otherwise Broken naming where they differ."""
    if not main or not any(main.values()):
        raise Broken(f"the ProperDocs build has no {name} to compare")
    if main != zensical:
        differ = sorted(k for k in set(main) | set(zensical) if main.get(k) != zensical.get(k))
        raise Broken(f"{name} differ on {len(differ)} {what}: {', '.join(map(str, differ[:4]))}"
                     + (" ..." if len(differ) > 4 else ""))
    if all(isinstance(v, list) for v in main.values()):
        return f"{sum(map(len, main.values()))} {name} on {len(main)} {what}"
    return f"{len(main)} {name}"


@check("config as derived")
def _config(b: Builds) -> str | None:
    """Zensical takes the configuration exactly as config.derive writes it."""
    if "config as derived" in b.errors:
        raise Broken(b.errors["config as derived"])


@check("strict build")
def _build(b: Builds) -> str | None:
    if "build" in b.errors:
        raise Broken(b.errors["build"])
    return "no warnings" + (" (with docs_dir relative)" if "config as derived" in b.errors else "")


@check("post-build step")
def _postbuild(b: Builds) -> str | None:
    if "build: post-build step" in b.errors:
        raise Broken(b.errors["build: post-build step"])
    b.z()


@check("pages built")
def _pages(b: Builds) -> str | None:
    z = b.z()
    return _same("pages", {p: True for p in b.main.pages}, {p: True for p in z.pages})


def _normal_html(html: str) -> str:
    return " ".join(re.sub(r">\s+<", "><", html).split())


@check("page content")
def _content(b: Builds) -> str | None:
    """Each page's article (what its Markdown became, with the review line) is the same HTML."""
    z = b.z()
    return _same("articles", {p: _normal_html(b.main.article(p)) for p in b.main.pages},
                 {p: _normal_html(z.article(p)) for p in z.pages})


def _tables(site: Site, page: str) -> list:
    return [(div.attrs["data-table"], [[cell.text() for cell in row.elements() if cell.tag in ("th", "td")]
                                       for row in div.all("tr")])
            for div in site.tree(page).all("div", data_table=True)]


@check("tables")
def _check_tables(b: Builds) -> str | None:
    return _same("generated tables", b.main.per_page(_tables), b.z().per_page(_tables))


def _forms(site: Site, page: str) -> list:
    return [(form.attrs["data-calculator"], [n.attrs["data-field"] for n in form.all(data_field=True)])
            for form in site.tree(page).all("form", data_calculator=True)]


@check("calculator forms")
def _check_forms(b: Builds) -> str | None:
    return _same("calculator forms", b.main.per_page(_forms), b.z().per_page(_forms))


def _assets(folder: Path) -> dict[str, str]:
    out = {}
    for sub in ("assets/calculators", "assets/pyodide"):
        for path in sorted((folder / sub).glob("*")):
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"]*assets/calculators/[^"]*)"')


@check("calculator assets")
def _check_assets(b: Builds) -> str | None:
    """The wheel, Pyodide and our scripts, byte for byte, and the pages load the same ones."""
    z = b.z()
    files = _same("calculator files", _assets(b.main.folder), _assets(z.folder), "files")
    loaded = {p: [_at(p, src) for src in SCRIPT_SRC.findall(t)] for p, t in b.main.pages.items()}
    tags = _same("script tags", loaded, {p: [_at(p, src) for src in SCRIPT_SRC.findall(t)] for p, t in z.pages.items()})
    for sources in loaded.values():
        for src in sources:
            if not (z.folder / urlsplit(src).path).is_file():
                raise Broken(f"{src} is missing")
    return f"{files}; {tags}"


NUMBERED = re.compile(r'<p id="([^"]+)" class="numbered"')


@check("paragraph anchors")
def _check_anchors(b: Builds) -> str | None:
    return _same("numbered paragraph ids",
                 {p: NUMBERED.findall(t) for p, t in b.main.pages.items() if NUMBERED.search(t)},
                 {p: NUMBERED.findall(t) for p, t in b.z().pages.items() if NUMBERED.search(t)})


def _glossary(site: Site, page: str) -> list:
    """The definition lists as "term = meaning"."""
    entries = []
    for dl in site.tree(page).all("dl"):
        for n in dl.elements():
            if n.tag == "dt":
                entries.append(n.text())
            elif n.tag == "dd" and entries:
                entries[-1] += " = " + n.text()
    return entries


def _abbreviations(site: Site, page: str) -> list:
    return sorted({(n.text(), n.attrs.get("title", "")) for n in site.tree(page).all("abbr")})


@check("glossary")
def _check_glossary(b: Builds) -> str | None:
    """The generated glossary, and the abbreviation tooltips on every page."""
    page = "glossary/index.html"
    terms = _same("glossary terms", {page: _glossary(b.main, page)}, {page: _glossary(b.z(), page)})
    return f"{terms}; " + _same(
        "abbreviation tooltips", b.main.per_page(_abbreviations), b.z().per_page(_abbreviations))


def _local(site: Site, page: str) -> list:
    return [n.text() for n in site.tree(page).all("div", cls="local")]


@check("local boxes")
def _check_local(b: Builds) -> str | None:
    return _same("local arrangements boxes", b.main.per_page(_local), b.z().per_page(_local))


def _at(page: str, href: str) -> str:
    """Where a link on ``page`` leads, from the site's top ("./../" and ".." spell the same place)."""
    return urljoin("http://site.invalid/" + page, href).removeprefix("http://site.invalid/")


def _hrefs(site: Site, page: str) -> list:
    return [_at(page, n.attrs["href"]) for n in site.tree(page).all("a", href=True)]


def _target(folder: Path, page: str, href: str) -> Path | None:
    """The file a relative link leads to, or None for a link elsewhere or within the page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (folder / page).parent / unquote(parts.path)
    return path / "index.html" if href.split("#")[0].endswith("/") else path


@check("generated links resolved")
def _check_links(b: Builds) -> str | None:
    """No procedures-site: link is left, every page links to the same places, and each resolves."""
    z = b.z()
    left = [p for p, t in z.pages.items() if "procedures-site:" in t]
    if left:
        raise Broken(f"procedures-site: links left on {', '.join(left[:4])}")
    same = _same("links", b.main.per_page(_hrefs), z.per_page(_hrefs))
    for page in z.pages:
        for href in (n.attrs["href"] for n in z.tree(page).all("a", href=True)):
            target = _target(z.folder, page, href)
            if target is not None and not target.exists():
                raise Broken(f"{page}: {href} leads nowhere")
    return same


TIME = re.compile(r'<time datetime="([^"]+)">([^<]*)</time>')


@check("dates in words")
def _check_dates(b: Builds) -> str | None:
    z = b.z()
    found = {p: TIME.findall(t) for p, t in z.pages.items() if TIME.search(t)}
    raw = [p for p, times in found.items() if any(iso == shown for iso, shown in times)]
    if raw:
        raise Broken(f"ISO dates left on {', '.join(raw[:4])}")
    return _same("dates", {p: TIME.findall(t) for p, t in b.main.pages.items() if TIME.search(t)}, found)


@check("feed.xml")
def _check_feed(b: Builds) -> str | None:
    z = b.z()
    if not (z.folder / "feed.xml").exists():
        raise Broken("no feed.xml")
    ET.fromstring(z.text("feed.xml"))
    if z.text("feed.xml") != b.main.text("feed.xml"):
        raise Broken("feed.xml differs from the ProperDocs build's")
    return f"identical ({z.text('feed.xml').count('<entry>')} entries)"


@check("links.json equal")
def _check_manifest(b: Builds) -> str | None:
    z = b.z()
    main, ours = json.loads(b.main.text("links.json")), json.loads(z.text("links.json"))
    _same("links.json entries", main, ours, "keys")
    return f"{len(main['pages'])} pages, {sum(map(len, main['pages'].values()))} anchors"


SEARCH_INDEXES = ("search.json", "search/search_index.json")  # Zensical's, Material's


def _search(site: Site) -> tuple[str, list[str], str]:
    for name in SEARCH_INDEXES:
        if (site.folder / name).exists():
            data = json.loads((site.folder / name).read_text("utf-8"))
            items = data.get("items") or data.get("docs") or []
            return name, sorted(i["location"] for i in items), " ".join(i.get("text", "") for i in items)
    raise Broken(f"no search index (looked for {', '.join(SEARCH_INDEXES)})")


@check("search index")
def _check_search(b: Builds) -> str | None:
    """The index covers the same pages and sections, generated text included."""
    z = b.z()
    _, main_locations, main_text = _search(b.main)
    name, locations, text = _search(z)
    if main_locations != locations:
        differ = sorted(set(main_locations) ^ set(locations))
        raise Broken(f"{name} indexes other sections: {', '.join(differ[:4])}")
    generated = {w.lower() for rows in b.main.per_page(_tables).values() for _, table in rows
                 for row in table for cell in row for w in re.findall(r"[A-Za-z]{7,}", cell)}
    words = {w for w in generated if w in main_text.lower()}
    missing = sorted(w for w in words if w not in unescape(text).lower())
    if not words or missing:
        raise Broken(f"{name} lacks words of the generated tables: {', '.join(missing[:5]) or 'none to look for'}")
    return f"{name}: the same {len(locations)} sections; {len(words)} words of the generated tables found"


@check("search index text")
def _check_search_text(b: Builds) -> str | None:
    """What search results quote is text: no markup, no procedures-site: link left for the reader to see."""
    name, _, text = _search(b.z())
    raw = (b.z().folder / name).read_text("utf-8")
    if "procedures-site:" in raw:
        quoted = re.search(r"[^\"]{0,60}procedures-site:[^\"]{0,20}", unescape(text))
        raise Broken(f"{name} quotes markup with unresolved procedures-site: links (the calculators' <noscript>"
                     f" as text: {quoted[0] if quoted else '...'})")
    markup = re.search(r"&lt;/?[a-z]+[ &]", text)
    if markup:
        raise Broken(f"{name} quotes markup as text: {text[max(0, markup.start() - 40):markup.end() + 40]}")
    return None


def _review(site: Site, page: str) -> list:
    return [n.text() for n in site.tree(page).all("aside", cls="page-review")]


@check("templates: review and edition line")
def _check_review(b: Builds) -> str | None:
    """overrides/main.html's "Last reviewed ... Edition ..." line, on the same pages, the same words."""
    return _same("review lines", b.main.per_page(_review), b.z().per_page(_review))


def _head(site: Site, page: str) -> list:
    text = site.pages[page]
    return [name for name, present in (
        ("feed link", 'type="application/atom+xml"' in text),
        ("early worker", "window.proceduresEarlyWorker" in text),
        ("noindex", '<meta name="robots" content="noindex">' in text),
        ("header hidden", '<div data-md-component="header" hidden></div>' in text)) if present]


@check("templates: head and embed pages")
def _check_head(b: Builds) -> str | None:
    """The feed link and early worker in <head>; embed.html's bare page (no header, noindex, source line)."""
    z = b.z()
    head = _same("template additions", b.main.per_page(_head), z.per_page(_head))

    def source(site):
        return {p: [n.text() for n in site.tree(p).all("p", cls="embed-source")] for p in site.pages
                if p.startswith("embed/")}
    return f"{head}; " + _same("embed source lines", source(b.main), source(z))


def _nav(site: Site) -> list:
    """The primary navigation of a chapter page, as (title, where it leads) in order."""
    name = "mappa/index.html"
    page = tree(site.pages[name])
    primary = next((n for n in page.all("nav") if "md-nav--primary" in n.attrs.get("class", "")), None)
    if primary is None:
        raise Broken("no primary navigation")
    return [(a.text(), _at(name, a.attrs["href"])) for a in primary.all("a", href=True)]


@check("navigation")
def _check_nav(b: Builds) -> str | None:
    main, ours = _nav(b.main), _nav(b.z())
    if main != ours:
        differ = [f"{m} != {o}" for m, o in zip(main, ours) if m != o][:2]
        raise Broken(f"primary navigation differs ({len(main)} vs {len(ours)} links): {'; '.join(differ)}")
    return f"the same {len(main)} links"


@check("sitemap")
def _check_sitemap(b: Builds) -> str | None:
    def locations(site):
        if not (site.folder / "sitemap.xml").exists():
            raise Broken("no sitemap.xml")
        return sorted(e.text for e in ET.fromstring(site.text("sitemap.xml")).iter()
                      if e.tag.endswith("}loc"))
    _same("sitemap addresses", {"sitemap.xml": locations(b.main)}, {"sitemap.xml": locations(b.z())})
    return f"the same {len(locations(b.main))} addresses"


@check("404 page")
def _check_404(b: Builds) -> str | None:
    """404.html exists with its heading, and its styles and scripts load from any address."""
    z = b.z()
    if "404.html" not in z.pages or "404" not in z.article("404.html"):
        raise Broken("no 404.html with a 404 heading")
    page = tree(z.pages["404.html"])
    sources = [n.attrs["href"] for n in page.all("link", rel="stylesheet")] + \
              [n.attrs["src"] for n in page.all("script", src=True)]
    base = urlsplit(z.url).path
    for src in sources:
        if src.startswith("SITE/"):
            path = src.removeprefix("SITE/")
        elif src.startswith(base):
            path = src.removeprefix(base)
        else:
            raise Broken(f"404.html loads {src} by a relative address: broken below the top folder")
        if not (z.folder / urlsplit(path).path).is_file():
            raise Broken(f"404.html loads {src}, which is not in the site")
    return f"{len(sources)} styles and scripts, by absolute addresses"


@check("edition build")
def _check_edition(b: Builds) -> str | None:
    """An edition built into its own folder for mike: feed to the newest, outdated notice in the page."""
    if b.edition is None:
        raise b.failed("edition build", prerequisite=True)
    feed = ET.fromstring(b.edition.text("feed.xml"))
    self_link = next(e.get("href") for e in feed if e.tag.endswith("}link") and e.get("rel") == "self")
    if self_link != b.editions_url + "latest/feed.xml":
        raise Broken(f"the feed says it is at {self_link}")
    if "A newer edition has been published" not in b.edition.pages["mappa/index.html"]:
        raise Broken("overrides/main.html's outdated notice is not in the page")
    return "feed points to latest/; outdated notice in the page"


@check("redirects")
def _check_redirects(b: Builds) -> str | None:
    """redirect_maps (mkdocs-redirects in the ProperDocs build): an old page sends readers to the new."""
    if b.edition is None:
        raise b.failed("edition build")
    old = next(iter(REDIRECT_PROBE)).removesuffix(".md") + "/index.html"
    page = b.edition.folder / old
    if not page.exists():
        raise Broken(f"redirect_maps ignored: no {old}")
    text = page.read_text("utf-8")
    target = re.search(r'http-equiv="refresh" content="\d+;\s*url=([^"]+)"', text)
    if not target or not (b.edition.folder / "canary-moved-page" / target[1] / "index.html").resolve().exists():
        raise Broken(f"{old} has no refresh to an existing page")
    return f"{old} refreshes to {target[1]}"


def _poll(page, expression: str, timeout: float) -> bool:
    """Whether ``expression`` becomes true within ``timeout`` seconds.

    Asked with page.evaluate: the pages' Content-Security-Policy refuses the eval that
    page.wait_for_function needs.
    """
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate(f"() => Boolean({expression})"):
            return True
        page.wait_for_timeout(200)
    return False


def _watch(b: Builds, page) -> None:
    """Keep the page's script errors on it, and every Content-Security-Policy refusal in ``b.refused``."""
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: b.refused.append(message.text) if "Content Security Policy" in message.text
            else None)


def _reader(b: Builds):
    context = b.browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _watch(b, page)
    return context, page


def _search_ui(page, start: str, target: str) -> list[str]:
    """Type a word into the theme's search (Material's form, or Zensical's dialog) and return where
    the results lead; Broken if none leads to ``target``."""
    page.goto(start)
    page.wait_for_load_state("networkidle")
    button = page.locator(".md-search__button")  # Zensical: a button opening its own dialog
    (button if button.count() else page.locator("input.md-search__input")).first.click()
    page.keyboard.type("MAPPA", delay=50)
    results = page.locator("[role=listbox] a[href], .md-search-result__item > a")  # Zensical's, Material's
    try:
        results.first.wait_for(state="attached", timeout=15000)
    except Exception:  # noqa: BLE001
        raise Broken(f"no search results ({'; '.join(page.errors[:2]) or 'no script error'})") from None
    links = results.evaluate_all("links => links.map(a => a.href)")
    if not any(urlsplit(u).path.endswith(target) for u in links):
        raise Broken(f"no result leads to {target}: {links[:3]}")
    return links


@check("search in the browser")
def _check_search_ui(b: Builds) -> str | None:
    context, page = _reader(b)
    try:
        links = _search_ui(page, b.z().url, "/mappa/")
        if page.errors:
            raise Broken(f"JavaScript errors: {page.errors[:2]}")
        return f"{len(links)} results for MAPPA"
    finally:
        context.close()


@check("edition selector")
def _check_selector(b: Builds) -> str | None:
    """Material's version selector (provider: mike) lists the editions of versions.json."""
    if b.edition is None:
        raise b.failed("edition build")
    edition = b.edition.folder.name
    context, page = _reader(b)
    try:
        page.goto(b.editions_url + f"{edition}/mappa/")
        try:
            page.locator(".md-version__list").wait_for(state="attached", timeout=10000)
        except Exception:  # noqa: BLE001
            raise Broken("no version selector appears (versions.json is not read)") from None
        links = [a.get_attribute("href") for a in page.locator(".md-version__link").all()]
        if links != [b.editions_url + f"{NEWER}/", b.editions_url + f"{edition}/"]:
            raise Broken(f"the selector lists {links}")
        if page.errors:
            raise Broken(f"JavaScript errors: {page.errors[:2]}")
        return "lists the editions of mike's versions.json"
    finally:
        context.close()


@check("outdated banner")
def _check_outdated(b: Builds) -> str | None:
    """An edition that versions.json says is not the newest shows the notice, linking to latest."""
    if b.edition is None:
        raise b.failed("edition build")
    context, page = _reader(b)
    try:
        page.goto(b.editions_url + f"{b.edition.folder.name}/civil-orders/")
        banner = page.locator("[data-md-component=outdated]")
        try:
            banner.wait_for(state="visible", timeout=10000)
        except Exception:  # noqa: BLE001
            raise Broken("the outdated notice is not shown") from None
        href = banner.get_by_role("link").first.evaluate("a => a.href")
        if href != b.editions_url + "latest/civil-orders/":
            raise Broken(f"the notice links to {href}")
    finally:
        context.close()


def _instant(b: Builds) -> tuple[object, object, str | None]:
    """From a chapter, follow the side navigation to a calculator: (context, page, why not instant).

    Material intercepts only links to addresses in sitemap.xml, which it fetches after the page
    loads: the click waits until the network is idle.
    """
    start = b.z().url + "mappa/"
    context, page = _reader(b)
    page.goto(start)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.canaryMarker = 1")
    found = page.evaluate("""() => {
        const a = [...document.querySelectorAll('.md-nav a')].find(a => a.href.endsWith('/calculators/pre-charge-bail/'));
        if (a) a.click();
        return !!a; }""")
    if not found:
        return context, page, "no navigation link to the calculator"
    page.wait_for_url("**/calculators/pre-charge-bail/", timeout=15000)
    page.locator("form[data-calculator='pre-charge-bail']").wait_for(timeout=15000)
    if page.evaluate("window.canaryMarker") != 1:
        return context, page, "the next page was loaded in full (the page's script state was lost)"
    return context, page, None


@check("instant navigation")
def _check_instant(b: Builds) -> str | None:
    context, page, why = _instant(b)
    context.close()
    if why:
        raise Broken(why)
    if page.errors:
        raise Broken(f"JavaScript errors: {page.errors[:2]}")


@check("calculators in the browser")
def _check_calculator(b: Builds) -> str | None:
    """Pyodide starts from the Zensical build and the form shows the engine's answer."""
    context, page, _ = _instant(b)
    try:
        if not _poll(page, "window.procedures && window.procedures.state().stage === 'ready'", 90):
            raise Broken(f"the engine did not start ({'; '.join(page.errors[:2]) or 'no error shown'})")
        inputs = {"arrest_date": "2024-03-01"}
        fill_form(page, "pre-charge-bail", inputs)
        page.get_by_role("button", name="Calculate").click()
        headline = page.locator(".calc-headline")
        headline.wait_for(timeout=30000)
        if headline.inner_text() != calculate("pre-charge-bail", inputs)["headline"]:
            raise Broken(f"the form shows {headline.inner_text()!r}")
        if page.errors:
            raise Broken(f"JavaScript errors: {page.errors[:2]}")
    finally:
        context.close()


@check("offline copy")
def _check_offline(b: Builds) -> str | None:
    """scripts/build-offline's configuration: the same files (pages as name.html) and links.json."""
    if b.offline is None:
        raise b.failed("offline build", prerequisite=True)
    main, ours = b.main_offline, b.offline
    pages = _same("offline pages", {p: True for p in main.pages}, {p: True for p in ours.pages})
    _same("offline links.json entries", json.loads(main.text("links.json")), json.loads(ours.text("links.json")),
          "keys")
    files = {p.relative_to(main.folder).as_posix() for p in main.folder.rglob("*")
             if p.is_file() and "calculators" in p.parts}
    missing = sorted(f for f in files if not (ours.folder / f).exists())
    if missing:
        raise Broken(f"the offline runtime lacks {', '.join(missing[:3])}")
    return f"{pages}, links.json equal, {len(files)} runtime files"


def _offline_reader(b: Builds):
    """A page in a browser context with the network off, and the list of what it requested."""
    if b.offline is None:
        raise b.failed("offline build")
    context = b.browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    _watch(b, page)
    return context, page, requested


def _offline_faults(page, requested: list) -> None:
    web = [u for u in requested if urlsplit(u).scheme in ("http", "https")]
    if web:
        raise Broken(f"requests to the web: {web[:2]}")
    if page.errors:
        raise Broken(f"JavaScript errors: {page.errors[:2]}")


@check("offline search")
def _check_offline_search(b: Builds) -> str | None:
    """Search in the offline copy, opened from file:// (Zensical writes its own search.js)."""
    context, page, requested = _offline_reader(b)
    try:
        links = _search_ui(page, b.offline.folder.as_uri() + "/index.html", "/mappa.html")
        _offline_faults(page, requested)
        return f"{len(links)} results for MAPPA"
    finally:
        context.close()


@check("offline calculator")
def _check_offline_calculator(b: Builds) -> str | None:
    """A calculator of the offline copy answers from file://, with the network off."""
    context, page, requested = _offline_reader(b)
    inputs = {"arrest_date": "2024-03-01", "case_type": "standard"}
    try:
        page.goto(b.offline.folder.as_uri() + "/calculators/pre-charge-bail.html#"
                  + "&".join(f"{k}={v}" for k, v in inputs.items()))
        headline = page.locator(".calc-headline")
        try:
            headline.wait_for(timeout=90000)
        except Exception:  # noqa: BLE001
            raise Broken(f"no answer from file:// ({'; '.join(page.errors[:2]) or 'no error shown'})") from None
        if headline.inner_text() != calculate("pre-charge-bail", inputs)["headline"]:
            raise Broken(f"the form shows {headline.inner_text()!r}")
        _offline_faults(page, requested)
        return None
    finally:
        context.close()


@check("Content-Security-Policy")
def _check_csp(b: Builds) -> str | None:
    """The policy postbuild.csp writes refuses nothing the pages do (in the browser checks above)."""
    b.z()
    if b.refused:
        first = " ".join(b.refused[0].split()).split(". Either")[0]
        raise Broken(f"{len(b.refused)} refusals, e.g. {first[:160]}")
    return None


# --- the test ---------------------------------------------------------------------------------

def _measure(builds: Builds) -> dict[str, tuple[str, str, float]]:
    """Each check's result, what it found or why it breaks, and the seconds it took."""
    results = {}
    for name, fn in CHECKS.items():
        started = time.monotonic()
        try:
            result, detail = "works", fn(builds) or ""
        except NotRun as exc:
            result, detail = "not run", str(exc)[:240]
        except Exception as exc:  # noqa: BLE001 (a check that cannot run breaks, with the reason)
            reason = str(exc) if isinstance(exc, Broken) else f"{type(exc).__name__}: {exc}"
            result, detail = "breaks", " ".join(reason.split())[:240]
        results[name] = (result, detail, time.monotonic() - started)
    return results


def _expected() -> dict[str, tuple[str, str]]:
    data = tomllib.loads(EXPECTED.read_text("utf-8"))
    return {name: (entry["result"], entry.get("note", "")) for name, entry in data["checks"].items()}


def _table(builds: Builds, results: dict, expected: dict) -> str:
    install, build = builds.times
    lines = [f"Zensical {builds.version} compared with the ProperDocs build "
             f"(its environment ready in {install:.0f} s; the builds took {build:.0f} s)", "",
             "| check | measured | expected | detail | s |", "| --- | --- | --- | --- | --: |"]
    for name, (result, detail, seconds) in results.items():
        want = expected.get(name, ("(not recorded)", ""))
        mark = "" if want[0] == result or result == "not run" else " **differs**"
        lines.append(f"| {name} | {result}{mark} | {want[0]} | {detail.replace('|', '/')} | {seconds:.1f} |")
    return "\n".join(lines) + "\n"


def _record(results: dict) -> None:
    """Write the measured results as the expectations, keeping the file's opening comment."""
    text = EXPECTED.read_text("utf-8") if EXPECTED.exists() else ""
    head = text[:text.index("[checks]")] if "[checks]" in text else ""
    kept = {name: line for line in text.splitlines() for name in results if line.startswith(json.dumps(name) + " =")}
    lines = [kept.get(name, "") if result == "not run" else
             f"{json.dumps(name)} = {{ result = \"{result}\"" + (f", note = {json.dumps(detail)}" if result == "breaks"
                                                                  else "") + " }"
             for name, (result, detail, _) in results.items()]
    lines = [line for line in lines if line]
    EXPECTED.write_text(head + "[checks]\n" + "\n".join(lines) + "\n", "utf-8")


def test_zensical_builds_as_recorded(zensical_builds, tmp_path):
    """Fails when a check's result differs from zensical-expected.toml.

    With ZENSICAL_CANARY_RECORD=1 it writes the measured results into that file instead (each
    break's note is the measured reason: shorten it by hand if need be; a check not run keeps its
    line), to be reviewed and committed.
    """
    results = _measure(zensical_builds)
    if os.environ.get("ZENSICAL_CANARY_RECORD") == "1":
        _record(results)
    expected = _expected()
    report = _table(zensical_builds, results, expected)
    out = tmp_path / "zensical-canary.md"
    out.write_text(report, "utf-8")
    print("\n" + report + f"\n(written to {out})")
    differ = [f"{name}: expected {expected.get(name, ('not recorded',))[0]}, measured {result}"
              + (f" ({detail})" if detail else "")
              for name, (result, detail, _) in results.items()
              if result != "not run" and expected.get(name, (None,))[0] != result]
    differ += [f"{name}: recorded in {EXPECTED.name} but no longer measured" for name in expected if name not in results]
    assert not differ, (f"Zensical {zensical_builds.version} no longer builds as {EXPECTED.name} records "
                        f"(update the file if the change is expected; table in {out}):\n" + "\n".join(differ))


def test_the_expectations_name_every_check_and_explain_each_break():
    expected = _expected()
    assert set(expected) == set(CHECKS)
    assert {result for result, _ in expected.values()} <= {"works", "breaks"}
    assert all(note for result, note in expected.values() if result == "breaks")
