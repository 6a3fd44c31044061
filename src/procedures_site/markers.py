"""Docs hook: fill the page markers from the rules engine and the partnership file.

Markers are HTML comments, invisible if this hook does not run:

    <!-- procedures:table NAME -->        a table generated from the engine's data
    <!-- procedures:calculator NAME -->   the calculator that belongs beside the text
    <!-- procedures:glossary -->          the glossary, from docs/includes/abbreviations.md
    <!-- procedures:embed-snippets -->    an iframe snippet for each calculator's embed page
    <!-- local:KEY -->                    a "Local arrangements" box from the partnership file

An unknown marker fails the build.  Only the public API of ``procedures`` is used.

The partnership comes from the PARTNERSHIP environment variable (``scripts/build
--partnership NAME`` sets it; the national edition when unset): see ``partnership.py``.
A local edition also gets the partnership's name in the site title and header, and its logo.
"""
from __future__ import annotations

import os
import posixpath
import re
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import procedures

sys.path.insert(0, str(Path(__file__).parent))
import boxes  # noqa: E402  (sibling modules of this hook)
import embeds  # noqa: E402
import forms  # noqa: E402
import partnership  # noqa: E402

MARKER = re.compile(r"<!--\s*(procedures|local):(\S+)(?:\s+(\S+))?\s*-->")
ROOT = Path(__file__).resolve().parents[2]
LOGO_DIR = "assets/partnership/"
_partnership: dict = {}


@event_priority(100)  # first: every other hook reads the edition
def on_config(config):
    # YAML reads !ENV values as numbers: EDITION=2026.10 would become the float 2026.1.
    config["extra"]["edition"] = os.environ.get("EDITION") or str(config["extra"]["edition"])
    try:
        loaded = partnership.load(os.environ.get("PARTNERSHIP") or "national", ROOT)
    except partnership.PartnershipError as exc:
        raise PluginError(f"partnership file: {exc}") from None
    _partnership.clear()
    _partnership.update(loaded)
    _partnership["edition"] = config["extra"]["edition"]
    _partnership["site_url"] = config["site_url"]
    if not loaded["national"]:
        config["site_name"] = f"{loaded['short_name']}: {config['site_name']}"
        if loaded.get("logo"):
            config.theme["logo"] = LOGO_DIR + loaded["logo"]["file"]
    return config


def on_files(files, config):
    """A local edition's logo, copied from beside its partnership file into the site."""
    logo = _partnership.get("logo")
    if logo and not _partnership["national"]:
        files.append(File.generated(config, LOGO_DIR + logo["file"],
                                    abs_src_path=str(_partnership["folder"] / logo["file"])))
    return files


def on_post_page(output, page, config):
    """The theme writes alt="logo" in the header: give the partnership's own text instead."""
    logo = _partnership.get("logo")
    if not logo or _partnership["national"]:
        return output
    return re.sub(r'(<img src="[^"]*' + re.escape(LOGO_DIR + logo["file"]) + r'") alt="logo">',
                  lambda m: f'{m.group(1)} alt="{escape(logo["alt"])}">', output)


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
    html = forms.render(name, embedded=embedded, tables_link=link, edition=_partnership["edition"])
    return embeds.without_title(html) if embeds.is_embed(page) else html


def glossary(_arg: str, page, files) -> str:
    text = (ROOT / "docs" / "includes" / "abbreviations.md").read_text("utf-8")
    rows = sorted(re.findall(r"^\*\[(.+?)\]:\s*(.+)$", text, re.M), key=lambda r: r[0].lower())
    return "\n".join(f"{abbr}\n:   {meaning}\n" for abbr, meaning in rows) + boxes.terms_note(_partnership)


def embed_snippets(_arg: str, page, files) -> str:
    return embeds.snippets(_arg, page, files, _partnership["site_url"])


def local(key: str, page, files) -> str:
    known = _partnership.get("local", {})
    if key not in known:
        raise PluginError(f"{page.file.src_uri}: unknown local arrangements key '{key}'; known: {sorted(known)}")
    logo = _partnership.get("logo") if not _partnership["national"] else None
    target = files.get_file_from_path(LOGO_DIR + logo["file"]) if logo else None
    src = posixpath.relpath(target.src_uri, posixpath.dirname(page.file.src_uri) or ".") if target else None
    return boxes.box(_partnership, key, src)


HANDLERS = {"table": table, "calculator": calculator, "glossary": glossary, "embed-snippets": embed_snippets}


def on_page_markdown(markdown, page, config, files):
    def replace(match):
        kind, what, arg = match.groups()
        if kind == "local":
            return local(what, page, files)
        if what not in HANDLERS:
            raise PluginError(f"{page.file.src_uri}: unknown marker '{match.group(0)}'")
        return HANDLERS[what](arg or "", page, files)

    return MARKER.sub(replace, markdown)
