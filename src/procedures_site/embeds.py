"""The calculators for other sites' iframes: the pages ``docs/embed/<name>.md`` and the snippets.

``snippets`` writes, for the linking page, one copyable ``<iframe>`` per calculator.  The
address in a snippet is the embed page's, from ``site_url``; the site's script then rewrites
it (``data-embed-built``) from the reader's own address bar (``data-embed-path``), which also
holds any version folder (mike) that ``site_url`` does not know about.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import urljoin

import procedures

from .markers import MarkerError
from .urls import page_url, site_link

# Frame heights in CSS pixels: at 700 pixels wide, each form filled in for its cases (with the
# fields the choices reveal) fits with room for the answer's headline, so a reader reaches
# "Calculate" without scrolling the frame (tests/web/test_embed.py checks it).  The rest of
# a long answer scrolls inside the frame.  The page does not report its height to the host
# page: that would tell another site something about what was typed.
HEIGHTS = {"notification-period": 2300, "notification-deadline": 1900, "indefinite-review": 1300,
           "order-duration": 1500, "pre-charge-bail": 1100, "mappa-category": 2000,
           "case-timeline": 2400}
TITLE = re.compile(r'<h2 class="calc-title"[^>]*>.*?</h2>\n?', re.S)


def without_title(html: str) -> str:
    """An embed page's own heading names the calculator: drop the form's second one."""
    return TITLE.sub("", html, count=1)


def snippet(name: str, src: str) -> str:
    title = f"Calculator: {procedures.schema(name)['title']}"
    return (f'<iframe src="{escape(src)}"\n        title="{escape(title)}"\n'
            f'        width="100%" height="{HEIGHTS[name]}" loading="lazy" allow="clipboard-write"\n'
            f'        style="border: 1px solid #b1b4b6; max-width: 48rem;"></iframe>')


# Each snippet's address is rewritten from where the reader found the page by the site's script
# (assets/javascripts/site.js, procedures_site.postbuild.scripts), not by an inline one: the
# Content-Security-Policy runs no inline script of ours but the calculators' early start.


def snippets(site_url: str, docs_dir: Path, directory_urls: bool = True) -> str:
    """Markdown: a heading, a sentence and an iframe snippet for each calculator."""
    out = []
    for name in procedures.calculators():
        src = f"embed/{name}.md"
        if not (docs_dir / src).is_file():
            raise MarkerError(f"docs/{src} is missing: every calculator needs an embed page")
        built = urljoin(site_url or "/", page_url(src, directory_urls))
        schema = procedures.schema(name)
        out.append(f"### {schema['title']} {{#embed-{name}}}\n\n"
                   f"Preview: [{schema['title']}, on its own page]({site_link(src)}).\n\n"
                   f'<div class="embed-snippet" data-embed-path="{site_link(src)}" '
                   f'data-embed-built="{escape(built)}" data-calculator="{name}" markdown>\n\n'
                   f"```text\n{snippet(name, built)}\n```\n\n</div>\n")
    return "\n".join(out) + "\n"
