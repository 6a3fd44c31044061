"""Tables the site prints, built from the same data the calculators read (never typed twice)."""
from __future__ import annotations

from dataclasses import dataclass

from .citation import cite


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def cite_link(citation_id: str, text: str | None = None) -> str:
    """A Markdown link to the citation, for a table cell."""
    c = cite(citation_id)
    return f"[{text or c.title}]({c.url})"
