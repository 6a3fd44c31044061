"""The Content-Security-Policy (``procedures_site.postbuild.csp``): one policy, the same in every page,
first in ``<head>`` after the charset; every page and every calculator works under it with no violation
and no request to any origin but the one serving the site (even when site_url names another); an
injected inline script, style attribute, image or connection is refused; axe still finds nothing.

The browser records violations with a listener added before any page script runs; a violation in a
page is a ``securitypolicyviolation`` event on its document.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from procedures import calculate
from procedures_site import BuildError
from procedures_site.build import build
from procedures_site.config import Options
from procedures_site.postbuild import csp, offline
from procedures_site.postbuild.html import Page, pages
from procedures_site.serve import serve_folder
from web.test_accessibility import AXE, pages_of, violations
from web.test_offline import OFFLINE_CASES, bundle, engine_inputs  # noqa: F401 (bundle: a fixture)

# site_url for a build served from somewhere else: nothing may be asked of it.
FOREIGN = "https://procedures.example.org/"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI,
                             sample: event.sample, source: event.sourceFile, line: event.lineNumber });
});
"""


def policy_of(text: str) -> str:
    found = META.findall(text)
    assert len(found) == 1, f"{len(found)} policies"
    return found[0]


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def fragment(name: str) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in OFFLINE_CASES[name].items())


class Injected:
    """A page whose ``add_script_tag(path=...)`` runs the file through the DevTools protocol, which the
    page's policy does not govern: axe-core cannot be added as an inline <script> to a page that
    refuses inline scripts (``violations`` from test_accessibility does exactly that)."""

    def __init__(self, page):
        self._page = page

    def add_script_tag(self, path: str):
        self._page.evaluate(Path(path).read_text("utf-8"))

    def evaluate(self, *args):
        return self._page.evaluate(*args)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """(folder, address) of the national edition built for FOREIGN and served on loopback."""
    folder = tmp_path_factory.mktemp("elsewhere")
    url, httpd = serve_folder(folder)
    try:
        build(folder, Options(site_url=FOREIGN))
    except BuildError as exc:
        httpd.shutdown()
        pytest.fail(f"the build failed:\n{exc}")
    yield folder, url
    httpd.shutdown()


@pytest.fixture
def watched(browser):
    """A fresh context that records policy violations and every request to another origin (and refuses it)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(LISTEN)
    ctx.offsite, ctx.local = [], None

    def refuse(route):
        ctx.offsite.append(route.request.url)
        route.abort()

    ctx.route(lambda url: ctx.local is not None and not url.startswith(ctx.local)
              and urlsplit(url).scheme not in ("data", "blob"), refuse)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    yield page
    ctx.close()


# ---- the policy in the built pages -------------------------------------------------------------

def test_every_page_has_the_same_policy_straight_after_its_charset(site):
    found = {}
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        head = text[text.index("<head>"):text.index("</head>")]
        first = re.search(r"<meta charset=\"utf-8\">\s*(<[^>]+>)", head)
        assert first and first.group(1).startswith('<meta http-equiv="Content-Security-Policy"'), path
        found[path.relative_to(site).as_posix()] = policy_of(text)
    assert len(found) > 30 and len(set(found.values())) == 1, set(found.values())
    assert (site / csp.POLICY_FILE).read_text("utf-8").strip() == next(iter(found.values()))


def test_the_policy_allows_files_of_the_site_and_listed_scripts_only(site):
    policy = directives(policy_of((site / "index.html").read_text("utf-8")))
    scripts = policy.pop("script-src")
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert scripts[2:] and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", h) for h in scripts[2:])
    assert policy == {"default-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
                      "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
                      "form-action": ["'none'"]}


def test_the_hashes_are_those_of_the_inline_scripts_the_pages_hold(site):
    built = pages(site)
    listed = directives(policy_of(built[0].text))["script-src"][2:]
    inline = {s for page in built for s in csp.inline_scripts(page)}
    assert sorted(listed) == sorted({csp.sha256(s) for s in inline})
    # What stays inline: the theme's own early scripts (its storage helpers, whose text names the
    # page's depth, and the tab-from-address check) and the calculator pages' early worker start.
    kinds = {("theme" if s.startswith(("__md_scope=", "var target=")) else
              "early worker" if "window.proceduresEarlyWorker" in s else s[:60]) for s in inline}
    assert kinds == {"theme", "early worker"}
    assert len([s for s in inline if "window.proceduresEarlyWorker" in s]) == 1  # one text on every calculator


def test_inline_style_and_handlers_stop_the_build():
    def page(body: str) -> Page:
        text = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'
        return Page(Path("x.html"), "x.html", text, text)

    for body, words in [('<p style="color: red">x</p>', "style attribute"), ("<style>p{}</style>", "<style>"),
                        ('<a href="#" onclick="go()">x</a>', "onclick"),
                        ('<a href="javascript:go()">x</a>', "javascript:")]:
        with pytest.raises(BuildError, match=re.escape(words)):
            csp.inline_scripts(page(body))
    # Data in a script of another type: instant navigation would run it as code.
    with pytest.raises(BuildError, match="keep data in an attribute"):
        csp.inline_scripts(page('<script type="application/json">{"a": 1}</script>'))
    # Text that only looks like markup (a snippet shown as code) is not refused; the theme's settings are data.
    shown = page('<code>&lt;iframe style="border: 0"&gt;</code>'
                 '<script id="__config" type="application/json">{"a": 1}</script><script>go()</script>')
    assert csp.inline_scripts(shown) == ["go()"]


def test_the_offline_policy_allows_file_pages_and_the_blob_worker_and_no_connection():
    policy = directives(csp.offline_policy(["'sha256-x'"]))
    assert policy["script-src"] == ["'self'", "file:", "'wasm-unsafe-eval'", "'sha256-x'"]
    assert policy["worker-src"] == ["blob:"] and policy["connect-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'", "file:"] and policy["object-src"] == ["'none'"]


def test_the_offline_copy_has_its_policy_with_the_search_shim_s_script_and_its_own_report_page(bundle):  # noqa: F811
    _, folder = bundle
    built = pages(folder, directory_urls=False)
    assert len({policy_of(page.text) for page in built}) == 1
    policy = directives(policy_of(built[0].text))
    assert policy["worker-src"] == ["blob:"] and policy["connect-src"] == ["'none'"]
    shim = offline.shim_scripts(built)
    assert shim and all(csp.sha256(s) in policy["script-src"] for s in shim)
    assert all(s.startswith("postMessage=function c(") and "search." in s for s in shim)
    assert not (folder / csp.POLICY_FILE).exists()  # no host to send it
    mappa = (folder / "mappa.html").read_text("utf-8")
    assert '<meta name="report-problem" content="about/privacy.html#report-a-problem">' in mappa
    assert '<a href="about/privacy.html#report-a-problem">Report a problem</a>' in mappa
    assert 'rel="alternate"' not in mappa  # no feed to offer, and nothing for the theme to fetch


# ---- in the browser ----------------------------------------------------------------------------

def test_every_page_and_calculator_works_with_no_violation_and_nothing_asked_elsewhere(watched, elsewhere):
    """Built for another address (FOREIGN) and served from loopback, as a copy of the site would be."""
    folder, url = elsewhere
    watched.context.local = url
    problems, answered = {}, []
    for path in pages_of(folder) + ["404.html"]:
        name = path.removeprefix("calculators/").rstrip("/")
        if path.startswith("calculators/") and name in OFFLINE_CASES:
            watched.goto(url + path + "#" + fragment(name))
            headline = watched.locator(".calc-headline")
            headline.wait_for(timeout=90000)
            assert headline.inner_text() == calculate(name, engine_inputs(OFFLINE_CASES[name]))["headline"], name
            answered.append(name)
        else:
            watched.goto(url + path, wait_until="networkidle")
        found = watched.evaluate("window.__violations")
        if found:
            problems[path or "/"] = found
    assert sorted(answered) == sorted(OFFLINE_CASES)
    assert not problems, problems
    assert watched.context.offsite == [], watched.context.offsite
    assert not watched.errors, watched.errors
    assert not [m for m in watched.console if "Content Security Policy" in m or "procedures.example.org" in m]


def test_no_page_asks_site_url_for_anything(elsewhere):
    """The feed's link is relative: the theme fetches sitemap.xml beside it, from the site itself."""
    folder, _ = elsewhere
    for path in folder.rglob("*.html"):
        text = path.read_text("utf-8")
        for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", text):
            if "canonical" in tag:
                continue  # an address for search engines, never fetched
            assert FOREIGN not in tag and "procedures.example.org" not in tag, (path, tag)
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                     (folder / "mappa" / "index.html").read_text("utf-8"))
    assert feed and feed.group(1) == "../feed.xml"


def test_an_injected_inline_script_style_image_or_connection_is_refused(watched, server):
    watched.context.local = server
    watched.goto(server + "mappa/", wait_until="networkidle")
    assert watched.evaluate("window.__violations") == []
    result = watched.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true;";
      document.head.appendChild(script);
      const styled = document.createElement("p");
      styled.setAttribute("style", "color: rgb(255, 0, 0)");
      styled.textContent = "styled";
      document.body.appendChild(styled);
      const image = new Image();
      image.src = "https://elsewhere.example.org/pixel.png";
      fetch("https://elsewhere.example.org/data.json").catch(() => null);
      return { injected: window.injected === true, colour: getComputedStyle(styled).color };
    }""")
    watched.wait_for_function("() => window.__violations.length >= 4")  # a function: the policy refuses eval
    found = watched.evaluate("window.__violations")
    assert result["injected"] is False and result["colour"] != "rgb(255, 0, 0)"
    assert {v["directive"] for v in found} >= {"script-src-elem", "style-src-attr", "img-src", "connect-src"}
    assert watched.evaluate("window.injected") is None
    assert watched.context.offsite == []


def test_instant_navigation_keeps_the_one_policy_and_a_calculator_answers(watched, server):
    watched.context.local = server
    watched.goto(server + "calculators/", wait_until="networkidle")
    watched.evaluate("window.stillTheSameDocument = true")
    watched.locator("article a[href$='/calculators/order-duration/']").first.click()
    watched.wait_for_url(server + "calculators/order-duration/")
    assert watched.evaluate("window.stillTheSameDocument") is True  # the theme swapped the page in
    watched.evaluate(f"location.hash = {('#' + fragment('order-duration'))!r}")
    headline = watched.locator(".calc-headline")
    headline.wait_for(timeout=90000)
    expected = calculate("order-duration", engine_inputs(OFFLINE_CASES["order-duration"]))["headline"]
    assert headline.inner_text() == expected
    assert watched.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert watched.evaluate("window.__violations") == []
    assert not watched.errors, watched.errors


def test_axe_finds_nothing_under_the_policy(watched, server):
    watched.context.local = server
    for path in ("mappa/", "about/privacy/", "calculators/pre-charge-bail/#" + fragment("pre-charge-bail")):
        watched.goto(server + path, wait_until="networkidle")
        if "#" in path:
            watched.locator(".calc-headline").wait_for(timeout=90000)
        assert violations(Injected(watched)) == [], path
        assert watched.evaluate("window.__violations") == [], path


def test_axe_cannot_be_added_as_an_inline_script(watched, server):
    """Why the tests above give axe-core to the page through DevTools: the policy refuses the
    inline <script> that Playwright's add_script_tag writes."""
    watched.goto(server + "mappa/")
    with pytest.raises(Exception, match="Content Security Policy"):
        watched.add_script_tag(path=str(AXE))
