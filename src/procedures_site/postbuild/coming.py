""""Changes coming" notes: a chapter page that links to an instrument with a provision due to come
into force on a known date after the day of the build gets a short note under its heading.

The links are read from the page's own content (``Page.content``), not from the theme around it,
and matched to the law register (``procedures.law.register``) by the instrument's address.  The
note is an ``<aside>`` styled by the theme's admonition rules: no inline style or script, so it
passes a strict Content-Security-Policy.  It links to the register page with a ``procedures-site:``
link, which the ``links`` step, run after this one, makes relative; its dates are ``<time>``
elements, which the ``dates`` step puts into words.
"""
from __future__ import annotations

import html
import re
from datetime import date

from procedures.law import register as law

from ..urls import site_link
from .html import CONTENT_START, Page

REGISTER_PAGE = "law.md"
CLASS = "admonition note changes-coming"
HEADING_END = re.compile(r"</h1>")


def _when(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def note(coming: list[tuple[law.Instrument, law.Commencement]]) -> str:
    """The note for a page, listing each coming provision with its date."""
    items = "".join(f"<li>{html.escape(item.title)}: {html.escape(c.provision)}, from {_when(c.date)}.</li>"
                    for item, c in coming)
    return (f'<aside class="{CLASS}" aria-label="Changes coming">'
            f'<p class="admonition-title">Changes coming</p><ul>{items}</ul>'
            f'<p>See <a href="{site_link(REGISTER_PAGE)}">The law this edition relies on</a>.</p></aside>\n')


def coming_for(page: Page, register: dict[str, law.Instrument], on: date) -> list[tuple[law.Instrument, law.Commencement]]:
    """The future commencements of the instruments that ``page``'s content links to."""
    cited = {item.id for link in law.links_in(html.unescape(page.content()))
             if (item := law.instrument_for(link, register))}
    return [(item, c) for item, c in law.future(register, on) if item.id in cited]


def run(built: list[Page], register: dict[str, law.Instrument] | None = None, on: date | None = None) -> list[Page]:
    """Add the note to each page that needs one; the pages changed."""
    register = law.load() if register is None else register
    on = on or date.today()
    changed = []
    for page in built:
        if page.url.startswith(("embed/", "law/", "law.html")) or CLASS in page.text:
            continue
        coming = coming_for(page, register, on)
        start = CONTENT_START.search(page.text)
        if not coming or not start:
            continue
        heading = HEADING_END.search(page.text, start.end())
        at = heading.end() if heading else start.end()
        page.text = page.text[:at] + "\n" + note(coming) + page.text[at:]
        changed.append(page)
    return changed
