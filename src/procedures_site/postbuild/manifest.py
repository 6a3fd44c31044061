"""Post-build: ``links.json``, the manifest of every address this build serves.

``pages`` maps each page's path (``mappa/``; the home page is ``""``) to its anchors: the ids of
the numbered paragraphs (``<p id="7-3-2" class="numbered">``) and of the headings below the
page title (the title's own id follows its wording; the page's address leads to it).
``moved_pages`` lists the pages redirected with mkdocs-redirects (``redirect_maps`` in mkdocs.yml)
and ``moved_anchors`` the anchors moved in ``editions/anchor-redirects.toml``.  The page where a
moved anchor's old address lands lists them as data, and the site's script sends the reader on.

``scripts/publish`` keeps each edition's manifest as ``editions/<edition>/links.json``;
``broken_links(old, new)`` lists the addresses of an older manifest that a newer one drops.
"""
from __future__ import annotations

import json
import re
from html import escape
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from .. import ROOT, BuildError
from ..urls import page_url, relative
from .html import Page

ANCHOR_REDIRECTS = ROOT / "editions" / "anchor-redirects.toml"
ANCHOR = re.compile(r'<(?:p id="(?P<p>[^"]+)" class="numbered"|h[2-6]\b[^>]*?\sid="(?P<h>[^"]+)")')


def anchors(html: str) -> list[str]:
    """The stable anchors of a page's content, in the order they appear."""
    return [m["p"] or m["h"] for m in ANCHOR.finditer(html)]


def moved_pages(redirect_maps: dict, directory_urls: bool = True) -> dict[str, str]:
    """mkdocs-redirects' map as page paths: old path -> new path (with its #fragment), or an address."""
    moved = {}
    for old, new in redirect_maps.items():
        target, _, fragment = str(new).partition("#")
        if not urlsplit(target).scheme:
            target = page_url(target, directory_urls)
        moved[page_url(old, directory_urls)] = target + (f"#{fragment}" if fragment else "")
    return moved


def moved_anchors(path: Path = ANCHOR_REDIRECTS) -> dict[str, str]:
    """``"old page#anchor" = "new page#anchor"`` entries from the [anchors] table of the TOML file."""
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text("utf-8")).get("anchors", {})
    for old, new in table.items():
        if "#" not in old or not isinstance(new, str) or "#" not in new:
            raise BuildError(f"{path.name}: '{old}' must map 'page#anchor' to 'page#anchor'")
    return table


def landing(page: str, pages, moved: dict[str, str]) -> str | None:
    """The page a reader who follows an address of ``page`` reaches (None: none, or another site)."""
    if page in pages:
        return page
    if page not in moved:
        return None
    target = moved[page].partition("#")[0]
    return target if target in pages else None


def broken_links(old: dict, new: dict) -> list[str]:
    """The pages and anchors of manifest ``old`` that manifest ``new`` neither serves nor redirects."""
    pages, moved, shifted = new["pages"], new.get("moved_pages", {}), new.get("moved_anchors", {})
    broken = []

    def served(page: str, anchor: str) -> bool:
        if f"{page}#{anchor}" in shifted:
            return True
        if urlsplit(moved.get(page, "")).scheme:  # moved to another site: its anchors are its own
            return True
        here = landing(page, pages, moved)
        return here is not None and (not anchor or anchor in pages[here])

    for page, ids in old["pages"].items():
        if not served(page, ""):
            broken.append(f"page '{page}' is gone and not redirected (add it to redirect_maps in mkdocs.yml)")
            continue
        broken += [f"anchor '{page}#{a}' is gone and not moved (add it to editions/anchor-redirects.toml)"
                   for a in ids if not served(page, a)]
    broken += [f"redirected page '{page}' is no longer redirected" for page in old.get("moved_pages", {})
               if not served(page, "")]
    broken += [f"moved anchor '{key}' is no longer moved" for key in old.get("moved_anchors", {})
               if not served(*key.split("#", 1))]
    return broken


def published(folder: Path = ROOT / "editions") -> list[Path]:
    """The kept manifests ``<folder>/<edition>/links.json``, oldest edition first."""
    found = [p for p in folder.glob("*/links.json") if re.fullmatch(r"\d+(\.\d+)*", p.parent.name)]
    return sorted(found, key=lambda p: tuple(int(n) for n in p.parent.name.split(".")))


def _script(redirects: dict[str, str]) -> str:
    """The old fragments that land on a page, and where each went, as data: the site's script
    (``assets/javascripts/site.js``, ``postbuild.scripts``) sends a reader who arrives with one that
    the page lacks to its new place.  Data, not code (the Content-Security-Policy runs no inline script
    of ours but the calculators' early start), and in an attribute, not a ``<script>`` of another type:
    the theme's instant navigation runs every inline script of the content again, as code."""
    return f'<div hidden data-anchor-redirects="{escape(json.dumps(redirects, sort_keys=True), quote=True)}"></div>'


def _redirects_to(here: str, urls: set[str], moved: dict[str, str], shifted: dict[str, str]) -> dict[str, str]:
    """The old anchors whose address lands on page ``here``, each with where it moved to."""
    redirects = {}
    for old, new in shifted.items():
        old_page, old_anchor = old.split("#", 1)
        if landing(old_page, urls, moved) != here:
            continue
        if old_anchor in redirects:
            raise BuildError(f"anchor-redirects.toml: two old addresses land on '{here}#{old_anchor}'")
        new_page, new_anchor = new.split("#", 1)
        link = "" if new_page == here else relative(new_page, here)
        redirects[old_anchor] = f"{link}#{new_anchor}"
    return redirects


def _check_moved_anchors(pages: dict[str, list[str]], moved: dict[str, str], shifted: dict[str, str]) -> None:
    for old, new in shifted.items():
        old_page, old_anchor = old.split("#", 1)
        new_page, new_anchor = new.split("#", 1)
        if landing(old_page, pages, moved) is None:
            raise BuildError(f"anchor-redirects.toml: '{old}': page '{old_page}' is neither built nor redirected")
        if old_page in pages and old_anchor in pages[old_page]:
            raise BuildError(f"anchor-redirects.toml: '{old}' still exists; remove its redirect")
        if new_page not in pages or (new_anchor and new_anchor not in pages[new_page]):
            raise BuildError(f"anchor-redirects.toml: '{old}' points to '{new}', which this build lacks")


def plugin_options(config: dict, name: str) -> dict:
    """A plugin's options as listed under ``plugins`` ({} when it has none or is not listed)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return {}


def documentation_pages(docs: Path, excluded: str, directory_urls: bool = True) -> set[str]:
    """The addresses of the pages built from docs/ (``exclude_docs`` folders such as ``includes/`` left out)."""
    skip = [line.strip().strip("/") + "/" for line in excluded.splitlines() if line.strip()]
    return {page_url(p.relative_to(docs).as_posix(), directory_urls) for p in docs.rglob("*.md")
            if not any(p.relative_to(docs).as_posix().startswith(s) for s in skip)}


def run(site: Path, config: dict, built: list[Page]) -> None:
    directory_urls = config.get("use_directory_urls", True)
    moved = moved_pages(plugin_options(config, "redirects").get("redirect_maps") or {}, directory_urls)
    shifted = moved_anchors()
    urls = documentation_pages(ROOT / config["docs_dir"], config.get("exclude_docs", ""), directory_urls)
    pages = {}
    for page in built:
        if page.url not in urls:
            continue
        pages[page.url] = anchors(page.content())
        redirects = _redirects_to(page.url, urls, moved, shifted)
        if redirects:
            page.append_to_content(_script(redirects))
    pages = dict(sorted(pages.items()))
    _check_moved_anchors(pages, moved, shifted)
    manifest = {"edition": config["extra"].get("edition"), "pages": pages,
                "moved_pages": dict(sorted(moved.items())), "moved_anchors": dict(sorted(shifted.items()))}
    (site / "links.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
