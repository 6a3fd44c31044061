"""Docs hook: give every numbered paragraph a permanent anchor.

A paragraph that starts "7.3.2 " (or "A.1.2 " in the appendix) becomes
<p id="7-3-2"> with its number as a link to itself, so a local manual can link to
.../mappa/#7-3-2.  Two paragraphs with the same number on a page fail the build.
"""
from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

NUMBERED = re.compile(r"<p>((?:\d+|[A-Z])(?:\.\d+){2})\s")


def on_page_content(html, page, config, files):
    seen: set[str] = set()

    def anchor(match):
        number = match.group(1)
        ident = number.replace(".", "-")
        if ident in seen:
            raise PluginError(f"{page.file.src_uri}: paragraph {number} is numbered twice")
        seen.add(ident)
        return (f'<p id="{ident}" class="numbered"><a class="paranum" href="#{ident}" '
                f'aria-label="Paragraph {number}, link to this paragraph">{number}</a> ')

    return NUMBERED.sub(anchor, html)
