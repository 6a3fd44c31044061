"""Markdown extension ``procedures_site.glossary``: ``<!-- procedures:glossary -->`` becomes the
glossary (issue 11, item 7): the terms in ``content/terms.toml``, each with what it means and the
paragraphs that say more, then a definition list of every abbreviation in
``docs/includes/abbreviations.md`` (the same lines give the tooltips on every page), then, in a local
edition, the partnership's local names.
Configuration: ``terms`` and ``abbreviations`` (the files) and ``partnership`` (as for
``procedures_site.local``)."""
from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension

from . import ROOT, boxes, content
from .local import PartnershipConfig
from .markers import MarkerExtension

TERM = {"name": (str, True), "means": (str, True), "see": (list, False)}  # content/terms.toml


class GlossaryExtension(PartnershipConfig, MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {"abbreviations": [str(ROOT / "docs" / "includes" / "abbreviations.md"),
                                         "the file of *[ABBR]: meaning lines"],
                       "terms": [str(ROOT / "content" / "terms.toml"), "the terms, as [[term]] tables"]}
        super().__init__(**kwargs)

    def terms(self) -> str:
        path = Path(self.getConfig("terms"))
        entries = content.read(path).get("term", [])
        for i, term in enumerate(entries):
            content.check_fields(term, TERM, f"{content.shown(path)}: [[term]] {i + 1}")
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
        return content.numbered(fragment)[1]
    return "the calculator" if page.startswith("calculators/") else page.removesuffix(".md")


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return GlossaryExtension(**kwargs)
