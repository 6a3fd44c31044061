"""Fuzz-style inputs in a fixed sample, for running the same inputs in CPython and, through Pyodide, in a browser.

``sample()`` returns 60 (calculator, inputs) pairs, 10 for each calculator, the same on every
call: a valid input from the corpus with one or two fields replaced by a hostile value, or an
unknown key added.  Every value is plain JSON that survives ``JSON.stringify`` in a browser:
no NaN or infinity, integers within JavaScript's safe range, no lone surrogates.  The
hypothesis fuzz test draws from the same ``HOSTILE`` values.
"""
from __future__ import annotations

import random
from typing import Any

from hostile.corpus import BASE, ESCAPES, UNICODE_DATES, UNICODE_DURATIONS, UNICODE_NUMBERS
from procedures import schema

HOSTILE: list[Any] = [
    None, "", " ", True, False, 0, -1, 9, 121, 2 ** 53, -(2 ** 53), 1.5, 1e308, [], {}, [[[[["deep"]]]]],
    {"a": {"b": {"c": {}}}}, ["2024-03-01"], {"start": "2024-01-01"}, "2024-02-30", "0001-01-01", "9999-12-31",
    "1899-12-31", "2127-01-01", "2024-03-01T25:00", "9999-12-31T23:59", "P0D", "P-1M", "P99999Y", "P1201M",
    "P36526D", "p6m", "P6M ", "6 months", "yes", "no", "maybe", "x" * 101, "9" * 5000, "imprisonment", "voo",
    *ESCAPES[:4], *UNICODE_NUMBERS[:4], *UNICODE_DATES[:2], *UNICODE_DURATIONS[:2],
]


# The six calculators the browser sample was fixed for (the case timeline is fuzzed in CPython only).
SAMPLED = sorted(set(BASE) - {"case-timeline"})


def mutate(rng: random.Random, name: str) -> dict:
    """Calculator ``name``'s corpus input with one or two of its fields set to hostile values, or an unknown key."""
    inputs, fields = dict(BASE[name]), sorted(schema(name)["properties"])
    for _ in range(rng.choice((1, 2))):
        key = rng.choice(ESCAPES[:4] + ["colour"]) if rng.random() < 0.1 else rng.choice(fields)
        inputs[key] = rng.choice(HOSTILE)
    return inputs


def sample() -> list[tuple[str, dict]]:
    """60 (calculator, inputs) pairs, the same on every call."""
    rng = random.Random(20260601)
    return [(name, mutate(rng, name)) for name in SAMPLED for _ in range(10)]
