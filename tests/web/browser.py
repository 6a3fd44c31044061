"""Driving the generated forms as a person would: typing into day, month and year, ticking radios."""
from __future__ import annotations

import json

from procedures import schema


def group(page, scope: str, field: str):
    return page.locator(f"{scope} [data-field='{field}']")


def fill_value(page, scope: str, field: str, kind: str, value) -> None:
    g = group(page, scope, field)
    if kind in ("date", "date-time"):
        year, month, day = str(value)[:10].split("-")
        g.locator(f"[name='{field}-day']").fill(str(int(day)))
        g.locator(f"[name='{field}-month']").fill(str(int(month)))
        g.locator(f"[name='{field}-year']").fill(year)
        if kind == "date-time":
            g.locator(f"[name='{field}-time']").fill(str(value)[11:16])
    elif kind == "duration":
        import re

        parts = re.match(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$", value).groups()
        for unit, part in zip(("years", "months", "weeks", "days"), parts):
            if part:
                g.locator(f"[name='{field}-{unit}']").fill(part)
    elif kind == "choice":
        g.locator(f"input[value='{value}']").check()
    elif kind == "boolean":
        if value:
            g.locator("input").check()
    elif kind == "yesno":
        g.locator(f"input[value='{'true' if value else 'false'}']").check()
    elif kind == "integer":
        g.locator("input").fill(str(value))
    else:
        raise AssertionError(kind)


def kinds(prop: dict, required: bool = False) -> str:
    if prop.get("type") == "array":
        return "list"
    if prop.get("type") == "boolean" and required:
        return "yesno"
    if prop.get("type") in ("boolean", "integer"):
        return prop["type"]
    if "enum" in prop:
        return "choice"
    return {"date": "date", "date-time": "date-time", "duration": "duration"}[prop["format"]]


def fill_form(page, name: str, inputs: dict) -> None:
    scope = f"form[data-calculator='{name}']"
    props, required = schema(name)["properties"], schema(name)["required"]
    # choices first, so the fields they reveal are shown before they are filled
    for key in sorted(inputs, key=lambda k: kinds(props[k]) not in ("choice", "yesno")):
        prop, value = props[key], inputs[key]
        if kinds(prop) == "list":
            for i, item in enumerate(value):
                group(page, scope, key).locator("[data-add]").click()
                item_props = prop["items"]["properties"]
                for sub in sorted(item, key=lambda k: kinds(item_props[k]) != "choice"):
                    fill_value(page, scope, f"{key}-{i}-{sub}", kinds(item_props[sub]), item[sub])
        else:
            fill_value(page, scope, key, kinds(prop, key in required), value)


def typable(name: str) -> bool:
    """Whether ``fill_form`` can type a calculator's cases: flat fields, and lists of flat entries.
    The case timeline's nested entries and its group of answers are typed in test_timeline_page.py."""
    def nested(prop: dict) -> bool:
        return prop.get("type") in ("array", "object")

    return not any(prop.get("type") == "object" or (prop.get("type") == "array" and
                                                     any(map(nested, prop["items"]["properties"].values())))
                   for prop in schema(name)["properties"].values())


def shown(name: str, inputs: dict) -> bool:
    """Whether every input of a case is a field the form shows for the case's choices."""
    props = schema(name)["properties"]
    for key in inputs:
        rule = props[key].get("x-shown-when") or {}
        if any(inputs.get(k) not in allowed for k, allowed in rule.items()):
            return False
    return True


def fragment_inputs(page) -> dict:
    """The inputs the page put into the URL fragment after calculating."""
    from urllib.parse import unquote

    pairs = [p.split("=", 1) for p in page.evaluate("location.hash").lstrip("#").split("&") if "=" in p]
    out = {}
    for key, value in pairs:
        value = unquote(value)
        out[unquote(key)] = json.loads(value) if value[:1] in "[{" else value
    return out
