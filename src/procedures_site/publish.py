"""``scripts/publish EDITION``: publish the site as an edition on the local ``gh-pages`` branch.

The edition is built here (``build``, with its folder in the addresses), checked, and only then
handed to mike, through its Python interface, to commit beside the editions already there and
to move the alias ``latest`` to it; mike never runs a builder of its own.  The checks:

- EDITION looks like ``2026.2`` and has a section in ``docs/about/amendments.md`` (else exit 2);
- the law register (``src/procedures/law/register.toml``) is current (else exit 2): no instrument
  was last checked before the edition's review date, which is the newest ``reviewed`` date in the
  front matter of the pages under docs/ (the day the text was last reviewed, whatever day the
  edition is published); and no entry still says "not yet in force" when one of its commencement
  dates has passed;
- the build is strict, and keeps every page and anchor of the last published edition's link
  manifest (``editions/<edition>/links.json``), or redirects it (else exit 1).

Afterwards the edition's manifest is kept as ``editions/EDITION/links.json``, to commit.  Nothing
is pushed.  SITE_URL must be the public address of the editions root (where versions.json is).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from procedures.law import register as law

from . import ROOT, config
from .build import build
from .postbuild.feed import AMENDMENTS, editions
from .postbuild.manifest import broken_links, published

BRANCH = "gh-pages"


def _fail(code: int, message: str) -> int:
    print(f"publish: {message}", file=sys.stderr)
    return code


def review_date(docs: Path) -> date | None:
    """The edition's review date: the newest ``reviewed`` date in the front matter of the pages."""
    found = []
    for page in docs.rglob("*.md"):
        front = re.match(r"---\n(.*?)\n---", page.read_text("utf-8"), re.S)
        day = front and re.search(r"^reviewed:\s*[\"']?(\d{4}-\d{2}-\d{2})", front[1], re.M)
        if day:
            found.append(date.fromisoformat(day[1]))
    return max(found, default=None)


def check_law(register: Path = law.REGISTER, docs: Path = ROOT / "docs", today: date | None = None) -> str | None:
    """Why the law register does not support an edition reviewed as the pages under ``docs`` say, or None."""
    try:
        entries = law.load(register)
    except law.RegisterError as exc:
        return f"the law register is malformed: {exc}"
    reviewed = review_date(docs)
    behind = sorted(f"[{i.id}] checked {i.checked.isoformat()}" for i in entries.values()
                    if reviewed and i.checked < reviewed)
    if behind:
        return (f"{register}: these instruments were last checked before the edition's review date, "
                f"{reviewed.isoformat()} (the newest 'reviewed' date among the pages):\n  " + "\n  ".join(behind)
                + "\n  Check each against legislation.gov.uk or GOV.UK, then update its 'checked' date.")
    stale = law.stale(entries, today or date.today())
    if stale:
        return (f"{register}: a commencement date has passed but the entry still says 'not yet in force':\n  "
                + "\n  ".join(stale) + "\n  Check what is in force now and correct the status.")
    return None


def check(edition: str, register: Path = law.REGISTER, docs: Path = ROOT / "docs") -> str | None:
    """Why ``edition`` cannot be published as asked, or None."""
    if not re.fullmatch(r"\d{4}\.\d+", edition):
        return f"'{edition}' is not an edition number such as 2026.1"
    listed = [e.number for e in editions((ROOT / "docs" / AMENDMENTS).read_text("utf-8"))]
    if edition not in listed:
        anchor = edition.replace(".", "-")
        return (f"docs/{AMENDMENTS} has no section for edition {edition}.\n  Say what the edition changes "
                f"first, under a heading such as:  ## {edition} — 1 June 2027 {{#{anchor}}}")
    problem = check_law(register, docs)
    if problem:
        return problem
    if subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=ROOT, capture_output=True).returncode:
        return f"{ROOT} is not a git repository with a commit; mike publishes to its {BRANCH} branch"
    return None


def publish(edition: str) -> int:
    problem = check(edition)
    if problem:
        return _fail(2, problem)
    if not os.environ.get("SITE_URL"):
        print("publish: SITE_URL is not set: links use mkdocs.yml's default, right only for a local preview",
              file=sys.stderr)
    from mike import commands  # only publishing needs mike

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, config.Options(edition=edition, version=edition))
        manifest = json.loads((site / "links.json").read_text("utf-8"))
        older = [p for p in published() if p.parent.name != edition]
        broken = broken_links(json.loads(older[-1].read_text("utf-8")), manifest) if older else []
        if broken:
            return _fail(1, f"edition {edition} breaks links into edition {older[-1].parent.name}:\n  "
                         + "\n  ".join(broken))
        settings = {"site_dir": str(site), "use_directory_urls": True}
        with commands.deploy(settings, edition, aliases=["latest"], update_aliases=True, branch=BRANCH,
                             message=f"Publish edition {edition}"):
            pass  # already built above: mike copies site_dir when the block ends
        if '"latest/"' not in _show("index.html"):
            commands.set_default("latest", branch=BRANCH, message="Open the latest edition by default")
        kept = ROOT / "editions" / edition / "links.json"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(_show(f"{edition}/links.json"), "utf-8")
    print(f"publish: edition {edition} is on the local {BRANCH} branch as {edition} and latest.\n"
          f"  Commit editions/{edition}/links.json; push {BRANCH} when ready (git push origin {BRANCH}).")
    return 0


def _show(path: str) -> str:
    done = subprocess.run(["git", "show", f"{BRANCH}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""
