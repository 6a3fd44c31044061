"""The site's build: Python-Markdown extensions for the pages, and one step over the built HTML.

Nothing here is a MkDocs hook or plugin, so the same extensions and the same post-build step
work whichever tool turns ``mkdocs.yml`` and ``docs/`` into HTML (ProperDocs today; Zensical is
tried by the canary test).  ``python -m procedures_site build`` (``scripts/build``) writes the
configuration, runs the builder, then ``postbuild.run`` over what it wrote.

- ``markers``: the ``<!-- procedures:... -->`` and ``<!-- local:... -->`` page markers, one
  Markdown extension per kind (``tables``, ``calculators``, ``glossary``, ``local``);
- ``paragraphs``: numbered paragraphs get permanent anchors;
- ``config``: the configuration a build runs with, made from ``mkdocs.yml`` (edition, partnership,
  offline copy, edition publishing);
- ``postbuild``: links between pages, dates in words, the calculators' runtime, the feed, the
  link manifest and the offline runtime, all from the built HTML.
"""
from __future__ import annotations

from pathlib import Path

# Not resolved: a checkout whose src/ is a link to another (tests/web/test_editions.py) builds itself.
ROOT = Path(__file__).absolute().parents[2]


class BuildError(Exception):
    """The site cannot be built as asked: the message says what to change."""
