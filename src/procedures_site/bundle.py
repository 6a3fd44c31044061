"""Build the offline bundle: the site built with mkdocs.offline.yml, zipped for file:// use.

Run as ``scripts/build-offline [--dist DIR] [--name NAME]``.  Writes
``<DIR>/<name>-offline-<EDITION>.zip`` (DIR defaults to ``dist``) holding one folder of the same
name; opening its ``index.html`` from disk gives the whole site, search and calculators included.
EDITION comes from the environment, else from mkdocs.yml's ``extra.edition``.  The build is
strict and must print no warning.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.offline.yml"
# The national edition's file name: site_name is too long for one.
SHORT_NAME = "Managing risk to children"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def edition() -> str:
    """EDITION from the environment, else the configuration's extra.edition (which reads it too)."""
    with open(CONFIG, "rb") as f:
        value = os.environ.get("EDITION") or str(yaml_load(f)["extra"]["edition"])
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        raise SystemExit(f"build-offline: edition {value!r} cannot be part of a file name")
    return value


def bundle_name() -> str:
    """The national edition's short name, or a partnership edition's (PARTNERSHIP) short name or name, as a slug."""
    partnership = os.environ.get("PARTNERSHIP") or "national"
    if partnership == "national":
        return slug(SHORT_NAME)
    with open(ROOT / "partnerships" / f"{partnership}.yml", "rb") as f:
        data = yaml_load(f)
    return slug(data.get("short_name") or data["name"])


def build_site(target: Path, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(target)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    if done.returncode != 0 or "WARNING" in done.stderr:
        raise SystemExit(f"build-offline: the offline build failed or warned:\n{done.stderr[-4000:]}")


def zip_folder(site: Path, archive: Path, folder: str) -> None:
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                bundle.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    partial.replace(archive)  # never leave a half-written bundle under the final name


def build(dist: Path = ROOT / "dist", name: str | None = None) -> Path:
    """Build the offline site and zip it into ``dist``; returns the zip's path."""
    number = edition()
    folder = f"{name or bundle_name()}-offline-{number}"
    env = {**os.environ, "EDITION": number, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / folder
        build_site(site, env)
        archive = dist / f"{folder}.zip"
        zip_folder(site, archive, folder)
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the offline bundle (a zip for file:// use).")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder for the zip (default: dist)")
    parser.add_argument("--name", help="the bundle's name (default: from the edition's partnership)")
    args = parser.parse_args()
    archive = build(args.dist.resolve(), slug(args.name) if args.name else None)
    print(f"{archive} ({archive.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
