"""One "report a problem" address, set in one place (mkdocs.yml's extra.report_problem, or a
partnership's report_problem), in every page's <meta name="report-problem"> and its footer; and the
privacy page, in the nav, linked from every page and from the About pages."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from procedures_site import BuildError, config
from procedures_site.build import build
from procedures_site.config import Options
from procedures_site.partnership import PartnershipError, check_report_problem
from procedures_site.postbuild.html import pages
from procedures_site.urls import site_link
from web.test_csp import Injected, LISTEN
from web.test_accessibility import violations

ROOT = Path(__file__).resolve().parents[2]
REPORT_META = re.compile(r'<meta name="report-problem" content="([^"]*)">')
FOOTER = re.compile(r'<ul class="site-footer-links">(.*?)</ul>', re.S)
LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')
SECTIONS = ["on-your-device", "links", "calendar-and-notes", "sharing-safely", "report-a-problem"]


def served(page) -> str:
    """The address of a built page as a reader's browser has it (for resolving its relative links)."""
    return urljoin("http://site.test/", page.url)


def reader_pages(site: Path):
    """The site's pages a reader opens (not assets)."""
    return [p for p in pages(site) if not p.url.startswith("assets/")]


def footer_links(text: str) -> dict[str, str]:
    found = FOOTER.search(text)
    return {unescape(words): href for href, words in LINK.findall(found.group(1))} if found else {}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("example")
    try:
        build(folder, Options(partnership="example", site_url="http://127.0.0.1:8000/"))
    except BuildError as exc:
        pytest.fail(f"the example build failed:\n{exc}")
    return folder


def test_the_national_address_is_the_privacy_page_s_section_from_mkdocs_yml(site):
    assert config.source()["extra"]["report_problem"] == "about/privacy.md#report-a-problem"
    # A page of the site, as a link the post-build step makes relative to each page.
    assert config.derive()["extra"]["report_problem"] == site_link("about/privacy.md#report-a-problem")
    for page in reader_pages(site):
        if page.url == "404.html":  # served at any depth, so its links start from the site's root
            expected = "/about/privacy/#report-a-problem"
            found = REPORT_META.findall(page.text)
            assert found == [expected] and footer_links(page.text)["Report a problem"] == expected
            continue
        found = REPORT_META.findall(page.text)
        assert len(found) == 1, page.url
        assert urljoin(served(page), found[0]) == "http://site.test/about/privacy/#report-a-problem", page.url
        where = footer_links(page.text) if not page.url.startswith("embed/") else dict(
            (unescape(w), h) for h, w in LINK.findall(page.text.split('class="embed-source"', 1)[1]))
        assert where["Report a problem"] == found[0], page.url
        assert urljoin(served(page), where.get("Privacy", where.get("privacy"))) == "http://site.test/about/privacy/"


def test_a_partnership_s_address_is_on_every_page_of_its_edition(example):
    address = yaml.safe_load((ROOT / "partnerships" / "example.yml").read_text("utf-8"))["report_problem"]
    assert address == "mailto:website@example.org"
    assert config.derive(Options(partnership="example"))["extra"]["report_problem"] == address
    for page in reader_pages(example):
        assert REPORT_META.findall(page.text) == [address], page.url
        if not page.url.startswith("embed/"):
            assert footer_links(page.text)["Report a problem"] == address, page.url
        else:
            assert f'<a href="{address}">Report a problem</a>' in page.text, page.url


@pytest.mark.parametrize("address, fictional, problem", [
    ("mailto:website@example.org", False, "is an example address"),
    ("https://example.org/report", False, "is an example address"),
    ("mailto:website@wyverndale.gov.uk", True, "not an example.org address"),
    ("http://wyverndale.gov.uk/report", False, "must be a mailto: address or a full https:// address"),
    ("mailto:not-an-address", False, "one e-mail address"),
    ("https://wyverndale.gov.uk/a b", False, "must not hold spaces"),
    ("/about/privacy/", False, "must be a mailto: address"),
])
def test_a_report_address_of_the_wrong_kind_is_refused(address, fictional, problem):
    with pytest.raises(PartnershipError, match=problem):
        check_report_problem(address, "partnerships/x.yml: report_problem", fictional)


def test_good_report_addresses_are_kept():
    assert check_report_problem("mailto:safeguarding@wyverndale.gov.uk?subject=Website", "x") == \
        "mailto:safeguarding@wyverndale.gov.uk?subject=Website"
    assert check_report_problem("https://www.wyverndale.gov.uk/report", "x") == "https://www.wyverndale.gov.uk/report"


@pytest.mark.parametrize("value, problem", [
    ("mailto:website@example.org", "example address"),  # the national edition has no example address
    ("about/missing.md#report-a-problem", "not a page in the nav"),
    ("", "set extra.report_problem"),
])
def test_mkdocs_yml_s_address_is_checked(value, problem):
    settings = config.source()
    settings["extra"]["report_problem"] = value
    settings["docs_dir"] = str(ROOT / "docs")
    with pytest.raises(BuildError, match=problem):
        config.report_problem(settings, {"national": True})


def test_the_privacy_page_is_in_the_nav_and_says_what_it_must():
    source = (ROOT / "docs" / "about" / "privacy.md").read_text("utf-8")
    front = yaml.safe_load(source.split("---")[1])
    assert front == {"title": "Privacy", "reviewed": __import__("datetime").date(2026, 12, 2)}
    assert "about/privacy.md" in config._nav_files(config.source()["nav"])
    for anchor in SECTIONS:
        assert "{#" + anchor + "}" in source, anchor
    for words in ("no cookies", "no analytics", "after the `#` sign", "calendar", "age rather than a date of birth",
                  "Report a problem"):
        assert words in source, words


def test_the_privacy_page_is_linked_from_every_footer_and_the_about_pages(site):
    for page in reader_pages(site):
        if page.url.startswith("embed/") or page.url == "404.html":
            continue
        assert urljoin(served(page), footer_links(page.text)["Privacy"]) == "http://site.test/about/privacy/", page.url
    for about in ("disclaimer", "accessibility"):
        text = (site / "about" / about / "index.html").read_text("utf-8")
        assert 'href="../privacy/' in text, about
    privacy = (site / "about" / "privacy" / "index.html").read_text("utf-8")
    for anchor in SECTIONS:
        assert f'id="{anchor}"' in privacy, anchor


@pytest.mark.parametrize("width", [1280, 390])
def test_the_footer_link_leads_to_the_report_section_which_passes_axe(browser, server, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.add_init_script(LISTEN)
    page = ctx.new_page()
    try:
        page.goto(server + "mappa/")
        page.locator(".md-footer").get_by_role("link", name="Report a problem").click()
        page.wait_for_url(server + "about/privacy/#report-a-problem", wait_until="commit")
        page.locator("#report-a-problem").wait_for()
        assert page.locator("#report-a-problem").is_visible()
        assert page.locator(".md-typeset .local").first.is_visible()  # whom to contact in this edition
        assert violations(Injected(page)) == []
        assert page.evaluate("window.__violations") == []
    finally:
        ctx.close()
