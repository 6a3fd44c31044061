"""Dates known only roughly: a month (``2019-03``) or a year (``2019``) wherever a calculator takes a date.

A rough date stands for every day of its month or year.  The calculator is run at both ends of
that span and on each side of every commencement date the rules name inside it (a rule can change
mid-range); with several rough dates, on the combinations of those days (at most ``MOST_RUNS``).
Each output date that differs between the runs becomes ``{"earliest": ..., "latest": ...}``.
The headline, the explanation and the other outputs come from the run that gives the safe end of
the first output that varies, declared by each calculator in ``SAFE_END`` (``"later"`` for the end
of a period, ``"earlier"`` for a deadline); a list of events (each with a ``key``) is merged event
by event, each event's ``date`` the safe end for its kind (``EVENT_SAFE_END``), with its ``range``.
"""
from __future__ import annotations

import calendar
import copy
import dataclasses
import functools
import itertools
import re
import tomllib
import types
import typing
from datetime import date, timedelta
from importlib import resources
from typing import Any, Callable

from ..errors import InputError
from .dated import load
from .scalars import in_range

ROUGH = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MOST_RUNS = 64
WARNINGS = load(__package__, "rough")["warnings"]
META = {"calculator", "headline", "explanation", "citations", "warnings", "warning_ids", "rules_from"}


def span(value: str, path: str, noun: str) -> tuple[date, date]:
    """First and last day of the month or year ``value`` names, within the engine's bounds."""
    year, _, month = value.partition("-")
    if month and not 1 <= int(month) <= 12:
        raise InputError(path, f"{noun[0].upper()}{noun[1:]} must be a real date")
    first = date(int(year), int(month or 1), 1)
    last = date(int(year), int(month or 12), calendar.monthrange(int(year), int(month or 12))[1])
    return in_range(first, path, noun), in_range(last, path, noun)


def _unwrap(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    return args[0] if typing.get_origin(tp) in (typing.Union, types.UnionType) else tp


def find(cls: type, raw: Any, where: tuple = (), path: str = "") -> list[tuple[tuple, str, date, date]]:
    """Every rough date in ``raw`` (JSON for ``cls``): (where it sits, its field path, first day, last day)."""
    found: list = []
    if not (dataclasses.is_dataclass(cls) and isinstance(raw, dict)):
        return found
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp, value, here = _unwrap(hints[f.name]), raw.get(f.name), f"{path}{f.name}"
        if tp is date and isinstance(value, str) and ROUGH.fullmatch(value):
            found.append(((*where, f.name), here, *span(value, here, f.metadata["noun"])))
        elif typing.get_origin(tp) is list and isinstance(value, list):
            (item,) = typing.get_args(tp)
            for i, entry in enumerate(value):
                found += find(item, entry, (*where, f.name, i), f"{here}[{i}].")
        else:
            found += find(tp, value, (*where, f.name), f"{here}.")
    return found


@functools.cache
def commencements() -> list[date]:
    """Every date in the rules' data (commencements and transitional ends), once.  Read when a
    rough date first needs it, not on import: reading every rule file is most of the engine's
    start-up in the browser, and most answers never need it."""
    found: set[date] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, date):
            found.add(value)

    stack = [resources.files("procedures")]
    while stack:
        for entry in stack.pop().iterdir():
            if entry.is_dir():
                stack.append(entry)
            elif entry.name.endswith(".toml") and entry.name not in ("citations.toml", "register.toml",
                                                                       "bank_holidays.toml"):
                walk(tomllib.loads(entry.read_text("utf-8")))
    return sorted(found)


def days_to_try(first: date, last: date) -> list[date]:
    """Both ends of the span and each side of every commencement inside it."""
    inside = [d for c in commencements() if first < c <= last for d in (c - timedelta(days=1), c)]
    return sorted({first, last, *inside})


def runs(found: list) -> tuple[list[tuple[date, ...]], bool]:
    """The combinations of days to try, and whether they are all of them."""
    options = [days_to_try(first, last) for _, _, first, last in found]
    total = 1
    for days in options:
        total *= len(days)
    if total <= MOST_RUNS:
        return list(itertools.product(*options)), True
    firsts, lasts = tuple(d[0] for d in options), tuple(d[-1] for d in options)
    chosen = [firsts, lasts]
    for i, days in enumerate(options):
        for day in days[1:-1]:
            chosen += [firsts[:i] + (day,) + firsts[i + 1:], lasts[:i] + (day,) + lasts[i + 1:]]
    return list(dict.fromkeys(chosen))[:MOST_RUNS], False


def _placed(raw: dict, found: list, days: tuple[date, ...]) -> dict:
    out = copy.deepcopy(raw)
    for (where, _, _, _), day in zip(found, days):
        target = out
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = day.isoformat()
    return out


def calculate(cls: type, raw: Any, answer: Callable[[dict], dict], module: Any) -> dict:
    """``answer(raw)``, or, when ``raw`` holds rough dates, every run of it merged into one answer."""
    found = find(cls, raw)
    if not found:
        return answer(raw)
    tries, complete = runs(found)
    answers, refusal = [], None
    for days in tries:
        try:
            answers.append(answer(_placed(raw, found, days)))
        except InputError as exc:
            refusal = refusal or exc
    if not answers:
        raise refusal
    merged = merge(answers, getattr(module, "SAFE_END", {}), getattr(module, "EVENT_SAFE_END", {}))
    fields = ", ".join(path for _, path, _, _ in found)
    _warn(merged, "rough-date", fields=fields)
    if not complete:
        _warn(merged, "rough-many-dates", runs=len(tries))
    if refusal is not None:
        _warn(merged, "rough-part-refused", message=refusal.message)
    return merged


def _warn(answer: dict, warning_id: str, **details: Any) -> None:
    from .citation import cite

    declared = WARNINGS[warning_id]
    answer["warnings"].append(declared["text"].format(**details))
    answer["warning_ids"].append(warning_id)
    citation = cite(declared["cite"]).to_dict()
    if citation not in answer["citations"]:
        answer["citations"].append(citation)


def is_date(value: Any) -> bool:
    return isinstance(value, str) and bool(ISO_DATE.fullmatch(value))


def _safe(values: list[str], end: str) -> str:
    return max(values) if end == "later" else min(values)


def merge(answers: list[dict], safe_end: dict[str, str], event_safe_end: dict[str, str]) -> dict:
    """One answer from several runs: ranges where output dates differ, the rest from the safe run."""
    chosen = 0
    for key, end in safe_end.items():
        values = [a.get(key) for a in answers]
        dated = [v for v in values if is_date(v)]
        if len(set(values)) > 1 and dated:
            chosen = values.index(_safe(dated, end))
            break
    out = copy.deepcopy(answers[chosen])
    varied = []
    for key, value in out.items():
        values = [a.get(key) for a in answers]
        if key in META or all(v == value for v in values):
            continue
        if all(is_date(v) for v in values):
            out[key] = {"earliest": min(values), "latest": max(values)}
        elif isinstance(value, list) and all(isinstance(e, dict) and "key" in e for e in value):
            out[key] = merge_events(value, [a[key] for a in answers], event_safe_end)
        else:
            varied.append(key)
    for answer in answers:
        for warning_id, text in zip(answer["warning_ids"], answer["warnings"]):
            if warning_id not in out["warning_ids"]:
                out["warning_ids"].append(warning_id)
                out["warnings"].append(text)
        for key, start in answer["rules_from"].items():
            out["rules_from"][key] = min(start, out["rules_from"].get(key, start))
    if any(isinstance(out[key], dict) and "earliest" in out[key] for key in out if key not in META):
        out["headline"] += " (the safe end of a range: a date was given only as a month or a year)"
    if varied:
        _warn(out, "rough-changes-answer", outputs=", ".join(varied))
    return out


def merge_events(events: list[dict], every_run: list[list[dict]], event_safe_end: dict[str, str]) -> list[dict]:
    """The safe run's events, each dated at the safe end of its dates across the runs, with its range."""
    by_key: dict[str, list[str]] = {}
    for run in every_run:
        for event in run:
            by_key.setdefault(event["key"], []).append(event["date"])
    out = []
    for event in events:
        dates = by_key[event["key"]]
        if len(set(dates)) > 1:
            event = {**event, "date": _safe(dates, event_safe_end[event["kind"]]),
                     "range": {"earliest": min(dates), "latest": max(dates)}}
        out.append(event)
    return sorted(out, key=lambda e: e["date"])


