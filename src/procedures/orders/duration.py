"""How long a civil order lasts, and the deadlines that come with it.

SHPO: Sexual Offences Act 2003 ss.103C-103E, 103G (Sentencing Code ss.347-348 on conviction).
SRO: ss.122A(6)-(7), 122C, and name and address within 3 days beginning with service (s.122F);
whether s.122D bars discharge without consent (as s.103E(6) does for 5 years) is not confirmed.
Legacy SOPO (ss.107, 108(6)), RSHO (ss.123, 125(5)), foreign travel order (s.117; Policing
and Crime Act 2009 s.24).  VOO: Criminal Justice and Immigration Act 2008 ss.98(1)(b), 99,
108.  Disqualification order: Criminal Justice and Court Services Act 2000 s.33.  DVPN: Crime
and Security Act 2010 ss.24, 27(3)-(4) (48 hours, days disregarded).  DVPO: s.28(10).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from ..errors import InputError
from ..law import bank_holidays
from ..law.dated import Version, at, load
from ..law.duration import Duration
from ..law.inputs import inp
from ..law.periods import add_months, age_given, period_end
from ..law.result import Result
from ..law.scalars import OLDEST, YOUNGEST
from ..law.words import long_date, long_datetime, months_words, plural

DATA = load(__package__, "duration")
WARNINGS = DATA["warnings"]
ORDERS = {key: row["label"] for key, row in DATA["orders"].items()}
SRO = ["sro", "sro_foreign_travel"]
OUTPUTS = {"minimum_end_date": "A fixed period ends no earlier than", "maximum_end_date": "A fixed period ends no later than",
           "until_further_order": "Can be made until further order", "indefinite": "Lasts indefinitely",
           "notification_deadline": "Notify the police by", "eligible": "Qualifies for the order",
           "review_from": "Review can be sought from", "hearing_deadline": "Application must be heard by",
           "discharge_without_consent_from": "Can be discharged without consent from"}
SAFE_END = {"notification_deadline": "earlier", "minimum_end_date": "later", "maximum_end_date": "later",
            "review_from": "later", "discharge_without_consent_from": "later"}
DATED_OUTPUTS = ("minimum_end_date", "maximum_end_date", "notification_deadline", "review_from", "hearing_deadline",
                 "discharge_without_consent_from")


@dataclass(frozen=True)
class Inputs:
    ONE_OF: ClassVar = (("age", "date_of_birth"),)

    order: str = inp("Order", choices=ORDERS, noun="the order")
    made_date: date = inp("Date the order was made", "For a DVPN, the day the notice was issued",
                          noun="the date the order was made")
    served_at: datetime | None = inp("Date and time the DVPN was served", "For example 2024-03-01T21:30",
                                     shown_when={"order": ["dvpn"]}, required_when={"order": ["dvpn"]},
                                     noun="the date and time the DVPN was served", default=None)
    service_date: date | None = inp("Date the order was served", "Leave blank if it was served the day it was made",
                                    shown_when={"order": SRO}, noun="the date the order was served", default=None)
    in_force_date: date | None = inp("Date the order comes into force", "Leave blank if it came into force the day it was made",
                                     shown_when={"order": ["voo"]}, noun="the date the order comes into force", default=None)
    age: int | None = inp("Age on the day the order was made", "Give this or the date of birth", minimum=YOUNGEST,
                          maximum=OLDEST, shown_when={"order": ["voo"]}, noun="the age on the day the order was made",
                          default=None)
    date_of_birth: date | None = inp("Date of birth", "Give this or the age", shown_when={"order": ["voo"]},
                                     noun="the date of birth", default=None)
    custodial_term: Duration | None = inp("Custodial sentence for the specified offence", "For example P12M or P2Y",
                                          shown_when={"order": ["voo"]}, noun="the custodial sentence",
                                          required_when={"order": ["voo"], "hospital_order": [False]}, default=None)
    hospital_order: bool = inp("A hospital order was made for the offence", shown_when={"order": ["voo"]},
                               noun="whether a hospital order was made", default=False)
    release_date: date | None = inp("Date of release from custody", "Leave blank if the sentence was suspended",
                                    shown_when={"order": ["disqualification_order"]},
                                    noun="the date of release from custody", default=None)
    under_18_at_offence: bool = inp("Under 18 when the offence was committed",
                                    shown_when={"order": ["disqualification_order"]},
                                    noun="whether the person was under 18 at the offence", default=False)


def _period(start: date, months: int | None, days: int | None) -> date | None:
    if not months and not days:
        return None
    return period_end(start, months=months or 0, days=days or 0)


def _length(months: int | None, days: int | None) -> str:
    return months_words(months) if months else plural(days, "day")


def fixed_periods(v: Version, start: date, result: Result) -> None:
    """Shortest and longest fixed period, counted from ``start`` (the order's own dates govern)."""
    low = _period(start, v.get("min_months"), v.get("min_days"))
    high = _period(start, v.get("max_months"), v.get("max_days"))
    ufo = v.get("until_further_order", False)
    if low:
        tail = ", or it may run until further order" if ufo else ""
        result.step(f"A fixed period must be at least {_length(v.get('min_months'), v.get('min_days'))}{tail}: "
                    f"beginning with {long_date(start)}, it cannot end before the end of {long_date(low)}.", v.citation.id)
    if high:
        renew = " It can be renewed for further periods of up to 5 years each." if v.get("renewable") else ""
        result.step(f"It may last at most {_length(v.get('max_months'), v.get('max_days'))}: beginning with "
                    f"{long_date(start)}, it ends at the latest at the end of {long_date(high)}.{renew}", v.citation.id)
    if v.get("also_cite") and start >= v["also_from"]:
        result.step("An order made on conviction from 1 December 2020 is made under the Sentencing Code, "
                    "which has the same rule.", v["also_cite"])
    result.values.update(minimum_end_date=low, maximum_end_date=high, until_further_order=ufo)
    if v.get("part2_cite"):
        result.step("While the order has effect, the person is subject to the notification requirements of Part 2.",
                    v["part2_cite"])
    if v.get("travel_only_note"):
        result.step(v["travel_only_note"], v["travel_only_cite"])
    if v.get("discharge_consent_months"):
        first = add_months(start, v["discharge_consent_months"])
        result.step(f"Before {long_date(first)} the court may discharge it only with the consent of the person "
                    f"and the chief officer of police.", v["discharge_cite"])
        result.values["discharge_without_consent_from"] = first


def notification(v: Version, start: date, what: str, result: Result) -> None:
    """Initial notification "within the period of 3 days beginning with" ``start``."""
    deadline = period_end(start, days=v["notification_days"])
    result.step(f"The person must notify their name(s) and home address within 3 days beginning with {what} "
                f"({long_date(start)}): by the end of {long_date(deadline)}.", v["notification_cite"])
    result.values["notification_deadline"] = deadline


def _from_made_date(inputs: Inputs, field: str, what: str, warning: str, result: Result) -> date:
    """A date on or after the order was made; if not given, the day made (the earliest) with a warning."""
    given = getattr(inputs, field)
    if given is None:
        result.warn(WARNINGS, warning)
        return inputs.made_date
    if given < inputs.made_date:
        raise InputError(field, f"The date the order {what} must be on or after the date it was made")
    return given


def sro(inputs: Inputs, v: Version, result: Result) -> None:
    if inputs.made_date >= v["civil_standard_from"]:
        result.step("For an order made on or after 29 November 2022, the court decides on the balance of "
                    "probabilities whether the person did the act of a sexual nature (s.122A(6)).",
                    v["civil_standard_cite"])
    fixed_periods(v, inputs.made_date, result)
    served = _from_made_date(inputs, "service_date", "was served", "sro-service", result)
    notification(v, served, "the day of service", result)
    result.step("This duty does not apply while the person is subject to the Part 2 notification requirements.",
                v["notification_cite"])


def _age(inputs: Inputs) -> int:
    return age_given(inputs.date_of_birth, inputs.age, inputs.made_date, age_field="age",
                     on_words="the date the order was made")


def term_at_least(term: Duration, months: int, result: Result) -> bool:
    """Whether ``term`` is at least ``months`` months; a term in days near the line is warned."""
    return result.compare_term(WARNINGS, term, months) >= 0


def voo(inputs: Inputs, v: Version, result: Result) -> None:
    years = _age(inputs)
    sentence = inputs.hospital_order or term_at_least(inputs.custodial_term, v["custodial_months"], result)
    eligible = years >= v["minimum_age"] and sentence
    result.step(f"A qualifying offender is aged 18 or over (this person: {years}) and was given a custodial "
                f"sentence of at least 12 months or a hospital order for a specified offence "
                f"({'met' if sentence else 'not met'}).", v["eligibility_cite"])
    result.values["eligible"] = eligible
    if not sentence:
        result.warn(WARNINGS, "voo-other-routes")
    if not eligible:
        result.step("So a violent offender order cannot be made.", v["eligibility_cite"])
        return
    start = _from_made_date(inputs, "in_force_date", "comes into force", "voo-in-force", result)
    fixed_periods(v, start, result)
    notification(v, start, "the day the order comes into force", result)


def disqualification(inputs: Inputs, v: Version, result: Result) -> None:
    relevant = inputs.made_date
    if inputs.release_date is None:
        result.warn(WARNINGS, "disqualification-relevant-date")
    else:
        relevant = max(inputs.release_date, inputs.made_date)
        result.step(f"The relevant date is the day of release ({long_date(inputs.release_date)}) or, if later, "
                    f"the day the order was made: {long_date(relevant)}.", v.citation.id)
    months = v["review_months_under_18"] if inputs.under_18_at_offence else v["review_months"]
    first = add_months(relevant, months)
    who = "was under 18" if inputs.under_18_at_offence else "was 18 or over"
    result.step(f"The order has no end date. The person {who} at the offence, so they may ask the Tribunal for "
                f"leave to seek a review once {months_words(months)} have passed since the relevant date: from "
                f"{long_date(first)}, if no application was made in the {months_words(months)} before.", v.citation.id)
    if inputs.made_date >= v["reported_repeal"]:
        result.warn(WARNINGS, "disqualification-made-late", made=long_date(inputs.made_date))
    result.values.update(review_from=first, indefinite=True)


def dvpn(inputs: Inputs, v: Version, result: Result) -> None:
    served = inputs.served_at
    if served.date() < inputs.made_date:
        raise InputError("served_at", "The DVPN must be served on or after the day it was issued")
    result.step("A DVPN is issued by a police officer of at least superintendent rank to a person aged 18 or over.",
                v["issue_cite"])
    count = bank_holidays.add_hours_disregarding(served, v["hearing_hours"], "served_at")
    for day in count.skipped:
        why = "" if day.reason == "Sunday" else f" ({day.reason})"
        result.step(f"{day.day.strftime('%A')} {long_date(day.day)}{why} is left out of the 48 hours.",
                    bank_holidays.year_citation(day.day.year))
    result.step(f"The DVPO application must be heard no later than 48 hours after service at {long_datetime(served)}, "
                f"not counting any Sunday, Christmas Day, Good Friday or bank holiday: by {long_datetime(count.end)}.",
                v.citation.id)
    result.step("The notice stays in force until the application is decided or withdrawn.", v.citation.id)
    doubtful = bank_holidays.doubtful_days(served.date(), count.end.date())
    if doubtful:
        result.warn(WARNINGS, "saturday-boxing-day", days=", ".join(f"Saturday {long_date(d.day)}" for d in doubtful))
    projected = bank_holidays.projected_years(count.years)
    if projected:
        result.warn(WARNINGS, "bank-holidays-projected", years=" and ".join(map(str, projected)))
    result.values["hearing_deadline"] = count.end


SPECIAL = {"sro": sro, "sro_foreign_travel": sro, "voo": voo, "disqualification_order": disqualification, "dvpn": dvpn}


def calculate(inputs: Inputs) -> Result:
    result = Result()
    order = DATA["orders"][inputs.order]
    v = at(order["version"], inputs.made_date, "made_date", order["plural"])
    result.values.update({key: None for key in OUTPUTS}, until_further_order=False, indefinite=False)
    result.step(f"{order['label']}, dated {long_date(inputs.made_date)}.", v.citation.id)
    if order.get("legacy") and inputs.made_date >= DATA["legacy_repealed"]:
        result.warn(WARNINGS, "legacy-after-2015", made=long_date(inputs.made_date))
    if v.get("warn"):
        result.warn(WARNINGS, v["warn"])
    SPECIAL.get(inputs.order, lambda i, ver, r: fixed_periods(ver, i.made_date, r))(inputs, v, result)
    result.rules_from(v.start, *DATED_OUTPUTS)
    result.values["headline"] = headline(result.values)
    return result


def headline(values: dict) -> str:
    """The one-line answer, from the most decisive output."""
    if values["hearing_deadline"]:
        return f"The DVPO application must be heard by {long_datetime(values['hearing_deadline'])}"
    if values["eligible"] is False:
        return "The person does not qualify for this order"
    if values["review_from"]:
        return f"A review can be sought from {long_date(values['review_from'])}"
    low, high = values["minimum_end_date"], values["maximum_end_date"]
    if low and high:
        return f"A fixed period ends between {long_date(low)} and {long_date(high)}"
    if low:
        return f"A fixed period ends no earlier than {long_date(low)}"
    return f"A fixed period ends no later than {long_date(high)}"


def tables() -> dict:
    """The order-durations table, one row per order and version, from duration.toml."""
    from ..law.table import Table, cite_link

    def cells(v: dict) -> tuple[str, str, str]:
        if v.get("period_text"):
            return v["period_text"], "Not applicable", "Not applicable"
        low = _length(v.get("min_months"), v.get("min_days")) if v.get("min_months") or v.get("min_days") else "No minimum"
        high = _length(v.get("max_months"), v.get("max_days")) if v.get("max_months") or v.get("max_days") else "No maximum"
        return low, high, "Yes" if v.get("until_further_order") else "No"

    def since(v: dict) -> str:
        return long_date(v["from"]) + (f" ({v['table_note']})" if v.get("table_note") else "")

    rows = tuple((order["label"], since(v), *cells(v), cite_link(v["cite"]))
                 for order in DATA["orders"].values() for v in order["version"])
    return {"order-durations": Table(
        "How long civil orders last (England and Wales), by the day the order was made",
        ("Order", "Made on or after", "Shortest fixed period", "Longest fixed period", "Until further order", "Source"),
        rows)}
