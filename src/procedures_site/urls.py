"""Addresses in the built site, worked out from paths alone (no builder's internals).

A Markdown extension does not know which page it is rendering, so where generated content links
to another page it writes ``procedures-site:<docs path>`` (``site_link``); the post-build step
(``postbuild.links``) makes each such link relative to the page it is on, as a builder would.
"""
from __future__ import annotations

import posixpath

LINK = "procedures-site:"


def site_link(path: str) -> str:
    """A link to ``path``: a Markdown file under docs/ or a file of the built site, with an
    optional ``#fragment``."""
    return LINK + path


def page_url(src_path: str, directory_urls: bool = True) -> str:
    """The address of the page built from ``src_path``: with directory URLs (the website)
    ``mappa.md`` -> ``mappa/``, ``calculators/index.md`` -> ``calculators/``, the home page
    ``index.md`` -> ``""``; without (the offline copy) ``mappa.html``, ``calculators/index.html``."""
    if not src_path.endswith(".md"):
        return src_path
    stem = src_path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    elif stem:
        stem += "/"
    return stem.rstrip("/") + "/" if stem else ""


def relative(url: str, here: str) -> str:
    """``url`` (a site path such as ``mappa/`` or ``assets/x.svg``) as seen from the page at ``here``."""
    rel = posixpath.relpath("/" + url, "/" + here)
    return rel + "/" if url.endswith("/") or url == "" else rel
