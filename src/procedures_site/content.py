"""The data under ``content/`` (see content/README.md): read it, check it, and say what is wrong.

- ``contacts(folder)``: ``contacts.toml``, national services by id;
- ``key_actions(folder)``: ``key-actions.toml``, 3 to 6 actions for each chapter page, by page stem;
- ``situations(folder)``: every ``situations/<id>.toml``, in index order;
- ``check_situation``: one situation's fields (a partnership's own ones too, ``partnership.validate``);
- ``Chapter``: the numbered paragraphs and section titles of the pages under docs/, so that a link
  to ``referral.md#4-1-2`` is known to exist before the page is built, and can be named.

Every problem raises ``ContentError`` naming the file and the field, and what is allowed.
"""
from __future__ import annotations

import datetime
import functools
import re
import tomllib
from pathlib import Path

from . import ROOT, BuildError

CONTENT = ROOT / "content"
DOCS = ROOT / "docs"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A chapter link as the data writes it: a docs path, optionally with a fragment.
DOCS_LINK = re.compile(r"^(?P<path>[a-z0-9/-]+\.md)(?:#(?P<fragment>[A-Za-z0-9-]+))?$")


class ContentError(BuildError):
    """Data under content/ that the build cannot use: the message names the file and the field."""


# A practice timescale quoted in the data's text: "{timescale:lado}" becomes "1 working day".
TIMESCALE = re.compile(r"\{timescale:([a-z0-9-]+)\}")


def quote_timescales(text: str, where: str) -> str:
    """``{timescale:ID}`` in a situation, key action or flowchart step becomes that practice
    timescale's period in words: a timescale is declared once, with its source
    (``procedures.practice``), and every page quotes it from there."""
    from procedures.practice import timescales

    def words(match: re.Match) -> str:
        try:
            return timescales.timescale(match[1]).words
        except KeyError as exc:
            raise ContentError(f"{where}: {exc.args[0]}") from None

    return TIMESCALE.sub(words, text)


# field: (type, required)
CONTACT = {"name": (str, True), "for": (str, True), "phone": (str, False), "text": (str, False),
           "url": (str, False), "email": (str, False), "hours": (str, False), "note": (str, False),
           "source": (str, True), "checked": (datetime.date, True)}
KEY_ACTION = {"do": (str, True), "who": (str, True), "when": (str, True), "see": (str, True)}
SITUATION = {"title": (str, True), "order": (int, True), "sees": (str, True), "who": (list, True),
             "steps": (list, True), "dont": (list, True), "contacts": (list, True), "see": (list, True),
             "calculator": (str, False), "time_question": (str, False)}
STEP = {"who": (str, True), "when": (str, True), "do": (str, True)}
KEY_ACTIONS_PER_PAGE = (3, 6)

_KIND = {str: "text", int: "a whole number", list: "a list", datetime.date: "a date (2026-12-02, no quotes)",
         dict: "a table"}


def check_fields(data, schema: dict, where: str) -> None:
    """``data`` has every required field of ``schema``, of its type, and no other field."""
    if not isinstance(data, dict):
        raise ContentError(f"{where} must be a table of fields; known fields: {', '.join(schema)}")
    unknown = sorted(set(data) - set(schema))
    if unknown:
        raise ContentError(f"{where}: unknown field {', '.join(map(repr, unknown))}; known fields: {', '.join(schema)}")
    for field, (kind, required) in schema.items():
        if field not in data:
            if required:
                raise ContentError(f"{where}: the required field '{field}' is missing")
            continue
        value = data[field]
        wrong = not isinstance(value, kind) or isinstance(value, bool) or (kind is str and not value.strip())
        if kind is datetime.date and isinstance(value, datetime.datetime):
            wrong = True
        if wrong:
            raise ContentError(f"{where}: '{field}' must be {_KIND[kind]}, not {value!r}")


def read(path: Path) -> dict:
    """A TOML file of content/, or a ContentError naming it."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{shown(path)} is not valid TOML: {exc}") from None
    except FileNotFoundError:
        raise ContentError(f"{shown(path)} is missing") from None


def shown(path: Path) -> str:
    """A path as a message names it: from the repository's root where it is inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


@functools.lru_cache(maxsize=None)
def contacts(folder: Path = CONTENT) -> dict[str, dict]:
    """``contacts.toml``: id -> contact, each with a way to reach it and the page it was checked on."""
    path = folder / "contacts.toml"
    data = read(path)
    for ident, contact in data.items():
        where = f"{shown(path)}: [{ident}]"
        if not ID.match(ident):
            raise ContentError(f"{where}: an id is lower-case words joined by hyphens")
        check_fields(contact, CONTACT, where)
        if not any(contact.get(k) for k in ("phone", "text", "url", "email")):
            raise ContentError(f"{where}: give a phone number, a text number, a web address or an e-mail address")
        for field in ("url", "source"):
            if field in contact and not contact[field].startswith("https://"):
                raise ContentError(f"{where}: '{field}' must be a full https:// address, not {contact[field]!r}")
    return data


@functools.lru_cache(maxsize=None)
def key_actions(folder: Path = CONTENT) -> dict[str, list[dict]]:
    """``key-actions.toml``: page stem -> its 3 to 6 actions, each linking to a paragraph of that page."""
    path = folder / "key-actions.toml"
    data = read(path)
    low, high = KEY_ACTIONS_PER_PAGE
    for stem, actions in data.items():
        where = f"{shown(path)}: [[{stem}]]"
        if not isinstance(actions, list) or not low <= len(actions) <= high:
            raise ContentError(f"{where}: give {low} to {high} actions as [[{stem}]] tables")
        for i, action in enumerate(actions):
            check_fields(action, KEY_ACTION, f"{where} {i + 1}")
            if not re.fullmatch(r"[A-Za-z0-9]+(?:-[0-9]+)+", action["see"]):
                raise ContentError(f"{where} {i + 1}: 'see' is a paragraph or section anchor of the page, "
                                   f"such as 4-1-3, not {action['see']!r}")
    return data


def situation_files(folder: Path = CONTENT) -> list[Path]:
    return sorted((folder / "situations").glob("*.toml"))


@functools.lru_cache(maxsize=None)
def situations(folder: Path = CONTENT) -> dict[str, dict]:
    """Every situation, id -> data, in index order (``order``, then id)."""
    found = {}
    for path in situation_files(folder):
        if not ID.match(path.stem):
            raise ContentError(f"{shown(path)}: a situation's file name is lower-case words joined by hyphens")
        found[path.stem] = check_situation(read(path), shown(path), set(contacts(folder)))
    return dict(sorted(found.items(), key=lambda item: (item[1]["order"], item[0])))


def forget() -> None:
    """Read content/ afresh at the next call: each build (``config.derive``) starts here, so a
    long-running ``serve`` sees a situation or contact added or changed since its last build."""
    for cached in (contacts, key_actions, situations):
        cached.cache_clear()


def check_situation(data, where: str, contact_ids: set[str], local_keys: set[str] | None = None,
                    schema: dict = SITUATION) -> dict:
    """One situation's fields; ``local_keys`` (the partnership file's boxes) are checked when given."""
    import procedures

    check_fields(data, schema, where)
    for field in ("who", "dont", "contacts", "see"):
        for i, item in enumerate(data[field]):
            if not isinstance(item, str) or not item.strip():
                raise ContentError(f"{where}: {field}[{i}] must be text, not {item!r}")
    if not data["steps"]:
        raise ContentError(f"{where}: 'steps' needs at least one [[steps]] table")
    for i, step in enumerate(data["steps"]):
        check_fields(step, STEP, f"{where}: steps[{i}]")
    for i, ident in enumerate(data["contacts"]):
        key = ident.removeprefix("local:")
        if ident.startswith("local:"):
            if local_keys is not None and key not in local_keys:
                raise ContentError(f"{where}: contacts[{i}]: unknown local arrangements key '{key}'; "
                                   f"known keys: {', '.join(sorted(local_keys))}")
        elif ident not in contact_ids:
            raise ContentError(f"{where}: contacts[{i}]: unknown contact id '{ident}' "
                               f"(content/contacts.toml has: {', '.join(sorted(contact_ids))}; "
                               "or local:KEY for a Local arrangements box)")
    for i, link in enumerate(data["see"]):
        if not DOCS_LINK.match(link):
            raise ContentError(f"{where}: see[{i}]: '{link}' is not a docs path with an anchor, such as referral.md#4-1-2")
    if "calculator" in data:
        if data["calculator"] not in procedures.calculators():
            raise ContentError(f"{where}: unknown calculator '{data['calculator']}'; "
                               f"known: {', '.join(procedures.calculators())}")
        if "time_question" not in data:
            raise ContentError(f"{where}: a calculator needs its 'time_question', the question it answers")
    elif "time_question" in data:
        raise ContentError(f"{where}: 'time_question' needs the 'calculator' that answers it")
    return data


def numbered(fragment: str) -> tuple[str, str]:
    """("paragraph", "4.2.3") for the anchor 4-2-3, ("section", "12.3") for 12-3."""
    return ("paragraph" if fragment.count("-") >= 2 else "section"), fragment.replace("-", ".")


class Chapter:
    """What the Markdown under docs/ declares: each page's title, its section titles by anchor, and
    its numbered paragraphs, read from the source so that the data's links are checked and named."""

    HEADING = re.compile(r"^#{2,6}\s+(?:(?:\d+|[A-Z])(?:\.\d+)*\.?\s+)?(?P<title>.+?)\s*\{#(?P<id>[^}\s]+)[^}]*\}\s*$", re.M)
    PARAGRAPH = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+){2})\s", re.M)

    def __init__(self, docs: Path = DOCS):
        self.docs = docs
        self._pages: dict[str, dict] = {}

    def page(self, path: str) -> dict:
        if path not in self._pages:
            file = self.docs / path
            if not file.is_file():
                raise ContentError(f"no page docs/{path}")
            text = file.read_text("utf-8")
            meta = re.match(r"^---\n(.*?)\n---\n", text, re.S)
            title = re.search(r'^title:\s*"?(.+?)"?\s*$', meta[1], re.M) if meta else None
            h1 = re.search(r"^#\s+(.+?)\s*$", text, re.M)
            sections = {m["id"]: m["title"] for m in self.HEADING.finditer(text)}
            paragraphs = {n.replace(".", "-"): n for n in self.PARAGRAPH.findall(text)}
            self._pages[path] = {"title": (title or h1)[1] if (title or h1) else path,
                                 "sections": sections, "paragraphs": paragraphs}
        return self._pages[path]

    def name(self, link: str, where: str) -> str:
        """The words for a link to ``page.md#anchor``: the paragraph or section number and the title
        of the section it is in (``4.1.2 When to refer``), or the page's title for a page alone."""
        match = DOCS_LINK.match(link)
        if not match:
            raise ContentError(f"{where}: '{link}' is not a docs path with an anchor, such as referral.md#4-1-2")
        page = self.page(match["path"])
        anchor = match["fragment"]
        if not anchor:
            return page["title"]
        number = page["paragraphs"].get(anchor)
        if number:
            section = anchor.rsplit("-", 1)[0]
            return f"{number} {page['sections'].get(section, page['title'])}"
        if anchor in page["sections"]:
            number = anchor.replace("-", ".") if re.fullmatch(r"[A-Z0-9]+(?:-\d+)+", anchor) else ""
            return f"{number} {page['sections'][anchor]}".strip()
        raise ContentError(f"{where}: docs/{match['path']} has no paragraph or section '#{anchor}'")
