"""Registry-wide invariants: every rule cited, every warning reachable, every field described.

Failure messages say what to do.
"""
import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from casefiles import load_cases
from procedures import calculate, calculators, schema, tables
from procedures.law.citation import all_citations
from procedures.registry import module

SRC = Path(__file__).parents[1] / "src" / "procedures"
CASES = load_cases()
DATA_FILES = sorted(p for p in SRC.rglob("*.toml") if p.name != "citations.toml")


def _cites(value):
    """Every ``cite`` value anywhere in a TOML document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "cite":
                yield from ([item] if isinstance(item, str) else item)
            else:
                yield from _cites(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cites(item)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_cite_in_the_data_resolves(path):
    data = tomllib.loads(path.read_text("utf-8"))
    unknown = set(_cites(data)) - set(all_citations())
    assert not unknown, f"{path.name}: add these ids to law/citations.toml or fix the typo: {unknown}"


def test_every_citation_points_at_legislation_or_gov_uk():
    for c in all_citations().values():
        assert re.match(r"https://www\.(legislation\.gov\.uk|gov\.uk)/", c.url), f"{c.id}: {c.url}"


def test_every_citation_is_used():
    text = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*") if p.suffix in (".py", ".toml")
                     and p.name != "citations.toml")
    unused = [cid for cid in all_citations() if f'"{cid}"' not in text]
    assert not unused, f"remove these unused citations from law/citations.toml, or cite them: {unused}"


@pytest.mark.parametrize("name", calculators())
def test_every_calculator_has_inputs_calculate_and_cases(name):
    mod = module(name)
    assert dataclasses.is_dataclass(mod.Inputs) and callable(mod.calculate)
    assert any(c.calculator == name for c in CASES), f"write tests/cases/... for {name}"
    for f in dataclasses.fields(mod.Inputs):
        assert f.metadata.get("label"), f"{name}.{f.name}: give it a label with inp()"


@pytest.mark.parametrize("name", calculators())
def test_schema_describes_every_input_with_a_title(name):
    props = schema(name)["properties"]
    assert set(props) == {f.name for f in dataclasses.fields(module(name).Inputs)}
    assert all(p["title"] for p in props.values())


@pytest.mark.parametrize("name", calculators())
def test_every_declared_warning_is_raised_by_some_case(name):
    from procedures.law import rough

    declared = set(getattr(module(name), "WARNINGS", {}))
    raised = set()
    for case in CASES:
        if case.calculator == name and not case.error:
            raised |= set(calculate(name, case.input)["warning_ids"])
    assert declared <= raised, f"add cases that raise {declared - raised}, or remove those warnings"
    passed_on = {w for other in getattr(module(name), "COMPOSED", ()) for w in getattr(module(other), "WARNINGS", {})}
    assert raised <= declared | passed_on | set(rough.WARNINGS)


def test_every_rough_date_warning_is_raised_by_some_case():
    from procedures.law import rough

    raised = {w for case in CASES if not case.error for w in calculate(case.calculator, case.input)["warning_ids"]}
    assert set(rough.WARNINGS) <= raised, f"add cases that raise {set(rough.WARNINGS) - raised}"


def test_every_s82_row_is_exercised_by_a_case():
    from procedures.notification.period import DATA

    used = {calculate(c.calculator, c.input).get("row") for c in CASES
            if c.calculator == "notification-period" and not c.error}
    missing = {row["id"] for row in DATA["row"]} - used
    assert not missing, f"add a case for each s.82 row: {missing}"


def test_every_result_step_is_cited_somewhere():
    for case in CASES:
        if not case.error:
            result = calculate(case.calculator, case.input)
            assert result["citations"], f"{case.name}: the result cites nothing"


def test_tables_are_non_empty_and_rectangular():
    for name, table in tables().items():
        assert table.rows, name
        assert all(len(row) == len(table.columns) for row in table.rows), name


def test_every_answer_has_a_headline_and_labelled_outputs():
    for case in CASES:
        if case.error:
            continue
        result = calculate(case.calculator, case.input)
        assert isinstance(result["headline"], str) and result["headline"], case.name
        labels = getattr(module(case.calculator), "OUTPUTS")
        assert set(case.output) - {"row"} <= set(labels), f"{case.calculator}: label every output in OUTPUTS"


def test_every_step_warning_and_reason_is_words():
    for case in CASES:
        if case.error:
            continue
        result = calculate(case.calculator, case.input)
        texts = result["explanation"] + result["warnings"] + result.get("reasons", [])
        assert all(isinstance(t, str) and len(t.split()) >= 3 for t in texts), case.name


def test_a_single_mappa_category_is_not_called_one_of_several():
    result = calculate("mappa-category", {"subject_to_notification": True, "offence": "other", "sentence": "community"})
    assert result["category"] == 1 and not any("More than one" in r for r in result["reasons"])


def test_the_mappa_table_has_four_categories_and_leaves_category_4_levels_to_the_coordinator():
    table = tables()["mappa-categories"]
    assert [row[0] for row in table.rows] == ["Category 1", "Category 2", "Category 3", "Category 4"]
    assert table.rows[0][2] == "1, 2, 3" and table.rows[3][2] == "Set by the MAPPA co-ordinator"
