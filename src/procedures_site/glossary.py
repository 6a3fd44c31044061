"""Markdown extension ``procedures_site.glossary``: ``<!-- procedures:glossary -->`` becomes a
definition list of every abbreviation in ``docs/includes/abbreviations.md`` (the same lines give
the tooltips on every page), then, in a local edition, the partnership's local names.
Configuration: ``abbreviations`` (the file) and ``partnership`` (as for ``procedures_site.local``)."""
from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension

from . import ROOT, boxes
from .local import PartnershipConfig
from .markers import MarkerExtension


class GlossaryExtension(PartnershipConfig, MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {"abbreviations": [str(ROOT / "docs" / "includes" / "abbreviations.md"),
                                         "the file of *[ABBR]: meaning lines"]}
        super().__init__(**kwargs)

    def glossary(self) -> str:
        text = Path(self.getConfig("abbreviations")).read_text("utf-8")
        rows = sorted(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", text, re.M), key=lambda r: r[0].lower())
        return "\n".join(f"{abbr}\n:   {meaning}\n" for abbr, meaning in rows) + boxes.terms_note(self.partnership())

    def handlers(self):
        return {"procedures:glossary": self.glossary}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return GlossaryExtension(**kwargs)
