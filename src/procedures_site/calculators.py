"""Markdown extension ``procedures_site.calculators``: the calculator forms and the embed snippets.

``<!-- procedures:calculator NAME -->`` in a chapter page gives the form with its own heading,
started when the reader first uses it; ``... NAME standalone`` is a calculator's own page (no
second heading, started as the page loads); ``... NAME frame`` is the page another site shows in
an iframe (``docs/embed/``).  ``<!-- procedures:embed-snippets -->`` gives the linking page's
copyable iframe snippets.  Configuration: ``edition`` (shown in case notes), ``site_url`` and ``directory_urls``.
"""
from __future__ import annotations

from pathlib import Path

from markdown import Extension

import procedures

from . import ROOT, embeds, forms
from .markers import MarkerError, MarkerExtension
from .urls import site_link

# Where the generated tables for each calculator are, for readers without JavaScript.
TABLE_PAGES = {"notification-period": "notification.md", "notification-deadline": "notification.md",
               "indefinite-review": "notification.md", "order-duration": "civil-orders.md",
               "pre-charge-bail": "pre-charge-bail.md", "mappa-category": "mappa.md",
               "case-timeline": "notification.md"}
PLACES = ("chapter", "standalone", "frame")


class CalculatorsExtension(MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {"edition": [procedures.__version__, "the edition named in case notes"],
                       "site_url": ["", "the site's public address, for the embed snippets"],
                       "docs_dir": [str(ROOT / "docs"), "where docs/embed/<name>.md pages are"],
                       "directory_urls": [True, "whether pages are folders (the website) or .html files"]}
        super().__init__(**kwargs)

    def calculator(self, name: str, place: str = "chapter") -> str:
        if name not in procedures.calculators():
            raise MarkerError(f"unknown calculator '{name}'; known: {procedures.calculators()}")
        if place not in PLACES:
            raise MarkerError(f"calculator '{name}': unknown place '{place}'; known: {', '.join(PLACES)}")
        html = forms.render(name, embedded=place != "standalone", tables_link=site_link(TABLE_PAGES[name]),
                            edition=str(self.getConfig("edition")))
        return embeds.without_title(html) if place == "frame" else html

    def snippets(self) -> str:
        return embeds.snippets(self.getConfig("site_url"), Path(self.getConfig("docs_dir")),
                               bool(self.getConfig("directory_urls")))

    def handlers(self):
        return {"procedures:calculator": self.calculator, "procedures:embed-snippets": self.snippets}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return CalculatorsExtension(**kwargs)
