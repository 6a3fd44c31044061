"""Flowcharts (issue 11, item 4): a route in ``content/flowcharts/<id>.toml``, checked, and drawn as
a narrow vertical SVG at build time, in pure Python (no Graphviz: its wide layouts would be
unreadable on a phone).

Layout, for a 360-unit-wide picture that keeps 15-unit text at 14 px or more on a 390 px screen:

- the steps are numbered in file order; the main route runs down one column of full-width boxes;
- a decision's other branch goes to a *side box*: the step listed straight after the decision,
  reached from nowhere else, that ends the route or rejoins the next main step.  It sits below the
  decision, to the right, and the main route's arrow passes down its left;
- any other arrow (a branch that skips ahead, or loops back) runs in a gutter on the right.

Text is wrapped here with character widths of DejaVu Sans, a wide system font, so a line measured
to fit fits in the narrower fonts phones use.  Colours are classes (docs/stylesheets/extra.css):
the site's Content-Security-Policy refuses style attributes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from . import content

KINDS = ("action", "decision", "end")
FIELDS = {"id": (str, True), "kind": (str, True), "text": (str, True), "next": (str, False),
          "yes": (str, False), "no": (str, False), "yes_label": (str, False), "no_label": (str, False),
          "link": (object, False)}


# Geometry, in user units (the SVG's viewBox).
WIDTH = 360
FONT = 15          # 14.9 px at 390 px wide, where the picture gets about 358 px
LINE = 20          # line height
PAD_X, PAD_Y = 10, 9
POINT = 12         # how far a decision's six-sided box comes to a point
SPINE = 56         # x of the main route's arrows
SIDE_X = 120       # left edge of a side box
GAP, SIDE_GAP = 34, 30
TRACK = 10         # gutter lanes, this far apart
HEAD = 7           # arrowhead length
BOLD = 1.1         # bold text is about this much wider

# DejaVu Sans advance widths in em (the common ones; anything else counts as a wide letter).
_EM = {" ": .318, ".": .318, ",": .318, ":": .337, ";": .337, "'": .275, "\u2019": .318, '"': .46,
       "(": .39, ")": .39, "-": .361, "\u2013": .5, "\u2014": 1.0, "/": .337, "?": .531, "!": .4,
       "&": .78, "i": .278, "j": .278, "l": .278, "f": .352, "t": .392, "r": .411, "s": .521,
       "c": .55, "z": .525, "k": .579, "v": .592, "x": .592, "y": .592, "w": .818, "m": .974,
       "I": .295, "J": .295, "F": .575, "L": .557, "P": .603, "T": .611, "E": .632, "S": .635,
       "M": .863, "W": .989}
_DEFAULT = {**{c: .635 for c in "abdeghnopqu0123456789"}, **{c: .7 for c in "ABCDGHKNRUVXYZ"},
            "O": .787, "Q": .787}


class FlowchartError(content.ContentError):
    """A flowchart the build cannot draw: the message names the file and the step."""


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    text: str
    next: str | None = None
    yes: str | None = None
    no: str | None = None
    yes_label: str = "Yes"
    no_label: str = "No"
    links: tuple[str, ...] = ()

    def branches(self) -> list[tuple[str, str]]:
        """(target, label) of each arrow out, in the order the text list reads them."""
        if self.kind == "decision":
            return [(self.yes, self.yes_label), (self.no, self.no_label)]
        return [(self.next, "")] if self.next else []


@dataclass(frozen=True)
class Flowchart:
    id: str
    title: str
    steps: tuple[Step, ...]
    where: str

    def number(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps, 1) if s.id == step_id)


def text_width(text: str, size: float = FONT) -> float:
    return size * sum(_EM.get(c, _DEFAULT.get(c, .7)) for c in text)


def line_width(line: str, first: bool = False) -> float:
    """A line's width; on a box's first line the step's number (its first word) is bold."""
    if not first:
        return text_width(line)
    num, _, rest = line.partition(" ")
    return text_width(num) * BOLD + text_width(" " + rest if rest else "")


def wrap(text: str, width: float, first: str = "") -> list[str]:
    """``text`` in lines no wider than ``width``; ``first`` (the step's number, in bold) starts line 1."""
    lines, line = [], first
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and line_width(trial, not lines and bool(first)) > width:
            lines.append(line)
            line = word
        else:
            line = trial
        if line_width(line, not lines and bool(first)) > width:
            raise FlowchartError(f"the word {word!r} is too long for a box {width:.0f} units wide")
    return lines + [line]


def load(path: Path, chapter: content.Chapter | None = None) -> Flowchart:
    """The checked flowchart in ``path``: every problem names the file and the step."""
    where = content.shown(path) if path.is_absolute() else str(path)
    data = content.read(path)
    content.check_fields(data, {"title": (str, True), "steps": (list, True)}, where)
    if not data["steps"]:
        raise FlowchartError(f"{where}: 'steps' needs at least one [[steps]] table")
    steps = [_step(s, f"{where}: steps[{i}]", chapter or content.Chapter()) for i, s in enumerate(data["steps"])]
    chart = Flowchart(path.stem, data["title"].strip(), tuple(steps), where)
    check(chart)
    return chart


def _step(data, where: str, chapter: content.Chapter) -> Step:
    content.check_fields(data, FIELDS, where)
    where = f"{where.rsplit(':', 1)[0]}: step '{data['id']}'"
    if not content.ID.match(data["id"]):
        raise FlowchartError(f"{where}: an id is lower-case words joined by hyphens")
    kind = data["kind"]
    if kind not in KINDS:
        raise FlowchartError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    article = "an" if kind in ("action", "end") else "a"
    wanted = {"action": {"next"}, "decision": {"yes", "no"}, "end": set()}[kind]
    given = {f for f in ("next", "yes", "no", "yes_label", "no_label") if f in data}
    if wanted - given:
        raise FlowchartError(f"{where}: {article} {kind} needs {' and '.join(sorted(wanted - given))}")
    allowed = wanted | ({"yes_label", "no_label"} if kind == "decision" else set())
    if given - allowed:
        raise FlowchartError(f"{where}: {article} {kind} has no {', '.join(sorted(given - allowed))}")
    links = data.get("link", ())
    links = (links,) if isinstance(links, str) else tuple(links)
    for link in links:
        if not isinstance(link, str):
            raise FlowchartError(f"{where}: 'link' is a docs path with an anchor, or a list of them")
        try:
            chapter.name(link, where)  # the page and its paragraph must exist
        except content.ContentError as exc:
            raise FlowchartError(str(exc)) from None
    return Step(data["id"], kind, quote_timescales(" ".join(data["text"].split()), where), data.get("next"), data.get("yes"),
                data.get("no"), data.get("yes_label", "Yes"), data.get("no_label", "No"), links)


def quote_timescales(text: str, where: str) -> str:
    """``{timescale:ID}`` in a step's text, quoted as ``content.quote_timescales`` does."""
    try:
        return content.quote_timescales(text, where)
    except content.ContentError as exc:
        raise FlowchartError(str(exc)) from None


def check(chart: Flowchart) -> None:
    """Every arrow lands on a step; every step is reached from the first and can reach an end
    (so a loop back must pass a decision whose other branch leads on)."""
    ids = [s.id for s in chart.steps]
    seen = set()
    for step in chart.steps:
        if step.id in seen:
            raise FlowchartError(f"{chart.where}: two steps have the id '{step.id}'")
        seen.add(step.id)
        targets = [t for t, _ in step.branches()]
        for target in targets:
            if target not in ids:
                raise FlowchartError(f"{chart.where}: step '{step.id}' points to '{target}', which is not a step "
                                     f"(steps: {', '.join(ids)})")
            if target == step.id:
                raise FlowchartError(f"{chart.where}: step '{step.id}' points to itself")
        if len(set(targets)) < len(targets):
            raise FlowchartError(f"{chart.where}: step '{step.id}': yes and no go to the same step")
    by_id = {s.id: s for s in chart.steps}
    reached, todo = set(), [ids[0]]
    while todo:
        here = todo.pop()
        if here not in reached:
            reached.add(here)
            todo += [t for t, _ in by_id[here].branches()]
    unreached = [i for i in ids if i not in reached]
    if unreached:
        raise FlowchartError(f"{chart.where}: no arrow leads to step {', '.join(map(repr, unreached))} "
                             f"from the first step, '{ids[0]}'")
    ending = {s.id for s in chart.steps if s.kind == "end"}
    grew = True
    while grew:
        grew = False
        for s in chart.steps:
            if s.id not in ending and any(t in ending for t, _ in s.branches()):
                ending.add(s.id)
                grew = True
    trapped = [i for i in ids if i not in ending]
    if trapped:
        raise FlowchartError(f"{chart.where}: steps {', '.join(map(repr, trapped))} go round in a cycle that "
                             "never reaches an end step")


# --- layout ---------------------------------------------------------------------------------------

@dataclass
class Box:
    step: Step
    number: int
    x: float
    y: float
    w: float
    h: float = 0
    lines: tuple[str, ...] = ()
    side: bool = False

    @property
    def bottom(self) -> float:
        return self.y + self.h


def sides(chart: Flowchart) -> dict[str, str]:
    """side step id -> its decision's id (see the module's docstring)."""
    preds: dict[str, set[str]] = {}
    for s in chart.steps:
        for t, _ in s.branches():
            preds.setdefault(t, set()).add(s.id)
    found = {}
    for i, (d, s) in enumerate(zip(chart.steps, chart.steps[1:])):
        after = chart.steps[i + 2].id if i + 2 < len(chart.steps) else None
        if (d.kind == "decision" and preds.get(s.id) == {d.id} and d.id not in found
                and (s.kind == "end" or (s.kind == "action" and s.next == after))):
            found[s.id] = d.id
    return found


def _lanes(chart: Flowchart, side: dict[str, str]) -> list[tuple[Step, str, str]]:
    """(from, to, label) of the arrows that neither go straight down nor to a side box."""
    main = [s for s in chart.steps if s.id not in side]
    below = {a.id: b.id for a, b in zip(main, main[1:])}
    return [(s, t, label) for s in main for t, label in s.branches()
            if t != below.get(s.id) and side.get(t) != s.id]


def layout(chart: Flowchart) -> tuple[list[Box], list[tuple[Step, str, str]], float, float]:
    """Boxes placed top to bottom, the gutter arrows, the gutter's width and the picture's height."""
    side = sides(chart)
    lanes = _lanes(chart, side)
    gutter = 0 if not lanes else 14 + TRACK * len(lanes)
    right = WIDTH - gutter - 1
    boxes, y = [], 1.0
    for n, step in enumerate(chart.steps, 1):
        is_side = step.id in side
        x = SIDE_X if is_side else 1
        if is_side:
            y = boxes[-1].bottom + SIDE_GAP
        elif boxes:
            y = boxes[-1].bottom + GAP
        box = Box(step, n, x, y, right - x, side=is_side)
        inset = PAD_X + (POINT if step.kind == "decision" else 0)
        box.lines = tuple(wrap(step.text, box.w - 2 * inset, f"{n}."))
        box.h = len(box.lines) * LINE + 2 * PAD_Y
        boxes.append(box)
    return boxes, lanes, gutter, boxes[-1].bottom + 1


# --- drawing --------------------------------------------------------------------------------------

def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _shape(b: Box) -> str:
    x, y, w, h = b.x, b.y, b.w, b.h
    if b.step.kind == "decision":
        pts = [(x + POINT, y), (x + w - POINT, y), (x + w, y + h / 2), (x + w - POINT, y + h),
               (x + POINT, y + h), (x, y + h / 2)]
        return f'<polygon class="fc-decision" points="{" ".join(f"{_f(a)},{_f(c)}" for a, c in pts)}"/>'
    rx = 18 if b.step.kind == "end" else 3
    return (f'<rect class="fc-{b.step.kind}" x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" '
            f'rx="{rx}"/>')


def _text(b: Box) -> str:
    x = b.x + PAD_X + (POINT if b.step.kind == "decision" else 0)
    out = []
    for i, line in enumerate(b.lines):
        base = _f(b.y + PAD_Y + LINE * i + 14)
        if i == 0:
            num, _, rest = line.partition(" ")
            out.append(f'<text class="fc-text" x="{_f(x)}" y="{base}"><tspan class="fc-num">{num}</tspan>'
                       f'{" " + escape(rest) if rest else ""}</text>')
        else:
            out.append(f'<text class="fc-text" x="{_f(x)}" y="{base}">{escape(line)}</text>')
    return "".join(out)


def _arrow(points: list[tuple[float, float]]) -> str:
    """A line through ``points``, with a head at the last one."""
    d = "M" + " L".join(f"{_f(x)} {_f(y)}" for x, y in points)
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
    px, py = -dy, dx  # perpendicular
    a = (x1 - dx * HEAD + px * HEAD / 2, y1 - dy * HEAD + py * HEAD / 2)
    c = (x1 - dx * HEAD - px * HEAD / 2, y1 - dy * HEAD - py * HEAD / 2)
    head = f"M{_f(x1)} {_f(y1)} L{_f(a[0])} {_f(a[1])} L{_f(c[0])} {_f(c[1])} Z"
    return f'<path class="fc-line" d="{d}"/><path class="fc-head" d="{head}"/>'


def _label(x: float, y: float, text: str, anchor: str = "start") -> tuple[str, tuple[float, ...]]:
    w = text_width(text)
    left = x if anchor == "start" else x - w
    attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (f'<text class="fc-label" x="{_f(x)}" y="{_f(y)}"{attr}>{escape(text)}</text>',
            (left, y - 12, left + w, y + 3))


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def svg(chart: Flowchart) -> str:
    """The picture: deterministic, no external reference, hidden from assistive technology (the
    numbered list that follows it in the page says the same).

    It is cut into one ``<svg>`` per main step (with its side box), stacked without a seam, each
    showing its own band of the whole drawing: a printed page can then break between steps, never
    through a box, and the text keeps its size instead of shrinking to fit the page."""
    boxes, lanes, gutter, height = layout(chart)
    at = {b.step.id: b for b in boxes}
    main = [b for b in boxes if not b.side]
    below = {a.step.id: b for a, b in zip(main, main[1:])}
    parts: list[tuple[str, float, float]] = [(_shape(b) + _text(b), b.y, b.bottom) for b in boxes]
    labels: list[tuple[str, tuple[float, ...]]] = []

    def arrow(points: list[tuple[float, float]]) -> None:
        ys = [y for _, y in points]
        parts.append((_arrow(points), min(ys), max(ys)))

    for b in boxes:
        for target, label in b.step.branches():
            t = at[target]
            if b.side:  # rejoins the main step below
                arrow([(b.x + b.w / 2, b.bottom), (b.x + b.w / 2, t.y)])
            elif t.side:
                cx = t.x + t.w / 2
                arrow([(cx, b.bottom), (cx, t.y)])
                if label:
                    labels.append(_label(cx + 6, b.bottom + 19, label))
            elif below.get(b.step.id) is t:
                arrow([(SPINE, b.bottom), (SPINE, t.y)])
                if label:
                    labels.append(_label(SPINE + 6, b.bottom + 19, label))
    right = WIDTH - gutter - 1
    spans = sorted(((min(at[s.id].y, at[t].y), max(at[s.id].bottom, at[t].bottom), s, t, label)
                    for s, t, label in lanes), key=lambda e: (e[1] - e[0], e[0]))  # shortest inside
    for k, (_, _, s, t, label) in enumerate(spans):
        src, dst = at[s.id], at[t]
        track, stub, turn, mid = right + 14 + TRACK * k, right - 30, src.bottom + 24, dst.y + dst.h / 2
        arrow([(stub, src.bottom), (stub, turn), (track, turn), (track, mid), (dst.x + dst.w, mid)])
        if label:
            labels.append(_label(stub - 6, src.bottom + 19, label, "end"))
    rects = [(b.x, b.y, b.x + b.w, b.bottom) for b in boxes]
    for i, (_, box) in enumerate(labels):
        if box[0] < 0 or box[2] > WIDTH or any(_overlap(box, r) for r in rects) or any(
                _overlap(box, other) for _, other in labels[:i]):
            raise FlowchartError(f"{chart.where}: a branch label does not fit beside its arrow; "
                                 "shorten it, or order the steps so that the branch goes to a side box")
    parts += [(text, box[1], box[3]) for text, box in labels]
    # Each band starts just below the last box above it: the labels and arrows under a box go with
    # the step they lead to.
    cuts = [0.0] + [max(x.bottom for x in boxes if x.y < b.y) + 3 for b in main[1:]] + [height]
    out = []
    for top, bottom in zip(cuts, cuts[1:]):
        body = "".join(text for text, y0, y1 in parts if y0 < bottom and y1 > top)
        out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart-svg" '
                   f'viewBox="0 {_f(top)} {WIDTH} {_f(bottom - top)}" width="{WIDTH}" height="{_f(bottom - top)}" '
                   f'font-size="{FONT}" overflow="hidden" aria-hidden="true" focusable="false">{body}</svg>')
    return "".join(out)
