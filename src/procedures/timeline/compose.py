"""Running the other calculators for the timeline: their answers, steps and warnings, and their errors renamed.

Nothing here computes a period, a deadline or a category: each comes from the calculator's own
``calculate``.  An error in a conviction, an order or the MAPPA facts is named by where it sits in
the timeline's inputs (``convictions[1].term``); one about a value the timeline passed on (the date
of birth, the custody spells, the review dates) is named by the timeline's own field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..errors import InputError
from ..law.dated import load
from ..law.result import Result

DATA = load(__package__, "case")
KINDS: dict[str, dict] = DATA["kinds"]


@dataclass
class Timeline:
    """The timeline's Result, and its events as they are found."""

    result: Result = field(default_factory=Result)
    events: list[dict] = field(default_factory=list)
    starts: list[date] = field(default_factory=list)

    def run(self, calculate: Callable[[Any], Result], inputs: Any, where: str, label: str,
            renamed: dict[str, str] | None = None, steps: bool = True) -> Result:
        """``calculate(inputs)``, its steps (prefixed with ``label``) and warnings taken into the timeline."""
        try:
            child = calculate(inputs)
        except InputError as exc:
            raise InputError((renamed or {}).get(exc.field, f"{where}{exc.field}"), exc.message) from None
        for step in child.steps if steps else []:
            self.result.steps.append(type(step)(f"{label}: {step.text}", step.citation))
        for warning in child.warnings:
            if all(w.id != warning.id for w in self.result.warnings):
                self.result.warnings.append(warning)
        return child

    def event(self, day: date, kind: str, key: str, source: str, calculator: str, child: Result,
              output: str) -> None:
        """An event dated ``day``, the answer ``output`` of ``calculator`` (``child``), citing what it cited."""
        self.events.append({"date": day, "kind": kind, "title": KINDS[kind]["title"].format(source=source),
                            "calculator": calculator, "citations": [c.to_dict() for c in child.citations()],
                            "key": key})
        self.starts.append(child.since.get(output, day))

    def sorted_events(self) -> list[dict]:
        return sorted(self.events, key=lambda e: e["date"])


EVENT_SAFE_END = {kind: row["safe_end"] for kind, row in KINDS.items()}
