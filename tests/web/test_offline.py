"""The offline bundle, unzipped and opened from file:// with the network off: every page says its
edition, links and search work, print hides the chrome, every calculator gives the engine's answer,
axe-core finds nothing, and no request goes to http or https."""
from __future__ import annotations

import datetime
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from casefiles import load_cases
from procedures import calculate, calculators
from web.test_accessibility import violations
from web.test_calculators_browser import cpython

from procedures_site import bundle as build_offline  # what scripts/build-offline runs
from procedures_site import config

ROOT = Path(__file__).resolve().parents[2]

# A two-part minor number: read as YAML it would become the number 2026.1.
EDITION = "2026.10"
BUILT = datetime.date(2026, 1, 1)
# One case a calculator, as a reader's link would carry it in the URL fragment.
OFFLINE_CASES = {
    "notification-period": {"relevant_date": "2024-03-01", "age_on_relevant_date": "17",
                            "disposal": "detention_and_training_order", "term": "P8M"},
    "notification-deadline": {"event": "change_of_home_address", "event_date": "2024-03-01"},
    "indefinite-review": {"first_notification_date": "2012-05-01", "age_on_relevant_date": "30"},
    "order-duration": {"order": "dvpo", "made_date": "2024-03-01"},
    "pre-charge-bail": {"arrest_date": "2024-03-01", "case_type": "standard"},
    "mappa-category": {"subject_to_notification": "true", "offence": "other", "sentence": "community"},
    "case-timeline": {"v": "1", "convictions": json.dumps([{"relevant_date": "2020-01-10", "disposal": "caution",
                                                           "age_on_relevant_date": 30}])},
}


def engine_inputs(fragment: dict) -> dict:
    """The fragment's text values as the engine's JSON types (the form does the same)."""
    out = {}
    for key, value in fragment.items():
        if key == "v":  # the link's version (the timeline's), not an input
            continue
        if value[:1] in "[{":  # a list or group of answers travels as JSON
            out[key] = json.loads(value)
        else:
            out[key] = int(value) if value.isdigit() else {"true": True, "false": False}.get(value, value)
    return out


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """(zip path, unzipped folder) of a bundle built as scripts/build-offline builds it."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EDITION", EDITION)
        env.delenv("PARTNERSHIP", raising=False)
        stamp = datetime.datetime.combine(BUILT, datetime.time(12), datetime.timezone.utc).timestamp()
        env.setenv("SOURCE_DATE_EPOCH", str(int(stamp)))
        archive = build_offline.bundle(tmp_path_factory.mktemp("dist"))
    unpacked = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as z:
        z.extractall(unpacked)
    (folder,) = unpacked.iterdir()
    return archive, folder


@pytest.fixture(scope="module")
def offline(browser):
    """A browser context with the network off that records every request."""
    ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    ctx.requested = []
    ctx.on("request", lambda request: ctx.requested.append(request.url))
    yield ctx
    ctx.close()


@pytest.fixture
def opage(offline, bundle):
    """A page in the offline context; after the test, no script error and no request to the web."""
    page = offline.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.root = bundle[1].as_uri() + "/"
    yield page
    assert not page.errors, f"JavaScript errors on the page: {page.errors}"
    web = [u for u in offline.requested if urlsplit(u).scheme in ("http", "https")]
    assert web == [], f"requests to the web: {web}"
    page.close()


class Refs(HTMLParser):
    """Every address a page's tags would make the browser load."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") != "canonical":
            self.loads.append(a["href"])


def html_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "assets" not in p.parts)


def test_the_zip_is_named_for_the_edition_and_holds_one_folder(bundle):
    archive, folder = bundle
    assert archive.name == f"managing-risk-to-children-offline-{EDITION}.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    assert {n.split("/")[0] for n in names} == {archive.stem} == {folder.name}
    assert f"{archive.stem}/index.html" in names
    # The runtime travels inside offline-runtime.js; the loose copies are left out.
    assert f"{archive.stem}/assets/calculators/offline-runtime.js" in names
    assert not [n for n in names if "/assets/pyodide/" in n or n.endswith(".whl")]


def test_no_page_loads_anything_from_the_web(bundle):
    _, folder = bundle
    for page in html_pages(folder):
        refs = Refs()
        refs.feed(page.read_text("utf-8"))
        web = [u for u in refs.loads if urlsplit(u).scheme in ("http", "https") or u.startswith("//")]
        assert web == [], f"{page.relative_to(folder)} loads {web}"


def test_every_page_shows_the_edition_and_build_date_and_no_version_selector(bundle):
    _, folder = bundle
    expected = f'Offline copy of edition {EDITION}, made on <time datetime="2026-01-01">1 January 2026</time>.'
    for page in html_pages(folder):
        text = page.read_text("utf-8")
        if 'class="md-header' not in text:
            continue  # a redirect stub or an embed, not a page of the site
        assert expected in text, page.relative_to(folder)
        assert '"version": null' in text and "md-version" not in text, page.relative_to(folder)


def test_the_edition_reaches_the_calculators(bundle):
    _, folder = bundle
    text = (folder / "calculators" / "notification-period.html").read_text("utf-8")
    assert f'data-edition="{EDITION}"' in text


def test_the_default_edition_is_mkdocs_yml_s(monkeypatch):
    monkeypatch.delenv("EDITION", raising=False)
    assert build_offline.edition() == str(config.source()["extra"]["edition"])


def test_a_partnership_bundle_is_named_after_the_partnership(monkeypatch):
    monkeypatch.setenv("PARTNERSHIP", "example")
    name = build_offline.bundle_name()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) and name != "managing-risk-to-children"


def test_navigation_by_clicking_links(opage, offline):
    offline.requested.clear()
    opage.goto(opage.root + "index.html")
    opage.locator(".md-nav--primary label.md-nav__link", has_text="The chapter").click()
    opage.locator(".md-nav--primary a[href$='mappa.html']").first.click()
    opage.wait_for_url("**/mappa.html")
    assert "MAPPA" in opage.locator("h1").first.inner_text()
    following = opage.locator("a.md-footer__link--next")
    title = following.get_attribute("aria-label")
    following.click()
    opage.wait_for_load_state()
    assert opage.url.endswith(".html") and not opage.url.endswith("mappa.html")
    assert title == "Next: " + opage.locator("h1").first.inner_text().rstrip("¶")  # ¶: the heading's permalink
    # text pages never load the calculators' runtime
    assert not [u for u in offline.requested if "offline-runtime" in u]


def test_search_finds_a_word(opage):
    opage.goto(opage.root + "index.html")
    opage.locator("input.md-search__input").click()
    opage.keyboard.type("MAPPA", delay=50)
    meta = opage.locator(".md-search-result__meta")
    opage.wait_for_function("() => /^\\d+ matching documents?$/.test(document.querySelector('.md-search-result__meta').textContent)",
                            timeout=20000)
    assert int(meta.inner_text().split()[0]) >= 1
    links = opage.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert any(urlsplit(u).path.endswith("/mappa.html") for u in links)
    assert all(u.startswith("file://") for u in links)


def test_print_hides_the_chrome_and_makes_a_pdf(opage):
    opage.goto(opage.root + "notification.html")
    opage.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-banner", ".md-footer"):
        assert not opage.locator(chrome).first.is_visible(), chrome
    assert opage.locator("article h1").first.is_visible()
    pdf = opage.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20000


def test_every_calculator_has_an_offline_case():
    assert set(OFFLINE_CASES) == set(calculators())


@pytest.mark.parametrize("name", sorted(OFFLINE_CASES))
def test_every_calculator_answers_from_file(opage, name):
    fragment = "&".join(f"{quote(k)}={quote(v)}" for k, v in OFFLINE_CASES[name].items())
    opage.goto(opage.root + f"calculators/{name}.html#{fragment}")
    headline = opage.locator(".calc-headline")
    headline.wait_for(timeout=90000)
    assert headline.inner_text() == calculate(name, engine_inputs(OFFLINE_CASES[name]))["headline"]


def test_every_case_file_gives_the_same_answer_offline(opage):
    """The worker as the bundle builds it (converted runtime, stand-in fetch) against CPython."""
    cases = load_cases()
    opage.goto(opage.root + "calculators/pre-charge-bail.html")
    opage.wait_for_function("() => window.procedures.state().stage === 'ready'", timeout=90000)
    answers = opage.evaluate("items => window.procedures.batch(items)",
                             [{"name": c.calculator, "inputs": c.input} for c in cases])
    assert len(answers) == len(cases)
    for case, answer in zip(cases, answers):
        assert answer == json.loads(json.dumps(cpython(case))), case.name


def test_axe_finds_nothing_on_a_page_and_a_calculator(opage):
    opage.goto(opage.root + "mappa.html")
    assert violations(opage) == []
    fragment = "&".join(f"{k}={v}" for k, v in OFFLINE_CASES["order-duration"].items())
    opage.goto(opage.root + f"calculators/order-duration.html#{fragment}")
    opage.locator(".calc-headline").wait_for(timeout=90000)
    assert violations(opage) == []


def test_the_online_build_has_no_offline_parts(site):
    index = (site / "index.html").read_text("utf-8")
    assert "Offline copy" not in index and "offline-loader.js" not in index and "iframe-worker" not in index
    assert (site / "assets" / "pyodide" / "pyodide.asm.wasm").exists()
    assert not (site / "assets" / "calculators" / "offline-runtime.js").exists()


def test_the_offline_configuration_differs_from_the_site_s_only_where_it_must():
    """Made from mkdocs.yml by the build (config.derive), never kept by hand."""
    online, offline = config.derive(), config.derive(config.Options(offline=True))
    assert offline["theme"].pop("features") == [f for f in online["theme"].pop("features") if f != "navigation.instant"]
    assert offline.pop("plugins") == online.pop("plugins") + ["offline"]
    extra = offline.pop("extra")
    assert extra.pop("version") is None and extra.pop("offline") is True and "built" in extra
    assert extra.pop("polyfills") == config.OFFLINE_POLYFILLS and extra.pop("built")
    online_extra = online.pop("extra")
    online_extra.pop("version")
    assert extra == online_extra
    assert offline.pop("use_directory_urls") is False and "use_directory_urls" not in online
    calculators = [e for e in offline["markdown_extensions"] if "procedures_site.calculators" in e]
    assert calculators[0]["procedures_site.calculators"].pop("directory_urls") is False
    [e for e in online["markdown_extensions"] if "procedures_site.calculators" in e][0][
        "procedures_site.calculators"].pop("directory_urls")
    assert offline == online
