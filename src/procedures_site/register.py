"""Markdown extension ``procedures_site.register``: ``<!-- procedures:law-register -->`` becomes
the law register (``procedures.law.register``): a table for each kind of instrument (with its
status, the commencement dates this edition relies on, the day it was checked and the pages that
use it), then "Coming into force": provisions with a known date after the day of the build, and,
separately, those whose date is not confirmed, with what the reader should do.

Configuration: ``register`` (the TOML file), ``docs`` (the pages whose links are matched),
``citations`` (the engine's citations) and ``today`` (``YYYY-MM-DD``; the day of the build when
empty).  Dates are written as ``<time>`` elements, which ``postbuild.dates`` puts into words."""
from __future__ import annotations

import re
from datetime import date

from markdown import Extension

from procedures.law import register as law

from . import ROOT
from .markers import MarkerError, MarkerExtension
from .urls import site_link

WHAT_TO_DO = ("Before you rely on one of these provisions, check it on legislation.gov.uk: the page for the "
              "section shows whether it is in force, and lists changes not yet made to the text. If a "
              "decision about a person turns on it, ask the police public protection unit or your "
              "legal adviser.")


def when(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def today(setting: str = "") -> date:
    """The day "future" is measured from: ``setting`` (``YYYY-MM-DD``) or the day of the build."""
    try:
        return date.fromisoformat(setting) if setting else date.today()
    except ValueError:
        raise MarkerError(f"procedures_site.register: 'today' must be YYYY-MM-DD, not {setting!r}") from None


def _dates(item: law.Instrument) -> str:
    dated = [f"{c.provision}: {when(c.date)}" for c in item.commencements if c.date]
    undated = [f"{c.provision}: date not confirmed" for c in item.commencements if not c.date]
    return _cell("; ".join(dated + undated) or "No date relied on")


def _status(item: law.Instrument, register: dict[str, law.Instrument]) -> str:
    """The status, then the entry's note with any ``[id]`` named by its instrument's title."""
    note = re.sub(r"\[([a-z0-9-]+)\]", lambda m: register[m[1]].title if m[1] in register else m[0], item.note)
    return _cell(f"{item.status}. {note}" if note else item.status)


def titles(pages: dict[str, str]) -> dict[str, str]:
    """Each page's ``title`` from its front matter (its path when it has none)."""
    found = {}
    for path, text in pages.items():
        match = re.match(r"---\n(?:.*\n)*?title:\s*(.+?)\s*\n(?:.*\n)*?---", text)
        found[path] = match[1].strip("\"'") if match else path
    return found


def _used_by(found: law.Dependents, names: dict[str, str]) -> str:
    pages = [f"[{_cell(names.get(page, page))}]({site_link(page)})" for page in found.pages]
    engine = ["the calculators"] if found.citations else []
    return ", ".join(pages + engine) or "Referred to by other entries"


def render(register: dict[str, law.Instrument], dependents: dict[str, law.Dependents], on: date,
           names: dict[str, str] | None = None) -> str:
    """The register as Markdown: a table per kind, then "Coming into force"."""
    out = []
    for kind, heading in law.KINDS.items():
        items = sorted((i for i in register.values() if i.kind == kind), key=lambda i: i.title.lower())
        if not items:
            continue
        out += [f"## {heading} {{#{kind}}}", "",
                "| Instrument | Status | Commencement dates relied on | Checked | Used by |",
                "|---|---|---|---|---|"]
        out += [f"| [{_cell(i.title)}]({i.url}) | {_status(i, register)} | {_dates(i)} | {when(i.checked)} | "
                f"{_used_by(dependents[i.id], names or {})} |" for i in items]
        out.append("")
    out += ["## Coming into force {#coming-into-force}", ""]
    coming = law.future(register, on)
    if coming:
        out.append(f"These provisions come into force after {when(on)}, on a known date:")
        out.append("")
        out += [f"- {when(c.date)}: [{i.title}]({i.url}), {c.provision}" for i, c in coming]
    else:
        out.append(f"No provision that this edition relies on has a known commencement date after {when(on)}.")
    out += ["", "### Commencement not confirmed {#not-confirmed}", "",
            "We could not confirm when these provisions come, or came, into force. Some need "
            "regulations that have not been found; for others, the regulations exist but their "
            "date could not be read.", "", WHAT_TO_DO, ""]
    out += [f"- [{i.title}]({i.url}): {c.provision}" for i, c in law.unconfirmed(register)]
    return "\n".join(out) + "\n"


class RegisterExtension(MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {
            "register": [str(law.REGISTER), "the law register (TOML)"],
            "docs": [str(ROOT / "docs"), "the folder of pages whose links are matched to instruments"],
            "citations": [str(law.CITATIONS), "the engine's citations.toml"],
            "today": ["", "YYYY-MM-DD: the day 'Coming into force' is measured from (default: today)"],
        }
        super().__init__(**kwargs)

    def law_register(self) -> str:
        try:
            register = law.load(self.getConfig("register"))
        except law.RegisterError as exc:
            raise MarkerError(str(exc)) from None
        pages = law.pages_of(self.getConfig("docs"))
        found = law.dependents(register, pages, law.citation_urls(self.getConfig("citations")))
        return render(register, found, today(self.getConfig("today")), titles(pages))

    def handlers(self):
        return {"procedures:law-register": self.law_register}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return RegisterExtension(**kwargs)
