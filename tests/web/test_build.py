"""The site's build (src/procedures_site): no hooks, our extensions and post-build step, and serve.

The extensions are tested here on their own (the strict build in test_docs.py tests them on the
real pages); ``serve`` is run as ``scripts/serve`` runs it and asked for what the post-build step writes.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import markdown
import pytest

import procedures
from procedures_site import BuildError, config
from procedures_site.markers import MarkerError
from procedures_site.postbuild import links
from procedures_site.postbuild.html import pages
from procedures_site.urls import page_url, relative

ROOT = Path(__file__).resolve().parents[2]
OURS = ["procedures_site.tables", "procedures_site.calculators", "procedures_site.glossary",
        "procedures_site.local", "procedures_site.paragraphs", "procedures_site.register",
        "procedures_site.timescales", "procedures_site.actions", "procedures_site.flowcharts"]


def render(text: str, extensions=OURS) -> str:
    return markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "def_list", "admonition",
                                         *extensions]).convert(text)


def test_the_configuration_has_no_hooks_and_lists_our_extensions():
    source = config.source()
    assert "hooks" not in source
    listed = [e if isinstance(e, str) else next(iter(e)) for e in source["markdown_extensions"]]
    assert [e for e in listed if e.startswith("procedures_site.")] == OURS
    assert {"src", "calculators", "partnerships"} <= set(source["watch"])


def test_no_python_under_overrides():
    """A builder that copies the theme folder into the site (Zensical does) must find no code there."""
    assert not list((ROOT / "overrides").rglob("*.py"))


@pytest.mark.parametrize("marker", ["<!-- procedures:nope -->", "<!-- procedures:table nope -->",
                                    "<!-- procedures:calculator nope -->",
                                    "<!-- procedures:calculator mappa-category somewhere -->",
                                    "<!-- local:nope -->"])
def test_an_unknown_marker_fails(marker):
    with pytest.raises(MarkerError):
        render(f"Text.\n\n{marker}\n")


def test_a_marker_no_enabled_extension_fills_fails():
    with pytest.raises(MarkerError, match="no enabled extension"):
        render("<!-- procedures:glossary -->\n", ["procedures_site.tables"])


def test_each_marker_becomes_its_content():
    html = render("<!-- procedures:table mappa-categories -->\n\n<!-- procedures:calculator mappa-category -->\n\n"
                  "<!-- procedures:glossary -->\n\n<!-- local:lado -->\n")
    caption = procedures.tables()["mappa-categories"].caption
    assert f"<strong>{caption}</strong>" in html and 'data-table="mappa-categories"' in html
    assert 'data-calculator-root="mappa-category"' in html and 'data-boot="lazy"' in html
    assert "<dt>MAPPA</dt>" in html and 'class="admonition local"' in html
    assert 'href="procedures-site:mappa.md"' in html  # the tables link, for postbuild.links


def test_a_calculator_s_place_decides_its_heading_and_start():
    chapter, own, frame = (render(f"<!-- procedures:calculator mappa-category {p} -->\n")
                           for p in ("chapter", "standalone", "frame"))
    assert 'class="calc-title"' in chapter and 'data-boot="lazy"' in chapter
    assert 'class="calc-title"' not in own and 'data-boot="eager"' in own
    assert 'class="calc-title"' not in frame and 'data-boot="lazy"' in frame


def test_numbered_paragraphs_get_anchors_and_a_repeated_number_fails():
    html = render("7.3.2 A paragraph.\n\nNot 7.3.3 numbered.\n\nA.1.2 Appendix.\n")
    assert re.findall(r'<p id="([^"]+)" class="numbered"><a class="paranum" href="#\1"', html) == ["7-3-2", "A-1-2"]
    with pytest.raises(BuildError, match="7.3.2 is numbered twice"):
        render("7.3.2 One.\n\n7.3.2 Two.\n")


@pytest.mark.parametrize("src, directory, url", [
    ("index.md", True, ""), ("mappa.md", True, "mappa/"), ("calculators/index.md", True, "calculators/"),
    ("embed/x.md", True, "embed/x/"), ("mappa.md", False, "mappa.html"), ("index.md", False, "index.html"),
    ("assets/x.svg", True, "assets/x.svg")])
def test_page_addresses(src, directory, url):
    assert page_url(src, directory) == url


@pytest.mark.parametrize("url, here, expected", [
    ("notification/", "calculators/notification-period/", "../../notification/"), ("", "mappa/", "../"),
    ("mappa/", "", "mappa/"), ("assets/a.svg", "embed/x/", "../../assets/a.svg"),
    ("mappa.html", "calculators/", "../mappa.html")])
def test_relative_addresses(url, here, expected):
    assert relative(url, here) == expected


def test_generated_links_are_made_relative_and_a_missing_target_fails(tmp_path):
    (tmp_path / "mappa").mkdir()
    (tmp_path / "mappa" / "index.html").write_text('<a href="procedures-site:index.md#top">home</a>')
    (tmp_path / "index.html").write_text('<a id="top" data-x="procedures-site:mappa.md">MAPPA</a>')
    built = pages(tmp_path)
    links.run(built, True)
    assert [p.text for p in built] == ['<a id="top" data-x="mappa/">MAPPA</a>', '<a href="../#top">home</a>']
    (tmp_path / "index.html").write_text('<a data-x="procedures-site:mappa.md">MAPPA</a>')  # no id "top" now
    with pytest.raises(BuildError, match="'index.md#top', but page index.md has no anchor 'top'"):
        links.run(pages(tmp_path), True)
    (tmp_path / "index.html").write_text('<a href="procedures-site:gone.md">gone</a>')
    with pytest.raises(BuildError, match="'gone.md', which this build lacks"):
        links.run(pages(tmp_path), True)
    (tmp_path / "index.html").write_text("<p><!-- local:lado --></p>")
    with pytest.raises(BuildError, match="was not filled"):
        links.run(pages(tmp_path), True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read()


def test_serve_builds_serves_what_the_post_build_step_writes_and_rebuilds_on_change():
    address = f"127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "procedures_site", "serve", "--dev-addr", address], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "Serving the site" in server.stdout.readline()
        base = f"http://{address}/"
        wheel = f"assets/calculators/procedures-{procedures.__version__}-py3-none-any.whl"
        assert _get(base + wheel)[:2] == b"PK"
        assert b"<feed" in _get(base + "feed.xml")
        assert json.loads(_get(base + "links.json"))["pages"]["mappa/"]
        watched = ROOT / "docs" / "index.md"
        os.utime(watched)  # a change as an editor's save makes it, without changing the text
        deadline = time.monotonic() + 120
        line = ""
        while "rebuilt" not in line and time.monotonic() < deadline:
            line = server.stdout.readline()
        assert "serve: rebuilt" in line
        assert b"<feed" in _get(base + "feed.xml")
    finally:
        server.terminate()
        server.wait(timeout=30)
