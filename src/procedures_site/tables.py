"""Markdown extension ``procedures_site.tables``: ``<!-- procedures:table NAME -->`` becomes the
engine's table NAME (``procedures.tables()``), with its caption and the edition that made it."""
from __future__ import annotations

import procedures

from .markers import MarkerError, MarkerExtension


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(name: str) -> str:
    tables = procedures.tables()
    if name not in tables:
        raise MarkerError(f"unknown table '{name}'; known: {sorted(tables)}")
    t = tables[name]
    lines = [f"| {' | '.join(t.columns)} |", "|" + "---|" * len(t.columns)]
    lines += [f"| {' | '.join(_cell(c) for c in row)} |" for row in t.rows]
    return (f'<div class="generated-table" data-table="{name}" markdown>\n\n'
            f"**{t.caption}**\n\n" + "\n".join(lines) +
            f"\n\n<small>Generated from the rules engine, edition {procedures.__version__}.</small>\n\n</div>")


class TablesExtension(MarkerExtension):
    def handlers(self):
        return {"procedures:table": table}


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return TablesExtension(**kwargs)
