"""Typed inputs: one declaration feeds parsing, error messages, the JSON Schema and the forms.

Each calculator declares a frozen dataclass whose fields are made with ``inp``.  The
metadata holds the words a practitioner reads (label, hint, the noun used in error
messages) and when the field applies (``shown_when``).  ``parse`` turns JSON into the
dataclass, raising InputError on the first bad field; ``json_schema`` describes it.
"""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import MISSING, dataclass
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from .duration import Duration


def inp(label: str, hint: str = "", *, noun: str | None = None, choices: dict[str, str] | None = None,
        shown_when: dict[str, list] | None = None, minimum: int | None = None, default: Any = MISSING) -> Any:
    """A calculator input.  ``noun`` is how error messages name it ("the relevant date")."""
    meta = {"label": label, "hint": hint, "noun": noun or f"the {label[0].lower()}{label[1:]}",
            "choices": choices, "shown_when": shown_when, "minimum": minimum}
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


def _capital(noun: str) -> str:
    return noun[0].upper() + noun[1:]


def _parse_date(value: Any, path: str, noun: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise InputError(path, f"{_capital(noun)} must be a date written as year-month-day, like 2024-03-01")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(path, f"{_capital(noun)} must be a real date") from None


def _parse_datetime(value: Any, path: str, noun: str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text):
        raise InputError(path, f"{_capital(noun)} must be a date and time, like 2024-03-01T14:30")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InputError(path, f"{_capital(noun)} must be a real date and time") from None


def _parse_duration(value: Any, path: str, noun: str) -> Duration:
    try:
        duration = Duration.parse(value) if isinstance(value, str) else None
    except ValueError:
        duration = None
    if duration is None:
        raise InputError(path, f"{_capital(noun)} must be a length of time such as P6M (6 months), "
                               "P2Y6M (2 years 6 months), P26W (26 weeks) or P14D (14 days)")
    if duration.is_zero:
        raise InputError(path, f"{_capital(noun)} must be longer than zero")
    return duration


def _parse_int(value: Any, path: str, noun: str, minimum: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().lstrip("-").isdigit():
        raise InputError(path, f"{_capital(noun)} must be a whole number")
    number = int(value)
    if minimum is not None and number < minimum:
        raise InputError(path, f"{_capital(noun)} must be {minimum} or more")
    return number


def _parse_bool(value: Any, path: str, noun: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "no"):
        return False
    raise InputError(path, f"Answer yes or no for {noun}")


def _parse_choice(value: Any, path: str, noun: str, choices: dict[str, str]) -> str:
    if value not in choices:
        options = ", ".join(f"'{k}' ({v})" for k, v in choices.items())
        raise InputError(path, f"Select {noun}: '{value}' is not one of the options. The options are {options}")
    return value


def _parse_value(tp: Any, value: Any, path: str, meta: dict) -> Any:
    noun, origin = meta["noun"], typing.get_origin(tp)
    if origin is list:
        if not isinstance(value, list):
            raise InputError(path, f"{_capital(noun)} must be a list")
        (item_type,) = typing.get_args(tp)
        return tuple(_parse_value(item_type, item, f"{path}[{i}]", meta) for i, item in enumerate(value))
    if tp is date:
        return _parse_date(value, path, noun)
    if tp is datetime:
        return _parse_datetime(value, path, noun)
    if tp is Duration:
        return _parse_duration(value, path, noun)
    if tp is bool:
        return _parse_bool(value, path, noun)
    if tp is int:
        return _parse_int(value, path, noun, meta["minimum"])
    if meta["choices"]:
        return _parse_choice(value, path, noun, meta["choices"])
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise InputError(path, f"Each entry in {noun} must have its own fields")
        return parse(tp, value, prefix=f"{path}.")
    raise TypeError(f"unsupported input type {tp!r}")  # a declaration error, caught by the health tests


def parse(cls: type, raw: dict, prefix: str = "") -> Any:
    """Build ``cls`` from JSON-like ``raw``; unknown keys and missing required fields are errors."""
    if not isinstance(raw, dict):
        raise InputError(prefix.rstrip(".") or "inputs", "The inputs must be a set of named fields")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            raise InputError(f"{prefix}{key}", f"'{key}' is not an input of this calculator. "
                                               f"The inputs are: {', '.join(sorted(known))}")
    values = {}
    for f in dataclasses.fields(cls):
        path, meta = f"{prefix}{f.name}", f.metadata
        tp, optional = _unwrap_optional(hints[f.name])
        value = raw.get(f.name)
        if value is None or value == "":
            if f.default is MISSING and f.default_factory is MISSING:
                raise InputError(path, f"Enter {meta['noun']}")
            continue
        values[f.name] = _parse_value(tp, value, path, meta)
    return cls(**values)


def require(inputs: Any, *names: str) -> None:
    """Fields that are optional in general but needed for the answer chosen."""
    for name in names:
        if getattr(inputs, name) is None:
            meta = next(f.metadata for f in dataclasses.fields(inputs) if f.name == name)
            raise InputError(name, f"Enter {meta['noun']}")


def _type_schema(tp: Any, meta: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin is list:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], meta)}
    simple = {date: {"type": "string", "format": "date"},
              datetime: {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"},
              Duration: {"type": "string", "format": "duration"},
              bool: {"type": "boolean"}, int: {"type": "integer"}}
    if tp in simple:
        schema = dict(simple[tp])
        if tp is int and meta["minimum"] is not None:
            schema["minimum"] = meta["minimum"]
        return schema
    if dataclasses.is_dataclass(tp):
        return json_schema(tp)
    return {"type": "string", "enum": list(meta["choices"]),
            "x-choice-labels": dict(meta["choices"])}


def json_schema(cls: type) -> dict:
    """JSON Schema (draft 2020-12) of ``cls``, with the form metadata as ``x-`` keys."""
    hints = typing.get_type_hints(cls)
    props, required = {}, []
    for f in dataclasses.fields(cls):
        tp, _ = _unwrap_optional(hints[f.name])
        prop = _type_schema(tp, f.metadata)
        prop.update({"title": f.metadata["label"], "description": f.metadata["hint"]})
        if f.metadata["shown_when"]:
            prop["x-shown-when"] = f.metadata["shown_when"]
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
        elif f.default is not None and f.default is not MISSING:
            prop["default"] = f.default
        props[f.name] = prop
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}
