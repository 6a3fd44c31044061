"""Calculator forms, generated from the engine's input schema (``procedures.schema``).

Plain HTML in GOV.UK Design System patterns: dates as day, month and year fields in a
fieldset, choices as radios, every control labelled, with a hint and an error slot.
The form is ``form[data-calculator=NAME]``; each field's wrapper carries
``data-field=<input key>`` and its controls are named ``<key>-day``, ``<key>-years`` and
so on.  Every ``id`` starts with the calculator's name, so several calculators can share a
page (the notification chapter has three).  ``calculators/calculator.js`` reads the form,
checks it, runs the engine in a worker and shows the result.

What the page checks before the engine has loaded comes from the schema too, as attributes
of each field's wrapper: ``data-required`` (needed whenever it shows), ``data-required-when``
(needed only when other answers say so: ``x-required-when``), ``data-min``/``data-max`` for
whole numbers, ``data-earliest``/``data-latest`` for dates and ``data-max-items`` for lists.
"(optional)" is written only beside a field the engine treats as optional; beside one that is
needed only sometimes, the script shows or hides it as the answers change.  The "give one of"
groups (``x-one-of``) are read by the script from the schema on the calculator's root.

The form has ``method="dialog"``: outside a dialog such a form never submits, so even if
the script fails to run, nothing typed is ever sent to a server, the site's own included.
No inline script, event handler or style attribute: the pages run under a strict
Content-Security-Policy.
"""
from __future__ import annotations

import json
import re
from html import escape

import procedures

PARTS = {
    "date": [("day", "Day", "numeric", 2), ("month", "Month", "text", 3), ("year", "Year", "numeric", 4)],
    "duration": [("years", "Years", "numeric", 2), ("months", "Months", "numeric", 2),
                 ("weeks", "Weeks", "numeric", 2), ("days", "Days", "numeric", 3)],
}
EXAMPLE = {"date": "For example, 27 3 2024", "date-time": "For example, 27 3 2024 and 14:30",
           "duration": "Fill in the parts that apply, for example 2 years 6 months",
           "rough": "For example, 27 3 2024. If you know only the month and year, leave the day empty; "
                    "if you know only the year, leave the day and month empty"}
# What one entry of a list is called ("Conviction 2", "Add another conviction"), when the schema
# does not say (``x-item-title``).  Lists not named here have "entries".
ITEM_NOUNS = {"convictions": "conviction", "custody": "custody spell", "orders": "order",
              "further_terms": "other term", "stays": "stay", "disregarded_periods": "period"}
# The version of a calculator's link (its URL fragment) when it is more than the field names:
# the link then starts "v=1&" and keeps lists compact, so an old link still opens.
LINK_VERSIONS = {"case-timeline": 1}
OPTIONAL = '<span class="calc-optional">(optional)</span>'
SOMETIMES_OPTIONAL = '<span class="calc-optional" data-optional>(optional)</span>'


def _json_attr(name: str, value) -> str:
    return f" {name}='{escape(json.dumps(value), quote=True)}'"


def _implied(shown_when: dict | None, required_when: dict | None) -> bool:
    """Whether a field that shows only when ``shown_when`` holds is then always required."""
    if not required_when:
        return False
    shown_when = shown_when or {}
    return all(key in shown_when and set(shown_when[key]) <= set(allowed) for key, allowed in required_when.items())


class Need:
    """Whether a field must be given: always, sometimes (``x-required-when``), as one of a group, or never."""

    def __init__(self, required: bool, prop: dict, one_of: bool = False):
        when = prop.get("x-required-when")
        self.always = required or _implied(prop.get("x-shown-when"), when)
        self.when = None if self.always else when
        self.one_of = one_of

    @property
    def label(self) -> str:
        if self.always or self.one_of:
            return ""
        return SOMETIMES_OPTIONAL if self.when else OPTIONAL


def rough(prop: dict) -> bool:
    """Whether a date field also takes a month and year, or a year alone (the engine's "rough" dates)."""
    return bool(prop.get("x-rough-date") or prop.get("x-rough")) or prop.get("format") in ("date-or-rough", "rough-date")


def placeholders(key: str) -> tuple[str, str]:
    """The index and number placeholders of a list's entry template: ``__i__``/``__n__`` at the top
    level, ``__i1__``/``__n1__`` for a list inside an entry, and so on, so that adding an outer entry
    leaves the inner template's placeholders alone."""
    depth = key.count("__i")
    return ("__i__", "__n__") if not depth else (f"__i{depth}__", f"__n{depth}__")


def _attrs(prefix: str, key: str, prop: dict, kind: str, need: Need) -> str:
    json_key = key.rsplit("-", 1)[-1]  # item fields are "<list>-<i>-<key>"; input keys never contain "-"
    attrs = (f'class="calc-group" data-field="{escape(key)}" data-key="{escape(json_key)}" '
             f'data-type="{kind}" id="{escape(prefix)}-{escape(key)}-group"')
    if prop.get("x-shown-when"):
        attrs += _json_attr("data-shown-when", prop["x-shown-when"])
    if need.always:
        attrs += " data-required"
    elif need.when:
        attrs += _json_attr("data-required-when", need.when)
    limits = {"data-min": prop.get("minimum"), "data-max": prop.get("maximum"),
              "data-earliest": prop.get("formatMinimum"), "data-latest": prop.get("formatMaximum"),
              "data-max-items": prop.get("maxItems")}
    attrs += "".join(f' {name}="{escape(str(value))}"' for name, value in limits.items() if value is not None)
    if kind == "date" and rough(prop):
        attrs += " data-rough"
    return attrs


def _kind(prop: dict) -> str:
    if prop.get("type") == "array":
        return "list"
    if prop.get("type") == "object":
        return "object"
    if prop.get("type") in ("boolean", "integer"):
        return prop["type"]
    if "enum" in prop:
        return "choice"
    return {"date": "date", "date-time": "date-time", "duration": "duration", "date-or-rough": "date",
            "rough-date": "date"}[prop["format"]]


ISO = r"(\bP\d+[YMWD]|\d{4}-\d{2}-\d{2})"
ISO_CLAUSE = re.compile(r"[,:;]?\s*\b[Ff]or example\b[^.]*?" + ISO + r"[^.]*")
ISO_SENTENCE = re.compile(r"[^.]*" + ISO + r"[^.]*\.?")


def _hint_text(prop: dict, kind: str) -> str:
    """The schema's description without its machine-format examples, then the form's own example."""
    described = ISO_SENTENCE.sub("", ISO_CLAUSE.sub("", prop.get("description", ""))).strip(" :,")
    example = EXAMPLE["rough"] if kind == "date" and rough(prop) else EXAMPLE.get(kind, "")
    return " ".join(t.rstrip(".") + "." for t in (described, example) if t)


def _hint(ident: str, text: str) -> str:
    return f'<div id="{ident}-hint" class="calc-hint">{escape(text)}</div>' if text else ""


def _described(ident: str, text: str) -> str:
    return f' aria-describedby="{ident}-hint"' if text else ""


def _error(ident: str) -> str:
    return f'<p id="{ident}-error" class="calc-error-message" hidden></p>'


def _parts(ident: str, key: str, kind: str) -> str:
    items = []
    for part, label, mode, width in PARTS["date" if kind == "date-time" else kind]:
        items.append(f'<div class="calc-parts__item"><label for="{ident}-{part}">{label}</label>'
                     f'<input id="{ident}-{part}" name="{key}-{part}" type="text" inputmode="{mode}" '
                     f'class="calc-input calc-input--w{width}" autocomplete="off" spellcheck="false"></div>')
    if kind == "date-time":
        items.append(f'<div class="calc-parts__item"><label for="{ident}-time">Time</label>'
                     f'<input id="{ident}-time" name="{key}-time" type="text" inputmode="numeric" '
                     f'class="calc-input calc-input--w5" autocomplete="off"></div>')
    return f'<div class="calc-parts">{"".join(items)}</div>'


def _fieldset(prefix: str, key: str, prop: dict, kind: str, body: str, need: Need) -> str:
    ident, hint = f"{prefix}-{key}", _hint_text(prop, kind)
    legend = escape(prop["title"]) + (" " + need.label if need.label else "")
    return (f'<div {_attrs(prefix, key, prop, kind, need)}><fieldset class="calc-fieldset"{_described(ident, hint)}>'
            f'<legend class="calc-legend">{legend}</legend>{_hint(ident, hint)}{_error(ident)}{body}'
            f"</fieldset></div>")


def _choice(prefix: str, key: str, prop: dict, need: Need) -> str:
    radios = "".join(
        f'<div class="calc-radio"><input type="radio" id="{prefix}-{key}-{i}" name="{key}" value="{escape(value)}">'
        f'<label for="{prefix}-{key}-{i}">{escape(prop["x-choice-labels"][value])}</label></div>'
        for i, value in enumerate(prop["enum"]))
    return _fieldset(prefix, key, prop, "choice", f'<div class="calc-radios">{radios}</div>', need)


def _single(prefix: str, key: str, prop: dict, kind: str, need: Need) -> str:
    ident, hint = f"{prefix}-{key}", _hint_text(prop, kind)
    if kind == "boolean":
        control = (f'<div class="calc-checkbox"><input type="checkbox" id="{ident}" name="{key}" value="true"'
                   f'{_described(ident, hint)}><label for="{ident}">{escape(prop["title"])}</label></div>')
        return f'<div {_attrs(prefix, key, prop, kind, need)}>{_error(ident)}{control}{_hint(ident, hint)}</div>'
    optional = " " + need.label if need.label else ""
    return (f'<div {_attrs(prefix, key, prop, kind, need)}><label class="calc-label" for="{ident}">'
            f'{escape(prop["title"])}{optional}</label>{_hint(ident, hint)}{_error(ident)}<input id="{ident}" '
            f'name="{key}" type="text" inputmode="numeric" class="calc-input calc-input--w3"{_described(ident, hint)}>'
            f"</div>")


def item_noun(key: str, prop: dict) -> str:
    return prop.get("x-item-title") or ITEM_NOUNS.get(key.rsplit("-", 1)[-1], "entry")


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _list(prefix: str, key: str, prop: dict, need: Need) -> str:
    """A list in the GOV.UK "add another" pattern: each entry a fieldset ("Conviction 2") with its
    own "Remove conviction 2" button, and "Add a conviction" (then "Add another conviction") after
    them.  An entry's fields are named ``<list>-<index>-<key>``; a list inside an entry has a
    template of its own, with placeholders of its own depth."""
    item, (index, number) = prop["items"], placeholders(key)
    one_of = {k for group in item.get("x-one-of", []) for k in group}
    fields = "".join(field(prefix, f"{key}-{index}-{sub}", subprop, sub in item.get("required", []), sub in one_of)
                     for sub, subprop in item["properties"].items())
    title, noun = escape(prop["title"]), escape(item_noun(key, prop))
    n = f'<span data-entry-number>{number}</span>'
    template = (f'<template data-item><fieldset class="calc-item" data-item-index="{index}" tabindex="-1">'
                f'<legend class="calc-legend calc-legend--small">{escape(noun[:1].upper() + noun[1:])} {n}</legend>'
                f'{fields}<button type="button" class="calc-button calc-button--secondary calc-button--remove" data-remove>'
                f'Remove {noun} {n}<span class="calc-visually-hidden"> from {title}</span></button>'
                f'</fieldset></template>')
    first, more = f"Add {_article(noun)} {noun}", f"Add another {noun}"
    body = (f'<div class="calc-items" data-items></div>{template}'
            f'<button type="button" class="calc-button calc-button--secondary" data-add id="{prefix}-{key}-add">'
            f'<span data-add-label data-first="{first}" data-more="{more}">{first}</span>'
            f'<span class="calc-visually-hidden"> to {title}</span></button>'
            f'<p class="calc-visually-hidden" data-list-said aria-live="polite"></p>')
    return _fieldset(prefix, key, prop, "list", body, need)


def _object(prefix: str, key: str, prop: dict, need: Need) -> str:
    """A group of answers sent together as one object (``{"mappa": {...}}``): a fieldset whose
    fields are named ``<key>-<field>``; the box ``data-object`` holds them as an entry holds its own."""
    one_of = {k for group in prop.get("x-one-of", []) for k in group}
    fields = "".join(field(prefix, f"{key}-{sub}", subprop, sub in prop.get("required", []), sub in one_of)
                     for sub, subprop in prop["properties"].items())
    return _fieldset(prefix, key, prop, "object",
                     f'<div class="calc-object" data-object data-item-index="{escape(key)}">{fields}</div>', need)


def _yes_no(prefix: str, key: str, prop: dict, need: Need) -> str:
    """A required yes-or-no question: two radios, so "no" is an answer and not a blank."""
    radios = "".join(f'<div class="calc-radio"><input type="radio" id="{prefix}-{key}-{value}" name="{key}" '
                     f'value="{value}"><label for="{prefix}-{key}-{value}">{label}</label></div>'
                     for value, label in (("true", "Yes"), ("false", "No")))
    return _fieldset(prefix, key, prop, "yesno", f'<div class="calc-radios calc-radios--inline">{radios}</div>', need)


def field(prefix: str, key: str, prop: dict, required: bool, one_of: bool = False) -> str:
    """One field's HTML; ``prefix`` (the calculator's name) starts every id."""
    kind, need = _kind(prop), Need(required, prop, one_of)
    if kind == "boolean" and need.always:
        return _yes_no(prefix, key, prop, need)
    if kind == "list":
        return _list(prefix, key, prop, need)
    if kind == "object":
        return _object(prefix, key, prop, need)
    if kind == "choice":
        return _choice(prefix, key, prop, need)
    if kind in ("date", "date-time", "duration"):
        return _fieldset(prefix, key, prop, kind, _parts(f"{prefix}-{key}", key, kind), need)
    return _single(prefix, key, prop, kind, need)


def render(name: str, *, embedded: bool, tables_link: str, edition: str) -> str:
    """The whole calculator: error summary, form, status and result regions."""
    schema = procedures.schema(name)
    required = set(schema["required"])
    one_of = {k for group in schema.get("x-one-of", []) for k in group}
    fields = "".join(field(name, k, p, k in required, k in one_of) for k, p in schema["properties"].items())
    title = (f'<h2 class="calc-title" id="calculator-{name}">Calculator: {escape(schema["title"])}</h2>'
             if embedded else "")
    # An attribute, not a <script>: instant navigation re-runs the scripts it swaps in.
    schema_json = escape(json.dumps(schema), quote=True)
    version = ""
    if name in LINK_VERSIONS:  # a timeline names the calculator behind each of its dates
        titles = {other: procedures.schema(other)["title"] for other in procedures.calculators()}
        version = f' data-link-version="{LINK_VERSIONS[name]}"' + _json_attr("data-titles", titles)
    return f"""<div class="calculator-embed" data-calculator-root="{name}"{version} data-boot="{'lazy' if embedded else 'eager'}" data-edition="{escape(edition)}" data-tables="{tables_link}" data-schema="{schema_json}">
{title}
<noscript><p class="calc-noscript">This calculator needs JavaScript, which is turned off or blocked in this browser.
The <a href="{tables_link}">tables in the guidance</a> give the same rules.</p></noscript>
<div class="calc-error-summary" role="alert" tabindex="-1" hidden><h3 class="calc-error-summary__title">There is a problem</h3><ul class="calc-error-summary__list"></ul></div>
<div class="calc-notice" data-notice role="alert" tabindex="-1" hidden></div>
<p class="calc-status" data-status aria-live="polite">The calculator starts when you use it. Nothing you type leaves this device.</p>
<progress class="calc-progress" max="3" value="0" aria-hidden="true" data-progress hidden></progress>
<form data-calculator="{name}" method="dialog" novalidate>
{fields}
<div class="calc-actions"><button type="submit" class="calc-button">Calculate</button>
<button type="reset" class="calc-button calc-button--secondary">Start again</button></div>
</form>
<div class="calc-result" role="status" aria-live="polite" data-result></div>
</div>"""
