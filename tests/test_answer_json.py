"""procedures.answer_json: the browser's door (calculators/worker.js), JSON text in and out."""
from __future__ import annotations

import json

import procedures
from casefiles import load_cases


def test_an_answer_is_the_engine_s_result():
    case = next(c for c in load_cases() if not c.error)
    expected = json.loads(json.dumps(procedures.calculate(case.calculator, case.input)))
    assert json.loads(procedures.answer_json(case.calculator, json.dumps(case.input))) == {"result": expected}


def test_bad_input_is_its_input_error_naming_the_field():
    case = next(c for c in load_cases() if c.error)
    error = json.loads(procedures.answer_json(case.calculator, json.dumps(case.input)))["error"]
    assert error["field"] == case.error["field"] and case.error["contains"] in error["message"]


def test_a_fault_in_the_engine_is_told_by_its_kind_never_with_the_inputs(monkeypatch):
    def broken(name, inputs):
        raise ZeroDivisionError(f"secret {inputs}")

    monkeypatch.setattr(procedures.boundary, "calculate", broken)
    text = procedures.answer_json("notification-period", '{"relevant_date": "2024-03-01"}')
    assert json.loads(text) == {"error": {"field": None, "unexpected": "ZeroDivisionError", "name": None}}
    assert "2024" not in text
