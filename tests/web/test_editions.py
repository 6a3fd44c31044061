"""Editions with mike: scripts/publish run in a temporary repository, its gh-pages served on loopback.

The temporary repository holds copies of the files the build reads; src, tests (the calculators'
runtime is checked against the case files), node_modules and the virtual environment are linked
from this one (its stamp copied, so scripts/setup has nothing to do), and the runtime's cache is
copied (so the test neither makes it afresh when it is current nor prunes this repository's).
Edition 2026.1 is published, then a made-up newer edition, NEWER, whose amendments log lists known
errors in 2026.1 (the log's own list is replaced by the test's, so the test does not depend on it).
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
from urllib.parse import urljoin

import pytest
from procedures_site import publish as publishing

from web.conftest import serve_folder
from web.test_accessibility import violations

ROOT = Path(__file__).resolve().parents[2]
COPIED = ["mkdocs.yml", "docs", "content", "overrides", "calculators", "partnerships", "scripts", "editions",
          "requirements-dev.txt", "pyproject.toml"]
# A made-up edition after every real one (the log's newest is 2026.2), dated after them.
NEWER = "2027.1"
ERRATA_ANCHOR = "known-errors-2026-1"
KNOWN_ERRORS = (f"### Known errors in edition 2026.1 {{#{ERRATA_ANCHOR}}}\n\n"
                "1. A test error: the test calculator said 2 when the right answer is 3.\n\n")
NEWER_SECTION = (f"## {NEWER} — 1 June 2027 {{#{NEWER.replace('.', '-')}}}\n\n"
                 "- A test edition: [MAPPA](../mappa.md#7-3) gains nothing; paragraph 7.3.99 moves to 7.3.2.\n\n"
                 + KNOWN_ERRORS)
# The sentence publish adds to the banner of an edition with known errors, and its link.
ERRATA_WORDS = "This edition has known errors, corrected in the latest edition:"
ERRATA_LINK = "read the known errors in edition 2026.1"
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
    for name in ("src", "tests", "node_modules"):
        (repo / name).symlink_to(ROOT / name)
    if (ROOT / ".cache" / "runtime").is_dir():
        shutil.copytree(ROOT / ".cache" / "runtime", repo / ".cache" / "runtime")
    venv = repo / ".venv"
    venv.mkdir()
    for name in ("bin", "lib", "lib64", "include", "pyvenv.cfg"):
        if (ROOT / ".venv" / name).exists():
            (venv / name).symlink_to(ROOT / ".venv" / name)
    # scripts/setup's stamp, as it computes it: nothing to install, so the linked venv is never touched.
    stamp = hashlib.sha256((repo / "requirements-dev.txt").read_bytes() + (repo / "pyproject.toml").read_bytes())
    (venv / ".requirements.sha").write_text(stamp.hexdigest() + "\n")
    (repo / ".gitignore").write_text("site/\n.venv\nnode_modules\nsrc\ntests\n.cache/\n")
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
    runs["after 2026.1"] = _run(["git", "rev-parse", "gh-pages"], repo).stdout.strip()
    amendments = repo / "docs" / "about" / "amendments.md"
    # The newer edition's own list of known errors in 2026.1 takes the place of any in the log.
    text = re.sub(r"^### Known errors in edition 2026\.1 .*?(?=^##|\Z)", "", amendments.read_text("utf-8"),
                  flags=re.M | re.S)
    amendments.write_text(text.replace("\n## ", "\n" + NEWER_SECTION + "## ", 1), "utf-8")
    with (repo / "editions" / "anchor-redirects.toml").open("a", encoding="utf-8") as toml:
        toml.writelines(f'"{old}" = "{new}"\n' for old, new in MOVED.items())
    runs[NEWER] = _run(["scripts/publish", NEWER], repo, SITE_URL=base)
    runs["log after " + NEWER] = _run(["git", "log", "--format=%H %s", "-3", "gh-pages"], repo).stdout
    # Publishing the same edition again: the banner keeps one sentence, and no commit rewrites it.
    runs[NEWER + " again"] = _run(["scripts/publish", NEWER], repo, SITE_URL=base)
    since = runs["log after " + NEWER].split(" ", 1)[0] + "..gh-pages"
    runs["log again"] = _run(["git", "log", "--format=%s", since], repo).stdout.splitlines()
    for edition in ("2026.1", NEWER, NEWER + " again"):
        assert runs[edition].returncode == 0, runs[edition].stderr[-3000:]
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
    # A list of known errors under a heading the banners could not link to: refused before building.
    amendments.write_text(amendments.read_text("utf-8").replace(
        f"{{#{ERRATA_ANCHOR}}}", "{#errata-2026-1}", 1), "utf-8")
    runs["bad errata heading"] = _run(["scripts/publish", "2099.9"], repo, SITE_URL=base)
    runs["gh-pages unchanged"] = before == _run(["git", "rev-parse", "gh-pages"], repo).stdout
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
    newer = f'id="{NEWER.replace(".", "-")}"'
    assert newer in (served / "latest" / "about/amendments/index.html").read_text("utf-8")
    assert newer not in (served / "2026.1" / "about/amendments/index.html").read_text("utf-8")


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


PAGE = ('<div data-md-color-scheme="default" data-md-component="outdated" hidden>\n'
        '  <aside class="md-banner md-banner--warning">\n    <div class="md-banner__inner md-grid md-typeset">\n'
        '      This is edition 2026.1. A newer edition has been published:\n'
        '    <a href="../../latest/mappa/">read this page in the latest edition</a>.\n    </div>\n'
        '    <script>var el;</script>\n  </aside>\n</div><main><div>Text</div></main>')


def test_the_sentence_is_set_once_and_follows_the_log():
    """publish.banner_with_errata: added after our words, replaced rather than repeated, taken away with its list."""
    sentence = publishing.errata_sentence(PAGE, "2026.1", ERRATA_ANCHOR, depth=1)
    assert f'<a href="../../latest/about/amendments/#{ERRATA_ANCHOR}">{ERRATA_LINK}</a>' in sentence
    assert not re.search(r"style|<script|\bon[a-z]+=", sentence)  # what the Content-Security-Policy allows
    once = publishing.banner_with_errata(PAGE, sentence)
    assert once.count(ERRATA_WORDS) == 1 and once.index(ERRATA_WORDS) < once.index("</div>")
    assert once.replace(" " + sentence, "") == PAGE  # nothing else changed: no style, no script
    assert publishing.banner_with_errata(once, sentence) == once
    assert publishing.banner_with_errata(once, None) == PAGE
    assert publishing.banner_with_errata("<main>No banner</main>", sentence) == "<main>No banner</main>"


@pytest.mark.parametrize("heading, fault", [
    ("### Known errors in edition 2026.1 {#errata-2026-1}", "must be #known-errors-2026-1"),
    ("### Known errors in 2026.1", "is not '### Known errors in edition <edition>"),
    (f"### Known errors in edition 2026.1 {{#{ERRATA_ANCHOR}}}\n\n"
     f"### Known errors in edition 2026.1 {{#{ERRATA_ANCHOR}}}", "two 'Known errors' sections"),
])
def test_a_known_errors_heading_the_banners_cannot_link_to_is_refused(heading, fault):
    with pytest.raises(ValueError, match=re.escape(fault)):
        publishing.known_errors(heading)
    assert publishing.known_errors(f"## 2026.2\n\n{KNOWN_ERRORS}") == {"2026.1": ERRATA_ANCHOR}


def _banner(html: str) -> str | None:
    """What our template and publish wrote in a page's outdated-edition banner, or None."""
    m = re.search(r'data-md-component="outdated".*?<div class="md-banner__inner[^"]*">(.*?)</div>', html, re.S)
    return m and m.group(1)


def test_known_errors_in_an_older_edition_are_in_its_banner_once_with_a_link_that_resolves(published):
    _, served, base, _ = published
    latest = (served / "latest" / "about/amendments/index.html").read_text("utf-8")
    listed = re.search(rf'<h3 id="{ERRATA_ANCHOR}".*?(?=<h[123][ >])', latest, re.S)
    assert listed and "A test error" in listed.group(0)  # the newest edition's own list
    pages = sorted((served / "2026.1").rglob("*.html"))
    banners = 0
    for path in pages:
        banner = _banner(path.read_text("utf-8"))
        if banner is None:
            continue  # pages with no theme banner (the embedded calculators)
        banners += 1
        where = path.relative_to(served).as_posix()
        assert banner.count(ERRATA_WORDS) == 1 and banner.count("data-errata") == 1, where
        assert "This is edition 2026.1." in banner and "read this page in the latest edition" in banner, where
        links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', banner)
        assert [words for _, words in links] == ["read this page in the latest edition", ERRATA_LINK], where
        href = links[1][0]
        assert not href.startswith(("http:", "https:")), where  # relative, as the banner's own link
        # The 404 page is served at any address: its links start from the site's root, as its own does.
        assert href.startswith("/" if path.name == "404.html" else "."), where
        url = base + where.removesuffix("index.html")
        assert urljoin(url, href) == base + f"latest/about/amendments/#{ERRATA_ANCHOR}", where
    assert banners >= 30 and banners == sum(1 for p in pages if "md-banner__inner" in p.read_text("utf-8"))


def test_known_errors_leave_the_newer_editions_pages_alone(published):
    repo, served, _, runs = published
    errata, deployed = [line.split(" ", 1) for line in runs["log after " + NEWER].splitlines()[:2]]
    assert errata[1] == f"Known errors: banners of edition 2026.1 link to the list in edition {NEWER}"
    assert deployed[1] == f"Publish edition {NEWER}"
    changed = _run(["git", "diff", "--name-only", deployed[0], errata[0]], repo).stdout.split()
    assert changed and all(name.startswith("2026.1/") and name.endswith(".html") for name in changed)
    for rev in (deployed[0], errata[0], "gh-pages"):  # one tree for the newer edition throughout
        assert _run(["git", "rev-parse", f"{rev}:{NEWER}"], repo).stdout == \
            _run(["git", "rev-parse", f"{deployed[0]}:{NEWER}"], repo).stdout
    for path in (served / NEWER).rglob("*.html"):
        assert "data-errata" not in path.read_text("utf-8"), path
    # 2026.1 as first published had no sentence: the one commit after the newer edition added it.
    assert _run(["git", "rev-parse", f"{runs['after 2026.1']}:2026.1"], repo).stdout != \
        _run(["git", "rev-parse", f"{errata[0]}:2026.1"], repo).stdout


def test_publishing_again_adds_no_second_sentence(published):
    repo, _, _, runs = published
    # At most a commit of the rebuilt edition (none if the build is the same); no errata commit.
    assert runs["log again"] in ([], [f"Publish edition {NEWER}"])
    errata = runs["log after " + NEWER].split(" ", 1)[0]
    assert _run(["git", "rev-parse", f"{errata}:2026.1"], repo).stdout == \
        _run(["git", "rev-parse", "gh-pages:2026.1"], repo).stdout


def test_publish_refuses_a_known_errors_heading_the_banners_cannot_link_to(published):
    _, _, _, runs = published
    assert runs["bad errata heading"].returncode == 2
    assert "the anchor of '### Known errors in edition 2026.1 {#errata-2026-1}' must be #known-errors-2026-1" \
        in runs["bad errata heading"].stderr


def test_feed_of_every_edition_points_to_the_latest(published):
    _, served, base, _ = published
    feed = ET.parse(served / "2026.1" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "latest/feed.xml"
    latest = ET.parse(served / "latest" / "feed.xml").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in latest.iter(f"{ATOM}entry")]
    # Newest first: the test edition, then the log's own editions (2026.2 among them), 2026.1 last.
    assert links[0] == base + f"latest/about/amendments/#{NEWER.replace('.', '-')}"
    assert base + "latest/about/amendments/#2026-2" in links
    assert links[-1] == base + "latest/about/amendments/#2026-1"
    assert all(link.startswith(base + "latest/about/amendments/#") for link in links)
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


def test_older_editions_banner_leads_to_its_known_errors(reader, published):
    base = published[2]
    reader.goto(base + "2026.1/mappa/")
    banner = reader.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    assert banner.inner_text().count(ERRATA_WORDS) == 1
    assert violations(reader) == []
    link = banner.get_by_role("link", name=ERRATA_LINK)
    assert link.count() == 1
    link.click()
    reader.wait_for_url(base + f"latest/about/amendments/#{ERRATA_ANCHOR}")
    heading = reader.locator(f"h3#{ERRATA_ANCHOR}")
    heading.wait_for(state="visible")
    assert heading.inner_text().startswith("Known errors in edition 2026.1")


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
