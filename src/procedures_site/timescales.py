"""Markdown extension ``procedures_site.timescales`` (issue 11, item 3): the timescales page and the
periods that chapter paragraphs quote.

    <!-- procedures:timescales practice -->   the practice timescales (procedures.practice.timescales)
    <!-- procedures:timescales law -->        the time limits in law, read from the engine's rules
    <!-- procedures:timescale ID -->          one practice timescale's period, in words, inside a sentence

A table is HTML, not Markdown, so that each cell carries its column's name (``data-label``): on a
narrow screen the stylesheet stacks each row as a card, each value under its column's name; the
explicit roles keep it a table for screen readers that drop the semantics of a restyled one.
A chapter paragraph a timescale names must exist, or the build fails.
"""
from __future__ import annotations

import re
from html import escape

from markdown import Extension

import procedures
from procedures.practice import law, timescales

from . import content
from .markers import MarkerError, MarkerExtension
from .urls import site_link

PRACTICE = ("Timescale", "Period", "Starts when", "Who", "Source", "In the chapter")
LAW = ("Time limit", "Period", "Who", "Source", "In the chapter")
CAPTIONS = {
    "practice": "What practitioners must do, and by when, under national guidance for England",
    "law": "Time limits set by law, as the calculators on this site apply them today",
}


def chapter_link(where: str, chapter: content.Chapter | None = None) -> str:
    """A link to a numbered paragraph ("4.2.3") or section ("12.3") of the chapter, by its anchor."""
    path, _, fragment = where.partition("#")
    kind, number = content.numbered(fragment)
    try:
        (chapter or content.Chapter()).name(where, "timescales")  # the page must have it
    except content.ContentError:
        raise MarkerError(f"timescales: no paragraph or section {number} in docs/{path}") from None
    return f'<a href="{escape(site_link(where))}">{kind.capitalize()} {number}</a>'


def short_title(title: str) -> str:
    """A citation's title without its trailing notes in brackets, to fit a table cell:
    "Keeping Children Safe in Education (statutory guidance ...)" -> "Keeping Children Safe in Education"."""
    while (shorter := re.sub(r" \([^()]*\)$", "", title)) != title:
        title = shorter
    return title


def _source(citation, words: str | None = None) -> str:
    return f'<a href="{escape(citation.url)}">{escape(words or short_title(citation.title))}</a>'


def _row(labels: tuple[str, ...], cells: list[str]) -> str:
    return '<tr role="row">' + "".join(f'<td role="cell" data-label="{escape(label)}">{cell}</td>'
                                       for label, cell in zip(labels, cells)) + "</tr>"


def _table(name: str, labels: tuple[str, ...], rows: list[str]) -> str:
    head = "".join(f'<th role="columnheader" scope="col">{escape(label)}</th>' for label in labels)
    return (f'<div class="generated-table timescales-table" data-timescales="{name}">\n'
            f'<table class="timescales" role="table">\n<caption>{escape(CAPTIONS[name])}</caption>\n'
            f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>\n<tbody role="rowgroup">\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n"
            f"<p><small>Generated from the rules engine, edition {procedures.__version__}.</small></p>\n</div>")


def practice_rows(chapter: content.Chapter) -> list[str]:
    rows = []
    for t in timescales.all_timescales().values():
        source = _source(t.citation) if t.citation else escape(t.source_words)
        rows.append(_row(PRACTICE, [f'<span id="timescale-{t.id}">{escape(t.what)}</span>', escape(t.period),
                                    escape(t.starts), escape(t.who), source, chapter_link(t.where, chapter)]))
    return rows


def law_source(lim: law.Limit) -> str:
    """The Act and the rule's own section words: "Police and Criminal Evidence Act 1984, s.47ZB(1)(b)"."""
    title = short_title(lim.citation.title)
    if lim.section is None:
        return title
    act, found, _ = title.partition(", section ")
    return f"{act}, {lim.section}" if found and lim.section.startswith("s.") else lim.section


def law_rows(chapter: content.Chapter) -> list[str]:
    return [_row(LAW, [escape(lim.what), escape(lim.period), escape(lim.who),
                       _source(lim.citation, law_source(lim)), chapter_link(lim.where, chapter)])
            for lim in law.limits()]


def table(group: str, chapter: content.Chapter) -> str:
    if group == "practice":
        return _table(group, PRACTICE, practice_rows(chapter))
    if group == "law":
        return _table(group, LAW, law_rows(chapter))
    raise MarkerError(f"unknown timescales group {group!r}: 'practice' or 'law'")


def period(tid: str) -> str:
    """The period in words, for a sentence: "15 working days"."""
    try:
        return timescales.timescale(tid).words
    except KeyError as e:
        raise MarkerError(e.args[0]) from None


class TimescalesExtension(MarkerExtension):
    def handlers(self):
        chapter = content.Chapter()  # the pages' paragraphs and sections, read once for this build
        return {"procedures:timescales": lambda group="": table(group, chapter), "procedures:timescale": period}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return TimescalesExtension(**kwargs)
