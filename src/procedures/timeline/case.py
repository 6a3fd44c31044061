"""The case timeline: every date of a whole case on one timeline, from the rules the other calculators hold.

Sexual Offences Act 2003 s.82, each conviction, finding or caution with its own period (the person
stays subject until the latest ends; an indefinite one outlasts every fixed one), and s.103G, a sexual
harm prevention order keeping the person subject while it has effect (notification/period.py,
orders/duration.py).  s.83(1), (6): initial notification with time in custody left out; s.84(1)(d):
release from custody while subject; s.85: periodic notification, yearly or weekly with no fixed abode
(notification/deadline.py).  ss.91A-91B: review of indefinite notification (notification/review.py).
Criminal Justice Act 2003 s.327: the MAPPA category (mappa/category.py).  Nothing is computed here
that a calculator already answers: this module runs them and puts their answers in date order.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..law.inputs import DateRange, inp
from ..law.words import long_date
from ..mappa import category
from ..law.result import Result
from ..notification import deadline, period
from ..orders import duration
from .compose import DATA, EVENT_SAFE_END, Timeline  # noqa: F401  (EVENT_SAFE_END is read by law/rough.py)
from .parts import conviction_events, custody_events, mappa_category, order_events, periodic_events, review_date

WARNINGS = DATA["warnings"]
COMPOSED = ("notification-period", "notification-deadline", "indefinite-review", "order-duration", "mappa-category")
OUTPUTS = {"subject_to_notification": "Subject to the notification requirements",
           "subject_until": "Last day subject to the notification requirements", "indefinite": "Indefinite",
           "decided_by": "Decided by", "earliest_review_date": "Earliest application to review indefinite notification",
           "mappa_category": "MAPPA category", "events": "Every date, in order"}
SAFE_END = {"subject_until": "later", "earliest_review_date": "later"}


@dataclass(frozen=True)
class Order(duration.Inputs):
    end_date: date | None = inp("Last day of the order", "Only if the court fixed one. Leave blank for an order made "
                                "until further order", noun="the last day of the order", default=None)


@dataclass(frozen=True)
class MappaFacts(category.Inputs):
    subject_to_notification: bool | None = inp(
        "Subject to the sex offender notification requirements", "Leave blank to take it from the timeline",
        noun="whether the person is subject to the notification requirements", default=None)


@dataclass(frozen=True)
class Inputs:
    date_of_birth: date | None = inp("Date of birth", "Or give the age on the relevant date in each conviction",
                                     default=None)
    convictions: list[period.Inputs] = inp(
        "Convictions, findings and cautions", "Each with its relevant date and what the court or police did",
        noun="the convictions", maximum=20, default=[])
    custody: list[DateRange] = inp("Time in custody or in hospital", "Each spell from the day it began to the day of "
                                   "release", noun="the time in custody", maximum=50, default=[])
    orders: list[Order] = inp("Civil orders", "Each order with the day it was made", noun="the orders", maximum=20,
                              default=[])
    last_notification_date: date | None = inp("Date of the last notification", "The periodic dates run from it",
                                              noun="the date of the last notification", default=None)
    first_notification_date: date | None = inp(
        "Date of the first notification after release", "For the review of indefinite notification. Leave blank to "
        "take the last day for the initial notification", noun="the date of the first notification", default=None)
    no_fixed_abode: bool = inp("No fixed abode", "Weekly periodic notification instead of yearly",
                               noun="whether the person has no fixed abode", default=False)
    previous_refusal_date: date | None = inp("Date of an earlier refusal of a review", "Only if the police already "
                                             "decided that the requirements continue",
                                             noun="the date of the earlier refusal", default=None)
    mappa: MappaFacts | None = inp("Facts for the MAPPA category", noun="the MAPPA facts", default=None)


def with_birth(conviction: period.Inputs, born: date | None) -> period.Inputs:
    if conviction.date_of_birth is None and born is not None:
        return dataclasses.replace(conviction, date_of_birth=born)
    return conviction


def calculate(inputs: Inputs) -> Result:
    line = Timeline()
    try:
        deadline.check_ranges(deadline.Inputs(event="initial", event_date=None, disregarded_periods=inputs.custody))
    except InputError as exc:
        raise InputError(exc.field.replace("disregarded_periods", "custody"), exc.message) from None
    convictions = [with_birth(c, inputs.date_of_birth) for c in inputs.convictions]
    periods = conviction_events(line, convictions, inputs)
    orders = order_events(line, inputs)
    subject_until, indefinite, decided_by = decide(line, periods, orders, inputs)
    subject = bool(decided_by)
    custody_events(line, convictions, periods, inputs.custody, subject_until, indefinite)
    periodic_events(line, inputs, subject_until if not indefinite else None, subject)
    earliest = review_date(line, convictions, periods, orders, inputs)
    mappa = mappa_category(line, inputs, subject)
    values = line.result.values
    values.update(subject_to_notification=subject, subject_until=subject_until, indefinite=indefinite,
                  decided_by=decided_by, earliest_review_date=earliest, mappa_category=mappa,
                  events=line.sorted_events(), headline=headline(subject, subject_until, indefinite))
    if line.starts:
        line.result.rules_from(min(line.starts), "events", "subject_until", "earliest_review_date")
    if not line.result.steps:
        line.result.step("No conviction, finding, caution or order was given, so nothing makes the person subject "
                         "to the notification requirements.", "soa2003-s80")
    return line.result


def decide(line: Timeline, periods: list, orders: list, inputs: Inputs) -> tuple[date | None, bool, str | None]:
    """The last day subject: the latest end of any period or keeping order; none if one is indefinite."""
    for i, values in periods:
        if values["indefinite"]:
            line.result.step(f"Conviction {i + 1} brings indefinite notification, which outlasts every fixed period "
                             "(s.82(1)): the person stays subject with no end date.", "soa2003-s82")
            return None, True, f"convictions[{i}]"
    for j, order in orders:
        if order.end_date is None:
            line.result.warn(WARNINGS, "order-no-end", order=f"Order {j + 1} ({duration.ORDERS[order.order]})")
            return None, True, f"orders[{j}]"
    ends = [(values["end_date"], f"convictions[{i}]") for i, values in periods if values["end_date"]]
    ends += [(order.end_date, f"orders[{j}]") for j, order in orders]
    if not ends:
        return None, False, None
    last, by = ends[0]
    for day, source in ends[1:]:
        if day > last:
            last, by = day, source
    line.result.step(f"Each period runs on its own; the person stays subject until the latest ends: "
                     f"{long_date(last)}, set by {by} (s.82(1), s.103G).", "soa2003-s82")
    return last, False, by


def headline(subject: bool, until: date | None, indefinite: bool) -> str:
    if indefinite:
        return "Subject to the notification requirements with no end date"
    if subject:
        return f"Subject to the notification requirements until {long_date(until)}"
    return "Not subject to the notification requirements"

