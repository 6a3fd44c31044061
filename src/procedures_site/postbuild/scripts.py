"""Post-build: the site's own page scripts, as files (``javascripts/*.js`` beside this module).

The Content-Security-Policy (``postbuild.csp``) lets no inline script run unless its hash is listed,
so ours that need not run early are files the pages load, in ``assets/javascripts/``:

- ``site.js`` (every page, ``overrides/main.html`` and ``overrides/embed.html``): sends a reader
  from a moved anchor to its new place (the data ``postbuild.manifest`` writes), gives the linking
  page's iframe snippets the reader's own address (``procedures_site.embeds``), and names the
  edition selector from what it shows;
- ``embed.js`` (embed pages): in a partnership's iframe, links that leave the page open a new tab.
"""
from __future__ import annotations

import shutil
from pathlib import Path

SOURCE = Path(__file__).parent / "javascripts"
TARGET = "assets/javascripts"
NAMES = ("site.js", "embed.js")


def run(site: Path) -> None:
    (site / TARGET).mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copyfile(SOURCE / name, site / TARGET / name)
