"""A local edition's logo: copied from beside its partnership file into the site, and given the
partnership's own text alternative where the theme's header writes alt="logo"."""
from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path

from ..local import LOGO_DIR, load
from .html import Page


def run(site: Path, config: dict, built: list[Page]) -> None:
    p = load(config["extra"]["partnership"])
    logo = p.get("logo")
    if p["national"] or not logo:
        return
    target = site / LOGO_DIR / logo["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(p["folder"] / logo["file"], target)
    header = re.compile(r'(<img src="[^"]*' + re.escape(LOGO_DIR + logo["file"]) + r'") alt="logo">')
    for page in built:
        page.text = header.sub(lambda m: f'{m.group(1)} alt="{escape(logo["alt"])}">', page.text)
