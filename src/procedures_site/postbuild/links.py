"""``procedures-site:<path>`` links (``urls.site_link``) made relative to the page they are on.

A link to a Markdown file becomes the address of its page; any other path is a file of the
site.  A link whose target the build did not write, or a page marker that no extension filled,
fails the build: neither may reach a reader.
"""
from __future__ import annotations

import re

from .. import BuildError
from ..urls import LINK, page_url, relative
from .html import Page

PLACEHOLDER = re.compile(r'(?P<attr>[\w-]+)="' + re.escape(LINK) + r'(?P<path>[^"#]*)(?P<fragment>#[^"]*)?"')
UNFILLED = re.compile(r"<!--\s*(?:procedures|local):[^>]*-->")


def run(built: list[Page], directory_urls: bool, root: str = "/") -> None:
    """``root``: the site's path on its host (site_url's), for the 404 page, which is served at any depth."""
    targets = {page.url for page in built}
    for page in built:
        left = UNFILLED.search(page.text)
        if left:
            raise BuildError(f"{page.url or 'home page'}: the marker {left.group(0)!r} was not filled: "
                             "is its extension listed under markdown_extensions in mkdocs.yml?")
        page.text = PLACEHOLDER.sub(lambda m: _resolve(m, page, targets, directory_urls, root), page.text)


def _resolve(match: re.Match, page: Page, targets: set[str], directory_urls: bool, root: str) -> str:
    path = match["path"]
    url = page_url(path, directory_urls)
    exists = url in targets if path.endswith(".md") else (page.path.parent / relative(url, page.folder)).exists()
    if not exists:
        raise BuildError(f"{page.url or 'home page'}: a generated link points to '{path}', which this build lacks")
    address = root.rstrip("/") + "/" + url if page.url == "404.html" else relative(url, page.folder)
    return f'{match["attr"]}="{address}{match["fragment"] or ""}"'
