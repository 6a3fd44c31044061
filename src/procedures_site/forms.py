"""Calculator forms, generated from the engine's input schema (``procedures.schema``).

Plain HTML in GOV.UK Design System patterns: dates as day, month and year fields in a
fieldset, choices as radios, every control labelled, with a hint and an error slot.
The form is ``form[data-calculator=NAME]``; each field's wrapper carries
``data-field=<input key>`` and its controls are named ``<key>-day``, ``<key>-years`` and
so on.  ``calculators/calculator.js`` reads it, runs the engine in a worker and shows the result.

The form has ``method="dialog"``: outside a dialog such a form never submits, so even if
the script fails to run, nothing typed is ever sent to a server, the site's own included.
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
           "duration": "Fill in the parts that apply, for example 2 years 6 months"}


def _attrs(key: str, prop: dict, kind: str) -> str:
    json_key = key.rsplit("-", 1)[-1]  # item fields are "<list>-<i>-<key>"; input keys never contain "-"
    attrs = (f'class="calc-group" data-field="{escape(key)}" data-key="{escape(json_key)}" '
             f'data-type="{kind}" id="{escape(key)}-group"')
    if prop.get("x-shown-when"):
        attrs += f" data-shown-when='{escape(json.dumps(prop['x-shown-when']), quote=True)}'"
    return attrs


def _kind(prop: dict) -> str:
    if prop.get("type") == "array":
        return "list"
    if prop.get("type") in ("boolean", "integer"):
        return prop["type"]
    if "enum" in prop:
        return "choice"
    return {"date": "date", "date-time": "date-time", "duration": "duration"}[prop["format"]]


ISO = r"(\bP\d+[YMWD]|\d{4}-\d{2}-\d{2})"
ISO_CLAUSE = re.compile(r"[,:;]?\s*\b[Ff]or example\b[^.]*?" + ISO + r"[^.]*")
ISO_SENTENCE = re.compile(r"[^.]*" + ISO + r"[^.]*\.?")


def _hint(key: str, prop: dict, kind: str) -> str:
    """The schema's description without its machine-format examples, then the form's own example."""
    described = ISO_SENTENCE.sub("", ISO_CLAUSE.sub("", prop.get("description", ""))).strip(" :,")
    parts = [t.rstrip(".") + "." for t in (described, EXAMPLE.get(kind, "")) if t]
    text = " ".join(parts)
    return f'<div id="{key}-hint" class="calc-hint">{escape(text)}</div>' if text else ""


def _error(key: str) -> str:
    return f'<p id="{key}-error" class="calc-error-message" hidden></p>'


def _parts(key: str, kind: str) -> str:
    items = []
    for part, label, mode, width in PARTS["date" if kind == "date-time" else kind]:
        ident = f"{key}-{part}"
        items.append(f'<div class="calc-parts__item"><label for="{ident}">{label}</label>'
                     f'<input id="{ident}" name="{ident}" type="text" inputmode="{mode}" '
                     f'class="calc-input calc-input--w{width}" autocomplete="off" spellcheck="false"></div>')
    if kind == "date-time":
        ident = f"{key}-time"
        items.append(f'<div class="calc-parts__item"><label for="{ident}">Time</label>'
                     f'<input id="{ident}" name="{ident}" type="text" inputmode="numeric" '
                     f'class="calc-input calc-input--w5" autocomplete="off"></div>')
    return f'<div class="calc-parts">{"".join(items)}</div>'


def _fieldset(key: str, prop: dict, kind: str, body: str, required: bool) -> str:
    legend = escape(prop["title"]) + ("" if required else ' <span class="calc-optional">(optional)</span>')
    return (f'<div {_attrs(key, prop, kind)}><fieldset class="calc-fieldset" aria-describedby="{key}-hint">'
            f'<legend class="calc-legend">{legend}</legend>{_hint(key, prop, kind)}{_error(key)}{body}'
            f"</fieldset></div>")


def _choice(key: str, prop: dict, required: bool) -> str:
    radios = "".join(
        f'<div class="calc-radio"><input type="radio" id="{key}-{i}" name="{key}" value="{escape(value)}">'
        f'<label for="{key}-{i}">{escape(prop["x-choice-labels"][value])}</label></div>'
        for i, value in enumerate(prop["enum"]))
    return _fieldset(key, prop, "choice", f'<div class="calc-radios">{radios}</div>', required)


def _single(key: str, prop: dict, kind: str, required: bool) -> str:
    if kind == "boolean":
        control = (f'<div class="calc-checkbox"><input type="checkbox" id="{key}" name="{key}" value="true" '
                   f'aria-describedby="{key}-hint"><label for="{key}">{escape(prop["title"])}</label></div>')
        return f'<div {_attrs(key, prop, kind)}>{_error(key)}{control}{_hint(key, prop, kind)}</div>'
    optional = "" if required else ' <span class="calc-optional">(optional)</span>'
    return (f'<div {_attrs(key, prop, kind)}><label class="calc-label" for="{key}">{escape(prop["title"])}{optional}'
            f'</label>{_hint(key, prop, kind)}{_error(key)}<input id="{key}" name="{key}" type="text" '
            f'inputmode="numeric" class="calc-input calc-input--w3" aria-describedby="{key}-hint"></div>')


def _list(key: str, prop: dict) -> str:
    item = prop["items"]
    fields = "".join(field(f"{key}-__i__-{sub}", subprop, sub in item.get("required", []))
                     for sub, subprop in item["properties"].items())
    template = (f'<template data-item><fieldset class="calc-item" data-item-index="__i__">'
                f'<legend class="calc-legend calc-legend--small">{escape(prop["title"])}: entry __n__</legend>'
                f'{fields}<button type="button" class="calc-button calc-button--secondary" data-remove>'
                f'Remove entry __n__</button></fieldset></template>')
    body = (f'<div class="calc-items" data-items></div>{template}'
            f'<button type="button" class="calc-button calc-button--secondary" data-add>Add an entry</button>')
    return _fieldset(key, prop, "list", body, False)


def _yes_no(key: str, prop: dict) -> str:
    """A required yes-or-no question: two radios, so "no" is an answer and not a blank."""
    radios = "".join(f'<div class="calc-radio"><input type="radio" id="{key}-{value}" name="{key}" value="{value}">'
                     f'<label for="{key}-{value}">{label}</label></div>' for value, label in (("true", "Yes"), ("false", "No")))
    return _fieldset(key, prop, "yesno", f'<div class="calc-radios calc-radios--inline">{radios}</div>', True)


def field(key: str, prop: dict, required: bool) -> str:
    kind = _kind(prop)
    if kind == "boolean" and required:
        return _yes_no(key, prop)
    if kind == "list":
        return _list(key, prop)
    if kind == "choice":
        return _choice(key, prop, required)
    if kind in ("date", "date-time", "duration"):
        return _fieldset(key, prop, kind, _parts(key, kind), required)
    return _single(key, prop, kind, required)


def render(name: str, *, embedded: bool, tables_link: str, edition: str) -> str:
    """The whole calculator: error summary, form, status and result regions."""
    schema = procedures.schema(name)
    required = set(schema["required"])
    fields = "".join(field(k, p, k in required) for k, p in schema["properties"].items())
    title = (f'<h2 class="calc-title" id="calculator-{name}">Calculator: {escape(schema["title"])}</h2>'
             if embedded else "")
    # An attribute, not a <script>: instant navigation re-runs the scripts it swaps in.
    schema_json = escape(json.dumps(schema), quote=True)
    return f"""<div class="calculator-embed" data-calculator-root="{name}" data-boot="{'lazy' if embedded else 'eager'}" data-edition="{escape(edition)}" data-schema="{schema_json}">
{title}
<noscript><p class="calc-noscript">This calculator needs JavaScript, which is turned off or blocked in this browser.
The <a href="{tables_link}">tables in the guidance</a> give the same rules.</p></noscript>
<div class="calc-error-summary" role="alert" tabindex="-1" hidden><h3 class="calc-error-summary__title">There is a problem</h3><ul class="calc-error-summary__list"></ul></div>
<p class="calc-status" data-status aria-live="polite">The calculator starts when you use it. Nothing you type leaves this device.</p>
<form data-calculator="{name}" method="dialog" novalidate>
{fields}
<div class="calc-actions"><button type="submit" class="calc-button">Calculate</button>
<button type="reset" class="calc-button calc-button--secondary">Start again</button></div>
</form>
<div class="calc-result" role="status" aria-live="polite" data-result></div>
</div>"""
