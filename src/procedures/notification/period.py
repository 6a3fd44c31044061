"""The notification period: Sexual Offences Act 2003 s.82, with ss.131, 132 and 134.

s.82(1) gives a table of periods by description of offender, each "beginning with the
relevant date" (conviction, finding or caution: s.82(6)).  s.82(2) halves the fixed
10, 7, 5 and 2-year periods for a person under 18 on the relevant date.  s.82(3)-(4)
add consecutive Schedule 3 terms together and count partly concurrent terms without
their overlap.  s.131(a) counts only the detention part of a detention and training
order.  s.134 makes a conditional discharge count; an absolute discharge does not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..errors import InputError
from ..law.dated import load
from ..law.duration import Duration
from ..law.inputs import inp
from ..law.periods import age_given, period_end
from ..law.result import Result
from ..law.scalars import OLDEST, YOUNGEST
from ..law.sentences import add_term, cap_dto_total, check_suspended, dto_term
from ..law.words import long_date, months_words

DATA = load(__package__, "period")
WARNINGS = DATA["warnings"]
DISPOSALS = {
    "imprisonment": "Imprisonment (including a suspended sentence, detention in a young offender institution, or long-term detention)",
    "detention_and_training_order": "Detention and training order",
    "indeterminate": "Life sentence or imprisonment for public protection",
    "hospital_order_with_restriction": "Hospital order with a restriction order",
    "hospital_order": "Hospital order without a restriction order",
    "caution": "Caution, youth caution, reprimand or warning",
    "conditional_discharge": "Conditional discharge",
    "absolute_discharge": "Absolute discharge",
    "other": "Any other disposal (community order, fine, youth rehabilitation order ...)",
}
TERM_DISPOSALS = ["imprisonment", "detention_and_training_order", "conditional_discharge"]
ARRANGEMENTS = {"consecutive": "Consecutive (one after the other)",
                "concurrent": "Concurrent (at the same time)",
                "partly_concurrent": "Partly concurrent (overlapping in part)"}
OUTPUTS = {"subject_to_notification": "Subject to notification requirements", "indefinite": "Indefinite",
           "period": "Notification period", "end_date": "Last day subject to the requirements"}
SAFE_END = {"end_date": "later"}  # law/rough.py: the later end of a period is safe
OUTPUT_VALUES = {"row": {row["id"]: row["description"] for row in DATA["row"]}}


@dataclass(frozen=True)
class FurtherTerm:
    term: Duration = inp("Term for the other offence", "For example P6M for 6 months", noun="the term of the other sentence")
    arrangement: str = inp("How it runs with the first term", choices=ARRANGEMENTS, noun="how the other term runs")
    overlap: Duration | None = inp("Overlap", "Only for partly concurrent terms: how long the two terms run at the same time",
                                   noun="the overlap", required_when={"arrangement": ["partly_concurrent"]},
                                   missing="Enter the overlap for a partly concurrent term", default=None)


@dataclass(frozen=True)
class Inputs:
    ONE_OF: ClassVar = (("age_on_relevant_date", "date_of_birth"),)

    relevant_date: date = inp("Relevant date", "The date of conviction (not sentence), finding or caution. For an offence with a sentencing threshold, the date of sentence",
                              noun="the relevant date")
    disposal: str = inp("What the court or police did", choices=DISPOSALS, noun="what the court or police did")
    age_on_relevant_date: int | None = inp("Age on the relevant date", "Give this or the date of birth",
                                           minimum=YOUNGEST, maximum=OLDEST, noun="the age on the relevant date",
                                           default=None)
    date_of_birth: date | None = inp("Date of birth", "Give this or the age on the relevant date", default=None)
    term: Duration | None = inp("Term", "The length of the sentence, the whole detention and training order, or the conditional discharge: for example P8M, P2Y6M, P26W",
                                shown_when={"disposal": TERM_DISPOSALS}, required_when={"disposal": TERM_DISPOSALS},
                                noun="the term", missing="Enter the term: the length of the sentence or order, or the "
                                "period of the conditional discharge", default=None)
    further_terms: list[FurtherTerm] = inp("Other Schedule 3 sentences given with it",
                                           "Only terms for other sexual offences listed in Schedule 3 count. With a "
                                           "detention and training order, give the other orders' whole terms",
                                           shown_when={"disposal": ["imprisonment", "detention_and_training_order"]},
                                           noun="the other sentences", default=[])
    suspended: bool = inp("Suspended sentence", shown_when={"disposal": ["imprisonment"]},
                          noun="whether the sentence was suspended", default=False)
    extension_period: Duration | None = inp("Extension period (extended sentence only)", "Leave blank unless this is an extended sentence",
                                            shown_when={"disposal": ["imprisonment"]}, noun="the extension period", default=None)
    threshold_offence: bool = inp("Offence with a sentencing threshold", "Schedule 3 lists some offences only when, for example, the sentence is 12 months or more",
                                  noun="whether the offence has a sentencing threshold", default=False)


def compare(term: Duration, months: int, result: Result) -> int:
    """-1, 0 or 1 as ``term`` is shorter than, equal to or longer than ``months`` months."""
    return result.compare_term(WARNINGS, term, months)


def age(inputs: Inputs) -> int:
    return age_given(inputs.date_of_birth, inputs.age_on_relevant_date, inputs.relevant_date,
                     age_field="age_on_relevant_date", on_words="the relevant date")


def combined_term(inputs: Inputs, result: Result) -> Duration:
    """The term s.82 reads: s.82(3)-(4) aggregation, the DTO total cap, the s.131(a) detention half, any extension."""
    dto = inputs.disposal == "detention_and_training_order"
    terms = [("term", inputs.term)] + [(f"further_terms[{i}].term", t.term) for i, t in enumerate(inputs.further_terms)]
    for field, term in terms if dto else []:
        if not dto_term(term, field, inputs.relevant_date):
            result.warn(WARNINGS, "dto-term", term=term.words())
    total = inputs.term
    for i, extra in enumerate(inputs.further_terms):
        total = add_term(total, extra.term, extra.arrangement, extra.overlap, f"further_terms[{i}].overlap")
        result.step(f"Another Schedule 3 term of {extra.term.words()} ({ARRANGEMENTS[extra.arrangement].lower()}) "
                    f"gives a combined term of {total.words()}.", "soa2003-s82")
    if inputs.extension_period is not None:
        total = total + inputs.extension_period
        result.warn(WARNINGS, "extended-sentence")
        result.step(f"With the extension period the term counted is {total.words()}.", "soa2003-s82")
    if dto:
        total = _detention_half(cap_dto_total(total, inputs.relevant_date, result, WARNINGS), result)
    return total


def _detention_half(total: Duration, result: Result) -> Duration:
    """s.131(a): only "the period of detention which a person is liable to serve" counts (every term is whole months)."""
    # An odd number of months halves to a half month, which no threshold (6 or 30 months) falls on:
    # 15 days stands for it in the comparison only.
    half = Duration(total.months // 2, 15 * (total.months % 2))
    words = months_words(total.months // 2) + (" and a half" if total.months % 2 else "")
    result.step(f"Only the detention half of a detention and training order counts as imprisonment: "
                f"{total.words()} gives {words}.", "soa2003-s131")
    return half


def find_row(disposal: str, term: Duration | None, result: Result) -> dict:
    """The first s.82(1) row that describes this offender; each disposal's last row has no threshold."""
    *limited, last = [row for row in DATA["row"] if disposal in row["disposals"]]
    for row in limited:
        if "term_at_least_months" in row and compare(term, row["term_at_least_months"], result) >= 0:
            return row
        if "term_more_than_months" in row and compare(term, row["term_more_than_months"], result) > 0:
            return row
    return last


def imprisonment_only(inputs: Inputs, years: int, result: Result) -> None:
    """Suspension and extension belong to imprisonment; the longest suspended term is a dated rule (law/sentences)."""
    if inputs.disposal != "imprisonment" and inputs.suspended:
        raise InputError("suspended", f"{DISPOSALS[inputs.disposal]} cannot be suspended: only a sentence of "
                                      "imprisonment can. Answer no, or check what the court did")
    if inputs.disposal != "imprisonment" and inputs.extension_period is not None:
        raise InputError("extension_period", "Only an extended sentence of imprisonment has an extension period: "
                                             "leave it blank, or check what the court did")
    if inputs.suspended:
        result.warn(WARNINGS, "suspended-sentence")
        check_suspended(inputs.term, inputs.relevant_date, years < 21, result, WARNINGS)


def calculate(inputs: Inputs) -> Result:
    result = Result()
    years = age(inputs)
    imprisonment_only(inputs, years, result)
    if inputs.relevant_date < DATA["part2_commenced"]:
        result.warn(WARNINGS, "before-part2")
    if inputs.threshold_offence:
        result.warn(WARNINGS, "threshold-offence")
    if inputs.disposal == "absolute_discharge":
        return _no_notification(result)
    term = None
    if inputs.disposal in TERM_DISPOSALS:
        term = combined_term(inputs, result) if inputs.disposal != "conditional_discharge" else _cd_term(inputs)
    if inputs.disposal == "caution":
        result.warn(WARNINGS, "conditional-caution")
    row = find_row(inputs.disposal, term, result)
    result.step(f"Section 82(1): {row['description'].lower()}.", row["cite"])
    if "months" not in row and not row.get("period_of_discharge"):
        return _indefinite(result, row, inputs.suspended)
    months = row["months"] if "months" in row else None
    period = Duration(months) if months else term
    if row.get("halved") and years < 18:
        period = Duration(months // 2)
        result.step(f"The person was {years} on the relevant date, under 18, so the period of "
                    f"{months_words(months)} is halved to {period.words()} (s.82(2)).", "soa2003-s82")
    elif row.get("halved"):
        result.step(f"The person was {years} on the relevant date, so the period is not halved.", "soa2003-s82")
    if row.get("period_of_discharge"):
        result.warn(WARNINGS, "conditional-discharge-start")
        result.step("The period is the period of the conditional discharge, and is not halved for under-18s.",
                    "soa2003-s82")
    end = period_end(inputs.relevant_date, months=period.months, days=period.days)
    result.step(f"A period of {period.words()} beginning with {long_date(inputs.relevant_date)} "
                f"ends at the end of {long_date(end)}.", "soa2003-s82")
    result.rules_from(DATA["part2_commenced"], "end_date")
    if end < DATA["part2_commenced"]:
        return _ended_before_part2(result, period, row)
    result.values.update(headline=f"Notification requirements end on {long_date(end)}",
                         subject_to_notification=True, indefinite=False, period=period, end_date=end, row=row["id"])
    return result


def _ended_before_part2(result: Result, period: Duration, row: dict) -> Result:
    """s.81(2): a period that ended before Part 2 began does not make the person subject to it."""
    result.step(f"That period ended before Part 2 began on {long_date(DATA['part2_commenced'])}, so the person "
                "never became subject to the notification requirements of Part 2 (s.81(2)).", "soa2003-s81")
    result.values.update(headline="No notification requirements under Part 2: the period ended before it began",
                         subject_to_notification=False, indefinite=False, period=period, end_date=None, row=row["id"])
    return result


def _cd_term(inputs: Inputs) -> Duration:
    if inputs.term > Duration(36):
        raise InputError("term", "A conditional discharge is for no more than 3 years (P3Y)")
    return inputs.term


def _indefinite(result: Result, row: dict, suspended: bool) -> Result:
    if suspended:  # no custody, so no release: the first notification follows the relevant date (s.83(1))
        result.step("The notification requirements last indefinitely. The sentence was suspended, so the person "
                    "was not in custody: the first notification is due within 3 days beginning with the relevant "
                    "date (s.83(1)).", "soa2003-s83")
        result.step("After 15 years (8 if under 18 on the relevant date) from that first notification, the person "
                    "may apply for a review (s.91B(2)).", "soa2003-s91b")
    else:
        result.step("The notification requirements last indefinitely. After 15 years (8 if under 18 on the "
                    "relevant date) from the first notification after release, the person may apply for a review.",
                    "soa2003-s91a")
    result.values.update(headline="Notification requirements are indefinite", subject_to_notification=True,
                         indefinite=True, period=None, end_date=None, row=row["id"])
    return result


def _no_notification(result: Result) -> Result:
    result.step("An absolute discharge is not a conviction for this purpose, so there are no notification "
                "requirements. Section 134 makes only a conditional discharge count.", "soa2003-s134")
    result.warn(WARNINGS, "absolute-discharge-finding")
    result.values.update(headline="No notification requirements", subject_to_notification=False,
                         indefinite=False, period=None, end_date=None, row=None)
    return result


def tables() -> dict:
    """The s.82(1) table as the site shows it, from period.toml."""
    from ..law.table import Table, cite_link

    def cell(row: dict, under_18: bool) -> str:
        if row.get("period_of_discharge"):
            return "The period of the conditional discharge"
        if "months" not in row:
            return "Indefinite"
        return months_words(row["months"] // 2 if under_18 and row.get("halved") else row["months"])

    rows = tuple((row["description"], cell(row, False), cell(row, True), cite_link(row["cite"], "s.82(1)")
                  if row["cite"] == "soa2003-s82" else cite_link(row["cite"], "s.134"))
                 for row in DATA["row"])
    return {"notification-periods": Table(
        "Notification periods (Sexual Offences Act 2003 s.82), counted from the relevant date",
        ("Description of offender", "Period: 18 or over on the relevant date", "Period: under 18", "Source"), rows)}
