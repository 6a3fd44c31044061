"""The step over the built HTML that every build runs after its builder: ``run(site, config)``.

It reads the files the builder wrote, never the builder's internals, so it works whichever tool
wrote them.  ``config`` is the configuration the build ran with (``procedures_site.config``).
In order:

1. ``partnership``: a local edition's logo, copied in, and its text alternative in the header;
2. ``assets``: the calculators' runtime (Pyodide from node_modules, its standard library precompiled and
   trimmed by ``procedures_site.runtime``, the ``procedures`` wheel with bytecode, our scripts);
3. ``links``: each ``procedures-site:`` link made relative to its page; nothing left unfilled;
4. ``dates``: ``<time datetime="2026-11-23">`` read as "23 November 2026";
5. ``feed``: ``feed.xml`` from the amendments page;
6. ``manifest``: ``links.json`` and, on the pages where moved anchors land, where each went;
7. ``scripts``: the site's own page scripts, as files (and, on calculator pages, search on demand);
8. ``offline``: in the offline build, the runtime packed for ``file://``;
9. ``csp``: one Content-Security-Policy, the same in every page, allowing only what the pages run.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from . import assets, coming, csp, dates, feed, links, manifest, offline, partnership, scripts
from .html import CONTENT_END, Page, pages


def run(site: Path, config: dict) -> None:
    directory_urls = config.get("use_directory_urls", True)
    built = pages(site, directory_urls)
    partnership.run(site, config, built)
    assets.run(site, config)
    coming.run(built)  # "Changes coming" notes, before their links and dates are filled
    links.run(built, directory_urls, urlsplit(config["site_url"]).path or "/")
    dates.run(built)
    feed.run(site, config, built)
    manifest.run(site, config, built)
    scripts.run(site, built)
    offline.run(site, config, built)
    csp.run(site, config, built)
    for page in built:
        page.text = page.text.replace(CONTENT_END, "")  # read by the steps above; of no use to a reader
        page.save()


__all__ = ["run", "Page", "pages"]
