"""The schema tells the page truthfully what the engine needs, so it can check a form before the engine loads.

For every answered case, each field is taken out in turn: the engine must refuse the input,
naming that field, exactly when the schema says the field is needed there ("required", an
``x-required-when`` that holds, or the last given field of an ``x-one-of`` group that is shown);
otherwise the field is truly optional and taking it out must not be refused in its name.
"""
import pytest

from casefiles import load_cases
from procedures import InputError, calculate, schema

ANSWERED = [case for case in load_cases() if not case.error]
# Needed only for some dates, which x-required-when cannot say: its hint says when.
DATE_DEPENDENT = {("notification-deadline", "trip_days")}


def holds(condition: dict | None, values: dict) -> bool:
    return all(values.get(name) in allowed for name, allowed in (condition or {}).items())


def needed(spec: dict, given: dict, field: str) -> set[str]:
    """The fields the engine may name when ``field`` is left out of ``given``: none if it is optional there."""
    props = spec["properties"]
    values = {**{k: p["default"] for k, p in props.items() if "default" in p}, **given}
    if field in spec["required"] or ("x-required-when" in props[field] and holds(props[field]["x-required-when"], values)):
        return {field}
    for group in spec["x-one-of"]:
        if field in group and holds(props[field].get("x-shown-when"), values) and not set(group) & set(given):
            return set(group)
    return set()


@pytest.mark.parametrize("case", ANSWERED, ids=[f"{c.file}: {c.name}" for c in ANSWERED])
def test_a_field_is_refused_when_missing_exactly_when_the_schema_says_it_is_needed(case):
    spec = schema(case.calculator)
    for field in case.input:
        rest = {k: v for k, v in case.input.items() if k != field}
        try:
            calculate(case.calculator, rest)
            named = None
        except InputError as exc:
            named = exc.field
        if needed(spec, rest, field):
            assert named in needed(spec, rest, field), (field, named)
        elif (case.calculator, field) not in DATE_DEPENDENT:
            assert named != field, f"{field} is labelled optional but the engine needs it here"


def test_the_fields_reported_as_wrongly_optional_are_now_declared():
    props = {name: schema(name)["properties"] for name in ("order-duration", "notification-period",
                                                            "notification-deadline", "mappa-category")}
    assert props["order-duration"]["served_at"]["x-required-when"] == {"order": ["dvpn"]}
    assert props["order-duration"]["custodial_term"]["x-required-when"] == {"order": ["voo"], "hospital_order": [False]}
    assert props["notification-period"]["term"]["x-required-when"] == {
        "disposal": ["imprisonment", "detention_and_training_order", "conditional_discharge"]}
    assert props["notification-deadline"]["stays"]["x-required-when"] == {"event": ["qualifying_stay"]}
    assert props["notification-deadline"]["expected_date"]["x-required-when"] == {"event": ["advance_notice"]}
    assert "qualifying_stay" not in props["notification-deadline"]["event_date"]["x-required-when"]["event"]
    mappa = schema("mappa-category")
    assert mappa["properties"]["sentence"]["x-required-when"] == {"subject_to_notification": [False]}
    assert mappa["properties"]["offence"]["x-required-when"] == {"subject_to_notification": [False]}
    assert {"sentence", "offence"}.isdisjoint(mappa["required"]) and "subject_to_notification" in mappa["required"]
    assert schema("notification-period")["x-one-of"] == [["age_on_relevant_date", "date_of_birth"]]
    assert schema("order-duration")["x-one-of"] == [["age", "date_of_birth"]]


def test_every_code_an_answer_gives_has_words_in_the_schema():
    for case in ANSWERED:
        result, words = calculate(case.calculator, case.input), schema(case.calculator)["x-output-values"]
        for key, table in words.items():
            top, _, inner = key.partition(".")
            codes = [entry[inner] for entry in result[top]] if inner else [result[top]]
            assert all(code is None or isinstance(table[code], str) and " " in table[code] for code in codes), key


def test_codes_are_given_words_not_shown_as_codes():
    bail = schema("pre-charge-bail")["x-output-values"]
    assert bail["regime"]["2022"].startswith("The Police, Crime, Sentencing and Courts Act 2022 rules")
    assert bail["case_type"]["standard"] == "The police (a standard case)"
    assert bail["limits.authorised_by"]["custody_officer"].startswith("the custody officer")
    assert schema("indefinite-review")["x-output-values"]["basis"]["18-or-over"].startswith("18 or over")
