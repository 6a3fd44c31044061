"""Command line: ``procedures list | schema NAME | run NAME [FILE|-]``.

Bad input exits with status 2 and a message naming the field; never a traceback.  That
includes input that is not UTF-8 text, not JSON, larger than 10 MB, nested past Python's
recursion limit, or holding integers too long to convert.
"""
from __future__ import annotations

import argparse
import json
import sys

from .boundary import calculate, calculators, schema
from .errors import InputError
from .law.scalars import quote
from .registry import title

LARGEST_INPUT = 10_000_000  # bytes: far more than any real set of inputs, small enough to read at once
_LONGEST_NUMBER = 100  # digits


def _number(digits: str) -> int:
    """A JSON integer; one of more than 100 digits is read as ±10**100, past every bound a field has.

    The field then refuses it by name, and Python's limit on converting long digit strings
    (4,300 digits) is never reached.
    """
    if len(digits.lstrip("-")) <= _LONGEST_NUMBER:
        return int(digits)
    return -10 ** _LONGEST_NUMBER if digits.startswith("-") else 10 ** _LONGEST_NUMBER


def _read(source: str) -> object:
    if source == "-":
        raw = sys.stdin.buffer.read(LARGEST_INPUT + 1)
    else:
        with open(source, "rb") as file:
            raw = file.read(LARGEST_INPUT + 1)
    if len(raw) > LARGEST_INPUT:
        raise InputError("inputs", "The input must be 10 MB or smaller")
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark, as some editors write, is not an error
    except UnicodeDecodeError as exc:
        raise InputError("inputs", f"The input must be text in UTF-8: byte {exc.start + 1} is not") from None
    try:
        return json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        raise InputError("inputs", f"The input is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError("inputs", "The input is nested too deeply: give a set of named fields") from None


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
        print(f"procedures: cannot read {quote(args.file)}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
