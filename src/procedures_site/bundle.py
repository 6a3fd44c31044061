"""The offline bundle: the site built for file:// (``config.Options(offline=True)``), zipped.

Run as ``scripts/build-offline [--dist DIR] [--name NAME]``.  Writes
``<DIR>/<name>-offline-<EDITION>.zip`` (DIR defaults to ``dist``) holding one folder of the same
name; opening its ``index.html`` from disk gives the whole site, search and calculators included.
EDITION comes from the environment, else from mkdocs.yml's ``extra.edition``; PARTNERSHIP names
a local edition.  The build is strict and must print no warning.
"""
from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

import yaml

from . import ROOT, BuildError, config
from .build import build

# The national edition's file name: site_name is too long for one.
SHORT_NAME = "Managing risk to children"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def edition() -> str:
    """EDITION from the environment, else the configuration's extra.edition (which reads it too)."""
    value = os.environ.get("EDITION") or str(config.source()["extra"]["edition"])
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        raise BuildError(f"edition {value!r} cannot be part of a file name")
    return value


def bundle_name() -> str:
    """The national edition's short name, or a partnership edition's (PARTNERSHIP) short name or name, as a slug."""
    partnership = os.environ.get("PARTNERSHIP") or "national"
    if partnership == "national":
        return slug(SHORT_NAME)
    with open(ROOT / "partnerships" / f"{partnership}.yml", "rb") as f:
        data = yaml.safe_load(f)
    return slug(data.get("short_name") or data["name"])


def zip_folder(site: Path, archive: Path, folder: str) -> None:
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zipped.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    partial.replace(archive)  # never leave a half-written bundle under the final name


def bundle(dist: Path = ROOT / "dist", name: str | None = None) -> Path:
    """Build the offline site and zip it into ``dist``; returns the zip's path."""
    number = edition()
    folder = f"{slug(name) if name else bundle_name()}-offline-{number}"
    options = config.Options(partnership=os.environ.get("PARTNERSHIP") or "national", offline=True, edition=number)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / folder
        build(site, options)
        archive = dist / f"{folder}.zip"
        zip_folder(site, archive, folder)
    return archive
