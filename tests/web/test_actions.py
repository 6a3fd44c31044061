"""The built "What to do if" pages, key actions and national contacts (procedures_site.actions):
complete, linked to anchors that exist, in the link manifest, readable with JavaScript off, and
passing axe on a wide and a narrow screen."""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import textstat

from procedures_site import config, content
from web.test_accessibility import violations

CHAPTER = [Path(p).stem for p in next(e["The chapter"] for e in config.source()["nav"]
                                      if isinstance(e, dict) and "The chapter" in e)]
SITUATIONS = list(content.situations())
# The readability ceiling for an action (Flesch-Kincaid grade, textstat 0.7.8), as the issue asks.
GRADE = 8


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def ids(text: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', text))


def block(text: str, css_class: str) -> str:
    """The HTML of the first <div class="css_class">, to its matching end tag."""
    start = text.index(f'<div class="{css_class}">')
    depth, pos = 0, start
    for tag in re.finditer(r"<(/?)div\b", text[start:]):
        depth += -1 if tag[1] else 1
        if depth == 0:
            pos = start + tag.end()
            break
    return text[start:pos]


def resolves(site: Path, page_url: str, href: str) -> bool:
    """Whether a relative link from the page at ``page_url`` lands on an existing page and id."""
    target = urlsplit(urljoin("http://x/" + page_url, href))
    path = target.path.lstrip("/")
    file = site / path / "index.html" if not path.endswith(".html") else site / path
    return file.is_file() and (not target.fragment or target.fragment in ids(file.read_text("utf-8")))


@pytest.mark.parametrize("stem", CHAPTER)
def test_every_chapter_page_has_3_to_6_key_actions_whose_links_resolve(site, stem):
    box = block(html(site, stem), "key-actions")
    items = re.findall(r"<li>(.*?)</li>", box, re.S)
    assert 3 <= len(items) <= 6, stem
    for item in items:
        assert 'class="step-who"' in item and 'class="step-when"' in item, item
        links = re.findall(r'class="key-action-see" href="([^"]+)"', item)
        assert len(links) == 1 and links[0].startswith("#"), item  # a paragraph below, on the same page
        assert links[0][1:] in ids(html(site, stem)), f"{stem}: {links[0]}"


@pytest.mark.parametrize("ident", SITUATIONS)
def test_every_situation_page_has_steps_who_when_contacts_and_chapter_links(site, ident):
    url = f"what-to-do/{ident}/"
    text = html(site, url)
    data = content.situations()[ident]
    assert re.search(r"<h1[^>]*>What to do if ", text)
    steps = re.findall(r"<li>(.*?)</li>", block(text, "situation-steps"), re.S)
    assert len(steps) == len(data["steps"])
    assert all('class="step-who"' in s and 'class="step-when"' in s for s in steps)
    assert len(re.findall(r"<li>", block(text, "situation-dont"))) == len(data["dont"])
    contacts = text[text.index('id="who-to-contact"'):text.index('id="read-more"')]
    national = [c for c in data["contacts"] if not c.startswith("local:")]
    assert contacts.count("<li><strong>") == len(national)
    assert contacts.count('class="admonition local"') == len(data["contacts"]) - len(national)
    see = re.findall(r'<a href="([^"]+)">', block(text, "situation-see"))
    assert len(see) == len(data["see"]) and all(resolves(site, url, href) for href in see), see
    body = block(text, "situation")
    for href in re.findall(r'href="([^"]+)"', body):
        if not urlsplit(href).scheme and not href.startswith("#"):
            assert resolves(site, url, href), f"{ident}: {href}"
    if data.get("calculator"):
        assert f'href="../../calculators/{data["calculator"]}/"' in text


def test_the_index_lists_every_situation_in_order(site):
    text = html(site, "what-to-do")
    listed = re.findall(r'<a href="([\w-]+)/">', block(text, "situation-index"))
    assert listed == SITUATIONS


def test_the_contacts_page_lists_every_national_contact_with_its_check(site):
    text = unescape(html(site, "contacts"))
    for ident, contact in content.contacts().items():
        assert f'<h2 id="{ident}">{contact["name"]}' in text
        assert contact["source"] in text
    assert text.count("Checked</dt>") == len(content.contacts())


def test_situations_and_contacts_join_the_link_manifest(site):
    pages = json.loads((site / "links.json").read_text("utf-8"))["pages"]
    for ident in SITUATIONS:
        assert {"do-this-now", "do-not", "who-to-contact", "read-more"} <= set(pages[f"what-to-do/{ident}/"])
    assert set(content.contacts()) <= set(pages["contacts/"])
    assert all("key-actions" in pages[f"{stem}/"] for stem in CHAPTER)


def test_key_actions_read_at_grade_8_or_below():
    """Each action at grade 8 or below, or, where a name (a court order, a scheme) cannot be made
    simpler, the mean of all of them."""
    grades = {a["do"]: textstat.flesch_kincaid_grade(a["do"]) for actions in content.key_actions().values()
              for a in actions}
    mean = sum(grades.values()) / len(grades)
    over = {text: grade for text, grade in grades.items() if grade > GRADE}
    assert not over or mean <= GRADE, f"mean {mean:.1f}; over {GRADE}: {over}"


@pytest.fixture
def no_js(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_readable_with_javascript_off(no_js, server):
    """Static HTML: the steps, the contacts and the key actions are there without any script."""
    ident = SITUATIONS[0]
    no_js.goto(server + f"what-to-do/{ident}/")
    assert no_js.locator("h1").inner_text().startswith("What to do if")
    steps = no_js.locator(".situation-steps li")
    assert steps.count() == len(content.situations()[ident]["steps"]) and steps.first.is_visible()
    assert no_js.locator("#who-to-contact").is_visible()
    no_js.goto(server + "referral/")
    assert no_js.locator(".key-actions li").first.is_visible()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["what-to-do/", "referral/", "contacts/", "situation"])
def test_axe_on_a_situation_the_index_the_contacts_and_a_chapter_page(page, server, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + (f"what-to-do/{SITUATIONS[0]}/" if path == "situation" else path))
    assert violations(page) == []
    # Nothing wider than the screen at 390 pixels (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
