"""Editions with mike: scripts/publish run twice in a temporary repository, its gh-pages served on loopback.

The temporary repository holds copies of the files the build reads; src, node_modules and the
virtual environment are linked from this one (its stamp copied, so scripts/setup has nothing to do).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from web.conftest import serve_folder
from web.test_accessibility import violations

ROOT = Path(__file__).resolve().parents[2]
COPIED = ["mkdocs.yml", "docs", "overrides", "calculators", "partnerships", "scripts", "editions",
          "requirements-dev.txt", "pyproject.toml"]
NEWER = "2026.2"
NEWER_SECTION = (f"## {NEWER} — 1 June 2027 {{#{NEWER.replace('.', '-')}}}\n\n"
                 "- A test edition: [MAPPA](../mappa.md#7-3) gains nothing; paragraph 7.3.99 moves to 7.3.2.\n\n")
# An old address on the same page, and one whose new place is on another page.
MOVED = {"mappa/#7-3-99": "mappa/#7-3-2", "mappa/#7-3-98": "notification/#10-4-5"}
ATOM = "{http://www.w3.org/2005/Atom}"


def _run(args, cwd, **env):
    return subprocess.run(args, check=False, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env})


def _temporary_repository(repo: Path) -> None:
    repo.mkdir()
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    for name in ("src", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    venv = repo / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "pyvenv.cfg"):
        if (ROOT / ".venv" / name).exists():
            (venv / name).symlink_to(ROOT / ".venv" / name)
    # scripts/setup's stamp, as it computes it: nothing to install, so the linked venv is never touched.
    stamp = hashlib.sha256((repo / "requirements-dev.txt").read_bytes() + (repo / "pyproject.toml").read_bytes())
    (venv / ".requirements.sha").write_text(stamp.hexdigest() + "\n")
    (repo / ".gitignore").write_text("site/\n.venv\nnode_modules\nsrc\n")
    for args in (["git", "init", "-q", "-b", "main"], ["git", "config", "user.name", "Test"],
                 ["git", "config", "user.email", "test@example.invalid"], ["git", "add", "-A"],
                 ["git", "commit", "-q", "-m", "Temporary copy"]):
        assert _run(args, repo).returncode == 0, args


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(repository, served gh-pages folder, base URL, results of the publish runs by name)."""
    tmp = tmp_path_factory.mktemp("editions")
    repo, served = tmp / "repo", tmp / "served"
    served.mkdir()
    _temporary_repository(repo)
    base, httpd = serve_folder(served)
    runs = {"2026.1": _run(["scripts/publish", "2026.1"], repo, SITE_URL=base)}
    amendments = repo / "docs" / "about" / "amendments.md"
    text = amendments.read_text("utf-8")
    amendments.write_text(text.replace("\n## ", "\n" + NEWER_SECTION + "## ", 1), "utf-8")
    with (repo / "editions" / "anchor-redirects.toml").open("a", encoding="utf-8") as toml:
        toml.writelines(f'"{old}" = "{new}"\n' for old, new in MOVED.items())
    runs[NEWER] = _run(["scripts/publish", NEWER], repo, SITE_URL=base)
    before = _run(["git", "rev-parse", "gh-pages"], repo).stdout
    runs["2099.9"] = _run(["scripts/publish", "2099.9"], repo, SITE_URL=base)
    # A later edition kept with an anchor this build lacks: publishing over it must stop.
    later = json.loads((repo / "editions" / NEWER / "links.json").read_text())
    later["pages"]["mappa/"].append("7-3-97")
    (repo / "editions" / "2099.8").mkdir()
    (repo / "editions" / "2099.8" / "links.json").write_text(json.dumps(later))
    amendments.write_text(amendments.read_text("utf-8").replace(
        "\n## ", "\n## 2099.9 — 2 June 2099 {#2099-9}\n\n- A test edition.\n\n## ", 1), "utf-8")
    runs["breaks links"] = _run(["scripts/publish", "2099.9"], repo, SITE_URL=base)
    runs["gh-pages unchanged"] = before == _run(["git", "rev-parse", "gh-pages"], repo).stdout
    for edition in ("2026.1", NEWER):
        assert runs[edition].returncode == 0, runs[edition].stderr[-3000:]
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    yield repo, served, base, runs
    httpd.shutdown()


def _edition_shown(html: str) -> str:
    """The edition named in a page's review note ("... Edition 2026.2.</p></aside>")."""
    return re.search(r'class="page-review".*?Edition (\S+?)\.</p>', html, re.DOTALL).group(1)


def test_versions_json_lists_both_editions_and_latest_is_the_newer(published):
    _, served, _, _ = published
    versions = json.loads((served / "versions.json").read_text())
    assert {v["version"]: v["aliases"] for v in versions} == {NEWER: ["latest"], "2026.1": []}
    assert os.readlink(served / "latest") == NEWER
    assert 'url=latest/"' in (served / "index.html").read_text()


def test_pages_of_latest_are_the_newer_editions(published):
    _, served, _, _ = published
    for page in ("mappa/index.html", "index.html", "calculators/notification-period/index.html"):
        assert _edition_shown((served / "latest" / page).read_text("utf-8")) == NEWER
        assert _edition_shown((served / "2026.1" / page).read_text("utf-8")) == "2026.1"
    assert 'id="2026-2"' in (served / "latest" / "about/amendments/index.html").read_text("utf-8")
    assert 'id="2026-2"' not in (served / "2026.1" / "about/amendments/index.html").read_text("utf-8")


def test_every_published_edition_has_the_wheel_the_feed_and_the_manifest(published):
    """What the post-build step writes reaches gh-pages: mike commits the folder built by our build."""
    _, served, _, _ = published
    for edition in ("2026.1", NEWER):
        folder = served / edition
        assert len(list((folder / "assets" / "calculators").glob("procedures-*-py3-none-any.whl"))) == 1, edition
        assert (folder / "assets" / "pyodide" / "pyodide.asm.wasm").stat().st_size > 1_000_000, edition
        assert ET.parse(folder / "feed.xml").getroot().tag == f"{ATOM}feed", edition
        assert json.loads((folder / "links.json").read_text())["pages"]["mappa/"], edition


def test_publish_keeps_each_editions_manifest(published):
    repo, served, _, _ = published
    for edition in ("2026.1", NEWER):
        kept = json.loads((repo / "editions" / edition / "links.json").read_text())
        assert kept == json.loads((served / edition / "links.json").read_text())
        assert kept["edition"] == edition
    assert json.loads((repo / "editions" / NEWER / "links.json").read_text())["moved_anchors"] == MOVED


def test_publish_refuses_an_edition_the_amendments_log_does_not_name(published):
    repo, _, _, runs = published
    assert runs["2099.9"].returncode == 2
    assert "no section for edition 2099.9" in runs["2099.9"].stderr
    assert runs["gh-pages unchanged"] and not (repo / "editions" / "2099.9").exists()


def test_publish_refuses_an_edition_that_drops_an_anchor_of_the_last_one(published):
    _, _, _, runs = published
    assert runs["breaks links"].returncode == 1
    assert "edition 2099.9 breaks links into edition 2099.8" in runs["breaks links"].stderr
    assert "anchor 'mappa/#7-3-97' is gone" in runs["breaks links"].stderr


def test_feed_of_every_edition_points_to_the_latest(published):
    _, served, base, _ = published
    feed = ET.parse(served / "2026.1" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "latest/feed.xml"
    latest = ET.parse(served / "latest" / "feed.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in latest.iter(f"{ATOM}entry")]
    assert links == [base + "latest/about/amendments/#2026-2", base + "latest/about/amendments/#2026-1"]
    # Relative, so the theme's fetch beside it stays on the site's own origin.
    assert 'href="../../latest/feed.xml"' in (served / "2026.1" / "mappa" / "index.html").read_text("utf-8")


@pytest.fixture
def reader(browser, published):
    """A fresh browser context (Material remembers "outdated" per session) and its page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    elsewhere = [url for url in requests if not url.startswith(published[2])]
    assert not elsewhere, f"requests to another host: {elsewhere}"


def test_selector_lists_every_edition_and_keeps_the_page(reader, published):
    base = published[2]
    reader.goto(base + "latest/mappa/")
    reader.locator(".md-version__list").wait_for(state="attached")
    # Named from what it shows (WCAG 2.5.3), not Material's bare "Select version".
    # (Chromium spaces the hidden words apart: "Edition 2026.2 , latest : choose an edition".)
    name = re.compile(rf"^Edition {re.escape(NEWER)}\s*,\s*latest\s*:\s*choose an edition$")
    reader.get_by_role("button", name=name).wait_for()
    names = [reader.locator(".md-version__link").nth(i).get_attribute("href") for i in range(2)]
    assert names == [base + NEWER + "/", base + "2026.1/"]
    assert reader.get_by_role("link", name=re.compile(rf"^{re.escape(NEWER)}\s*,\s*latest$")).count() == 1
    assert reader.get_by_role("link", name="2026.1", exact=True).count() == 1
    reader.locator(".md-version").hover()
    reader.locator(".md-version__link", has_text="2026.1").click()
    reader.wait_for_url(base + "2026.1/mappa/")
    assert _edition_shown(reader.content()) == "2026.1"


def test_older_edition_shows_a_banner_to_the_same_page_in_latest(reader, published):
    base = published[2]
    reader.goto(base + "2026.1/civil-orders/")
    banner = reader.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    assert "This is edition 2026.1." in banner.inner_text()
    assert violations(reader) == []
    link = banner.get_by_role("link", name="read this page in the latest edition")
    assert link.evaluate("a => a.href") == base + "latest/civil-orders/"
    link.click()
    reader.wait_for_url(base + "latest/civil-orders/")
    assert _edition_shown(reader.content()) == NEWER
    reader.wait_for_timeout(500)  # the selector's data arrives after load; the banner must stay hidden
    assert reader.locator("[data-md-component=outdated]").is_hidden()


def test_an_old_anchor_takes_the_reader_to_its_new_place(reader, published):
    base = published[2]
    reader.goto(base + "latest/mappa/#7-3-99")
    reader.wait_for_function("() => location.hash === '#7-3-2'")  # a function: the policy refuses eval
    assert reader.evaluate("location.pathname") == "/latest/mappa/"
    reader.goto(base + "latest/mappa/#7-3-98")
    reader.wait_for_url(base + "latest/notification/#10-4-5")
    reader.goto(base + "latest/mappa/#7-3-1")  # an anchor that exists is left alone
    reader.wait_for_timeout(300)
    assert reader.evaluate("location.hash") == "#7-3-1"
