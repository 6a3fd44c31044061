"""Markdown extension ``procedures_site.paragraphs``: every numbered paragraph gets a permanent anchor.

A paragraph that starts "7.3.2 " (or "A.1.2 " in the appendix) becomes ``<p id="7-3-2"
class="numbered">`` with its number as a link to itself, so a local manual can link to
``.../mappa/#7-3-2``.  Two paragraphs with the same number on a page fail the build.
"""
from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from . import BuildError

NUMBERED = re.compile(r"<p>((?:\d+|[A-Z])(?:\.\d+){2})\s")
# Last, on the page's finished HTML: raw HTML (restored at 30) holds paragraphs too.
PRIORITY = 1


class _Anchors(Postprocessor):
    def run(self, text: str) -> str:
        seen: set[str] = set()

        def anchor(match: re.Match) -> str:
            number = match.group(1)
            ident = number.replace(".", "-")
            if ident in seen:
                raise BuildError(f"paragraph {number} is numbered twice on one page")
            seen.add(ident)
            return (f'<p id="{ident}" class="numbered"><a class="paranum" href="#{ident}" '
                    f'aria-label="Paragraph {number}, link to this paragraph">{number}</a> ')

        return NUMBERED.sub(anchor, text)


class ParagraphsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Anchors(md), "procedures_paragraphs", PRIORITY)


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return ParagraphsExtension(**kwargs)
