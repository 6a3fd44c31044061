"""The law register in the built site: the register page, the "Changes coming" notes, and the
refusals of ``publish.check`` when the register is out of date."""
from __future__ import annotations

import dataclasses
import html
import re
from datetime import date, timedelta
from pathlib import Path

import markdown
import pytest

from procedures.law import register as law
from procedures_site import publish
from procedures_site.postbuild import coming
from procedures_site.postbuild.html import CONTENT_END, pages
from procedures_site.register import render

ROOT = Path(__file__).resolve().parents[2]
REGISTER = law.load()
NOTE = re.compile(r'<aside class="[^"]*\bchanges-coming\b[^"]*"')


def _reopened(site: Path):
    """The built pages with the content end marker put back (the build removes it when it is done)."""
    built = pages(site)
    for page in built:
        at = page.text.find('<aside class="page-review"')
        at = at if at >= 0 else page.text.find("</article>")
        if at >= 0:
            page.text = page.text[:at] + CONTENT_END + page.text[at:]
    return built


def _cited(page) -> set[str]:
    return {item.id for link in law.links_in(page.content()) if (item := law.instrument_for(link, REGISTER))}


def test_the_register_page_lists_every_instrument(site):
    text = (site / "law" / "index.html").read_text("utf-8")
    links = set(re.findall(r'href="([^"]+)"', text))
    missing = [item.id for item in REGISTER.values() if item.url not in links]
    assert not missing, f"the register page does not link to: {missing}"
    assert 'id="coming-into-force"' in text and 'id="not-confirmed"' in text
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())
    missing = [c.provision for _, c in law.unconfirmed(REGISTER) if " ".join(c.provision.split()) not in words]
    assert not missing, f"the register page does not list these unconfirmed commencements: {missing}"


def test_the_register_page_is_under_reference_in_the_navigation(site):
    assert 'href="law/"' in (site / "changes" / "index.html").read_text("utf-8").replace("../law/", "law/")


def test_a_changes_coming_note_appears_exactly_where_an_instrument_has_a_future_commencement(site):
    due = {item.id for item, _ in law.future(REGISTER, date.today())}
    for page in _reopened(site):
        if page.url.startswith(("embed/", "law/")):
            continue
        expected = bool(_cited(page) & due)
        assert bool(NOTE.search(page.text)) == expected, page.url


def test_with_a_commencement_in_the_future_the_pages_citing_it_get_the_note(site):
    """A temporary register: a provision of the Criminal Justice Act 2003 due in 30 days."""
    on = date(2026, 12, 2)
    cja = REGISTER["cja2003"]
    soon = law.Commencement("s.327 (a change for this test)", on + timedelta(days=30), "royal assent", "")
    register = {**REGISTER, "cja2003": dataclasses.replace(cja, commencements=cja.commencements + (soon,))}
    built = [p for p in _reopened(site) if p.url and not p.url.startswith(("embed/", "law/"))]
    changed = {p.url for p in coming.run(built, register, on)}
    assert changed == {p.url for p in built if "cja2003" in _cited(p)}
    assert "mappa/" in changed and "glossary/" not in changed
    mappa = next(p for p in built if p.url == "mappa/")
    aside = NOTE.search(mappa.text)
    block = mappa.text[aside.start(): mappa.text.index("</aside>", aside.start())]
    assert '<time datetime="2027-01-01">' in block and "procedures-site:law.md" in block
    assert "style=" not in block and "<script" not in block
    assert mappa.text.index("</h1>") < aside.start() < mappa.text.index('id="7-1-1"')
    assert not coming.run(built, register, on), "a page gets one note, however often the step runs"


def test_the_coming_into_force_section_lists_dates_after_the_build_day():
    found = law.dependents(REGISTER, {}, {})
    before = render(REGISTER, found, date(2026, 1, 1))
    after = render(REGISTER, found, date(2026, 12, 2))
    section = before.split("## Coming into force", 1)[1].split("### Commencement not confirmed")[0]
    assert '<time datetime="2026-03-22">' in section and "Sentencing Act 2026" in section
    assert "No provision that this edition relies on" in after
    converted = markdown.Markdown(extensions=["attr_list", "tables", "toc"]).convert(after)
    assert converted.count("<table>") == len({i.kind for i in REGISTER.values()})


def _register_copy(tmp_path, text: str) -> Path:
    path = tmp_path / "register.toml"
    path.write_text(text, "utf-8")
    return path


def test_publishing_refuses_an_instrument_checked_before_the_review_date(tmp_path):
    text = law.REGISTER.read_text("utf-8")
    older = re.sub(r"^checked = \d{4}-\d{2}-\d{2}$", "checked = 2020-01-01", text, count=1, flags=re.M)
    problem = publish.check("2026.1", register=_register_copy(tmp_path, older))
    assert problem and "last checked before the edition's review date" in problem and "[soa2003]" in problem


def test_publishing_refuses_an_entry_not_yet_in_force_after_its_date(tmp_path):
    text = law.REGISTER.read_text("utf-8") + """
[test-act]
title = "An Act for this test"
url = "https://www.legislation.gov.uk/ukpga/2099/1"
kind = "act"
status = "not yet in force"
commencements = [{ provision = "s.1", date = 2026-01-01, by = "royal assent", note = "" }]
checked = 2026-12-02
"""
    problem = publish.check("2026.1", register=_register_copy(tmp_path, text))
    assert problem and "still says 'not yet in force'" in problem and "[test-act]" in problem


def test_publishing_accepts_the_register_as_it_is():
    assert publish.check_law() is None
    assert publish.review_date(ROOT / "docs") <= min(item.checked for item in REGISTER.values())


@pytest.mark.parametrize("bad", ["not toml [", '[x]\ntitle = "t"\n'])
def test_publishing_refuses_a_malformed_register(tmp_path, bad):
    assert "malformed" in publish.check_law(_register_copy(tmp_path, bad))
