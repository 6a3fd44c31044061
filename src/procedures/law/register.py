"""The law register (``register.toml``): every instrument the chapter or the engine relies on.

One table per instrument (an Act, a statutory instrument, or GOV.UK guidance), keyed by a short
id, with its root address, its status, the commencements the chapter relies on, and the day it
was last checked against legislation.gov.uk or GOV.UK.  ``load`` refuses a register with a
missing or malformed field.  Which pages and which citation ids depend on an instrument is never
typed: ``dependents`` works it out by matching each link to the instrument whose address is its
longest prefix, at a path boundary (``/ukpga/2003/4`` does not match ``/ukpga/2003/42``).

A commencement with no date is one whose date could not be confirmed (or has not been set):
``unconfirmed`` lists them.  ``future`` lists those with a known date after a given day, for the
"Coming into force" section and the "Changes coming" notes.  ``stale`` lists entries that say
"not yet in force" although one of their dates has passed.

Standard library only: the package also runs in the browser.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REGISTER = Path(__file__).with_name("register.toml")
CITATIONS = Path(__file__).with_name("citations.toml")
STATUSES = ("in force", "partly in force", "not yet in force")
KINDS = {  # in the order the register page shows them
    "act": "Acts of Parliament",
    "welsh-act": "Acts of Senedd Cymru (National Assembly for Wales)",
    "si": "Statutory instruments",
    "guidance": "Statutory and government guidance",
}
FIELDS = {"title", "url", "kind", "status", "commencements", "checked", "note"}
COMMENCEMENT_FIELDS = {"provision", "date", "by", "note"}
# legislation.gov.uk: type/year/number, or type/monarch/session/chapter for older Acts.
INSTRUMENT = r"https://www\.legislation\.gov\.uk/[a-z]+/(?:[A-Z][A-Za-z0-9]*/[0-9-]+/[0-9]+|[0-9]{4}/[0-9]+)"
ROOT = re.compile(INSTRUMENT + r"|https://www\.gov\.uk/(?:government/publications|guidance)/[a-z0-9-]+")
# A link in Markdown, HTML or TOML text: up to the first character that cannot be part of it.
LINK = re.compile(r"https?://(?:www\.)?(?:legislation\.gov\.uk|gov\.uk)/[^\s)\"'<>\]]*")


class RegisterError(ValueError):
    """The register file is malformed: the message names the entry and the field."""


@dataclass(frozen=True)
class Commencement:
    provision: str
    date: date | None
    by: str
    note: str


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    url: str
    kind: str
    status: str
    commencements: tuple[Commencement, ...]
    checked: date
    note: str = ""

    def matches(self, link: str) -> bool:
        """Whether ``link`` is this instrument or a part of it (a path boundary must follow)."""
        link = normalise(link)
        return link == self.url or (link.startswith(self.url) and link[len(self.url)] in "/#?")


def normalise(link: str) -> str:
    """``http://legislation.gov.uk/...`` and ``https://www.legislation.gov.uk/...`` are one address."""
    return re.sub(r"^https?://(?:www\.)?", "https://www.", link.strip()).rstrip("/.,;:")


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or (key != "note" and not value.strip()):
        raise RegisterError(f"{where}: '{key}' must be {'text' if key == 'note' else 'non-empty text'}")
    return value


def _commencement(item, where: str) -> Commencement:
    if not isinstance(item, dict):
        raise RegisterError(f"{where}: each commencement must be a table {{provision, date, by, note}}")
    unknown = set(item) - COMMENCEMENT_FIELDS
    if unknown:
        raise RegisterError(f"{where}: unknown field(s) {sorted(unknown)}")
    day = item.get("date")
    if day is not None and (not isinstance(day, date) or hasattr(day, "hour")):
        raise RegisterError(f"{where}: 'date' must be a TOML date such as 2026-03-22, or left out if unknown")
    return Commencement(_text(item, "provision", where), day, _text(item, "by", where), _text(item, "note", where))


def _instrument(key: str, entry) -> Instrument:
    where = f"register [{key}]"
    if not isinstance(entry, dict):
        raise RegisterError(f"{where}: must be a table")
    unknown = set(entry) - FIELDS
    if unknown:
        raise RegisterError(f"{where}: unknown field(s) {sorted(unknown)}")
    url = _text(entry, "url", where)
    if not ROOT.fullmatch(url):
        raise RegisterError(f"{where}: 'url' must be the instrument's root address on legislation.gov.uk "
                            f"(https://www.legislation.gov.uk/ukpga/2003/42) or GOV.UK, not {url!r}")
    kind, status = _text(entry, "kind", where), _text(entry, "status", where)
    if kind not in KINDS:
        raise RegisterError(f"{where}: 'kind' must be one of {list(KINDS)}, not {kind!r}")
    if status not in STATUSES:
        raise RegisterError(f"{where}: 'status' must be one of {list(STATUSES)}, not {status!r}")
    checked = entry.get("checked")
    if not isinstance(checked, date) or hasattr(checked, "hour"):
        raise RegisterError(f"{where}: 'checked' must be the TOML date it was last checked, such as 2026-12-02")
    items = entry.get("commencements")
    if not isinstance(items, list):
        raise RegisterError(f"{where}: 'commencements' must be an array (empty if none is relied on)")
    commencements = tuple(_commencement(c, f"{where} commencement {n}") for n, c in enumerate(items, 1))
    if not commencements and not entry.get("note"):
        raise RegisterError(f"{where}: with no commencements, give a 'note' saying what was checked")
    return Instrument(key, _text(entry, "title", where), url, kind, status, commencements, checked,
                      _text(entry, "note", where) if "note" in entry else "")


def load(path: Path = REGISTER) -> dict[str, Instrument]:
    """The register at ``path``, checked field by field; RegisterError names the first fault."""
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(f"{path}: not valid TOML: {exc}") from None
    register = {key: _instrument(key, entry) for key, entry in data.items()}
    seen: dict[str, str] = {}
    for item in register.values():
        if item.url in seen:
            raise RegisterError(f"register [{item.id}]: the same address as [{seen[item.url]}]")
        seen[item.url] = item.id
    return register


def links_in(text: str) -> list[str]:
    """Every legislation.gov.uk or GOV.UK address in ``text``, in order."""
    return [normalise(m) for m in LINK.findall(text)]


def instrument_for(link: str, register: dict[str, Instrument]) -> Instrument | None:
    """The instrument ``link`` belongs to: the matching one with the longest address, if any."""
    found = [item for item in register.values() if item.matches(link)]
    return max(found, key=lambda item: len(item.url)) if found else None


def is_instrument_link(link: str) -> bool:
    """Whether ``link`` names an instrument (not, say, the legislation.gov.uk home page)."""
    return bool(re.match(INSTRUMENT + r"(?:[/#?]|$)", normalise(link)))


@dataclass(frozen=True)
class Dependents:
    pages: tuple[str, ...]       # docs-relative paths, such as "mappa.md"
    citations: tuple[str, ...]   # ids in law/citations.toml


def pages_of(docs: Path) -> dict[str, str]:
    """The Markdown pages under ``docs`` (path relative to it -> text)."""
    return {p.relative_to(docs).as_posix(): p.read_text("utf-8") for p in sorted(Path(docs).rglob("*.md"))}


def citation_urls(path: Path = CITATIONS) -> dict[str, str]:
    """Citation id -> address, from the engine's ``citations.toml``."""
    return {key: entry["url"] for key, entry in tomllib.loads(Path(path).read_text("utf-8")).items()}


def dependents(register: dict[str, Instrument], pages: dict[str, str],
               citations: dict[str, str]) -> dict[str, Dependents]:
    """For each instrument id, the pages whose links and the citation ids whose addresses fall within it."""
    found: dict[str, tuple[set, set]] = {key: (set(), set()) for key in register}
    for page, text in pages.items():
        for link in links_in(text):
            item = instrument_for(link, register)
            if item:
                found[item.id][0].add(page)
    for cid, url in citations.items():
        item = instrument_for(url, register)
        if item:
            found[item.id][1].add(cid)
    return {key: Dependents(tuple(sorted(p)), tuple(sorted(c))) for key, (p, c) in found.items()}


def unmatched(links: list[str], register: dict[str, Instrument]) -> list[str]:
    """The instrument links in ``links`` that no register entry covers."""
    return sorted({link for link in links if is_instrument_link(link) and not instrument_for(link, register)})


def future(register: dict[str, Instrument], on: date) -> list[tuple[Instrument, Commencement]]:
    """Commencements with a known date after ``on``, soonest first."""
    rows = [(item, c) for item in register.values() for c in item.commencements if c.date and c.date > on]
    return sorted(rows, key=lambda row: (row[1].date, row[0].title))


def unconfirmed(register: dict[str, Instrument]) -> list[tuple[Instrument, Commencement]]:
    """Commencements whose date is not known, in register order."""
    return [(item, c) for item in register.values() for c in item.commencements if c.date is None]


def stale(register: dict[str, Instrument], on: date) -> list[str]:
    """Entries still marked "not yet in force" although one of their commencement dates is on or before ``on``."""
    return [f"[{item.id}] says 'not yet in force', but '{c.provision}' commenced on {c.date.isoformat()}"
            for item in register.values() if item.status == "not yet in force"
            for c in item.commencements if c.date and c.date <= on]
