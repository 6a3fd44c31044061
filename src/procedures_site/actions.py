"""Markdown extension ``procedures_site.actions``: what a practitioner acts on, from ``content/``.

    <!-- procedures:situation ID -->     a whole "What to do if" page (docs/what-to-do/<id>.md)
    <!-- procedures:situations -->       the index: every situation, then a partnership's own in full
    <!-- procedures:key-actions STEM --> the "Key actions" box under a chapter page's heading
    <!-- procedures:contacts [ID ...] --> national contacts: all, as sections, or the ones named, as a list

The data is read and checked by ``content``; links in it are docs paths (``referral.md#4-1-2``),
written here as ``procedures-site:`` links that the post-build step makes relative and checks,
fragment and all.  Configuration: ``content`` and ``docs`` (folders), ``partnership`` (as for
``procedures_site.local``).
"""
from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension

from . import boxes, content
from .local import LOGO_DIR, PartnershipConfig
from .markers import MarkerError, MarkerExtension
from .urls import site_link

# A Markdown link to a docs path inside the data's text: [4.1.3](referral.md#4-1-3).
INLINE_LINK = re.compile(r"\]\((?P<target>[a-z0-9/-]+\.md(?:#[A-Za-z0-9-]+)?)\)")


def inline(text: str) -> str:
    """The data's inline Markdown on one line, its docs links as site links and its
    ``{timescale:ID}`` as the period in words."""
    text = content.quote_timescales(" ".join(text.split()), f"content/ ({text.strip()[:40]!r}...)")
    return INLINE_LINK.sub(lambda m: f"]({site_link(m['target'])})", text)


def heading(title: str) -> str:
    """"What to do if" and the situation's title, whose first letter is lower-cased when its first
    word is an ordinary one ("A registered sex offender ..."), not an abbreviation ("MAPPA ...")."""
    title = " ".join(title.split())
    first = title.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower() and first not in PROPER:
        title = title[:1].lower() + title[1:]
    return f"What to do if {title}"


# Words that keep their capital at the start of a title.
PROPER = {"Cafcass", "Childline", "Ofsted", "I"}


def contact_item(c: dict) -> str:
    """One national contact as a list item: name, what it is for, then the ways to reach it."""
    ways = [f"{kind} {link}" for kind, link in boxes.links(c).items()]
    if c.get("url"):
        ways.append(f"[{c['name']} website]({c['url']})")
    line = f"- **{c['name']}**: {inline(c['for'])}"
    line += f" <span class=\"contact-ways\">{_sentence(', '.join(ways))}" if ways else ""
    line += f" {inline(c['hours'])}." if c.get("hours") else ""
    return line + ("</span>" if ways else "") + (f" {inline(c['note'])}" if c.get("note") else "")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def contact_section(ident: str, c: dict) -> str:
    """One national contact as a section of the contacts page, with where it was checked."""
    rows = [("What it is for", inline(c["for"]))]
    rows += [(kind.capitalize(), link) for kind, link in boxes.links(c).items()]
    if c.get("url"):
        rows.append(("Website", f"[{c['url']}]({c['url']})"))
    if c.get("hours"):
        rows.append(("Open", inline(c["hours"])))
    if c.get("note"):
        rows.append(("Note", inline(c["note"])))
    rows.append(("Checked", f'<time datetime="{c["checked"].isoformat()}">{c["checked"].isoformat()}</time> '
                            f"against [its official page]({c['source']})"))
    items = "\n".join(f"{term}\n:   {value}\n" for term, value in rows)
    return f"## {c['name']} {{#{ident}}}\n\n<div class=\"contact\" markdown>\n\n{items}\n</div>\n"


class ActionsExtension(PartnershipConfig, MarkerExtension):
    def __init__(self, **kwargs):
        self.config = {"content": [str(content.CONTENT), "the content/ folder"],
                       "docs": [str(content.DOCS), "the docs/ folder, whose paragraphs the data links to"]}
        super().__init__(**kwargs)
        self._chapter: content.Chapter | None = None

    @property
    def folder(self) -> Path:
        return Path(self.getConfig("content"))

    @property
    def chapter(self) -> content.Chapter:
        if self._chapter is None:
            self._chapter = content.Chapter(Path(self.getConfig("docs")))
        return self._chapter

    def _contacts(self) -> dict[str, dict]:
        try:
            return content.contacts(self.folder)
        except content.ContentError as exc:
            raise MarkerError(str(exc)) from None

    # <!-- procedures:situation ID --> and <!-- procedures:situations -->

    def situation_page(self, ident: str = "") -> str:
        found = content.situations(self.folder)
        if ident not in found:
            raise MarkerError(f"unknown situation '{ident}': no content/situations/{ident}.toml "
                              f"(known: {', '.join(found) or 'none'})")
        return self.situation(found[ident], f"content/situations/{ident}.toml", level=1)

    def situation(self, s: dict, where: str, level: int, ident: str = "") -> str:
        """A situation in full: as its own page (``level`` 1, its title the page's h1) or as a
        section of the index (``level`` 2, anchored ``#<ident>``, its parts' anchors prefixed)."""
        p = self.partnership()
        content.check_situation(s, where, set(self._contacts()), set(p["local"]),
                                content.SITUATION if level == 1 else {**content.SITUATION, "id": (str, True)})
        h, sub = "#" * level, "#" * (level + 1)
        prefix = f"{ident}-" if ident else ""
        anchor = f" {{#{ident}}}" if ident else ""
        out = [f'<p class="situation-sees">{inline(s["sees"])}</p>\n',
               f'<p class="situation-for"><span class="situation-label">Mainly for:</span> '
               f'{", ".join(w.strip() for w in s["who"])}</p>\n',
               f"{sub} Do this now {{#{prefix}do-this-now}}\n", '<div class="situation-steps" markdown>\n']
        for step in s["steps"]:
            out.append(f'1.  <span class="step-meta"><span class="step-who"><span class="step-label">Who:</span> '
                       f'{inline(step["who"])}</span> <span class="step-when"><span class="step-label">When:</span> '
                       f'{inline(step["when"])}</span></span>\n    {inline(step["do"])}\n')
        out.append("</div>\n")
        out.append(f"{sub} Do not {{#{prefix}do-not}}\n")
        out.append('<div class="situation-dont" markdown>\n\n' +
                   "\n".join(f"- {inline(d)}" for d in s["dont"]) + "\n\n</div>\n")
        out.append(f"{sub} Who to contact {{#{prefix}who-to-contact}}\n")
        national = [i for i in s["contacts"] if not i.startswith("local:")]
        if national:
            contacts = self._contacts()
            out.append('<div class="situation-contacts" markdown>\n\n' +
                       "\n".join(contact_item(contacts[i]) for i in national) + "\n\n</div>\n")
        logo = p.get("logo") if not p["national"] else None
        for ident_ in s["contacts"]:
            if ident_.startswith("local:"):
                out.append(boxes.box(p, ident_.removeprefix("local:"), site_link(LOGO_DIR + logo["file"]) if logo else None))
        if s.get("calculator"):
            out.append(f"{sub} Work out the dates {{#{prefix}work-out-the-dates}}\n")
            out.append(f'<p class="situation-calculator">{inline(s["time_question"])} '
                       f'<a href="{site_link("calculators/" + s["calculator"] + ".md")}">Use the calculator</a> '
                       f"to work out the dates for your case.</p>\n")
        out.append(f"{sub} Read more in the chapter {{#{prefix}read-more}}\n")
        links = []
        for i, link in enumerate(s["see"]):
            try:
                links.append(f"- [{self.chapter.name(link, f'{where}: see[{i}]')}]({site_link(link)})")
            except content.ContentError as exc:
                raise MarkerError(str(exc)) from None
        out.append('<div class="situation-see" markdown>\n\n' + "\n".join(links) + "\n\n</div>\n")
        # The heading first and outside any <div>: the builder takes the page's title from a first h1.
        return (f"{h} {heading(s['title'])}{anchor}\n\n" + '<div class="situation" markdown>\n\n' +
                "\n".join(out) + "\n</div>\n")

    def index(self) -> str:
        out = ['<div class="situation-index" markdown>\n']
        out += [f"- [{s['title'].strip()}]({site_link('what-to-do/' + ident + '.md')})"
                f'<span class="situation-index-sees">{inline(s["sees"])}</span>'
                for ident, s in content.situations(self.folder).items()]
        out.append("\n</div>\n")
        p = self.partnership()
        local = sorted(p.get("situations") or [], key=lambda s: (s["order"], s["id"]))
        if local:
            out.append(f"## More situations in {p['short_name']} {{#local-situations}}\n\n"
                       f"{p['name']} adds these situations for its own area.\n")
            for s in local:
                out.append(self.situation(s, f"partnership file: situations '{s['id']}'", level=2, ident=s["id"]))
        return "\n".join(out)

    # <!-- procedures:key-actions STEM -->

    def key_actions(self, stem: str = "") -> str:
        actions = content.key_actions(self.folder)
        if stem not in actions:
            raise MarkerError(f"content/key-actions.toml has no actions for page '{stem}' (add [[{stem}]] tables)")
        page = f"{stem}.md"
        lines = []
        for i, a in enumerate(actions[stem]):
            link = f"{page}#{a['see']}"
            try:
                name = self.chapter.name(link, f"content/key-actions.toml: [[{stem}]] {i + 1}: see")
            except content.ContentError as exc:
                raise MarkerError(str(exc)) from None
            number = name.split(" ", 1)[0]
            lines.append(f"- {inline(a['do'])} <span class=\"step-meta\"><span class=\"step-who\">"
                         f"<span class=\"step-label\">Who:</span> {inline(a['who'])}</span> "
                         f"<span class=\"step-when\"><span class=\"step-label\">When:</span> {inline(a['when'])}"
                         f"</span> <a class=\"key-action-see\" href=\"{site_link(link)}\">See {number}</a></span>")
        return ('<div class="key-actions" markdown>\n\n## Key actions {#key-actions}\n\n' + "\n".join(lines) +
                "\n\n</div>\n")

    # <!-- procedures:contacts [ID ...] -->

    def contacts(self, *idents: str) -> str:
        found = self._contacts()
        unknown = [i for i in idents if i not in found]
        if unknown:
            raise MarkerError(f"procedures:contacts: unknown contact id {', '.join(unknown)}; "
                              f"content/contacts.toml has: {', '.join(found)}")
        if idents:
            return '<div class="situation-contacts" markdown>\n\n' + \
                "\n".join(contact_item(found[i]) for i in idents) + "\n\n</div>\n"
        return "\n".join(contact_section(i, c) for i, c in found.items())

    def handlers(self):
        def wrap(f):
            def run(*args):
                try:
                    return f(*args)
                except content.ContentError as exc:
                    raise MarkerError(str(exc)) from None
            return run

        return {"procedures:situation": wrap(self.situation_page), "procedures:situations": wrap(self.index),
                "procedures:key-actions": wrap(self.key_actions), "procedures:contacts": wrap(self.contacts)}


def makeExtension(**kwargs) -> Extension:  # noqa: N802 (the name Python-Markdown looks for)
    return ActionsExtension(**kwargs)
