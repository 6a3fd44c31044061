"""The Markdown of a partnership's boxes, from its checked file (``partnership.load``).

"Local arrangements" boxes are admonitions of the ``local`` type, styled in extra.css; the home
page's box lists the partnership's other procedures; the glossary gets a table of local names.
"""
from __future__ import annotations

from .partnership import tel


def links(contact: dict) -> dict[str, str]:
    """A contact's phone, text and e-mail, each as a Markdown link (tel:, sms:, mailto:), by kind."""
    made = {"phone": lambda n: f"[{n}]({tel(n)})", "text": lambda n: f"[{n}](sms:{n.replace(' ', '')})",
            "email": lambda a: f"[{a}](mailto:{a})"}
    return {kind: make(contact[kind]) for kind, make in made.items() if contact.get(kind)}


def contact_line(contact: dict) -> str:
    """One contact as a list item: name, then a tel: link and a mailto: link."""
    found = links(contact)
    ways = [found[kind] for kind in ("phone", "email") if kind in found]
    line = f"- **{contact['name']}**: {', '.join(ways)}"
    if contact.get("hours"):
        line += f" ({contact['hours']})"
    return line + (f". {contact['note'].strip()}" if contact.get("note") else "")


def admonition(title: str, body: str) -> str:
    return f'!!! local "{title}"\n\n    ' + body.strip().replace("\n", "\n    ") + "\n"


def box(p: dict, key: str, logo_src: str | None = None) -> str:
    """The "Local arrangements" box for ``key`` (or the home page's "other procedures" box)."""
    entry = p["local"][key]
    parts = [entry["text"].strip()] if entry.get("text") else []
    if key == "other-procedures" and p.get("other_procedures") and key not in p["own_boxes"]:
        parts = []  # the national "ask your partnership" text, when the partnership has answered it
    contacts = [contact_line(p["contacts"][ident]) for ident in entry.get("contacts") or []]
    if contacts:
        parts.append("\n".join(contacts))
    if key == "other-procedures":
        return admonition("Your partnership's other procedures", "\n\n".join(other_procedures(p, logo_src) + parts))
    return admonition(f"Local arrangements: {p['short_name']}", "\n\n".join(parts))


def other_procedures(p: dict, logo_src: str | None) -> list[str]:
    """The logo and the list of the partnership's procedures, when its file gives them."""
    parts = [f'![{p["logo"]["alt"]}]({logo_src}){{ .partnership-logo }}'] if logo_src else []
    items = [f"- [{d['title']}]({d['url']})" + (f": {d['description'].strip()}" if d.get("description") else "")
             for d in p.get("other_procedures") or []]
    if items:
        parts.append(f"{p['name']} also publishes these procedures:\n\n" + "\n".join(items))
    return parts


def terms_note(p: dict) -> str:
    """For the glossary page: the local names a partnership uses for national ones."""
    terms = p.get("terms") or {}
    if not terms:
        return ""
    rows = "\n".join(f"| {national} | {local} |" for national, local in sorted(terms.items()))
    return (f"\n## Local names in {p['short_name']} {{#local-names}}\n\n"
            f"{p['name']} calls some services by a local name. This guidance keeps the national names; "
            f"where you read one of them, the local name is the one on the right.\n\n"
            f"| Name in this guidance | Name in {p['short_name']} |\n| --- | --- |\n{rows}\n")
