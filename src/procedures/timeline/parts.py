"""The parts of the case timeline, each answered by the calculator that holds its rule (see case.py).

Convictions: notification/period.py (s.82) and the initial notification, notification/deadline.py
(s.83(1), (6)).  Orders: orders/duration.py.  Releases while subject: s.84(1)(d).  Periodic dates:
s.85, each counted from the one before.  Review: notification/review.py (ss.91A-91B).  MAPPA:
mappa/category.py (CJA 2003 s.327).
"""
from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from ..errors import InputError
from ..law.periods import anniversary
from ..law.words import long_date
from ..mappa import category
from ..notification import deadline, period, review
from ..orders import duration
from .compose import DATA, Timeline

WARNINGS = DATA["warnings"]
ORDER_EVENTS = {"minimum_end_date": "order_minimum_end", "maximum_end_date": "order_maximum_end",
                "notification_deadline": "order_notification_due", "review_from": "order_review_from",
                "discharge_without_consent_from": "order_discharge_without_consent_from"}


def conviction_events(line: Timeline, convictions: list[period.Inputs], inputs: Any) -> list[tuple[int, dict]]:
    """Each conviction's period (s.82) and initial notification (s.83); the ones that make the person subject."""
    subject = []
    for i, conviction in enumerate(convictions):
        where, label = f"convictions[{i}].", f"Conviction {i + 1}"
        born = {"date_of_birth": "date_of_birth"} if inputs.convictions[i].date_of_birth is None else {}
        child = line.run(period.calculate, conviction, where, label, born)
        values = dict(child.values)
        if values["end_date"]:
            line.event(values["end_date"], "notification_ends", f"{where}end", label.lower(), "notification-period",
                       child, "end_date")
        if not values["subject_to_notification"]:
            continue
        first = deadline.Inputs(event="initial", event_date=conviction.relevant_date,
                                disregarded_periods=inputs.custody)
        notice = line.run(deadline.calculate, first, where, f"{label}, initial notification")
        values["initial_deadline"] = notice.values["deadline"]
        line.event(notice.values["deadline"], "initial_notification_due", f"{where}initial", label.lower(),
                   "notification-deadline", notice, "deadline")
        subject.append((i, values))
    return subject


def keeps_subject(order: str) -> bool:
    """Whether the order keeps the person subject to Part 2 while it has effect (s.103G), as its rule says."""
    return any(version.get("part2_cite") for version in duration.DATA["orders"][order]["version"])


def order_events(line: Timeline, inputs: Any) -> list[tuple[int, Any]]:
    """Each order's dates (orders/duration.py); the orders that keep the person subject while they last."""
    keeping = []
    for j, order in enumerate(inputs.orders):
        where, label = f"orders[{j}].", f"Order {j + 1}"
        if order.order == "voo" and order.age is None and order.date_of_birth is None:
            order = dataclasses.replace(order, date_of_birth=inputs.date_of_birth)
        if order.end_date is not None and order.end_date < order.made_date:
            raise InputError(f"{where}end_date", "The last day of the order must be on or after the date it was made")
        child = line.run(duration.calculate, order, where, label, {"date_of_birth": "date_of_birth"}
                         if inputs.orders[j].date_of_birth is None else {})
        for output, kind in ORDER_EVENTS.items():
            if child.values[output] is not None:
                line.event(child.values[output], kind, f"{where}{output}", label.lower(), "order-duration", child,
                           output)
        if order.end_date is not None:
            line.event(order.end_date, "order_ends", f"{where}end", label.lower(), "order-duration", child,
                       "minimum_end_date")
        if keeps_subject(order.order):
            keeping.append((j, order))
    return keeping


def subject_on(day: date, convictions: list, periods: list[tuple[int, dict]]) -> bool:
    return any(convictions[i].relevant_date < day and (values["indefinite"] or values["end_date"] >= day)
               for i, values in periods)


def custody_events(line: Timeline, convictions: list, periods: list, custody: tuple, until: date | None,
                   indefinite: bool) -> None:
    """s.84(1)(d): a release from custody that began while the person was subject, within the requirements."""
    for k, spell in enumerate(custody):
        if not subject_on(spell.start, convictions, periods) or not (indefinite or spell.end <= until):
            continue
        notice = line.run(deadline.calculate, deadline.Inputs(event="release_from_custody", event_date=spell.end,
                                                              disregarded_periods=custody),
                          f"custody[{k}].", f"Release on {long_date(spell.end)}")
        line.event(notice.values["deadline"], "release_notification_due", f"custody[{k}].release",
                   f"release on {long_date(spell.end)}", "notification-deadline", notice, "deadline")


def periodic_events(line: Timeline, inputs: Any, until: date | None, subject: bool) -> None:
    """s.85: each periodic date counted from the one before, to the end of the requirements or 5 years on."""
    last = inputs.last_notification_date
    if last is None or not subject:
        return
    stop, count = anniversary(last, DATA["periodic_years"]), 0
    while count < DATA["most_periodic"]:
        notice = line.run(deadline.calculate, deadline.Inputs(event="periodic", event_date=last,
                                                              disregarded_periods=inputs.custody,
                                                              no_fixed_abode=inputs.no_fixed_abode),
                          "", "Periodic notification", {"event_date": "last_notification_date"}, steps=count == 0)
        due = notice.values["deadline"]
        if due > stop or (until is not None and due > until):
            break
        line.event(due, "periodic_notification_due", f"periodic[{count}]", "", "notification-deadline", notice,
                   "deadline")
        last, count = due, count + 1
    if count > 1:
        line.result.warn(WARNINGS, "periodic-chain")
    if count == DATA["most_periodic"]:
        line.result.warn(WARNINGS, "periodic-capped", count=count)


def review_date(line: Timeline, convictions: list, periods: list, orders: list, inputs: Any) -> date | None:
    """ss.91A-91B for each indefinite conviction; the latest earliest date (the safe one)."""
    latest = None
    for i, values in periods:
        if not values["indefinite"]:
            continue
        conviction, where = convictions[i], f"convictions[{i}]."
        first = inputs.first_notification_date
        if first is None or first < conviction.relevant_date:
            first = values["initial_deadline"]
            line.result.warn(WARNINGS, "first-notification-inferred", inferred=long_date(first))
        ask = review.Inputs(first_notification_date=first, age_on_relevant_date=period.age(conviction),
                            never_in_custody=conviction.suspended, previous_refusal_date=inputs.previous_refusal_date)
        named = {"previous_refusal_date": "previous_refusal_date", "first_notification_date": "first_notification_date"}
        day = line.run(review.calculate, ask, where, "", named, steps=False).values["earliest_application_date"]
        blocking = [(j, o) for j, o in orders if o.made_date <= day and (o.end_date is None or o.end_date >= day)]
        if blocking:
            line.result.warn(WARNINGS, "review-blocked-by-order", day=long_date(day),
                             order=f"order {blocking[0][0] + 1} ({duration.ORDERS[blocking[0][1].order]})")
        child = line.run(review.calculate, dataclasses.replace(ask, subject_to_shpo=bool(blocking)), where,
                         f"Review (conviction {i + 1})", named)
        line.event(day, "review_application_from", f"{where}review", f"conviction {i + 1}", "indefinite-review",
                   child, "earliest_application_date")
        latest = day if latest is None or day > latest else latest
    return latest


def mappa_category(line: Timeline, inputs: Any, subject: bool) -> int | None:
    """CJA 2003 s.327 through mappa/category.py; subject to notification taken from the timeline if not given."""
    facts = inputs.mappa
    if facts is None:
        return None
    registered = facts.subject_to_notification
    if registered is None:
        registered = subject
        line.result.warn(WARNINGS, "mappa-subject-derived",
                         answer="subject" if subject else "not subject, on the convictions and orders given")
    given = {f.name: getattr(facts, f.name) for f in dataclasses.fields(category.Inputs)}
    child = line.run(category.calculate, category.Inputs(**{**given, "subject_to_notification": registered}),
                     "mappa.", "MAPPA")
    return child.values["category"]
