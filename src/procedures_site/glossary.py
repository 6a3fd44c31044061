"""Markdown extension ``procedures_site.glossary``: ``<!-- procedures:glossary -->`` becomes the
glossary (issue 11, item 7): the terms in ``content/terms.toml``, each with what it means and the
paragraphs that say more, then a definition list of every abbreviation in
``docs/includes/abbreviations.md`` (the same lines give the tooltips on every page), then, in a local
edition, the partnership's local names.
Configuration: ``terms`` and ``abbreviations`` (the files) and ``partnership`` (as for
``procedures_site.local``)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from markdown import Extension

from . import ROOT, boxes
from .local import PartnershipConfig
from .markers import MarkerExtension


class GlossaryExtension(PartnershipConfig, MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {"abbreviations": [str(ROOT / "docs" / "includes" / "abbreviations.md"),
                                         "the file of *[ABBR]: meaning lines"],
                       "terms": [str(ROOT / "content" / "terms.toml"), "the terms, as [[term]] tables"]}
        super().__init__(**kwargs)

    def terms(self) -> str:
        entries = tomllib.loads(Path(self.getConfig("terms")).read_text("utf-8")).get("term", [])
        out = []
        for term in sorted(entries, key=lambda t: t["name"].lower()):
            see = ", ".join(f"[{_label(link)}]({link})" for link in term.get("see", []))
            out.append(f"{term['name']}\n:   {term['means']}" + (f" See {see}." if see else "") + "\n")
        return "\n".join(out)

    def glossary(self) -> str:
        text = Path(self.getConfig("abbreviations")).read_text("utf-8")
        rows = sorted(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", text, re.M), key=lambda r: r[0].lower())
        return ("## Terms {#terms}\n\n" + self.terms()
                + "\n## Abbreviations {#abbreviations}\n\n"
                + "\n".join(f"{abbr}\n:   {meaning}\n" for abbr, meaning in rows)
                + boxes.terms_note(self.partnership()))

    def handlers(self):
        return {"procedures:glossary": self.glossary}


def _label(link: str) -> str:
    """What a link to the chapter reads as: the paragraph or section number, else "the calculator"."""
    page, _, fragment = link.partition("#")
    if fragment:
        return fragment.replace("-", ".")
    return "the calculator" if page.startswith("calculators/") else page.removesuffix(".md")


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return GlossaryExtension(**kwargs)
