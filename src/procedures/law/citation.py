"""Citations by id: ``cite("soa2003-s82")``.  The URLs live only in citations.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str

    def to_dict(self) -> dict:
        return {"title": self.title, "url": self.url}


@cache
def all_citations() -> dict[str, Citation]:
    data = tomllib.loads(resources.files(__package__).joinpath("citations.toml").read_text("utf-8"))
    return {key: Citation(key, row["title"], row["url"]) for key, row in data.items()}


def cite(citation_id: str) -> Citation:
    """The citation with this id; an unknown id is a programming error, caught by the health tests."""
    try:
        return all_citations()[citation_id]
    except KeyError:
        raise KeyError(f"unknown citation id {citation_id!r}: add it to law/citations.toml") from None
