"""``procedures-site:<path>`` links (``urls.site_link``) made relative to the page they are on.

A link to a Markdown file becomes the address of its page; any other path is a file of the
site.  A link whose target the build did not write (page, file, or a page's ``#fragment``), or a
page marker that no extension filled, fails the build: none may reach a reader.
"""
from __future__ import annotations

import re

from .. import BuildError
from ..urls import LINK, page_url, relative
from .html import Page

PLACEHOLDER = re.compile(r'(?P<attr>[\w-]+)="' + re.escape(LINK) + r'(?P<path>[^"#]*)(?P<fragment>#[^"]*)?"')
UNFILLED = re.compile(r"<!--\s*(?:procedures|local):[^>]*-->")
ID = re.compile(r'\sid="([^"]+)"')


def run(built: list[Page], directory_urls: bool, root: str = "/") -> None:
    """``root``: the site's path on its host (site_url's), for the 404 page, which is served at any depth."""
    targets = {page.url: page for page in built}
    for page in built:
        left = UNFILLED.search(page.text)
        if left:
            raise BuildError(f"{page.url or 'home page'}: the marker {left.group(0)!r} was not filled: "
                             "is its extension listed under markdown_extensions in mkdocs.yml?")
    # Every page's ids as the builder wrote them, before any link is rewritten.
    ids = {url: set(ID.findall(page.text)) for url, page in targets.items()}
    for page in built:
        page.text = PLACEHOLDER.sub(lambda m: _resolve(m, page, ids, directory_urls, root), page.text)


def _resolve(match: re.Match, page: Page, ids: dict[str, set[str]], directory_urls: bool, root: str) -> str:
    path, fragment = match["path"], match["fragment"] or ""
    url = page_url(path, directory_urls)
    exists = url in ids if path.endswith(".md") else (page.path.parent / relative(url, page.folder)).exists()
    if not exists:
        raise BuildError(f"{page.url or 'home page'}: a generated link points to '{path}', which this build lacks")
    # A fragment on another page must be an id there: a situation or key action that names a
    # paragraph the chapter does not have fails the build, rather than landing at the page's top.
    if fragment and "=" not in fragment and path.endswith(".md") and fragment[1:] not in ids[url]:
        raise BuildError(f"{page.url or 'home page'}: a generated link points to '{path}{fragment}', "
                         f"but page {path} has no anchor '{fragment[1:]}'")
    if url == page.url and fragment:
        return f'{match["attr"]}="{fragment}"'  # the same page: the fragment alone, no reload
    address = root.rstrip("/") + "/" + url if page.url == "404.html" else relative(url, page.folder)
    return f'{match["attr"]}="{address}{fragment}"'
