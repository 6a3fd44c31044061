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

Known errors: where the amendments log has a section ``### Known errors in edition X
{#known-errors-X-with-dashes}``, the banner that edition X's pages show (Material's ``outdated``
block, our words in ``overrides/main.html``) gains a sentence linking to that list in the newest
edition.  The banner is in each older edition's own built HTML, so after the deploy ``mark_errata``
rewrites those pages on ``gh-pages`` in one more commit.  It is idempotent, follows the log (a
section removed takes its sentence away), and never touches the new edition's pages.
"""
from __future__ import annotations

import json
import os
import posixpath
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
ALIAS = "latest"  # the alias of the newest edition (mkdocs.yml's extra.version.default)
# A heading of the amendments log listing an older edition's known errors.
ERRATA = re.compile(r"^### Known errors in edition (?P<number>\d{4}\.\d+) \{#(?P<anchor>[^}\s]+)\}\s*$")
# The outdated-edition banner in a page: Material's element and the box our template writes into.
BANNER = re.compile(r'(?P<open><div\b[^>]*\bdata-md-component="outdated"[^>]*>\s*<aside\b[^>]*>\s*'
                    r'<div\b[^>]*\bclass="md-banner__inner\b[^"]*"[^>]*>)(?P<inner>.*?)(?P<close></div>)', re.S)
ADDED = re.compile(r'\s*<span data-errata="[^"]*">.*?</span>', re.S)


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


def known_errors(markdown: str) -> dict[str, str]:
    """{edition: anchor} for each ``### Known errors in edition X {#known-errors-X}`` of the amendments log.

    A ``###`` heading that starts "Known errors" in any other shape raises ValueError: the banners
    of older editions link to these anchors, so a heading they cannot find must stop publishing.
    """
    found: dict[str, str] = {}
    for line in markdown.splitlines():
        if not line.startswith("### Known errors"):
            continue
        m = ERRATA.match(line)
        if not m:
            raise ValueError(f"the heading {line!r} is not "
                             "'### Known errors in edition <edition> {#known-errors-<edition with dashes>}'")
        want = "known-errors-" + m["number"].replace(".", "-")
        if m["anchor"] != want:
            raise ValueError(f"the anchor of {line!r} must be #{want}")
        if m["number"] in found:
            raise ValueError(f"edition {m['number']} has two 'Known errors' sections")
        found[m["number"]] = m["anchor"]
    return found


def _edition_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def banner_with_errata(html: str, sentence: str | None) -> str:
    """``html`` with the outdated banner's errata sentence set to ``sentence`` (None: removed).

    The sentence goes after our template's words, inside the banner's box, in a ``<span
    data-errata>`` that a later run replaces rather than repeats. It is plain text and a link: no
    style and no script, which the Content-Security-Policy would refuse. A page with no banner
    (one built outside mike) is returned as it is.
    """
    def rewrite(m: re.Match) -> str:
        inner = ADDED.sub("", m["inner"])
        if sentence:
            words = inner.rstrip()
            inner = words + " " + sentence + inner[len(words):]
        return m["open"] + inner + m["close"]

    return BANNER.sub(rewrite, html, count=1)


def errata_sentence(html: str, edition: str, anchor: str, depth: int) -> str:
    """The sentence for a page of ``edition``: its link reaches the list in the newest edition's log.

    The link is relative, as the banner's own link is, and reaches the alias's folder the same
    way: so it works wherever the editions are hosted, and on the 404 page, whose links start from
    the site's root because it is served at any depth. The banner's link is read with its dot and
    empty segments resolved ("/2026.1//../latest/" is the root's "latest/"). ``depth`` (folders
    below the edition's own) gives the way up if the banner has no such link.
    """
    m = BANNER.search(html)
    own = m and re.search(r'<a\b[^>]*\bhref="(?![A-Za-z][A-Za-z0-9+.-]*:)([^"#?]*)"', m["inner"])  # no scheme
    parts = posixpath.normpath(own[1]).split("/") if own else []
    if ALIAS in parts[1:]:  # after "..", or after "" for a path from the site's root
        up = "/".join(parts[:parts.index(ALIAS, 1)]) + "/"
    else:
        up = "../" * (depth + 1)
    href = f"{up}{ALIAS}/{AMENDMENTS.removesuffix('.md')}/#{anchor}"
    return (f'<span data-errata="{edition}">This edition has known errors, corrected in the latest edition: '
            f'<a href="{href}">read the known errors in edition {edition}</a>.</span>')


def mark_errata(new: str, errata: dict[str, str], branch: str = BRANCH) -> list[str]:
    """Put the known-errors sentence in the banner of every page of each edition older than ``new``.

    Reads and writes ``branch`` in the current repository (as mike does); commits once, only if a
    page changed, and returns the editions whose pages changed. Aliases (symlinks) and the pages
    of ``new`` and of any later edition are left alone.
    """
    from mike import git_utils

    listed = json.loads(_show("versions.json", branch) or "[]")
    older = sorted((str(v["version"]) for v in listed
                    if re.fullmatch(r"\d{4}\.\d+", str(v["version"]))
                    and _edition_key(str(v["version"])) < _edition_key(new)), key=_edition_key)
    changed: list[tuple[str, str, int, bytes]] = []
    for edition in older:
        tree = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", branch, "--", f"{edition}/"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
        entries = [(info.split(), path) for info, path in (e.split("\t", 1) for e in tree.split("\0") if e)]
        pages = [(path, int(mode, 8), blob) for (mode, kind, blob), path in entries
                 if kind == "blob" and mode == "100644" and path.endswith(".html")]
        for (path, mode, _), html in zip(pages, _blobs([blob for _, _, blob in pages])):
            text = html.decode("utf-8")
            depth = path.count("/") - 1
            sentence = errata_sentence(text, edition, errata[edition], depth) if edition in errata else None
            rewritten = banner_with_errata(text, sentence)
            if rewritten != text:
                changed.append((edition, path, mode, rewritten.encode("utf-8")))
    if not changed:
        return []
    editions_changed = sorted({c[0] for c in changed}, key=_edition_key)
    message = (f"Known errors: banners of edition{'s' if len(editions_changed) > 1 else ''} "
               f"{', '.join(editions_changed)} link to the list in edition {new}")
    with git_utils.Commit(branch, message) as commit:
        for _, path, mode, data in changed:
            commit.add_file(git_utils.FileInfo(path, data, mode))
    return editions_changed


def _blobs(ids: list[str]) -> list[bytes]:
    """The contents of git blobs, in one ``git cat-file --batch``."""
    if not ids:
        return []
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=ROOT, input=("\n".join(ids) + "\n").encode(),
                         capture_output=True, check=True).stdout
    found, at = [], 0
    for _ in ids:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        found.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1
    return found


def check(edition: str, register: Path = law.REGISTER, docs: Path = ROOT / "docs") -> str | None:
    """Why ``edition`` cannot be published as asked, or None."""
    if not re.fullmatch(r"\d{4}\.\d+", edition):
        return f"'{edition}' is not an edition number such as 2026.1"
    listed = [e.number for e in editions((ROOT / "docs" / AMENDMENTS).read_text("utf-8"))]
    if edition not in listed:
        anchor = edition.replace(".", "-")
        return (f"docs/{AMENDMENTS} has no section for edition {edition}.\n  Say what the edition changes "
                f"first, under a heading such as:  ## {edition} — 1 June 2027 {{#{anchor}}}")
    try:
        known_errors((ROOT / "docs" / AMENDMENTS).read_text("utf-8"))
    except ValueError as error:
        return f"docs/{AMENDMENTS}: {error}"
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
    from mike import commands, git_utils  # only publishing needs mike

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site, config.Options(edition=edition, version=edition))
        manifest = json.loads((site / "links.json").read_text("utf-8"))
        older = [p for p in published() if p.parent.name != edition]
        broken = broken_links(json.loads(older[-1].read_text("utf-8")), manifest) if older else []
        if broken:
            return _fail(1, f"edition {edition} breaks links into edition {older[-1].parent.name}:\n  "
                         + "\n  ".join(broken))
        errata = known_errors((ROOT / "docs" / AMENDMENTS).read_text("utf-8"))
        amendments = manifest["pages"].get(AMENDMENTS.removesuffix(".md") + "/", [])
        lost = [f"#{anchor} (edition {number})" for number, anchor in errata.items() if anchor not in amendments]
        if lost:
            return _fail(1, f"the built amendments page lacks the known-errors anchors the banners would link to: "
                         + ", ".join(lost))
        settings = {"site_dir": str(site), "use_directory_urls": True}
        try:
            with commands.deploy(settings, edition, aliases=[ALIAS], update_aliases=True, branch=BRANCH,
                                 message=f"Publish edition {edition}"):
                pass  # already built above: mike copies site_dir when the block ends
        except git_utils.GitEmptyCommit:  # published again, built the same: mike made no commit
            print(f"publish: edition {edition} is already on {BRANCH} as built; nothing new to commit",
                  file=sys.stderr)
        if f'"{ALIAS}/"' not in _show("index.html"):
            commands.set_default(ALIAS, branch=BRANCH, message="Open the latest edition by default")
        marked = mark_errata(edition, errata)
        kept = ROOT / "editions" / edition / "links.json"
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(_show(f"{edition}/links.json"), "utf-8")
    if marked:
        print(f"publish: the banners of edition{'s' if len(marked) > 1 else ''} {', '.join(marked)} now link "
              f"to their known errors in this edition's amendments log.")
    print(f"publish: edition {edition} is on the local {BRANCH} branch as {edition} and latest.\n"
          f"  Commit editions/{edition}/links.json; push {BRANCH} when ready (git push origin {BRANCH}).")
    return 0


def _show(path: str, branch: str = BRANCH) -> str:
    done = subprocess.run(["git", "show", f"{branch}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""
