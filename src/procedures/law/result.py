"""What every calculator returns: values, plain-English steps, citations and warnings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .citation import Citation, cite
from . import periods
from .duration import Duration


@dataclass(frozen=True)
class Step:
    text: str
    citation: Citation


@dataclass(frozen=True)
class Warning:
    id: str
    message: str
    citation: Citation


@dataclass
class Result:
    """Built up by a calculator; ``to_dict`` is the JSON contract."""

    values: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    since: dict[str, date] = field(default_factory=dict)

    def rules_from(self, start: date, *keys: str) -> None:
        """Record that the dated outputs ``keys`` come from a rule version in force from ``start`` (its ``from``).

        ``to_dict`` reports them as ``rules_from``, so a test can check that no date an answer gives falls
        before the rule that produced it existed.
        """
        for key in keys:
            self.since[key] = start

    def step(self, text: str, citation_id: str) -> None:
        """A step of the reasoning, with the provision it applies."""
        self.steps.append(Step(text, cite(citation_id)))

    def warn(self, warnings: dict[str, dict], warning_id: str, **details: Any) -> None:
        """Add the declared warning ``warning_id`` (from the module's TOML ``[warnings]``), once."""
        declared = warnings[warning_id]
        if all(w.id != warning_id for w in self.warnings):
            self.warnings.append(Warning(warning_id, declared["text"].format(**details), cite(declared["cite"])))

    def compare_term(self, warnings: dict[str, dict], term: Duration, months: int) -> int:
        """-1, 0 or 1 as ``term`` is shorter, the same or longer than ``months`` months (law.periods).

        A term in weeks or days that could fall either side raises the module's ``term-in-days``
        warning with ``days``, ``months`` and ``rule`` (the conventional length used).
        """
        sign, usual = periods.compare_term(term, months)
        if usual is not None:
            rest = months - term.months
            self.warn(warnings, "term-in-days", days=term.days, months=rest, usual=usual,
                      rule=f"{usual} days as the length of {rest} months")
        return sign

    def citations(self) -> list[Citation]:
        """Every provision the steps and warnings rely on, in order of first use."""
        seen: dict[str, Citation] = {}
        for c in [s.citation for s in self.steps] + [w.citation for w in self.warnings]:
            seen.setdefault(c.id, c)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        out = {key: to_json(value) for key, value in self.values.items()}
        out["explanation"] = [s.text for s in self.steps]
        out["citations"] = [c.to_dict() for c in self.citations()]
        out["warnings"] = [w.message for w in self.warnings]
        out["warning_ids"] = [w.id for w in self.warnings]
        out["rules_from"] = {key: start.isoformat() for key, start in self.since.items()}
        return out


def to_json(value: Any) -> Any:
    """Dates as ISO strings, durations as ISO 8601, containers recursively."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Duration):
        return value.iso()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value
