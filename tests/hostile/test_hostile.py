"""Every corpus item through the command, in this process: exit 2 naming the field, or an answer with its warning.

The same bytes as measure.py sends to the real command: standard input is replaced by a byte
stream (so invalid UTF-8 arrives as bytes), and a file item is read from a temporary file.
"""
import io
import json
import sys

import pytest

from hostile.corpus import corpus
from hostile.measure import CONTROL
from procedures.cli import main

ITEMS = corpus()


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i}-{item.id}" for i, item in enumerate(ITEMS)])
def test_hostile_input_is_refused_by_name_or_answered_with_a_warning(item, monkeypatch, capsys, tmp_path):
    source = "-"
    if item.via == "file":
        source = str(tmp_path / "inputs.json")
        (tmp_path / "inputs.json").write_bytes(item.payload)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(item.payload if source == "-" else b"")))
    code = main(["run", item.calculator, source])
    out, err = capsys.readouterr()
    kind, what = item.expect
    if kind == "error":
        assert (code, out) == (2, ""), err
        assert err.startswith(f"procedures: {what}: "), err[:300]
        assert not CONTROL.search(err.encode("utf-8", "backslashreplace")) and len(err) < 2000, err[:300]
    else:
        assert code == 0, err
        assert what in json.loads(out)["warning_ids"]


def test_the_corpus_covers_every_calculator_with_over_200_inputs_in_named_classes():
    from procedures import calculators

    assert len(ITEMS) >= 200
    assert {item.calculator for item in ITEMS} == set(calculators())
    assert len({item.cls for item in ITEMS}) >= 15
