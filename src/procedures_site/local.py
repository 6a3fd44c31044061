"""Markdown extension ``procedures_site.local``: ``<!-- local:KEY -->`` becomes the "Local
arrangements" box KEY from the partnership file (``partnership.load``): the national text, or
a partnership's own contacts and routes.  Configuration: ``partnership``, a name under
``partnerships/`` or a path to a file (the national edition when unset)."""
from __future__ import annotations

import functools

from markdown import Extension

from . import ROOT, boxes, partnership
from .markers import MarkerError, MarkerExtension
from .urls import site_link

LOGO_DIR = "assets/partnership/"  # where postbuild.partnership copies a local edition's logo


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The checked partnership file (read once per build, however many pages use it)."""
    try:
        return partnership.load(name, ROOT)
    except partnership.PartnershipError as exc:
        raise MarkerError(f"partnership file: {exc}") from None


class PartnershipConfig(Extension):
    """The ``partnership`` option, shared by the extensions whose output depends on it."""

    def __init__(self, **kwargs):
        self.config = {**getattr(self, "config", {}),
                       "partnership": ["national", "a partnership name or the path of its file"]}
        super().__init__(**kwargs)

    def partnership(self) -> dict:
        return load(self.getConfig("partnership") or "national")


class LocalExtension(PartnershipConfig, MarkerExtension):
    def box(self, key: str) -> str:
        p = self.partnership()
        if key not in p["local"]:
            raise MarkerError(f"unknown local arrangements key '{key}'; known: {sorted(p['local'])}")
        logo = p.get("logo") if not p["national"] else None
        return boxes.box(p, key, site_link(LOGO_DIR + logo["file"]) if logo else None)

    def handlers(self):
        return {"local": self.box}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return LocalExtension(**kwargs)
