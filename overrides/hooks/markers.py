"""Docs hook: fill the page markers from the rules engine and the partnership file.

Markers are HTML comments, invisible if this hook does not run:

    <!-- procedures:table NAME -->        a table generated from the engine's data
    <!-- procedures:calculator NAME -->   the calculator that belongs beside the text
    <!-- procedures:glossary -->          the glossary, from docs/includes/abbreviations.md
    <!-- local:KEY -->                    a "Local arrangements" box from the partnership file

An unknown marker fails the build.  Only the public API of ``procedures`` is used.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import sys

import yaml
from mkdocs.exceptions import PluginError

import procedures

sys.path.insert(0, str(Path(__file__).parent))
import forms  # noqa: E402  (a sibling module of this hook)

MARKER = re.compile(r"<!--\s*(procedures|local):(\S+)(?:\s+(\S+))?\s*-->")
ROOT = Path(__file__).resolve().parents[2]
_partnership: dict = {}


def on_config(config):
    name = os.environ.get("PARTNERSHIP", "national")
    path = ROOT / "partnerships" / f"{name}.yml"
    if not path.exists():
        raise PluginError(f"no partnership file {path}")
    _partnership.clear()
    _partnership.update(yaml.safe_load(path.read_text("utf-8")))
    _partnership["edition"] = config["extra"]["edition"]
    return config


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(name: str, page, files) -> str:
    tables = procedures.tables()
    if name not in tables:
        raise PluginError(f"{page.file.src_uri}: unknown table '{name}'; known: {sorted(tables)}")
    t = tables[name]
    lines = [f"| {' | '.join(t.columns)} |", "|" + "---|" * len(t.columns)]
    lines += [f"| {' | '.join(_cell(c) for c in row)} |" for row in t.rows]
    return (f'<div class="generated-table" data-table="{name}" markdown>\n\n'
            f"**{t.caption}**\n\n" + "\n".join(lines) +
            f"\n\n<small>Generated from the rules engine, edition {procedures.__version__}.</small>\n\n</div>")


# Where the generated tables for each calculator are, for readers without JavaScript.
TABLE_PAGES = {"notification-period": "notification.md", "notification-deadline": "notification.md",
               "indefinite-review": "notification.md", "order-duration": "civil-orders.md",
               "pre-charge-bail": "pre-charge-bail.md", "mappa-category": "mappa.md"}


def calculator(name: str, page, files) -> str:
    if name not in procedures.calculators():
        raise PluginError(f"{page.file.src_uri}: unknown calculator '{name}'")
    embedded = not page.file.src_uri.startswith("calculators/")
    target = files.get_file_from_path(TABLE_PAGES[name])
    link = target.url_relative_to(page.file) if target else "#"
    return forms.render(name, embedded=embedded, tables_link=link,
                        edition=_partnership["edition"])


def glossary(_arg: str, page, files) -> str:
    text = (ROOT / "docs" / "includes" / "abbreviations.md").read_text("utf-8")
    rows = sorted(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", text, re.M), key=lambda r: r[0].lower())
    return "\n".join(f"{abbr}\n:   {meaning}\n" for abbr, meaning in rows)


def local(key: str, page) -> str:
    boxes = _partnership.get("local", {})
    if key not in boxes:
        raise PluginError(f"{page.file.src_uri}: unknown local arrangements key '{key}'; known: {sorted(boxes)}")
    body = boxes[key].strip().replace("\n", "\n    ")
    return f'!!! local "Local arrangements: {_partnership["name"]}"\n\n    {body}\n'


HANDLERS = {"table": table, "calculator": calculator, "glossary": glossary}


def on_page_markdown(markdown, page, config, files):
    def replace(match):
        kind, what, arg = match.groups()
        if kind == "local":
            return local(what, page)
        if what not in HANDLERS:
            raise PluginError(f"{page.file.src_uri}: unknown marker '{match.group(0)}'")
        return HANDLERS[what](arg or "", page, files)

    return MARKER.sub(replace, markdown)
