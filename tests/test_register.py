"""The law register (src/procedures/law/register.toml): complete, well formed, and no older than the pages.

Failure messages say what to do.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from procedures.law import register as law

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
REGISTER = law.load()
PAGES = law.pages_of(DOCS)
CITATIONS = law.citation_urls()
ENTRY = """
[{key}]
title = "{title}"
url = "{url}"
kind = "{kind}"
status = "{status}"
commencements = [{commencements}]
checked = {checked}
"""


def entry(key="x", title="An Act", url="https://www.legislation.gov.uk/ukpga/2003/4", kind="act",
          status="in force", commencements='{ provision = "s.1", date = 2004-01-01, by = "royal assent", note = "" }',
          checked="2026-12-02") -> str:
    return ENTRY.format(key=key, title=title, url=url, kind=kind, status=status, commencements=commencements,
                        checked=checked)


def load_text(tmp_path, text: str) -> dict[str, law.Instrument]:
    path = tmp_path / "register.toml"
    path.write_text(text, "utf-8")
    return law.load(path)


def reviewed(text: str) -> date | None:
    front = re.match(r"---\n(.*?)\n---", text, re.S)
    day = front and re.search(r"^reviewed:\s*(\d{4}-\d{2}-\d{2})", front[1], re.M)
    return date.fromisoformat(day[1]) if day else None


def test_the_register_loads_with_every_field_checked():
    assert REGISTER
    for item in REGISTER.values():
        assert item.kind in law.KINDS and item.status in law.STATUSES and isinstance(item.checked, date)
        assert item.commencements or item.note, f"[{item.id}]: say what was checked"


def test_every_legislation_link_in_the_pages_has_an_entry():
    links = [link for text in PAGES.values() for link in law.links_in(text)]
    assert any("legislation.gov.uk/ukpga/2003/42" in link for link in links)
    missing = law.unmatched(links, REGISTER)
    assert not missing, f"add these instruments to src/procedures/law/register.toml: {missing}"


def test_every_citation_of_the_engine_has_an_entry():
    missing = [cid for cid, url in CITATIONS.items()
               if law.is_instrument_link(url) and not law.instrument_for(url, REGISTER)]
    assert not missing, f"add the instruments these citations point at to register.toml: {missing}"


def test_the_guidance_the_chapter_relies_on_has_entries():
    for key in ("wt2023", "kcsie", "mappa-guidance", "dvds-guidance", "csods-guidance"):
        assert REGISTER[key].kind == "guidance" and REGISTER[key].url.startswith("https://www.gov.uk/"), key


def test_no_page_is_reviewed_later_than_the_instruments_it_cites_were_checked():
    late = []
    for page, text in PAGES.items():
        day = reviewed(text)
        for link in law.links_in(text):
            item = law.instrument_for(link, REGISTER)
            if day and item and item.checked < day:
                late.append(f"{page} (reviewed {day}) cites [{item.id}] (checked {item.checked})")
    assert not late, "re-check these instruments, or do not move the page's reviewed date:\n" + "\n".join(sorted(set(late)))


def test_no_entry_says_not_yet_in_force_after_a_commencement_date_has_passed():
    assert not law.stale(REGISTER, date.today())


def test_a_passed_commencement_on_an_entry_not_yet_in_force_is_found(tmp_path):
    register = load_text(tmp_path, entry(status="not yet in force"))
    assert law.stale(register, date(2026, 12, 2)) == [
        "[x] says 'not yet in force', but 's.1' commenced on 2004-01-01"]
    assert not law.stale(register, date(2003, 12, 31))


def test_an_instrument_address_matches_only_at_a_path_boundary(tmp_path):
    register = load_text(tmp_path, entry(key="a", url="https://www.legislation.gov.uk/ukpga/2003/4")
                         + entry(key="b", url="https://www.legislation.gov.uk/ukpga/2003/42"))
    assert law.instrument_for("https://www.legislation.gov.uk/ukpga/2003/42/section/82", register).id == "b"
    assert law.instrument_for("http://legislation.gov.uk/ukpga/2003/4/section/1", register).id == "a"
    assert law.instrument_for("https://www.legislation.gov.uk/ukpga/2003/4", register).id == "a"
    assert law.instrument_for("https://www.legislation.gov.uk/ukpga/2003/421", register) is None


def test_older_acts_are_matched_by_their_regnal_address():
    item = law.instrument_for("https://www.legislation.gov.uk/ukpga/Geo5/23-24/12/section/1", REGISTER)
    assert item and item.id == "cypa1933"
    assert law.is_instrument_link("https://www.legislation.gov.uk/ukpga/Vict/24-25/100/contents")
    assert not law.is_instrument_link("https://www.legislation.gov.uk/")


def test_dependents_are_worked_out_from_the_links():
    found = law.dependents(REGISTER, PAGES, CITATIONS)
    assert "mappa.md" in found["cja2003"].pages
    assert "soa2003-s82" in found["soa2003"].citations
    assert "mappa.md" not in found["soa1997"].pages


@pytest.mark.parametrize("change, message", [
    ({"status": "repealed"}, "'status' must be one of"),
    ({"kind": "bylaw"}, "'kind' must be one of"),
    ({"checked": '"2026-12-02"'}, "'checked' must be the TOML date"),
    ({"checked": "2026-12-02T10:00:00"}, "'checked' must be the TOML date"),
    ({"url": "https://www.legislation.gov.uk/ukpga/2003/42/section/82"}, "root address"),
    ({"url": "https://example.org/act"}, "root address"),
    ({"title": ""}, "'title' must be non-empty text"),
    ({"commencements": '{ provision = "s.1", date = "soon", by = "x", note = "" }'}, "'date' must be a TOML date"),
    ({"commencements": '{ provision = "s.1", by = "x" }'}, "'note' must be text"),
    ({"commencements": '{ provision = "s.1", by = "x", note = "", when = 1 }'}, "unknown field"),
    ({"commencements": ""}, "give a 'note'"),
])
def test_a_malformed_entry_is_refused_with_its_field_named(tmp_path, change, message):
    with pytest.raises(law.RegisterError, match=re.escape(message)):
        load_text(tmp_path, entry(**change))


def test_a_missing_field_and_a_repeated_address_are_refused(tmp_path):
    with pytest.raises(law.RegisterError, match="'checked'"):
        load_text(tmp_path, entry().replace("checked = 2026-12-02\n", ""))
    with pytest.raises(law.RegisterError, match="the same address"):
        load_text(tmp_path, entry(key="a") + entry(key="b"))


def test_future_and_unconfirmed_commencements(tmp_path):
    register = load_text(tmp_path, entry(commencements=(
        '{ provision = "s.2", date = 2027-03-01, by = "royal assent", note = "" },'
        '{ provision = "s.3", date = 2026-12-02, by = "royal assent", note = "" },'
        '{ provision = "s.4", by = "regulations", note = "" }')))
    assert [c.provision for _, c in law.future(register, date(2026, 12, 2))] == ["s.2"]
    assert [c.provision for _, c in law.future(register, date(2026, 12, 1))] == ["s.3", "s.2"]
    assert [c.provision for _, c in law.unconfirmed(register)] == ["s.4"]


@pytest.mark.parametrize("text, message", [
    ("x = 1\n", "must be a table"),
    (entry() + 'colour = "blue"\n', "unknown field(s) ['colour']"),
    (entry(commencements='"s.1"'), "each commencement must be a table"),
    (entry().replace("commencements = []", "").replace("commencements = [", "commencements = 3 #["), "must be an array"),
    ("[x\n", "not valid TOML"),
])
def test_a_malformed_register_is_refused_with_the_fault_named(tmp_path, text, message):
    with pytest.raises(law.RegisterError, match=re.escape(message)):
        load_text(tmp_path, text)
