"""Post-build: the site's own page scripts, as files (``javascripts/*.js`` beside this module).

The Content-Security-Policy (``postbuild.csp``) lets no inline script run unless its hash is listed,
so ours that need not run early are files the pages load, in ``assets/javascripts/``:

- ``site.js`` (every page, ``overrides/main.html`` and ``overrides/embed.html``): sends a reader
  from a moved anchor to its new place (the data ``postbuild.manifest`` writes), gives the linking
  page's iframe snippets the reader's own address (``procedures_site.embeds``), and names the
  edition selector from what it shows;
- ``embed.js`` (embed pages): in a partnership's iframe, links that leave the page open a new tab;
- ``workers/search-on-demand.js`` (calculator pages, which start Pyodide as they load): the theme's
  search worker, started at the first search instead; each such page's theme configuration names it.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .html import Page

SOURCE = Path(__file__).parent / "javascripts"
TARGET = "assets/javascripts"
NAMES = ("site.js", "embed.js")
ON_DEMAND = "search-on-demand.js"
EARLY_WORKER = "<script data-worker="  # overrides/main.html, on calculator pages only
THEME_SEARCH = re.compile(r'("search": ")([^"]*/workers/)(search\.[0-9a-f]+\.min\.js)"')


def run(site: Path, built: list[Page]) -> None:
    (site / TARGET / "workers").mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copyfile(SOURCE / name, site / TARGET / name)
    shutil.copyfile(SOURCE / ON_DEMAND, site / TARGET / "workers" / ON_DEMAND)
    for page in built:
        if EARLY_WORKER in page.text:
            page.text = THEME_SEARCH.sub(rf'\1\2{ON_DEMAND}#\3"', page.text, count=1)
