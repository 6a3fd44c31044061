"""A corpus of hostile and careless inputs for every calculator, each tagged with its class.

Every item is what a person (or a script) could send to ``procedures run NAME -``: the raw
bytes, and whether they arrive on standard input or in a file.  ``expect`` says what a
robust engine does with it: ``("error", field)``, exit 2 naming ``field``; or
``("warning", id)``, an answer (exit 0) that carries the warning ``id`` because the input is
implausible but lawful.  ``measure.py`` runs the corpus through the real command;
``test_hostile.py`` runs it in-process.
"""
from __future__ import annotations

import json
from typing import Any, NamedTuple


class Item(NamedTuple):
    cls: str
    calculator: str
    payload: bytes
    expect: tuple[str, str]
    via: str = "stdin"

    @property
    def id(self) -> str:
        return f"{self.cls}:{self.calculator}"


def dumps(value: Any) -> bytes:
    """JSON as a careful client writes it (control characters and lone surrogates escaped)."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


# A valid input for each calculator, and the input that makes each field count.
PERIOD = {"relevant_date": "2024-03-01", "age_on_relevant_date": 30, "disposal": "imprisonment", "term": "P12M"}
DTO = {**PERIOD, "age_on_relevant_date": 16, "disposal": "detention_and_training_order", "term": "P8M"}
DEADLINE = {"event": "change_of_home_address", "event_date": "2024-03-01"}
REVIEW = {"first_notification_date": "2010-01-01", "age_on_relevant_date": 30}
ORDER = {"order": "shpo", "made_date": "2024-03-01"}
DVPN = {"order": "dvpn", "made_date": "2024-03-01", "served_at": "2024-03-01T21:30"}
VOO = {"order": "voo", "made_date": "2024-03-01", "age": 30, "custodial_term": "P2Y"}
SRO = {"order": "sro", "made_date": "2024-03-01", "service_date": "2024-03-02"}
DISQUALIFICATION = {"order": "disqualification_order", "made_date": "2010-03-01", "release_date": "2011-03-01"}
BAIL = {"arrest_date": "2024-03-01"}
MAPPA = {"subject_to_notification": False, "offence": "schedule_15", "sentence": "imprisonment", "term": "P2Y"}
INITIAL = {"event": "initial", "event_date": "2024-03-01"}
ADVANCE = {"event": "advance_notice", "event_date": "2024-03-01", "expected_date": "2024-03-10"}
TRAVEL_2010 = {"event": "foreign_travel", "event_date": "2010-03-01", "trip_days": 10}
TIMELINE = {"date_of_birth": "1980-01-01", "convictions": [{"relevant_date": "2024-03-01", "disposal": "caution"}],
            "last_notification_date": "2024-03-04"}

# (calculator, field, base input in which the field is used, kind)
FIELDS: list[tuple[str, str, dict, str]] = [
    ("notification-period", "relevant_date", PERIOD, "date"),
    ("notification-period", "date_of_birth", {k: v for k, v in PERIOD.items() if k != "age_on_relevant_date"}, "date"),
    ("notification-period", "age_on_relevant_date", PERIOD, "int"),
    ("notification-period", "disposal", PERIOD, "choice"),
    ("notification-period", "term", PERIOD, "duration"),
    ("notification-period", "extension_period", PERIOD, "duration"),
    ("notification-period", "suspended", PERIOD, "bool"),
    ("notification-period", "threshold_offence", PERIOD, "bool"),
    ("notification-period", "further_terms", PERIOD, "list"),
    ("notification-deadline", "event", DEADLINE, "choice"),
    ("notification-deadline", "event_date", DEADLINE, "date"),
    ("notification-deadline", "expected_date", ADVANCE, "date"),
    ("notification-deadline", "actual_date", ADVANCE, "date"),
    ("notification-deadline", "trip_days", TRAVEL_2010, "int"),
    ("notification-deadline", "no_fixed_abode", {"event": "periodic", "event_date": "2024-03-01"}, "bool"),
    ("notification-deadline", "stays", {"event": "qualifying_stay"}, "list"),
    ("notification-deadline", "disregarded_periods", INITIAL, "list"),
    ("indefinite-review", "first_notification_date", REVIEW, "date"),
    ("indefinite-review", "previous_refusal_date", REVIEW, "date"),
    ("indefinite-review", "age_on_relevant_date", REVIEW, "int"),
    ("indefinite-review", "subject_to_shpo", REVIEW, "bool"),
    ("order-duration", "order", ORDER, "choice"),
    ("order-duration", "made_date", ORDER, "date"),
    ("order-duration", "served_at", DVPN, "datetime"),
    ("order-duration", "service_date", SRO, "date"),
    ("order-duration", "in_force_date", VOO, "date"),
    ("order-duration", "age", VOO, "int"),
    ("order-duration", "date_of_birth", {k: v for k, v in VOO.items() if k != "age"}, "date"),
    ("order-duration", "custodial_term", VOO, "duration"),
    ("order-duration", "hospital_order", VOO, "bool"),
    ("order-duration", "release_date", DISQUALIFICATION, "date"),
    ("pre-charge-bail", "arrest_date", BAIL, "date"),
    ("pre-charge-bail", "case_type", BAIL, "choice"),
    ("mappa-category", "offence", MAPPA, "choice"),
    ("mappa-category", "sentence", MAPPA, "choice"),
    ("mappa-category", "term", MAPPA, "duration"),
    ("mappa-category", "subject_to_notification", MAPPA, "bool"),
    ("case-timeline", "date_of_birth", TIMELINE, "date"),
    ("case-timeline", "last_notification_date", TIMELINE, "date"),
    ("case-timeline", "first_notification_date", TIMELINE, "date"),
    ("case-timeline", "no_fixed_abode", TIMELINE, "bool"),
    ("case-timeline", "convictions", TIMELINE, "list"),
    ("case-timeline", "custody", TIMELINE, "list"),
    ("case-timeline", "orders", TIMELINE, "list"),
]
CALCULATORS = sorted({f[0] for f in FIELDS})
BASE = {"notification-period": PERIOD, "notification-deadline": DEADLINE, "indefinite-review": REVIEW,
        "order-duration": ORDER, "pre-charge-bail": BAIL, "mappa-category": MAPPA, "case-timeline": TIMELINE}


def _fields(*kinds: str) -> list[tuple[str, str, dict, str]]:
    return [f for f in FIELDS if f[3] in kinds]


def _with(base: dict, field: str, value: Any) -> dict:
    return {**base, field: value}


def error(field: str) -> tuple[str, str]:
    return ("error", field)


def warning(warning_id: str) -> tuple[str, str]:
    return ("warning", warning_id)


def _far_dates(cls: str, day: str, moment: str) -> list[Item]:
    out = []
    for calc, field, base, kind in _fields("date", "datetime"):
        out.append(Item(cls, calc, dumps(_with(base, field, moment if kind == "datetime" else day)), error(field)))
    for calc, base in [("notification-deadline", {"event": e, "event_date": day}) for e in
                       ("initial", "periodic", "release_from_custody", "relevant_household", "foreign_travel")] + \
                      [("order-duration", {"order": o, "made_date": day}) for o in
                       ("sro", "dvpo", "shpo_foreign_travel", "sopo", "foreign_travel_order")] + \
                      [("pre-charge-bail", {"arrest_date": day, "case_type": "sfo"})]:
        out.append(Item(cls, calc, dumps(base), error("event_date" if "event" in base else
                                                      "made_date" if "order" in base else "arrest_date")))
    span = {"start": "2024-03-01", "end": day} if day > "2024" else {"start": day, "end": "2024-03-01"}
    part = "end" if day > "2024" else "start"
    out.append(Item(cls, "notification-deadline", dumps({**INITIAL, "disregarded_periods": [span]}),
                    error(f"disregarded_periods[0].{part}")))
    out.append(Item(cls, "notification-deadline", dumps({"event": "qualifying_stay", "stays": [span]}),
                    error(f"stays[0].{part}")))
    return out


def overflow_9999() -> list[Item]:
    """Dates near the end of the calendar: adding a period overflows."""
    return _far_dates("overflow-9999", "9999-12-31", "9999-12-31T23:59")


def far_past() -> list[Item]:
    """Year 1 and the Norman conquest: no statute here speaks to them."""
    return _far_dates("far-past", "0001-01-01", "0001-01-01T00:00")


UNICODE_NUMBERS = ["²⁰", "①⑦", "１７", "١٧", "--5", "٣٠", "𝟑𝟎", "۱۷", "१७"]
UNICODE_DATES = ["٢٠٢٤-٠٣-٠١", "２０２４-０３-０１", "2024-0３-01", "۲۰۲۴-۰۳-۰۱", "²⁰²⁴-⁰³-⁰¹"]
UNICODE_DURATIONS = ["P١٢M", "P１２M", "P1²M", "P①M", "P𝟏𝟐M"]


def unicode_digits() -> list[Item]:
    """Digits of other scripts, superscripts and circled digits where a number is expected."""
    out = []
    for calc, field, base, _ in _fields("int"):
        out += [Item("unicode-digits", calc, dumps(_with(base, field, text)), error(field)) for text in UNICODE_NUMBERS]
    for i, (calc, field, base, _) in enumerate(_fields("date")):
        out.append(Item("unicode-digits", calc, dumps(_with(base, field, UNICODE_DATES[i % len(UNICODE_DATES)])),
                        error(field)))
    for i, (calc, field, base, _) in enumerate(_fields("duration")):
        for text in UNICODE_DURATIONS[i % 2::2]:
            out.append(Item("unicode-digits", calc, dumps(_with(base, field, text)), error(field)))
    out.append(Item("unicode-digits", "order-duration", dumps({**DVPN, "served_at": "٢٠٢٤-٠٣-٠١T21:30"}),
                    error("served_at")))
    return out


def wrong_type_choice() -> list[Item]:
    """A list, an object, a number or a yes/no where one of the options is expected."""
    out = []
    for calc, field, base, _ in _fields("choice"):
        for value in (["imprisonment"], {"value": "shpo"}, 3, True):
            out.append(Item("wrong-type-choice", calc, dumps(_with(base, field, value)), error(field)))
    for value in (["concurrent"], {"x": 1}):
        terms = [{"term": "P3M", "arrangement": value}]
        out.append(Item("wrong-type-choice", "notification-period", dumps({**PERIOD, "further_terms": terms}),
                        error("further_terms[0].arrangement")))
    return out


def wrong_type_scalar() -> list[Item]:
    """Lists, objects, numbers and words where a date, a length of time, a number or yes/no is expected."""
    values = {"date": [["2024-03-01"], {"year": 2024}, 20240301, True, "1 March 2024"],
              "datetime": [["2024-03-01T21:30"], 1709328600, "2024-03-01 21:30"],
              "duration": [12, ["P12M"], {"months": 12}, "12 months", 1.5],
              "int": [30.5, "thirty", [30], {"n": 30}, True, float("nan"), float("inf")],
              "bool": [[], {}, 1, "maybe"],
              "list": ["2024-01-01", {"start": "2024-01-01"}, 5]}
    out = []
    for calc, field, base, kind in FIELDS:
        if kind == "choice":
            continue
        for value in values[kind][:2] if kind in ("date", "bool") else values[kind]:
            out.append(Item("wrong-type-scalar", calc, dumps(_with(base, field, value)), error(field)))
    return out


def _raw(base: dict, field: str, literal: str) -> bytes:
    """``base`` with ``field`` set to a JSON literal that a Python value cannot round-trip (a huge integer)."""
    text = json.dumps({k: v for k, v in base.items() if k != field})
    return (text[:-1] + f', "{field}": {literal}}}').encode("ascii")


def huge_numbers() -> list[Item]:
    """Integers past Python's 4,300-digit conversion limit, and digit strings and terms of absurd size."""
    out = []
    for calc, field, base, _ in _fields("int"):
        out.append(Item("huge-number", calc, _raw(base, field, "1" + "0" * 5000), error(field)))
        out.append(Item("huge-number", calc, _raw(base, field, "-" + "9" * 5000), error(field)))
        out.append(Item("huge-number", calc, dumps(_with(base, field, "9" * 5000)), error(field)))
        out.append(Item("huge-number", calc, dumps(_with(base, field, 10 ** 30)), error(field)))
    for calc, field, base, _ in _fields("duration"):
        out.append(Item("huge-number", calc, dumps(_with(base, field, "P" + "9" * 5000 + "Y")), error(field)))
        out.append(Item("huge-number", calc, dumps(_with(base, field, "P99999999999999999999D")), error(field)))
    return out


def deep_nesting() -> list[Item]:
    """JSON nested past the recursion limit, at the top and inside a field; and nested just under it."""
    out = []
    for calc in CALCULATORS:
        out.append(Item("deep-nesting", calc, b"[" * 100_000 + b"]" * 100_000, error("inputs")))
        out.append(Item("deep-nesting", calc, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, error("inputs")))
    for calc, field, base, _ in _fields("choice"):
        out.append(Item("deep-nesting", calc, _raw(base, field, "[" * 100_000 + "]" * 100_000), error("inputs")))
        out.append(Item("deep-nesting", calc, _raw(base, field, "[" * 900 + "]" * 900), error(field)))
    return out


def invalid_utf8() -> list[Item]:
    """Bytes that are not UTF-8, on standard input and in a file."""
    out = []
    for calc in CALCULATORS:
        text = dumps(BASE[calc])
        out.append(Item("invalid-utf8", calc, text[:-1] + b', "x": "\xff\xfe"}', error("inputs")))
        out.append(Item("invalid-utf8", calc, b"\xc0\xaf" + text, error("inputs"), via="file"))
        out.append(Item("invalid-utf8", calc, text.replace(b'"', b'"\xed\xa0\x80', 1), error("inputs")))
    return out


def lone_surrogates() -> list[Item]:
    """Valid JSON whose strings hold lone surrogates, which cannot be printed as UTF-8."""
    out = []
    for calc, field, base, _ in _fields("choice"):
        out.append(Item("lone-surrogate", calc, dumps(_with(base, field, "\ud800x")), error(field)))
    for calc in CALCULATORS:
        out.append(Item("lone-surrogate", calc, dumps({**BASE[calc], "\udcff": 1}), error("inputs")))
    return out


ESCAPES = ["\x1b[2J\x1b[31mHACKED\x1b[0m", "a\nprocedures: relevant_date: all fine", "\u202eevil", "\x00",
           "k" * 100_000, "\r\r\rOK", "\x07\x08", "\x9b31m"]


def unknown_keys() -> list[Item]:
    """Unknown input names with escape sequences, line breaks, bidi overrides or absurd length."""
    out = []
    for i, calc in enumerate(CALCULATORS):
        for key in (ESCAPES[i % len(ESCAPES)], ESCAPES[(i + 3) % len(ESCAPES)]):
            out.append(Item("unknown-key-escape", calc, dumps({**BASE[calc], key: "x"}), error("inputs")))
    out.append(Item("unknown-key-escape", "notification-deadline",
                    dumps({"event": "qualifying_stay", "stays": [{"start": "2024-01-01", "end": "2024-01-09",
                                                                   ESCAPES[0]: 1}]}), error("stays[0]")))
    out.append(Item("unknown-key-escape", "notification-period",
                    dumps({**PERIOD, "further_terms": [{"term": "P3M", "arrangement": "concurrent", ESCAPES[1]: 1}]}),
                    error("further_terms[0]")))
    out.append(Item("unknown-key-escape", "pre-charge-bail", dumps({**BAIL, "case_type": ESCAPES[0]}), error("case_type")))
    out.append(Item("unknown-key-escape", "order-duration", dumps({**ORDER, "order": ESCAPES[1]}), error("order")))
    return out


def long_strings() -> list[Item]:
    """A megabyte where a date, an option, a length of time, a number or yes/no is expected."""
    big = "2" * 1_000_000
    out = []
    for calc, field, base, kind in FIELDS:
        if kind in ("date", "choice", "duration", "int") and field in ("relevant_date", "event", "term", "age", "order",
                                                                         "arrest_date", "first_notification_date",
                                                                         "sentence", "trip_days", "served_at"):
            out.append(Item("long-string", calc, dumps(_with(base, field, big)), error(field)))
    out.append(Item("long-string", "mappa-category", dumps({**MAPPA, "subject_to_notification": "y" * 1_000_000}),
                    error("subject_to_notification")))
    return out


def list_sizes() -> list[Item]:
    """Lists of thousands of entries."""
    stays = [{"start": f"{1901 + i // 12}-{1 + i % 12:02d}-01", "end": f"{1901 + i // 12}-{1 + i % 12:02d}-02"}
             for i in range(2400)]
    return [
        Item("list-size", "notification-period",
             dumps({**PERIOD, "further_terms": [{"term": "P1M", "arrangement": "consecutive"}] * 10_000}),
             error("further_terms")),
        Item("list-size", "notification-deadline", dumps({"event": "qualifying_stay", "stays": stays}), error("stays")),
        Item("list-size", "notification-deadline", dumps({**INITIAL, "disregarded_periods": stays}),
             error("disregarded_periods")),
        Item("list-size", "notification-deadline",
             dumps({"event": "qualifying_stay", "stays": [{"start": "2024-01-01", "end": "2024-01-02"}] * 5000}),
             error("stays")),
        Item("list-size", "notification-deadline",
             dumps({"event": "periodic", "event_date": "2020-01-01",
                    "disregarded_periods": [{"start": "2020-12-01", "end": "2021-02-01"}] * 200}),
             error("disregarded_periods")),
    ]


def day_walks() -> list[Item]:
    """Date ranges that a day-by-day walk takes seconds or minutes over."""
    whole = {"start": "0001-01-01", "end": "9999-12-31"}
    lifetime = {"start": "1900-01-01", "end": "2126-12-31"}
    # Thousands of one-day stays 13 months apart: never 7 days in any 12 months, so every day is tried.
    apart = [{"start": f"{1900 + 13 * i // 12:04d}-{1 + 13 * i % 12:02d}-01"} for i in range(5000)]
    apart = [{**s, "end": s["start"]} for s in apart]
    return [
        Item("day-walk", "notification-deadline", dumps({"event": "qualifying_stay", "stays": [whole]}),
             error("stays[0].start")),
        Item("day-walk", "notification-deadline", dumps({"event": "qualifying_stay", "stays": [lifetime]}),
             error("stays[0].end")),
        Item("day-walk", "notification-deadline",
             dumps({"event": "qualifying_stay", "stays": [{"start": "1000-01-01", "end": "3000-01-01"}]}),
             error("stays[0].start")),
        Item("day-walk", "notification-deadline", dumps({**INITIAL, "disregarded_periods": [whole]}),
             error("disregarded_periods[0].start")),
        Item("day-walk", "notification-deadline", dumps({**INITIAL, "disregarded_periods": [lifetime]}),
             error("disregarded_periods[0].end")),
        Item("day-walk", "notification-deadline",
             dumps({"event": "periodic", "event_date": "2020-01-01", "disregarded_periods": [lifetime]}),
             error("disregarded_periods[0].end")),
        Item("day-walk", "notification-deadline",
             dumps({**ADVANCE, "disregarded_periods": [{"start": "2024-03-09", "end": "2200-01-01"}]}),
             error("disregarded_periods[0].end")),
        Item("day-walk", "notification-deadline",
             dumps({"event": "qualifying_stay", "stays": [{"start": "0002-01-01", "end": "9999-12-31"}]}),
             error("stays[0].start")),
        Item("day-walk", "notification-deadline", dumps({"event": "qualifying_stay", "stays": apart}), error("stays")),
        Item("day-walk", "notification-deadline",
             dumps({"event": "change_of_name", "event_date": "0002-01-01",
                    "disregarded_periods": [{"start": "0002-01-01", "end": "9999-12-01"}]}),
             error("event_date")),
        Item("day-walk", "notification-deadline",
             dumps({"event": "release_from_custody", "event_date": "2024-03-01",
                    "disregarded_periods": [{"start": "2024-03-01", "end": "5000-01-01"}]}),
             error("disregarded_periods[0].end")),
    ]


def not_json() -> list[Item]:
    """Not a set of named fields: other JSON values, broken JSON, nothing at all."""
    out = []
    for i, calc in enumerate(CALCULATORS):
        for text in ([b"[]", b'"inputs"', b"1", b"null", b"true", b"[{}]", b"false"][i],
                     [b"", b"{", b"{}x", b"\x00", b"{'a': 1}", b"   ", b"{}}"][i]):
            out.append(Item("not-an-object", calc, text, error("inputs")))
    return out


def implausible_ages() -> list[Item]:
    """Ages no one could be at conviction or order: 200, 121, 9, 0; dates of birth in 1800 and 1901."""
    no_age = {k: v for k, v in PERIOD.items() if k != "age_on_relevant_date"}
    no_voo_age = {k: v for k, v in VOO.items() if k != "age"}
    out = [Item("implausible-age", calc, dumps(_with(base, field, age)), error(field))
           for calc, field, base, _ in _fields("int") if field != "trip_days" for age in (200, 121, 9, 0)]
    for base, calc in ((no_age, "notification-period"), (no_voo_age, "order-duration")):
        for born in ("1800-01-01", "1899-12-31", "1901-01-01", "2020-01-01"):
            out.append(Item("implausible-age", calc, dumps(_with(base, "date_of_birth", born)), error("date_of_birth")))
    return out


def implausible_terms() -> list[Item]:
    """Terms of 99,999 years or a billion days, as the term or inside a combined term."""
    out = []
    for calc, field, base, _ in _fields("duration"):
        out.append(Item("implausible-term", calc, dumps(_with(base, field, "P99999Y")), error(field)))
        out.append(Item("implausible-term", calc, dumps(_with(base, field, "P1000000000D")), error(field)))
    for key in ("term", "overlap"):
        further = {"term": "P20M", "arrangement": "partly_concurrent", "overlap": "P2M", key: "P99999Y"}
        out.append(Item("implausible-term", "notification-period",
                        dumps({**PERIOD, "term": "P20M", "further_terms": [further]}), error(f"further_terms[0].{key}")))
    return out


def implausible_trips() -> list[Item]:
    """A trip of a billion days, and others past a century."""
    return [Item("implausible-trip", "notification-deadline", dumps({**base, "trip_days": days}), error("trip_days"))
            for base in (TRAVEL_2010, {**TRAVEL_2010, "event_date": "2024-03-01"}) for days in (1_000_000_000, 40_000)]


def dto_terms() -> list[Item]:
    """Detention and training orders no court could make."""
    out = [Item("dto-term", "notification-period", dumps({**DTO, "term": term, "relevant_date": day}), error("term"))
           for term, day in (("P3M", "2024-03-01"), ("P3M", "2010-03-01"), ("P1M", "2024-03-01"), ("P25M", "2024-03-01"),
                             ("P2Y1M", "2023-01-01"), ("P36M", "2012-01-01"))]
    out += [Item("dto-term", "mappa-category", dumps({**MAPPA, "sentence": "detention_and_training_order", "term": t}),
                 error("term")) for t in ("P3M", "P25M", "P2M")]
    out.append(Item("dto-term", "notification-period", dumps({**DTO, "term": "P5M", "relevant_date": "2015-03-01"}),
                    warning("dto-term")))
    return out


def suspended() -> list[Item]:
    """A suspended detention and training order (none can be), and suspended sentences longer than any allowed."""
    out = [Item("suspended-dto", "notification-period", dumps({**DTO, "suspended": True, "relevant_date": day}),
                error("suspended")) for day in ("2024-03-01", "2010-03-01")]
    out.append(Item("suspended-dto", "notification-period",
                    dumps({**PERIOD, "disposal": "caution", "suspended": True}), error("suspended")))
    out.append(Item("suspended-dto", "notification-period",
                    dumps({**PERIOD, "suspended": True, "term": "P5Y"}), warning("suspended-too-long")))
    out.append(Item("suspended-dto", "mappa-category",
                    dumps({**MAPPA, "sentence": "suspended_sentence", "term": "P5Y"}), warning("suspended-too-long")))
    return out


def overlaps() -> list[Item]:
    """An overlap given for a term that runs wholly concurrently or consecutively."""
    return [Item("overlap-not-partly", "notification-period",
                 dumps({**PERIOD, "further_terms": [{"term": "P6M", "arrangement": arrangement, "overlap": "P3M"}]}),
                 error("further_terms[0].overlap")) for arrangement in ("concurrent", "consecutive")]


def refusals() -> list[Item]:
    """A refusal of review dated when the person would be past any human age."""
    return [Item("refusal-implausible", "indefinite-review", dumps({**REVIEW, **extra}), error("previous_refusal_date"))
            for extra in ({"previous_refusal_date": "2126-01-01"},
                          {"previous_refusal_date": "2060-01-01", "age_on_relevant_date": 90},
                          {"previous_refusal_date": "2126-12-31", "first_notification_date": "2000-01-01",
                           "age_on_relevant_date": 10})]


def corpus() -> list[Item]:
    """Every item, in a stable order."""
    return [*overflow_9999(), *far_past(), *unicode_digits(), *wrong_type_choice(), *wrong_type_scalar(),
            *huge_numbers(), *deep_nesting(), *invalid_utf8(), *lone_surrogates(), *unknown_keys(), *long_strings(),
            *list_sizes(), *day_walks(), *not_json(), *implausible_ages(), *implausible_terms(),
            *implausible_trips(), *dto_terms(), *suspended(), *overlaps(), *refusals()]
