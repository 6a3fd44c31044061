"""Markdown extension ``procedures_site.flowcharts``: ``<!-- procedures:flowchart ID -->`` becomes the
route in ``content/flowcharts/<ID>.toml`` as a figure (the SVG of ``flowchart.svg``, hidden from
assistive technology) followed by the same steps as a numbered list, with the same numbers and
links to the chapter's paragraphs: a flowchart is never the only form of its content (issue 11)."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from markdown import Extension

from . import content
from .flowchart import Flowchart, load, svg
from .markers import MarkerError, MarkerExtension
from .urls import site_link

FOLDER = content.CONTENT / "flowcharts"


def anchor(chart: Flowchart, number: int) -> str:
    return f"{chart.id}-step-{number}"


def _go(chart: Flowchart, number: int) -> str:
    return f'<a href="#{anchor(chart, number)}">step {number}</a>'


def _see(links: tuple[str, ...]) -> str:
    if not links:
        return ""
    words = []
    for link in links:
        kind, number = content.numbered(link.partition("#")[2])
        words.append(f'<a href={quoteattr(site_link(link))}>{kind} {number}</a>')
    return " <span class=\"flowchart-see\">See " + ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") \
        + words[-1] + ".</span>"


def steps_list(chart: Flowchart) -> str:
    """The numbered list: decisions read "If yes, go to step N; if no, go to step M"."""
    items = []
    for n, step in enumerate(chart.steps, 1):
        text = escape(step.text)
        if step.kind == "decision":
            (yes, yes_label), (no, no_label) = step.branches()
            text += (f" If {escape(yes_label.lower())}, go to {_go(chart, chart.number(yes))}; "
                     f"if {escape(no_label.lower())}, go to {_go(chart, chart.number(no))}.")
        elif step.kind == "action" and chart.number(step.next) != n + 1:
            text += f" Then go to {_go(chart, chart.number(step.next))}."
        elif step.kind == "end":
            text += " <strong>This route ends here.</strong>"
        items.append(f'<li id="{anchor(chart, n)}" class="flowchart-{step.kind}">{text}{_see(step.links)}</li>')
    return f'<ol class="flowchart-steps">{"".join(items)}</ol>'


def flowchart(ident: str, folder: Path = FOLDER) -> str:
    path = folder / f"{ident}.toml"
    if not content.ID.match(ident) or not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.toml"))
        raise MarkerError(f"unknown flowchart '{ident}'; known: {', '.join(known) or 'none'} (content/flowcharts/)")
    chart = load(path)
    # One raw HTML block (no blank line inside), so Markdown leaves the SVG as it is.
    return (f'\n\n<div class="flowchart-block" id="flowchart-{chart.id}">'
            f'<figure class="flowchart"><figcaption><strong>Flowchart: {escape(chart.title)}.</strong> '
            "The numbered steps below the chart say the same in words.</figcaption>"
            f'<div class="flowchart-picture">{svg(chart)}</div></figure>'
            f'<p class="flowchart-intro">{escape(chart.title)}, step by step:</p>{steps_list(chart)}</div>\n\n')


class FlowchartsExtension(MarkerExtension):
    def handlers(self):
        return {"procedures:flowchart": flowchart}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return FlowchartsExtension(**kwargs)
