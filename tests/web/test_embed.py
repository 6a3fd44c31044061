"""The embeddable calculators: bare pages, out of the nav and search, working in another origin's iframe."""
from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from casefiles import load_cases
from procedures import calculate, calculators, schema
from web.browser import fill_form, shown, typable
from web.conftest import serve_folder
from web.test_accessibility import violations

ROOT = Path(__file__).resolve().parents[2]
from procedures_site import embeds  # the module that writes the snippets

CASES = load_cases()
CHROME = ("md-header", "md-tabs", "md-sidebar", "md-footer", "md-search")


def snippets(site: Path) -> dict[str, str]:
    """The iframe snippet the linking page gives for each calculator, as a reader would copy it."""
    html = (site / "about" / "linking" / "index.html").read_text("utf-8")
    found = re.findall(r'<div class="embed-snippet"[^>]*data-calculator="([^"]+)"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    return {name: unescape(re.sub(r"<[^>]+>", "", body)).strip() for name, body in found}


def attribute(snippet: str, name: str) -> str:
    return re.search(rf'\b{name}="([^"]*)"', snippet).group(1)


def prefill_example(site: Path) -> str:
    """The fragment the linking page shows as its example of filling in a calculator."""
    html = (site / "about" / "linking" / "index.html").read_text("utf-8")
    code = re.search(r'id="embed-prefill".*?<pre>.*?<code>(.*?)</code>', html, re.S).group(1)
    return unescape(re.sub(r"<[^>]+>", "", code)).strip()


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A second loopback server, on another port (so another origin), for pages that frame the site."""
    folder = tmp_path_factory.mktemp("host")
    base, httpd = serve_folder(folder)

    def page_with(name: str, body: str) -> str:
        (folder / f"{name}.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner page</title></head>'
            f'<body><main><h1>Our procedures</h1><div style="width: 700px">{body}</div></main></body></html>', "utf-8")
        return base + f"{name}.html"

    page_with.folder, page_with.base = folder, base
    yield page_with
    httpd.shutdown()


def in_frame(page, host_url: str, server: str):
    page.goto(host_url)
    frame = page.frame_locator("iframe")
    frame.locator("form[data-calculator]").wait_for()
    inner = next(f for f in page.frames if f.url.startswith(server))
    assert urlsplit(page.url).netloc != urlsplit(inner.url).netloc, "the test must frame another origin"
    return frame, inner


def _form_cases(name, limit=3):
    return [c for c in CASES if c.calculator == name and not c.error and shown(name, c.input)][:limit]


@pytest.mark.parametrize("name", calculators())
def test_each_calculator_has_a_bare_page(site, name):
    html = (site / "embed" / name / "index.html").read_text("utf-8")
    title = schema(name)["title"]
    assert re.search(r'<html lang="en"', html)
    assert f"<title>Calculator: {title} - " in html
    assert re.search(r'<main class="md-main"', html)
    headings = [unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", h)) for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html)]
    assert headings == [title]
    assert html.count(f'<form data-calculator="{name}"') == 1
    assert 'data-boot="lazy"' in html, "a partner's page must not download the engine until it is used"
    assert 'class="calc-title"' not in html, "the page heading already names the calculator"
    assert not [c for c in CHROME if re.search(rf'class="[^"]*\b{c}\b', html)]
    assert '<meta name="robots" content="noindex">' in html


def test_embed_pages_are_out_of_the_nav_and_the_search_index(site, built):
    _, log = built
    assert "embed/" not in log, "not_in_nav must cover the embed pages (MkDocs lists pages missing from the nav)"
    home = (site / "index.html").read_text("utf-8")
    assert 'href="embed/' not in home and "/embed/" not in home
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert locations and not [loc for loc in locations if loc.startswith("embed/")]
    assert [loc for loc in locations if loc.startswith("calculators/notification-period/")]


def test_the_linking_page_gives_a_snippet_for_every_calculator(site, server):
    found = snippets(site)
    assert set(found) == set(calculators())
    for name, snippet in found.items():
        assert snippet.startswith("<iframe ") and snippet.endswith("</iframe>")
        assert attribute(snippet, "src") == server + f"embed/{name}/"
        assert attribute(snippet, "title") == f"Calculator: {schema(name)['title']}"
        assert attribute(snippet, "loading") == "lazy"
        assert int(attribute(snippet, "height")) == embeds.HEIGHTS[name]
        assert (site / "embed" / name / "index.html").exists()


def test_the_snippet_address_follows_the_reader_address_bar(page, site, server, host):
    """Under a version folder (mike) the built site_url is not the page's address: the script corrects it."""
    assert f'src="{server}embed/mappa-category/"' in snippets(site)["mappa-category"]
    # The whole site: the address fix is in assets/javascripts/site.js (no inline script under the policy).
    shutil.copytree(site, host.folder / "2026.1")
    page.goto(host.base + "2026.1/about/linking/")
    code = page.locator(".embed-snippet[data-calculator='mappa-category'] code").inner_text()
    assert f'src="{host.base}2026.1/embed/mappa-category/"' in code


def test_in_an_iframe_on_another_origin_the_calculator_answers(page, context, server, site, host):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    console = []
    # (a missing favicon, or mike's versions.json in a build not made with mike, is no script error)
    page.on("console", lambda m: console.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    url = host("notification-period", snippets(site)["notification-period"])
    frame, inner = in_frame(page, url, server)
    inputs = {"relevant_date": "2024-03-01", "age_on_relevant_date": 17,
              "disposal": "detention_and_training_order", "term": "P8M"}
    top = inner.evaluate("document.querySelector('form').getBoundingClientRect().top + scrollY")
    fill_form(frame, "notification-period", inputs)  # the first touch starts the engine: a progress bar shows
    assert inner.evaluate("document.querySelector('form').getBoundingClientRect().top + scrollY") == top, \
        "the form must not move under the pointer when the calculator starts"
    frame.get_by_role("button", name="Calculate").click()
    headline = frame.locator(".calc-headline")
    headline.wait_for(timeout=60000)
    expected = calculate("notification-period", inputs)
    assert headline.inner_text() == expected["headline"]
    assert frame.locator(".calc-steps li").all_inner_texts() == expected["explanation"]
    assert page.url == url, "the partner's page stays where it was"
    assert "relevant_date=2024-03-01" in inner.url, "the calculation is kept in the frame's own fragment"
    hosts = {urlsplit(u).netloc for u in requests if urlsplit(u).scheme in ("http", "https")}
    assert hosts == {urlsplit(url).netloc, urlsplit(server).netloc}
    assert not console, console


def test_the_documented_prefill_answers_in_a_frame_whose_links_open_a_new_tab(page, context, server, site, host):
    """The linking page's example fragment, on the linking page's snippet: filled in, answered, axe-clean."""
    fragment = prefill_example(site)
    assert fragment.startswith("#relevant_date=")
    snippet = snippets(site)["notification-period"]
    url = host("prefill", snippet.replace(attribute(snippet, "src"), attribute(snippet, "src") + fragment))
    frame, inner = in_frame(page, url, server)
    frame.locator(".calc-headline").wait_for(timeout=60000)
    inputs = dict(pair.split("=", 1) for pair in fragment[1:].split("&"))
    inputs["age_on_relevant_date"] = int(inputs["age_on_relevant_date"])
    expected = calculate("notification-period", inputs)
    assert frame.locator(".calc-headline").inner_text() == expected["headline"]
    assert frame.locator("[name='term-months']").input_value() == "8"
    assert violations(inner) == []

    assert frame.locator(".calc-citations a").count() == len(expected["citations"])
    links = inner.evaluate("""() => [...document.querySelectorAll("a[href]")].map(a => {
        const to = new URL(a.href);
        return {href: a.href, target: a.target, rel: a.rel, text: a.textContent,
                here: to.hash !== "" && to.origin + to.pathname === location.origin + location.pathname};
    })""")
    leaving, in_page = [a for a in links if not a["here"]], [a for a in links if a["here"]]
    assert len(leaving) > len(expected["citations"]) and in_page  # the citations, the disclaimer, the guidance
    for link in leaving:
        assert link["target"] == "_blank" and "noopener" in link["rel"].split(), link
        assert link["text"].endswith("(opens in a new tab)"), link
    assert not [a for a in in_page if a["target"]], "a link within the page stays in the frame"
    with context.expect_page() as opened:
        frame.get_by_role("link", name=re.compile("^disclaimer")).click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == server + "about/disclaimer/"
    tab.close()
    assert page.url == url and inner.url.startswith(server + "embed/notification-period/")


@pytest.mark.parametrize("name", [n for n in calculators() if typable(n)])
def test_a_filled_form_fits_the_recommended_height(page, server, site, host, name):
    """With the snippet's height, at 700 pixels wide, "Calculate" is in view without scrolling the frame."""
    frame, inner = in_frame(page, host(f"fit-{name}", snippets(site)[name]), server)
    cases = _form_cases(name)
    assert cases
    for case in cases:
        frame.get_by_role("button", name="Start again").click()
        fill_form(frame, name, case.input)
        bottom = inner.evaluate("""() => document.querySelector("form button[type=submit]")
                                     .getBoundingClientRect().bottom + window.scrollY""")
        assert bottom <= inner.evaluate("window.innerHeight") == embeds.HEIGHTS[name], case.name
