"""Flowcharts (issue 11, item 4): content/flowcharts/*.toml checked and drawn by
procedures_site.flowchart, and listed by procedures_site.flowcharts.  The built pages are tested in
tests/web/test_flowcharts.py."""
from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from procedures_site import flowchart as fc
from procedures_site import flowcharts
from procedures_site.content import CONTENT

CHARTS = sorted((CONTENT / "flowcharts").glob("*.toml"))
SVG = "{http://www.w3.org/2000/svg}"


def write(tmp_path: Path, steps: str, name: str = "route") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text('title = "A route"\n' + textwrap.dedent(steps), "utf-8")
    return path


LOOP = """
[[steps]]
id = "ask"
kind = "action"
text = "Ask for the plan."
next = "plan"

[[steps]]
id = "plan"
kind = "decision"
text = "Is there a plan?"
yes = "done"
no = "wait"

[[steps]]
id = "wait"
kind = "action"
text = "Wait a week."
next = "ask"

[[steps]]
id = "done"
kind = "end"
text = "Follow the plan."
"""


def bands(svg: str) -> list[ET.Element]:
    """Each <svg> of a chart, parsed as XML."""
    return [ET.fromstring(part) for part in re.findall(r"<svg\b.*?</svg>", svg, re.S)]


def svg_steps(svg: str) -> list[tuple[int, str]]:
    """(number, words) of each box, read back from the SVG's text lines."""
    found = []
    for band in bands(svg):
        for text in band.iter(SVG + "text"):
            if text.get("class") != "fc-text":
                continue
            num = text.find(SVG + "tspan")
            if num is not None:
                found.append([int(num.text.rstrip(".")), (num.tail or "").strip()])
            else:
                found[-1][1] += " " + text.text.strip()
    return [(n, " ".join(words.split())) for n, words in found]


class _List(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._in = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li":
            self.items.append((a["id"], ""))
        if tag == "a" and self.items:
            self.links.append(a["href"])

    def handle_data(self, data):
        if self.items:
            ident, text = self.items[-1]
            self.items[-1] = (ident, text + data)


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_every_step_is_in_the_picture_and_the_list_with_the_same_number(path):
    chart = fc.load(path)
    svg = fc.svg(chart)
    assert svg_steps(svg) == [(n, s.text) for n, s in enumerate(chart.steps, 1)]
    parser = _List()
    parser.feed(flowcharts.steps_list(chart))
    assert [i for i, _ in parser.items] == [f"{chart.id}-step-{n}" for n in range(1, len(chart.steps) + 1)]
    for (_, words), step in zip(parser.items, chart.steps):
        assert words.startswith(step.text)
        if step.kind == "decision":
            yes, no = chart.number(step.yes), chart.number(step.no)
            assert f"If yes, go to step {yes}; if no, go to step {no}." in words
    # Every "go to step N" lands on an item of the list; every paragraph link is a docs path.
    steps = [h for h in parser.links if h.startswith("#")]
    assert set(steps) <= {f"#{i}" for i, _ in parser.items}
    assert all(re.fullmatch(r"procedures-site:[a-z-]+\.md#[0-9A-Z-]+", h) for h in set(parser.links) - set(steps))


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_the_picture_is_narrow_self_contained_deterministic_svg(path):
    chart = fc.load(path)
    svg = fc.svg(chart)
    assert svg == fc.svg(fc.load(path))
    parts = bands(svg)
    assert len(parts) >= 2
    for band in parts:
        assert band.get("aria-hidden") == "true"
        x, y, w, h = map(float, band.get("viewBox").split())
        assert (x, w) == (0, fc.WIDTH) and h > 0
        for el in band.iter():
            assert "style" not in el.attrib, "the Content-Security-Policy refuses style attributes"
            assert not any("href" in k for k in el.attrib), "no links or external references in the picture"
    # The bands tile the drawing from top to bottom with no gap or overlap.
    boxes = [tuple(map(float, b.get("viewBox").split())) for b in parts]
    for (_, y0, _, h0), (_, y1, _, _) in zip(boxes, boxes[1:]):
        assert y0 + h0 == pytest.approx(y1)
    # 15 units in a 360-unit picture shown about 358 px wide (a 390 px screen) is 14 px or more.
    assert fc.FONT * 358 / fc.WIDTH >= 14


@pytest.mark.parametrize("path", CHARTS, ids=lambda p: p.stem)
def test_no_line_of_text_is_wider_than_its_box(path):
    boxes, _, _, _ = fc.layout(fc.load(path))
    for b in boxes:
        inset = fc.PAD_X + (fc.POINT if b.step.kind == "decision" else 0)
        assert b.x >= 0 and b.x + b.w <= fc.WIDTH
        assert " ".join(b.lines) == f"{b.number}. {b.step.text}"
        for i, line in enumerate(b.lines):
            assert fc.line_width(line, i == 0) <= b.w - 2 * inset, (b.number, line)
    # Boxes never overlap one another.
    for a in boxes:
        for b in boxes:
            assert a is b or not fc._overlap((a.x, a.y, a.x + a.w, a.bottom), (b.x, b.y, b.x + b.w, b.bottom))


def test_a_long_line_is_wrapped_by_the_metric():
    lines = fc.wrap("word " * 40, 200, "1.")
    assert len(lines) > 1
    assert all(fc.line_width(line, i == 0) <= 200 for i, line in enumerate(lines))
    assert fc.text_width("mmmm") > fc.text_width("iiii")


def test_an_arrow_to_an_unknown_step_names_the_file_and_the_step(tmp_path):
    path = write(tmp_path, LOOP.replace('next = "ask"', 'next = "asks"'))
    with pytest.raises(fc.FlowchartError, match=r"route\.toml: step 'wait' points to 'asks', which is not a step"):
        fc.load(path)


def test_a_step_no_arrow_reaches_is_refused(tmp_path):
    path = write(tmp_path, LOOP + '\n[[steps]]\nid = "stray"\nkind = "end"\ntext = "Nobody gets here."\n')
    with pytest.raises(fc.FlowchartError, match=r"route\.toml: no arrow leads to step 'stray'"):
        fc.load(path)


def test_a_cycle_with_no_way_out_is_refused(tmp_path):
    path = write(tmp_path, """
        [[steps]]
        id = "a"
        kind = "action"
        text = "One."
        next = "b"

        [[steps]]
        id = "b"
        kind = "action"
        text = "Two."
        next = "a"
        """)
    with pytest.raises(fc.FlowchartError, match=r"route\.toml: steps 'a', 'b' go round in a cycle"):
        fc.load(path)


def test_a_loop_back_through_a_decision_is_drawn_in_the_gutter_with_its_label(tmp_path):
    chart = fc.load(write(tmp_path, LOOP))
    svg = fc.svg(chart)
    _, lanes, gutter, _ = fc.layout(chart)
    # "wait" leads back up, so it is not a side box: "plan" reaches "done" past it, in the gutter too.
    assert sorted((s.id, t, label) for s, t, label in lanes) == [("plan", "done", "Yes"), ("wait", "ask", "")]
    assert gutter > 0
    assert svg_steps(svg) == [(1, "Ask for the plan."), (2, "Is there a plan?"), (3, "Wait a week."),
                              (4, "Follow the plan.")]
    labels = [t.text for b in bands(svg) for t in b.iter(SVG + "text") if t.get("class") == "fc-label"]
    assert sorted(labels) == ["No", "Yes"]


@pytest.mark.parametrize("change, message", [
    (('kind = "end"', 'kind = "stop"'), "kind must be one of action, decision, end"),
    (('no = "wait"', 'next = "wait"'), "a decision needs no"),
    (('text = "Follow the plan."', 'text = "Follow the plan."\nnext = "ask"'), "an end has no next"),
    (('yes = "done"', 'yes = "wait"'), "yes and no go to the same step"),
    (('text = "Wait a week."', 'text = "Wait a week."\nlink = "referral.md#4-99-1"'),
     "docs/referral.md has no paragraph or section '#4-99-1'"),
    (('text = "Is there a plan?"', 'text = "Is there a plan?"\nno_label = "There is no plan for this child at all yet"'),
     "label does not fit"),
])
def test_bad_steps_are_refused_with_what_to_change(tmp_path, change, message):
    path = write(tmp_path, LOOP.replace(*change))
    with pytest.raises(fc.FlowchartError, match=re.escape(message)):
        fc.svg(fc.load(path))


def test_a_timescale_is_quoted_from_the_practice_data(tmp_path):
    from procedures.practice import timescales

    chart = fc.load(write(tmp_path, LOOP.replace("Wait a week.", "Wait {timescale:lado}.")))
    assert chart.steps[2].text == f"Wait {timescales.timescale('lado').words}."
    with pytest.raises(fc.FlowchartError, match="unknown timescale 'nope'"):
        fc.load(write(tmp_path, LOOP.replace("Wait a week.", "Wait {timescale:nope}.")))


def test_the_marker_names_an_unknown_flowchart():
    from procedures_site.markers import MarkerError

    with pytest.raises(MarkerError, match="unknown flowchart 'nope'; known: .*referral-to-section-47"):
        flowcharts.flowchart("nope")
