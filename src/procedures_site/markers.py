"""Page markers: HTML comments that the build replaces, each kind handled by a Markdown extension.

    <!-- procedures:table NAME -->              a table from the engine's data       (tables)
    <!-- procedures:calculator NAME [WHERE] --> a calculator form                     (calculators)
    <!-- procedures:embed-snippets -->          an iframe snippet per calculator      (calculators)
    <!-- procedures:glossary -->                the glossary                          (glossary)
    <!-- local:KEY -->                          a "Local arrangements" box            (local)
    <!-- procedures:situation ID -->            a "What to do if" page                (actions)
    <!-- procedures:situations -->              the "What to do if" index             (actions)
    <!-- procedures:key-actions STEM -->        a chapter page's key actions          (actions)
    <!-- procedures:contacts [ID ...] -->       national contacts                     (actions)

Every extension registers its handlers with one shared preprocessor, which also refuses any
marker that no enabled extension knows: a page never ships with a marker silently left in.
A marker is invisible if no extension runs, so the build must fail rather than skip it.
"""
from __future__ import annotations

import re
from typing import Callable

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from . import BuildError

MARKER = re.compile(r"<!--\s*(?P<kind>procedures|local):(?P<what>\S+)(?P<args>(?:\s+(?!-->)\S+)*)\s*-->")
# After pymdownx.snippets (32) and whitespace normalising (30), before fenced code (superfences, 25)
# and raw HTML (20) are stashed:
# what a marker becomes is Markdown and HTML that the rest of the pipeline must still see.
PRIORITY = 28


class MarkerError(BuildError):
    """A marker the build cannot fill: unknown, or naming something that does not exist."""


Handler = Callable[..., str]


class _Markers(Preprocessor):
    def __init__(self, md: Markdown):
        super().__init__(md)
        self.handlers: dict[str, Handler] = {}

    def run(self, lines: list[str]) -> list[str]:
        return MARKER.sub(self._replace, "\n".join(lines)).split("\n")

    def _replace(self, match: re.Match) -> str:
        args = match["args"].split()
        key = "local" if match["kind"] == "local" else f"procedures:{match['what']}"
        if match["kind"] == "local":
            args.insert(0, match["what"])
        if key not in self.handlers:
            raise MarkerError(f"unknown marker {match.group(0)!r}: no enabled extension fills it "
                              f"(known: {', '.join(sorted(self.handlers))})")
        return self.handlers[key](*args)


class MarkerExtension(Extension):
    """A kind of marker: subclasses say which keys they fill (``procedures:table``, ``local``)."""

    def handlers(self) -> dict[str, Handler]:
        raise NotImplementedError

    def extendMarkdown(self, md: Markdown) -> None:
        if "procedures_markers" not in md.preprocessors:
            md.preprocessors.register(_Markers(md), "procedures_markers", PRIORITY)
        md.preprocessors["procedures_markers"].handlers.update(self.handlers())
