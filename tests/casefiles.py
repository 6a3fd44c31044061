"""The statute-shaped case files under tests/cases, shared by pytest and the browser parity run.

A case file names its ``calculator`` and holds ``[[case]]`` tables: ``name`` (a finding
that cites the provision), ``input``, and either ``output`` (only the keys that matter;
an empty string means the value must be null), ``warnings`` (the exact warning ids) or
``error`` (``field`` and a phrase the message must contain).  A case timeline's ``events`` maps an
event's ``key`` to the date it must carry, or to ``{date, earliest, latest}`` for a range.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

CASES = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class Case:
    file: str
    calculator: str
    name: str
    input: dict
    output: dict
    warnings: list | None
    error: dict | None
    events: dict | None = None


def jsonable(value: Any) -> Any:
    """TOML values as a browser would send them: dates as ISO strings."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def expected(value: Any) -> Any:
    return None if value == "" else jsonable(value)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.rglob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for case in data["case"]:
            cases.append(Case(str(path.relative_to(CASES)), data["calculator"], case["name"],
                              jsonable(case["input"]), {k: expected(v) for k, v in case.get("output", {}).items()},
                              case.get("warnings"), case.get("error"), jsonable(case.get("events"))))
    return cases
