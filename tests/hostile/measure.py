"""Run the hostile corpus through the real command and count what goes wrong, per class.

    .venv/bin/python tests/hostile/measure.py [--json OUT]

Each item runs as ``python -m procedures run NAME -`` (or with a file), 60 seconds at most.
An outcome is one of: ``traceback`` (exit other than 0 or 2, or a traceback printed),
``hang`` (no answer in 60 s), ``slow`` (over 5 s), ``unsafe`` (control characters or a
line break from the input reach the terminal), ``silent`` (exit 0 where the input should be
refused, or without the warning it should carry), ``other-field`` (refused, but naming
another field than expected) and ``ok``.  A report, not a test: test_hostile.py is the test.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from hostile.corpus import Item, corpus  # noqa: E402

OUTCOMES = ("traceback", "hang", "slow", "unsafe", "silent", "other-field", "ok")
CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\n(?!\Z)")


def outcome(item: Item, code: int | None, out: bytes, err: bytes, seconds: float) -> str:
    if code is None:
        return "hang"
    if code not in (0, 2) or b"Traceback" in err:
        return "traceback"
    if seconds > 5:
        return "slow"
    if CONTROL.search(err):
        return "unsafe"
    kind, what = item.expect
    if code == 0:
        ids = json.loads(out).get("warning_ids", [])
        return "ok" if kind == "warning" and what in ids else "silent"
    return "ok" if kind == "error" and err.startswith(f"procedures: {what}: ".encode()) else "other-field"


def run(item: Item) -> tuple[Item, str, float]:
    command = [sys.executable, "-m", "procedures", "run", item.calculator]
    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        file.write(item.payload)
        file.flush()
        stdin = item.payload if item.via == "stdin" else b""
        start = time.monotonic()
        try:
            done = subprocess.run(command + ["-" if item.via == "stdin" else file.name], input=stdin,
                                  capture_output=True, timeout=60)
            result = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired:
            result = None, b"", b""
        seconds = time.monotonic() - start
    return item, outcome(item, *result, seconds), seconds


def measure() -> dict:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = list(pool.map(run, corpus()))
    by_class: dict[str, Counter] = defaultdict(Counter)
    for item, what, _ in runs:
        by_class[item.cls][what] += 1
    slowest = sorted(((s, i.id) for i, _, s in runs), reverse=True)[:3]
    return {"items": len(runs), "classes": {c: dict(n) for c, n in sorted(by_class.items())},
            "slowest": [[round(s, 1), name] for s, name in slowest],
            "examples": {what: [i.id for i, w, _ in runs if w == what][:5] for what in OUTCOMES if what != "ok"}}


def table(report: dict) -> str:
    lines = ["| class | items | " + " | ".join(OUTCOMES) + " |", "|---" * (len(OUTCOMES) + 2) + "|"]
    total: Counter = Counter()
    for cls, counts in report["classes"].items():
        total.update(counts)
        n = sum(counts.values())
        lines.append(f"| {cls} | {n} | " + " | ".join(str(counts.get(o, 0)) for o in OUTCOMES) + " |")
    lines.append(f"| **all ({len(report['classes'])} classes)** | {sum(total.values())} | "
                 + " | ".join(str(total.get(o, 0)) for o in OUTCOMES) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the report as JSON to this file")
    args = parser.parse_args()
    report = measure()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    print(table(report))
    print("slowest:", report["slowest"])
    for what, names in report["examples"].items():
        if names:
            print(f"{what}: {', '.join(names)}")
