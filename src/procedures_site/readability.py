"""Readability figures for each built page (issue 11, item 7: plain English).

What is measured is the page's own prose: the text of ``<article class="md-content__inner">``, block
by block (headings, paragraphs, list items, definition terms and descriptions, admonitions).
Left out, and why:

- navigation, header, footer and the search page: the theme's chrome, the same on every page;
- paragraph numbers and heading permalinks: labels, not words a reader reads as a sentence;
- tables: a cell is a phrase ("10 years", "Schedule 3, paragraph 1"), not a sentence, and a row run
  together would count as one very long sentence;
- code, forms, scripts, SVG drawings and ``<noscript>``: not prose (a flowchart's steps are measured
  in the numbered list beside it), and a calculator's form fields are labels;
- the review line under each page (``aside.page-review``): dates and amending Acts, the same shape
  on every page;
- embed pages (``embed/``) and ``404.html``: calculators framed in other sites, and an error page.

Sentences are split by this module, each block on its own (a lead-in line ending in ":" is one
sentence, each list item below it another), so that "s. 47", "e.g." and "4.3.2" do not end one.
Words are counted by textstat's ``lexicon_count`` and the reading grade is textstat's
Flesch-Kincaid grade (``flesch_kincaid_grade``) over those sentences, each ending in one full stop.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

LONG = 30  # a sentence over this many words is long (GOV.UK style aims at 25)

_BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "summary",
           "blockquote", "div", "ul", "ol", "dl", "details", "br"}
_SKIP = {"pre", "code", "table", "script", "style", "svg", "form", "noscript", "nav", "button",
         "select", "textarea", "template"}
_SKIP_CLASSES = {"paranum", "headerlink", "page-review", "md-source-file"}
# Inline elements the stylesheet shows as lines of their own (a situation step's "Who:" and "When:",
# a situation's summary under its title in the index): each is a block, not the start of a sentence.
_BLOCK_CLASSES = {"step-who", "step-when", "situation-index-sees"}
_VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col", "area", "base", "embed",
         "track", "param"}

# Words that end in a full stop without ending a sentence ("s. 47", "e.g. a parent").
_NO_END = {"s", "ss", "para", "paras", "e.g", "i.e", "no", "nos", "sch", "art", "reg", "regs", "v", "vs",
           "mr", "mrs", "ms", "dr", "st", "cf", "pt", "ch", "c", "p", "pp", "approx", "op", "cit"}
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


class _Article(HTMLParser):
    """The prose blocks of a built page's article (see the module docstring for what is left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._in_article = 0  # depth inside the article, 0 outside
        self._skip = 0  # depth inside an element left out
        self._stack: list[bool] = []  # per open element: does it start a skip
        self._blocks: list[bool] = []  # per open element: is it a block
        self._text: list[str] = []

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if not self._in_article:
            if tag == "article" and "md-content__inner" in classes:
                self._in_article = 1
            return
        if tag in _VOID:
            if tag == "br" and not self._skip:
                self._flush()
            return
        self._in_article += 1
        skip = tag in _SKIP or bool(classes & _SKIP_CLASSES) or "hidden" in a
        self._stack.append(skip)
        if skip:
            self._skip += 1
        if (tag in _BLOCKS or classes & _BLOCK_CLASSES) and not self._skip:
            self._flush()
        self._blocks.append(tag in _BLOCKS or bool(classes & _BLOCK_CLASSES))

    def handle_endtag(self, tag):
        if not self._in_article or tag in _VOID:
            return
        self._in_article -= 1
        if not self._in_article:  # the article's own end tag
            self._flush()
            return
        if self._stack and self._stack.pop():
            self._skip -= 1
        block = self._blocks.pop() if self._blocks else tag in _BLOCKS
        if block and not self._skip:
            self._flush()

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self._text.append(data)


def blocks(html: str) -> list[str]:
    """The prose blocks of one built page, in order."""
    parser = _Article()
    parser.feed(html)
    parser.close()
    return parser.blocks


def sentences(block: str) -> list[str]:
    """The sentences of one block; a leading paragraph or section number is dropped."""
    block = _NUMBER.sub("", block)
    out, start = [], 0
    for m in _END.finditer(block):
        last = block[start:m.start()].split()
        word = last[-1].lower().rstrip(".") if last else ""
        if m.group().startswith(".") and word in _NO_END:
            continue
        out.append(block[start:m.end()].strip())
        start = m.end()
    out.append(block[start:].strip())
    return [s for s in out if re.search(r"[A-Za-z0-9]", s)]


@dataclass(frozen=True)
class Figures:
    words: int
    sentences: int
    long: int  # sentences over LONG words
    grade: float  # Flesch-Kincaid grade (textstat), unrounded, so a ceiling rounded up holds
    longest: tuple[str, ...] = ()  # the long sentences themselves, to find and rewrite


def _plain(sentence: str) -> str:
    """A sentence as textstat should see it: one full stop, at its end."""
    body = re.sub(r"[.!?]+(?=\S)", "", sentence).rstrip(" .!?:;,\"'”’)")
    return body + "."


def measure(html: str) -> Figures:
    """Words, sentences, long sentences and reading grade of one built page."""
    import textstat  # a development tool (requirements-dev.txt), not a need of the build

    found = [s for b in blocks(html) for s in sentences(b)]
    counts = [textstat.lexicon_count(s) for s in found]
    long = tuple(s for s, n in zip(found, counts) if n > LONG)
    text = " ".join(_plain(s) for s in found)
    textstat.set_rounding_points(None)  # unrounded (its default in 0.7.8, said so in case it changes)
    grade = float(textstat.flesch_kincaid_grade(text)) if text else 0.0
    return Figures(sum(counts), len(found), len(long), grade, long)


def pages(site: Path) -> dict[str, Path]:
    """Each measured page of a built site by its address from the site root ("/", "/referral/")."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith(("embed/", "search/", "assets/")):
            continue
        if "md-content__inner" not in path.read_text("utf-8"):
            continue
        out["/" + rel.removesuffix("index.html")] = path
    return out


def measure_site(site: Path) -> dict[str, Figures]:
    return {address: measure(path.read_text("utf-8")) for address, path in pages(site).items()}


def table(figures: dict[str, Figures], before: dict[str, dict] | None = None) -> str:
    """A Markdown table of the figures, with the figures before beside them when given."""
    head = "| page | words | sentences | over 30 words | grade |"
    rule = "|---|--:|--:|--:|--:|"
    if before is not None:
        head += " words before | sentences before | over 30 before | grade before |"
        rule += "--:|--:|--:|--:|"
    rows = [head, rule]
    for address in sorted(set(figures) | set(before or {})):
        f = figures.get(address)
        row = f"| {address} | " + (f"{f.words} | {f.sentences} | {f.long} | {f.grade:.1f} |" if f else "– | – | – | – |")
        if before is not None:
            b = before.get(address)
            row += (f" {b['words']} | {b['sentences']} | {b['long']} | {b['grade']:.1f} |" if b else " – | – | – | – |")
        rows.append(row)
    return "\n".join(rows) + "\n"


CEILINGS = Path(__file__).resolve().parents[2] / "tests" / "web" / "readability-ceiling.toml"


def main(argv: list[str] | None = None) -> int:
    """scripts/readability: the table for a built site, its long sentences, or ceilings as TOML."""
    import argparse
    import tomllib

    parser = argparse.ArgumentParser(prog="readability", description=main.__doc__)
    parser.add_argument("site", type=Path, help="a built site's folder (scripts/build -d FOLDER)")
    parser.add_argument("--long", action="store_true", help="list each page's sentences over 30 words")
    parser.add_argument("--before", action="store_true",
                        help="add the figures before issue 11 (from tests/web/readability-ceiling.toml)")
    args = parser.parse_args(argv)
    figures = measure_site(args.site)
    if args.long:
        for address, f in figures.items():
            for sentence in f.longest:
                print(f"{address}\t{len(sentence.split())}\t{sentence}")
        return 0
    before = None
    if args.before:
        pages_ = tomllib.loads(CEILINGS.read_text("utf-8")).get("pages", {})
        before = {a: p["before"] for a, p in pages_.items() if "before" in p}
    print(table(figures, before), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
