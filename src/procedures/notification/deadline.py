"""Deadlines for notifying the police: Sexual Offences Act 2003 ss.83-86 and the regulations.

s.83(1): initial notification within 3 days beginning with the relevant date (or 1 May 2004,
if later).  s.84(1): a new name, a new home address, a qualifying stay (s.84(6)) or release
from custody within 3 days beginning with the event; SI 2012/1876 reg 10 adds a stay at a
household with a child from 13 August 2012.  s.83(6), applied by s.84(5), disregards time in
custody, in hospital or abroad.  s.84(2)-(4): advance notice.  s.85: periodic notification
within a year after the last one (7 days with no fixed abode), run on by s.85(3)-(4).
s.86 with SI 2001/1846, SI 2004/1220 and SI 2012/1876: notice before travel abroad.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..law.dated import Version, at, load
from ..law.inputs import DateRange, inp, require
from ..law.periods import (ONE_DAY, add_months, days_before, first_day_reaching, last_counted_day, period_after_end,
                           period_end)
from ..law.scalars import OLDEST
from ..law.result import Result
from ..law.words import long_date

DATA = load(__package__, "deadline")
WARNINGS = DATA["warnings"]
OUTPUTS = {"notification_required": "Notification needed", "deadline": "Last day to notify",
           "counted_from": "Period counted from", "advance_notice_effective": "Advance notice counts",
           "non_occurrence_deadline": "If it did not happen, say so by"}
SAFE_END = {"deadline": "earlier", "non_occurrence_deadline": "earlier", "counted_from": "earlier"}
EVENTS, STARTS = DATA["events"], DATA["starts"]
AT_LIBERTY = [e for e in EVENTS if e != "foreign_travel"]
DATED = [e for e in EVENTS if e != "qualifying_stay"]  # a qualifying stay is dated by its stays


@dataclass(frozen=True)
class Inputs:
    event: str = inp("What happened", choices=EVENTS, noun="what happened")
    event_date: date | None = inp(
        "Date of the event", "Initial: the relevant date (conviction, finding or caution). Periodic: the date of the "
        "last notification. Travel: the date of departure. Advance notice: the date the notice was given. Otherwise: "
        "the day of the change", noun="the date of the event", shown_when={"event": DATED},
        required_when={"event": DATED}, default=None)
    disregarded_periods: list[DateRange] = inp(
        "Time in custody, in hospital or outside the UK", "Each period from the day it began to the day of release or "
        "return. The day of release or return counts as a day at liberty",
        noun="the time in custody, in hospital or abroad", shown_when={"event": AT_LIBERTY}, default=[])
    stays: list[DateRange] = inp("Stays at the address", "Each stay from the first day to the last day stayed, both "
                                 "included", noun="the stays", shown_when={"event": ["qualifying_stay"]},
                                 required_when={"event": ["qualifying_stay"]}, default=[])
    no_fixed_abode: bool = inp("No fixed abode", "The last home address notified is a place where the person can "
                               "regularly be found, not a sole or main residence", shown_when={"event": ["periodic"]},
                               noun="whether the person has no fixed abode", default=False)
    trip_days: int | None = inp("Length of the trip in days", "Count the day of departure and the day of return. "
                                "Needed for a departure before 13 August 2012", minimum=1, maximum=36525,
                                shown_when={"event": ["foreign_travel"]}, noun="the length of the trip", default=None)
    expected_date: date | None = inp("Expected date given in the notice", "The date the notice said the change would "
                                     "happen", shown_when={"event": ["advance_notice"]}, noun="the expected date",
                                     required_when={"event": ["advance_notice"]}, default=None)
    actual_date: date | None = inp("Date the change happened", "Leave blank if it has not happened yet",
                                   shown_when={"event": ["advance_notice"]}, noun="the date the change happened",
                                   default=None)


def check_ranges(inputs: Inputs) -> None:
    """Each span runs forwards, and within a lifetime (a span of centuries is a typing slip)."""
    for name in ("disregarded_periods", "stays"):
        for i, span in enumerate(getattr(inputs, name)):
            if span.end < span.start:
                raise InputError(f"{name}[{i}].end", "The end date must be the same as or after the start date")
            if span.end >= add_months(span.start, 12 * OLDEST):
                raise InputError(f"{name}[{i}].end", f"The end date must be less than {OLDEST} years after the "
                                                     "start date")


def skipped_days(inputs: Inputs) -> list[tuple[date, date]]:
    """s.83(6): the spans of days not at liberty; the day of release or return is a day at liberty."""
    return [(p.start, p.end - ONE_DAY) for p in inputs.disregarded_periods if p.end > p.start]


def at_liberty_end(start: date, days: int, inputs: Inputs, result: Result, cite: str) -> date:
    """Last of ``days`` days beginning with ``start``, counting only days at liberty (s.83(6), s.84(5))."""
    skipped = skipped_days(inputs)
    if any(first == start for first, _ in skipped):
        result.warn(WARNINGS, "part-day", day=long_date(start))
    end = last_counted_day(start, days, skipped)
    if end != period_end(start, days=days):
        result.step(f"Time in custody, in hospital or outside the UK does not count (s.83(6)), so the {days} days "
                    f"run on to {long_date(end)}.", cite)
    return end


def due(result: Result, event: date, end: date, row: Version) -> tuple[dict, date]:
    assert end >= event, "a deadline that follows an event cannot fall before it"
    result.step(f"Notify the police by the end of {long_date(end)}.", row.citation.id)
    return {"notification_required": True, "deadline": end, "counted_from": event}, row.start


def not_required(result: Result, text: str, row: Version) -> tuple[dict, date]:
    result.step(text, row.citation.id)
    return {"notification_required": False, "deadline": None, "counted_from": None}, row.start


def initial(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.83(1): 3 days beginning with the relevant date, or with 1 May 2004 if that is later."""
    start = max(inputs.event_date, DATA["part2_commenced"])
    row = at(DATA["initial"], start, "event_date", "Initial notification deadlines")
    if start != inputs.event_date:
        result.warn(WARNINGS, "notified-under-1997-act")
    first = "the day Part 2 began," if start != inputs.event_date else "the relevant date,"
    result.step(f"Initial notification is due within {row['days']} days beginning with {first} "
                f"{long_date(start)}, which counts as day 1 (s.83(1)). A person given a suspended sentence has no time "
                "in custody to leave out.", row["cite"])
    return due(result, start, at_liberty_end(start, row["days"], inputs, result, row["cite"]), row)


def change(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.84(1)(a), (b), (d), and (ca) with SI 2012/1876 reg 10: 3 days beginning with the event."""
    key = "relevant_household" if inputs.event == "relevant_household" else "change"
    row = at(DATA[key], inputs.event_date, "event_date", "Deadlines for notifying changes")
    if row.get("required", True) is False:
        return not_required(result, "There was no duty to notify living or staying with a child before regulation "
                                    "10 of the 2012 Regulations began on 13 August 2012.", row)
    if key == "relevant_household":
        result.warn(WARNINGS, "household-trigger-day", day=long_date(inputs.event_date))
    result.step(f"The {row['days']} days begin with {STARTS[inputs.event]}: {long_date(inputs.event_date)} is "
                "day 1.", row["cite"])
    return due(result, inputs.event_date, at_liberty_end(inputs.event_date, row["days"], inputs, result,
                                                         row["cite"]), row)


def qualifying_stay(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.84(1)(c), (6): 7 days, or two or more periods in any 12 months together making 7 days."""
    spans = [(s.start, s.end) for s in inputs.stays]
    row = at(DATA["qualifying_stay"], max(last for _, last in spans), "stays", "Deadlines for notifying stays")
    found = first_day_reaching(spans, row["stay_days"], row["within_months"])
    if not found:
        return not_required(result, f"The stays never reach {row['stay_days']} days within any 12 months, so "
                                    "there is no qualifying period and nothing to notify (s.84(6)).", row)
    day, window = found
    result.step(f"The stays reach {row['stay_days']} days on {long_date(day)}, counting from "
                f"{long_date(window)} (one period of 12 months holds both days): a qualifying period "
                f"(s.84(6)).", row["cite"])
    if day < row.start:
        result.warn(WARNINGS, "stays-before-part2", day=long_date(day), start=long_date(row.start))
        result.step("That day is before these rules began, so they set no deadline for it.", row["cite"])
        return {"notification_required": None, "deadline": None, "counted_from": None}, row.start
    result.step(f"The {row['days']} days begin with that day.", row["cite"])
    return due(result, day, at_liberty_end(day, row["days"], inputs, result, row["cite"]), row)


def periodic(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.85(1), (5)-(6): within the applicable period after the last notification; s.85(3)-(4) run-on."""
    row, last = at(DATA["periodic"], inputs.event_date, "event_date", "Periodic notification rules"), inputs.event_date
    if inputs.no_fixed_abode and "no_fixed_abode_days" in row.values:
        end = period_after_end(last, days=row["no_fixed_abode_days"])
        result.step(f"With no fixed abode the period is {row['no_fixed_abode_days']} days after the last "
                    f"notification on {long_date(last)} (s.85(5)-(6)).", row["cite"])
    else:
        end = period_after_end(last, months=row["months"])
        nfa = " Weekly notification with no fixed abode began only on 13 August 2012." if inputs.no_fixed_abode else ""
        result.step(f"The period is 1 year after the last notification on {long_date(last)}, so it ends on the same "
                    f"date a year later (or the last day of that month), {long_date(end)} (s.85(1)).{nfa}", row["cite"])
    result.step("Notifying a change (s.84(1)) within the period also meets the duty, and the next period runs "
                "from it (s.85(1)-(2)).", "soa2003-s85")
    result.warn(WARNINGS, "periodic-last-day", deadline=long_date(end), earlier=long_date(end - ONE_DAY))
    free = last_counted_day(end, 1, skipped_days(inputs))  # the first day at liberty from the end on
    if free != end:
        end = period_end(free, days=3)
        result.step("The period would end while the person is in custody, in hospital or outside the UK, so it "
                    f"runs on to the end of 3 days beginning with the day that ends: {long_date(end)} "
                    "(s.85(3)-(4)).", "soa2003-s85")
    return due(result, last, end, row)


def travel(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.86 with SI 2001/1846, SI 2004/1220 and SI 2012/1876, by date of departure."""
    departure = inputs.event_date
    row = at(DATA["foreign_travel"], departure, "event_date", "Notification requirements")
    if row.get("required", True) is False:
        return not_required(result, "There was no duty to notify travel abroad before the 2001 Regulations began "
                                    "on 1 June 2001.", row)
    minimum = row.get("min_trip_days")
    if "transitional_until" in row.values and departure <= row["transitional_until"]:
        minimum = row["transitional_min_trip_days"]
        result.step(f"For departures up to {long_date(row['transitional_until'])}, trips of fewer than {minimum} "
                    "days need no notice (SI 2004/1220 reg 3(2)).", row["cite"])
    if minimum is None:
        result.step("Since 13 August 2012 every trip outside the UK must be notified, however short.", row["cite"])
    else:
        require(inputs, "trip_days")
        if inputs.trip_days < minimum:
            return not_required(result, f"A trip of {inputs.trip_days} days is shorter than {minimum} days, so no "
                                        "notice is needed.", row)
        if inputs.trip_days == minimum:
            result.warn(WARNINGS, "trip-length", days=minimum)
        result.step(f"A trip of {minimum} days or more must be notified.", row["cite"])
    notice = f"{row['notice_days']} days" if "notice_days" in row.values else f"{row['notice_hours']} hours"
    end = days_before(departure, row.get("notice_days", 1))
    if end < row.start:  # the notice would have been due before the rules that require it began
        result.warn(WARNINGS, "travel-before-rules", departure=long_date(departure), due=long_date(end),
                    start=long_date(row.start), what=row["before_start"])
        result.step(f"Notice at least {notice} before departure on {long_date(departure)} would have been due on "
                    f"{long_date(end)}, before these rules began on {long_date(row.start)}: no deadline is given.",
                    row["cite"])
        return {"notification_required": True, "deadline": None, "counted_from": None}, row.start
    if "late_details" in row.values:
        result.warn(WARNINGS, "travel-late-details", fallback=row["late_details"])
    if departure <= row.get("transition_until", date.min):
        result.warn(WARNINGS, "travel-transition", until=long_date(row["transition_until"]),
                    what=row["transition"], start=long_date(row.start))
    by_time = "." if "notice_days" in row.values else ", no later than the time of departure."
    result.step(f"Notice is due at least {notice} before departure on {long_date(departure)}: notify the police by "
                f"{long_date(end)}{by_time}", row["cite"])
    return {"notification_required": True, "deadline": end, "counted_from": None}, row.start


def advance(inputs: Inputs, result: Result) -> tuple[dict, date]:
    """s.84(2)-(4): notice given before the event, naming the expected date."""
    given, expected, actual = inputs.event_date, inputs.expected_date, inputs.actual_date
    for field, day, noun in (("expected_date", expected, "expected date"), ("actual_date", actual, "change")):
        if day is not None and day < given:
            raise InputError(field, f"The {noun} must be on or after the date the notice was given")
    row = at(DATA["advance_notice"], given, "event_date", "Advance notice rules")
    earliest, latest = days_before(expected, row["early_days"]), period_end(expected, days=row["window_days"])
    result.step(f"The notice counts if the change happens from {long_date(earliest)}, 2 days before the expected date, "
                f"to {long_date(latest)}, the end of 3 days beginning with it (s.84(3)-(4)). The explanatory notes "
                "say up to 3 days after; the Act's words give 2.", row["cite"])
    out = dict.fromkeys(("advance_notice_effective", "non_occurrence_deadline", "notification_required",
                         "deadline", "counted_from"))
    if actual is None or actual > latest:
        out["non_occurrence_deadline"] = at_liberty_end(expected, row["non_occurrence_days"], inputs, result,
                                                        row["cite"])
        result.step(f"If the change has not happened by {long_date(latest)}, tell the police so by the end of "
                    f"{long_date(out['non_occurrence_deadline'])}, 6 days beginning with the expected date "
                    "(s.84(4)(b)).", row["cite"])
    if actual is None:
        return out, row.start
    if earliest <= actual <= latest:
        result.step("The change happened within that window, so the advance notice stands.", row["cite"])
        return {**out, "advance_notice_effective": True, "notification_required": False}, row.start
    result.step(f"The change happened on {long_date(actual)}, outside the window, so the notice does not count and "
                f"the usual duty applies: {row['days']} days beginning with that day (s.84(1)).", row["cite"])
    end = at_liberty_end(actual, row["days"], inputs, result, row["cite"])
    values, start = due(result, actual, end, row)
    return {**out, "advance_notice_effective": False, **values}, start


HANDLERS = {"initial": initial, "change_of_name": change, "change_of_home_address": change,
            "release_from_custody": change, "qualifying_stay": qualifying_stay, "relevant_household": change,
            "periodic": periodic, "foreign_travel": travel, "advance_notice": advance}


def calculate(inputs: Inputs) -> Result:
    result = Result()
    check_ranges(inputs)
    values, start = HANDLERS[inputs.event](inputs, result)
    result.values.update({"advance_notice_effective": None, "non_occurrence_deadline": None, **values})
    result.rules_from(start, "deadline", "counted_from", "non_occurrence_deadline")
    result.values["headline"] = headline(result.values)
    return result


def headline(values: dict) -> str:
    if values.get("deadline"):
        return f"Notify the police by {long_date(values['deadline'])}"
    if values.get("non_occurrence_deadline"):
        return (f"If the change has not happened, tell the police so by "
                f"{long_date(values['non_occurrence_deadline'])}")
    if values["notification_required"] is False:
        return "No notification is needed"
    return "No deadline can be given for these dates: see the warnings"


def tables() -> dict:
    """Every deadline rule and its versions, as the site shows them, from deadline.toml."""
    from ..law.table import Table, cite_link

    rows = tuple((title, row["limit"], long_date(row["from"]), cite_link(row["cite"], row["source"]))
                 for key, title in DATA["titles"].items() for row in DATA[key])
    return {"notification-deadlines": Table(
        "Deadlines for notifying the police (Sexual Offences Act 2003 ss.83-86 and regulations). Time in custody, in "
        "hospital or abroad does not count towards the 3-day and 6-day periods.",
        ("Event", "Deadline", "In force from", "Source"), rows)}
