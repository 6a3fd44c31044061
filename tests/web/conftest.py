"""The built site, served on loopback, and Debian's Chromium driven by Playwright.

The site is built once per test run (strict mode: any warning fails the build).  The
browser is Debian's ``chromium`` package: nothing is downloaded.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from procedures_site import BuildError
from procedures_site.build import build
from procedures_site.config import Options
from procedures_site.serve import serve_folder

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def _http(tmp_path_factory):
    """A loopback server for a folder the site is then built into (its address is the site_url)."""
    folder = Path(os.environ.get("PROCEDURES_SITE") or tmp_path_factory.mktemp("site"))
    url, httpd = serve_folder(folder, port=int(os.environ.get("PROCEDURES_PORT", "0")))
    yield folder, url
    httpd.shutdown()


@pytest.fixture(scope="session")
def built(_http):
    """(site directory, build log) of a strict build of the national edition.

    Its site_url is the test server's address, as Material's instant navigation needs.  With
    PROCEDURES_SITE (and PROCEDURES_PORT matching its site_url) a site built beforehand is used.
    """
    folder, url = _http
    if os.environ.get("PROCEDURES_SITE"):
        return folder, ""
    try:
        log = build(folder, Options(site_url=url))  # as scripts/build does
    except BuildError as exc:
        pytest.fail(f"the strict build failed:\n{exc}")
    return folder, log


@pytest.fixture(scope="session")
def site(built):
    return built[0]


@pytest.fixture(scope="session")
def server(built, _http):
    """Base URL of the built site, served from 127.0.0.1 only."""
    return _http[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def context(browser, server):
    """One browser context for the run, so the worker and caches behave as for one reader."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.requested = []
    ctx.on("request", lambda request: ctx.requested.append(request.url))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert not page.errors, f"JavaScript errors on the page: {page.errors}"
    page.close()
