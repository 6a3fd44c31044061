"""Every statute-shaped case file, through the one door the CLI and the browser use."""
import pytest

from casefiles import load_cases
from procedures import InputError, calculate

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}: {c.name}" for c in CASES])
def test_case(case):
    if case.error:
        with pytest.raises(InputError) as raised:
            calculate(case.calculator, case.input)
        assert raised.value.field == case.error["field"]
        assert case.error["contains"] in raised.value.message
        return
    result = calculate(case.calculator, case.input)
    assert {k: result.get(k, "<missing>") for k in case.output} == case.output
    if case.warnings is not None:
        assert sorted(result["warning_ids"]) == sorted(case.warnings)
    assert result["explanation"] and result["citations"]
    for key, want in (case.events or {}).items():
        (event,) = [e for e in result["events"] if e["key"] == key]
        if isinstance(want, dict):
            assert (event["date"], event["range"]) == (want["date"], {"earliest": want["earliest"],
                                                                       "latest": want["latest"]}), key
        else:
            assert (event["date"], "range" in event) == (want, False), key
