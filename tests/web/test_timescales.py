"""The timescales page (issue 11, item 3): one table of practice timescales and one of the time
limits in law, each row linked to its source and its chapter paragraph; chapter paragraphs quote
a practice timescale's period from the data; readable at 390 pixels and in print."""
from __future__ import annotations

import re
import tomllib
from html import unescape
from pathlib import Path

import markdown
import pytest

from procedures.law.citation import cite
from procedures.practice import law, timescales
from procedures_site.markers import MarkerError
from procedures_site.timescales import TimescalesExtension, short_title

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/work/notes/shots")
TIMESCALES = timescales.all_timescales()


def _html(site: Path, docs_path: str) -> str:
    return (site / docs_path.removesuffix(".md") / "index.html").read_text("utf-8")


def _table(site: Path, group: str) -> str:
    page = _html(site, "timescales.md")
    start = page.index(f'data-timescales="{group}"')
    return page[start:page.index("</table>", start)]


def _rows(table: str) -> list[list[str]]:
    return [[unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr role=\"row\">(<td.*?)</tr>", table, re.S)]


def test_the_practice_table_lists_every_timescale_with_its_source_and_paragraph(site):
    table = _table(site, "practice")
    rows = {r[0]: r for r in _rows(table)}
    assert len(rows) == len(TIMESCALES)
    for t in TIMESCALES.values():
        row = rows[t.what]
        assert row[1] == t.period and row[2] == t.starts and row[3] == t.who
        assert row[4] == (short_title(t.citation.title) if t.citation else t.source_words)
        path, _, anchor = t.where.partition("#")
        href = f'href="../{path.removesuffix(".md")}/#{anchor}"'
        assert href in table, f"{t.id}: no link to {t.where}"
        if t.citation:
            assert f'href="{t.citation.url}"' in table


@pytest.mark.parametrize("tid", list(TIMESCALES))
def test_each_paragraph_quotes_its_period_from_the_data(site, tid):
    """The paragraph (with any list it introduces) holds the marker, and the page shows the data's words there."""
    t = TIMESCALES[tid]
    path, _, anchor = t.where.partition("#")
    number = re.escape(anchor.replace("-", "."))
    source = (ROOT / "docs" / path).read_text("utf-8")
    block = re.search(rf"^{number} .*?(?=^\d+\.\d+\.\d+ |^#|\Z)", source, re.M | re.S)[0]
    assert f"<!-- procedures:timescale {tid} -->" in block, f"{t.where} does not quote {tid} through the marker"
    html = _html(site, path)
    start = html.index(">", html.index(f'id="{anchor}"'))
    end = min(i for i in (html.find('class="numbered"', start + 1), html.find("<h2", start)) if i > 0)
    assert t.words in unescape(re.sub(r"<[^>]+>", "", html[start:end]))


def test_a_typed_working_day_figure_is_left_nowhere_in_the_chapter():
    """Working-day periods are only ever practice timescales, so a typed one is a copy that can go stale."""
    typed = {t.words for t in TIMESCALES.values() if t.version.get("unit") == "working day"}
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = re.sub(r"<!--.*?-->", "", page.read_text("utf-8"))
        for words in typed:
            assert words not in text, f"{page.name} types '{words}': quote it with <!-- procedures:timescale ID -->"


def test_the_law_table_lists_every_limit_the_rules_hold_today(site):
    table = _table(site, "law")
    rows = _rows(table)
    assert [(r[0], r[1], r[2]) for r in rows] == [(x.what, x.period, x.who) for x in law.limits()]
    # independently of procedures.practice: every rule's data appears
    rules = ROOT / "src" / "procedures"
    deadline = tomllib.loads((rules / "notification" / "deadline.toml").read_text("utf-8"))
    for key, title in deadline["titles"].items():
        assert [title, deadline[key][-1]["limit"]] in [r[:2] for r in rows]
    bail = tomllib.loads((rules / "bail" / "pre_charge.toml").read_text("utf-8"))
    today = bail["regime"][-1]["id"]
    for step in (s for p in bail["path"] if p["regime"] == today for s in p["steps"]):
        assert re.search(rf'href="{re.escape(cite(step["cite"]).url)}">[^<]*{re.escape(step["section"])}</a>', table)
    orders = tomllib.loads((rules / "orders" / "duration.toml").read_text("utf-8"))["orders"]
    labels = [r[0] for r in rows]
    for order in orders.values():
        assert (order["label"] in labels) == (not order.get("legacy") and "reported_repeal" not in order["version"][-1])
    review = tomllib.loads((rules / "notification" / "review.toml").read_text("utf-8"))
    for row in [*review["qualifying"], review["further"]]:
        assert any(r[1].startswith(f"{row['years']} years") and r[3].endswith(row["source"]) for r in rows)


def test_every_chapter_link_in_the_tables_reaches_its_paragraph(site):
    page = _html(site, "timescales.md")
    for href in set(re.findall(r'href="\.\./([\w-]+)/#([\w-]+)"', page)):
        assert f'id="{href[1]}"' in _html(site, href[0] + ".md"), href


def test_an_unknown_timescale_or_group_fails_the_build():
    md = markdown.Markdown(extensions=[TimescalesExtension()])
    assert md.convert("Within <!-- procedures:timescale lado -->.") == "<p>Within one working day.</p>"
    with pytest.raises(MarkerError, match="unknown timescale 'no-such-timescale'"):
        md.convert("Within <!-- procedures:timescale no-such-timescale -->.")
    with pytest.raises(MarkerError, match="unknown timescales group"):
        md.convert("<!-- procedures:timescales everything -->")


def test_a_timescale_naming_a_missing_paragraph_fails_the_build():
    from procedures_site import timescales as site_timescales

    with pytest.raises(MarkerError, match="no paragraph or section 4.99.1"):
        site_timescales.chapter_link("referral.md#4-99-1")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_tables_read_at_1280_and_390_pixels_and_pass_axe(page, server, width):
    from .test_accessibility import violations

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "timescales/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    label = page.locator("table.timescales td[data-label='Period']").first
    shown = label.evaluate("td => getComputedStyle(td, '::before').content")
    assert (shown == '"Period"') == (width == 390), shown  # the column's name shows only on a card
    assert violations(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-timescales='practice']").screenshot(path=str(SHOTS / f"timescales-{width}.png"))
    page.screenshot(path=str(SHOTS / f"timescales-page-{width}.png"), full_page=True)


def test_the_tables_print_as_tables(page, server):
    page.goto(server + "timescales/")
    page.emulate_media(media="print")
    assert page.locator("table.timescales").first.evaluate("t => getComputedStyle(t).display") == "table"
    assert page.locator("table.timescales thead").first.evaluate("t => getComputedStyle(t).position") != "absolute"
