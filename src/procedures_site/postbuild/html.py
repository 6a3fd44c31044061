"""The built HTML pages, read once and written back once by ``postbuild.run``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Written by overrides/main.html and overrides/embed.html around the page's own content.
CONTENT_START = re.compile(r'<article class="md-content__inner md-typeset">')
CONTENT_END = "<!-- end of page content -->"


@dataclass
class Page:
    """One HTML file of the site: its path, its address (``mappa/``; the home page ``""``) and text."""

    path: Path
    url: str
    text: str
    _original: str = field(default="", repr=False)

    @property
    def folder(self) -> str:
        """The address of the folder the file is in, which its relative links start from."""
        return self.url.rpartition("/")[0] + "/" if "/" in self.url else ""

    def content(self) -> str:
        """The page's own content (what its Markdown became), without the theme around it."""
        start = CONTENT_START.search(self.text)
        end = self.text.find(CONTENT_END)
        if not start or end < 0:
            return ""
        return self.text[start.end():end]

    def append_to_content(self, html: str) -> None:
        self.text = self.text.replace(CONTENT_END, html + CONTENT_END, 1)

    def save(self) -> None:
        if self.text != self._original:
            self.path.write_text(self.text, "utf-8")


def pages(site: Path, directory_urls: bool = True) -> list[Page]:
    """Every HTML file of the built site, in a stable order (addresses as ``urls.page_url`` gives them)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        index = directory_urls and (rel == "index.html" or rel.endswith("/index.html"))
        url = rel[: -len("index.html")] if index else rel
        text = path.read_text("utf-8")
        found.append(Page(path, url, text, text))
    return found
