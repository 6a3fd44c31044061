"""A partnership file (``partnerships/<name>.yml``): read it, check it, and write its boxes.

The national file, ``partnerships/national.yml``, names every "Local arrangements" key and
gives each one generic text.  A partnership's own file may set:

    name              required: the partnership's full name
    short_name        a shorter name for headings (defaults to ``name``)
    fictional         true for a made-up example: every phone number must then be in the
                      range Ofcom keeps for drama, and every address an example.org one
    logo              {file, alt}: an SVG beside the YAML file, and its text alternative
    contacts          a list of {id, name, phone, email, hours, note}; boxes list them by id
    local             per key: markdown text, or {text, contacts}; a key left out keeps the
                      national text
    terms             {"national name": "local name"}, shown as a note on the glossary page
    other_procedures  a list of {title, url, description}, shown on the home page
    situations        the partnership's own "What to do if" situations, each with the fields of
                      content/situations/<id>.toml plus an ``id``; shown in full on the index page,
                      each anchored ``#<id>`` (``content.check_situation``)
    report_problem    where readers report a problem: a ``mailto:`` or ``https:`` address; every
                      page's footer links to it (the national edition's is in mkdocs.yml,
                      ``extra.report_problem``: a section of the privacy page)

Any other key, a missing required field, or a number or address of the wrong kind raises
``PartnershipError`` with the file, the field and what to do.  ``boxes.py`` writes the
Markdown that the checked data becomes.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import content


class PartnershipError(ValueError):
    """The partnership file is not one this build can use."""


# field: (type, required).  A nested schema is checked by its own function below.
TOP = {"name": (str, True), "short_name": (str, False), "fictional": (bool, False), "logo": (dict, False),
       "contacts": (list, False), "local": (dict, False), "terms": (dict, False),
       "other_procedures": (list, False), "report_problem": (str, False), "situations": (list, False)}
LOGO = {"file": (str, True), "alt": (str, True)}
CONTACT = {"id": (str, True), "name": (str, True), "phone": (str, False), "email": (str, False),
           "hours": (str, False), "note": (str, False)}
BOX = {"text": (str, False), "contacts": (list, False)}
PROCEDURE = {"title": (str, True), "url": (str, True), "description": (str, False)}

# Ofcom keeps 01632 960000 to 01632 960999 for drama: numbers that will never ring anyone.
DRAMA = re.compile(r"^01632960\d{3}$")
SHORT_NUMBERS = re.compile(r"^(999|112|101|111|116\d{3})$")
# A UK number written in text: 0 or +44 and 9 or 10 more digits, spaces or hyphens allowed.
PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
EXAMPLE_ORG = re.compile(r"(^|\.)example\.org$")
EXAMPLE_HOSTS = re.compile(r"(^|\.)example\.(org|com|net)$")  # reserved for documentation (RFC 2606)


def national_digits(phone: str) -> str:
    """The number as dialled within the UK: "+44 (0)1632 960 123" -> "01632960123"."""
    digits = re.sub(r"[\s()-]", "", phone)
    if digits.startswith("+440"):
        digits = "0" + digits[4:]
    elif digits.startswith("+44"):
        digits = "0" + digits[3:]
    return digits


def tel(phone: str) -> str:
    """A tel: address: international form for full numbers, as dialled for short ones."""
    digits = national_digits(phone)
    return f"tel:{digits}" if SHORT_NUMBERS.match(digits) else f"tel:+44{digits[1:]}"


def _check_fields(data, schema: dict, where: str) -> None:
    if not isinstance(data, dict):
        raise PartnershipError(f"{where} must be a mapping of fields; known fields: {', '.join(schema)}")
    unknown = sorted(set(data) - set(schema))
    if unknown:
        raise PartnershipError(f"{where}: unknown field {', '.join(map(repr, unknown))}; "
                               f"known fields: {', '.join(schema)}")
    for field, (kind, required) in schema.items():
        if field not in data or data[field] is None:
            if required:
                raise PartnershipError(f"{where}: the required field '{field}' is missing")
            continue
        value = data[field]
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            what = {str: "text (put numbers in quotes)", bool: "true or false", dict: "a mapping",
                    list: "a list"}[kind]
            raise PartnershipError(f"{where}: '{field}' must be {what}, not {value!r}")


def _check_phone(phone: str, where: str, fictional: bool) -> None:
    digits = national_digits(phone)
    if not (re.fullmatch(r"0\d{9,10}", digits) or SHORT_NUMBERS.match(digits)):
        raise PartnershipError(f"{where}: '{phone}' is not a UK phone number")
    in_drama = bool(DRAMA.match(digits))
    if fictional and not in_drama and not SHORT_NUMBERS.match(digits):
        raise PartnershipError(f"{where}: '{phone}' is outside the range reserved for drama "
                               "(01632 960000 to 01632 960999); a file marked fictional: true may use no other number")
    if not fictional and in_drama:
        raise PartnershipError(f"{where}: '{phone}' is a made-up number from the range reserved for drama; "
                               "a real edition needs the real number (or mark the file fictional: true)")


def _check_host(host: str, what: str, where: str, fictional: bool) -> None:
    if fictional and not EXAMPLE_ORG.search(host.lower()):
        raise PartnershipError(f"{where}: {what} '{host}' is not an example.org address; "
                               "a file marked fictional: true may only use example.org")
    if not fictional and EXAMPLE_HOSTS.search(host.lower()):
        raise PartnershipError(f"{where}: {what} '{host}' is an example address; a real edition needs the real one")


def _check_text(text: str, where: str, fictional: bool) -> None:
    """Numbers and e-mail addresses written into free text follow the same rules as contacts."""
    for match in PHONE_IN_TEXT.finditer(text):
        _check_phone(match.group(0), where, fictional)
    for match in EMAIL_IN_TEXT.finditer(text):
        _check_host(match.group(1), "the e-mail domain", where, fictional)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def check_report_problem(address: str, where: str, fictional: bool = False) -> str:
    """A "report a problem" address: ``mailto:`` one e-mail address (a subject may follow ``?``) or a
    full ``https:`` address, on a real domain unless the file is fictional (then example.org only)."""
    if re.search(r"[\s\"'<>`\\]", address.strip()):
        raise PartnershipError(f"{where}: '{address}' must not hold spaces, quotes, backslashes or angle brackets")
    url = urlsplit(address.strip())
    if url.scheme == "mailto":
        if not EMAIL.fullmatch(url.path):
            raise PartnershipError(f"{where}: '{address}' must be mailto: and one e-mail address, "
                                   "such as mailto:safeguarding@your-partnership.org.uk")
        _check_host(url.path.split("@")[1], "the e-mail domain", where, fictional)
    elif url.scheme == "https" and url.hostname:
        _check_host(url.hostname, "the address", where, fictional)
    else:
        raise PartnershipError(f"{where}: '{address}' must be a mailto: address or a full https:// address")
    return address.strip()


def validate(data, keys: list[str], folder: Path, where: str) -> dict:
    """Check a partnership file's data against the schema and the national keys; return it."""
    _check_fields(data, TOP, where)
    fictional = bool(data.get("fictional"))
    if Path(where).stem == "example" and not fictional:
        raise PartnershipError(f"{where}: the example partnership must say fictional: true")
    for field in ("name", "short_name"):
        if field in data:
            _check_text(data[field], f"{where}: {field}", fictional)
    if data.get("logo") is not None:
        _check_fields(data["logo"], LOGO, f"{where}: logo")
        logo = folder / data["logo"]["file"]
        if logo.suffix != ".svg" or not logo.is_file():
            raise PartnershipError(f"{where}: logo file '{data['logo']['file']}' must be an SVG file beside the "
                                   "partnership file")
    ids = set()
    for i, contact in enumerate(data.get("contacts") or []):
        here = f"{where}: contacts[{i}]"
        _check_fields(contact, CONTACT, here)
        here = f"{where}: contact '{contact['id']}'"
        if contact["id"] in ids:
            raise PartnershipError(f"{here}: the id is used twice")
        ids.add(contact["id"])
        if not contact.get("phone") and not contact.get("email"):
            raise PartnershipError(f"{here}: give a phone number, an e-mail address, or both")
        if contact.get("phone"):
            _check_phone(contact["phone"], here, fictional)
        if contact.get("email"):
            if not re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", contact["email"]):
                raise PartnershipError(f"{here}: '{contact['email']}' is not an e-mail address")
            _check_host(contact["email"].split("@")[1], "the e-mail domain", here, fictional)
        for field in ("name", "hours", "note"):
            if contact.get(field):
                _check_text(contact[field], here, fictional)
    for key, box in (data.get("local") or {}).items():
        here = f"{where}: local '{key}'"
        if key not in keys:
            raise PartnershipError(f"{where}: unknown local arrangements key '{key}'; known keys: {', '.join(keys)}")
        if isinstance(box, str):
            box = data["local"][key] = {"text": box}
        _check_fields(box, BOX, here)
        if not box.get("text") and not box.get("contacts"):
            raise PartnershipError(f"{here}: give its text, its contacts, or both")
        _check_text(box.get("text") or "", here, fictional)
        for ident in box.get("contacts") or []:
            if ident not in ids:
                raise PartnershipError(f"{here}: no contact has the id '{ident}'; known ids: {', '.join(sorted(ids))}")
    for national, local in (data.get("terms") or {}).items():
        if not isinstance(national, str) or not isinstance(local, str) or not local.strip():
            raise PartnershipError(f"{where}: terms must map a national name to a local name, as text")
    for i, procedure in enumerate(data.get("other_procedures") or []):
        here = f"{where}: other_procedures[{i}]"
        _check_fields(procedure, PROCEDURE, here)
        url = urlsplit(procedure["url"])
        if url.scheme != "https" or not url.hostname:
            raise PartnershipError(f"{here}: '{procedure['url']}' must be a full https:// address")
        _check_host(url.hostname, "the address", here, fictional)
        _check_text(procedure.get("description") or "", here, fictional)
    if data.get("report_problem") is not None:
        check_report_problem(data["report_problem"], f"{where}: report_problem", fictional)
    _check_situations(data.get("situations") or [], keys, where, fictional)
    return data


def _check_situations(situations: list, keys: list[str], where: str, fictional: bool) -> None:
    """A partnership's own situations: the national schema plus an ``id`` that is unique and
    clashes with no national situation (the index page anchors each one ``#<id>``)."""
    national = set(content.situations())
    seen: set[str] = set()
    for i, situation in enumerate(situations):
        here = f"{where}: situations[{i}]"
        try:
            ident = situation.get("id") if isinstance(situation, dict) else None
            if not isinstance(ident, str) or not content.ID.match(ident):
                raise PartnershipError(f"{here}: 'id' must be lower-case words joined by hyphens, such as "
                                       "'county-lines-referral'")
            if ident in seen or ident in national or ident in ("local-situations",):
                raise PartnershipError(f"{here}: the id '{ident}' is used twice, or by a national situation")
            seen.add(ident)
            content.check_situation(situation, f"{where}: situations '{ident}'", set(content.contacts()),
                                    set(keys), {**content.SITUATION, "id": (str, True)})
        except content.ContentError as exc:
            raise PartnershipError(str(exc)) from None
        for field in ("title", "sees"):
            _check_text(situation[field], f"{here}: {field}", fictional)
        for step in situation["steps"]:
            _check_text(step["do"], f"{here}: steps", fictional)


def locate(name: str, root: Path) -> Path:
    """``national`` or ``example`` -> partnerships/<name>.yml; a path to a .yml file -> that file."""
    if name.endswith((".yml", ".yaml")) or "/" in name:
        return Path(name).resolve()
    return root / "partnerships" / f"{name}.yml"


def load(name: str, root: Path) -> dict:
    """The checked partnership, with the national text for every box it leaves out."""
    national = yaml.safe_load((root / "partnerships" / "national.yml").read_text("utf-8"))
    keys = list(national["local"])
    path = locate(name, root)
    if not path.is_file():
        known = sorted(p.stem for p in (root / "partnerships").glob("*.yml"))
        raise PartnershipError(f"no partnership file {path}; the partnerships here are: {', '.join(known)}")
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise PartnershipError(f"{where} is not valid YAML: {exc}") from None
    data = validate(data, keys, path.parent, where)
    boxes = {key: {"text": text} for key, text in national["local"].items()}
    boxes.update(data.get("local") or {})
    return {**data, "national": path == root / "partnerships" / "national.yml",
            "short_name": data.get("short_name") or data["name"], "local": boxes,
            "contacts": {c["id"]: c for c in data.get("contacts") or []}, "folder": path.parent,
            "own_boxes": set(data.get("local") or {})}
