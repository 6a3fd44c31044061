"""Command line: ``procedures list | schema NAME | run NAME [FILE|-]``.

Bad input exits with status 2 and a message naming the field; never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

from .boundary import calculate, calculators, schema
from .errors import InputError
from .registry import title


def _read(source: str) -> dict:
    text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("inputs", f"The input is not valid JSON (line {exc.lineno}, column {exc.colno})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="procedures", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the calculators")
    sub.add_parser("schema", help="JSON Schema of a calculator's inputs").add_argument("name")
    run = sub.add_parser("run", help="run a calculator on JSON inputs")
    run.add_argument("name")
    run.add_argument("file", nargs="?", default="-", help="JSON file of inputs, or - for standard input")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for name in calculators():
                print(f"{name}\t{title(name)}")
        elif args.command == "schema":
            print(json.dumps(schema(args.name), indent=2))
        else:
            print(json.dumps(calculate(args.name, _read(args.file)), indent=2))
    except InputError as exc:
        print(f"procedures: {exc.field}: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"procedures: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
