"""Typed inputs: one declaration feeds parsing, error messages, the JSON Schema and the forms.

Each calculator declares a frozen dataclass whose fields are made with ``inp``.  The
metadata holds the words a practitioner reads (label, hint, the noun used in error
messages), when the field applies (``shown_when``) and when it must be given
(``required_when``).  ``parse`` turns JSON into the dataclass, raising InputError on the first
bad field (each value through law/scalars.py, within its bounds); ``json_schema`` describes it.
A class may list ``ONE_OF``: groups of fields of which one must be given (the calculator checks
them; the schema says so).
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import MISSING, dataclass
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from .duration import Duration
from .scalars import (EARLIEST, LATEST, LONGEST_TEXT, MOST_ENTRIES, capital, parse_bool, parse_choice, parse_date,
                      parse_datetime, parse_duration, parse_int, quote)


def inp(label: str, hint: str = "", *, noun: str | None = None, choices: dict[str, str] | None = None,
        shown_when: dict[str, list] | None = None, required_when: dict[str, list] | None = None,
        missing: str | None = None, minimum: int | None = None, maximum: int | None = None,
        default: Any = MISSING) -> Any:
    """A calculator input.  ``noun`` is how error messages name it ("the relevant date").

    ``required_when`` makes an optional field required when every named field has one of the
    listed values (``missing`` is then the message, by default "Enter <noun>"); a whole number
    has a ``minimum`` and a ``maximum``; a list has at most ``maximum`` entries (by default 100).
    """
    noun = noun or f"the {label[0].lower()}{label[1:]}"
    meta = {"label": label, "hint": hint, "noun": noun, "choices": choices, "shown_when": shown_when,
            "required_when": required_when, "missing": missing or f"Enter {noun}", "minimum": minimum,
            "maximum": maximum}
    if isinstance(default, list):
        return dataclasses.field(default_factory=list, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class DateRange:
    """A span of days.  Whether ``end`` is a day inside depends on the input (see its hint)."""

    start: date = inp("Start date", noun="the start date")
    end: date = inp("End date", noun="the end date")


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0], True
    return tp, False


def _parse_value(tp: Any, value: Any, path: str, meta: dict) -> Any:
    noun, origin = meta["noun"], typing.get_origin(tp)
    if origin is list:
        if not isinstance(value, list):
            raise InputError(path, f"{capital(noun)} must be a list")
        most = meta["maximum"] or MOST_ENTRIES
        if len(value) > most:
            raise InputError(path, f"Enter no more than {most} entries for {noun}")
        (item_type,) = typing.get_args(tp)
        return tuple(_parse_value(item_type, item, f"{path}[{i}]", meta) for i, item in enumerate(value))
    if tp in SCALARS:
        return SCALARS[tp](value, path, noun)
    if tp is int:
        return parse_int(value, path, noun, meta["minimum"], meta["maximum"])
    if meta["choices"]:
        return parse_choice(value, path, noun, meta["choices"])
    if not dataclasses.is_dataclass(tp):
        raise TypeError(f"unsupported input type {tp!r}")  # a declaration error, caught by the health tests
    if not isinstance(value, dict):
        raise InputError(path, f"Each entry in {noun} must have its own fields")
    return parse(tp, value, prefix=f"{path}.")


SCALARS = {date: parse_date, datetime: parse_datetime, Duration: parse_duration, bool: parse_bool}


def _applies(condition: dict[str, list], values: dict[str, Any]) -> bool:
    """Whether every field named in a ``required_when`` has one of its listed values."""
    return all(values.get(name) in allowed for name, allowed in condition.items())


def parse(cls: type, raw: dict, prefix: str = "") -> Any:
    """Build ``cls`` from JSON-like ``raw``: unknown keys, missing required fields and bad values are errors.

    An unknown key is named in the message (quoted), never as the field: the field is the
    set of inputs (or the list entry) it was found in.
    """
    where = prefix.rstrip(".") or "inputs"
    if not isinstance(raw, dict):
        raise InputError(where, "The inputs must be a set of named fields")
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    known = {f.name for f in fields}
    for key in raw:
        if key not in known:
            raise InputError(where, f"{quote(key)} is not an input of this calculator. "
                                    f"The inputs are: {', '.join(sorted(known))}")
    values = {}
    for f in fields:
        path, meta = f"{prefix}{f.name}", f.metadata
        value = raw.get(f.name)
        if value is None or value == "":
            if f.default is MISSING and f.default_factory is MISSING:
                raise InputError(path, meta["missing"])
            continue
        values[f.name] = _parse_value(_unwrap_optional(hints[f.name])[0], value, path, meta)
    built = cls(**values)
    for f in fields:
        condition = f.metadata["required_when"]
        if condition and _applies(condition, vars(built)) and getattr(built, f.name) in (None, (), []):
            raise InputError(f"{prefix}{f.name}", f.metadata["missing"])
    return built


def require(inputs: Any, *names: str) -> None:
    """Fields that are optional in general but needed for the answer chosen."""
    for name in names:
        if getattr(inputs, name) is None:
            meta = next(f.metadata for f in dataclasses.fields(inputs) if f.name == name)
            raise InputError(name, f"Enter {meta['noun']}")


def _type_schema(tp: Any, meta: dict) -> dict:
    if typing.get_origin(tp) is list:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], meta),
                "maxItems": meta["maximum"] or MOST_ENTRIES}
    if tp is int:
        return {"type": "integer", "minimum": meta["minimum"], "maximum": meta["maximum"]}
    if meta["choices"]:
        return {"type": "string", "enum": list(meta["choices"]), "x-choice-labels": dict(meta["choices"])}
    dates = {"formatMinimum": EARLIEST.isoformat(), "formatMaximum": LATEST.isoformat()}
    simple = {date: {"type": "string", "format": "date", **dates, "x-rough-date": True},
              datetime: {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"},
              Duration: {"type": "string", "format": "duration", "maxLength": LONGEST_TEXT},
              bool: {"type": "boolean"}}
    return simple[tp] if tp in simple else json_schema(tp)


def json_schema(cls: type) -> dict:
    """JSON Schema (draft 2020-12) of ``cls``, with the form metadata as ``x-`` keys.

    ``x-shown-when`` and ``x-required-when`` map field names to the values that show the field
    or make it required (every named field must match); ``x-one-of`` lists the groups of fields
    of which one must be given, whenever the group's fields are shown.
    """
    hints = typing.get_type_hints(cls)
    props, required = {}, []
    for f in dataclasses.fields(cls):
        tp, _ = _unwrap_optional(hints[f.name])
        prop = _type_schema(tp, f.metadata)
        prop.update({"title": f.metadata["label"], "description": f.metadata["hint"]})
        for key in ("shown_when", "required_when"):
            if f.metadata[key]:
                prop["x-" + key.replace("_", "-")] = f.metadata[key]
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
        elif f.default is not None and f.default is not MISSING:
            prop["default"] = f.default
        props[f.name] = prop
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False,
            "x-one-of": [list(group) for group in getattr(cls, "ONE_OF", ())]}
