"""Review of indefinite notification: Sexual Offences Act 2003 ss.91A-91F (SI 2012/1883, from 30 July 2012).

s.91A(1)-(3): a person subject to indefinite notification may apply to the chief officer for a
determination that they are no longer subject, but not while subject to a sexual harm
prevention order, a sexual offences prevention order or an interim order (s.91A(2)(b)).
s.91B(1)-(2): the first application may be made on or after the qualifying date, the day after
the end of the 15-year period (8 years if under 18 on the relevant date) beginning with the
relevant notification.  s.91B(3) with s.91C: after a determination that the requirements
continue, the further qualifying date is the day after the end of 8 years beginning with it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..law.dated import load
from ..law.inputs import inp
from ..law.periods import ONE_DAY, age_on, period_end
from ..law.result import Result
from ..law.scalars import OLDEST, YOUNGEST
from ..law.words import long_date

DATA = load(__package__, "review")
WARNINGS = DATA["warnings"]
OUTPUTS = {"eligible": "Can apply now or later", "earliest_application_date": "Earliest application date",
           "basis": "Which waiting period applies"}
SAFE_END = {"earliest_application_date": "later"}  # law/rough.py: never too early to be safe
OUTPUT_VALUES = {"basis": {row["id"]: row["description"] for row in [*DATA["qualifying"], DATA["further"]]}}


@dataclass(frozen=True)
class Inputs:
    first_notification_date: date = inp(
        "Date of the first notification", "The first notification to the police after release from custody for the "
        "offence or, for a person never in custody for it (for example, given a suspended sentence), the first "
        "notification after the conviction", noun="the date of the first notification")
    age_on_relevant_date: int = inp("Age on the relevant date", "Age on the date of conviction, finding or caution",
                                    minimum=YOUNGEST, maximum=OLDEST, noun="the age on the relevant date")
    never_in_custody: bool = inp(
        "Never in custody for the offence", "For example, a suspended sentence: the first notification followed the "
        "conviction, not a release", noun="whether the person was never in custody for the offence", default=False)
    previous_refusal_date: date | None = inp(
        "Date of an earlier refusal", "Only if the police already decided, on an earlier application, that the "
        "requirements continue: the date of that determination", noun="the date of the earlier refusal", default=None)
    subject_to_shpo: bool = inp(
        "Subject to a sexual harm prevention order", "Including an interim order, or a sexual offences prevention "
        "order or interim order made before 8 March 2015", noun="whether the person is subject to a sexual harm "
        "prevention order", default=False)


def waiting_end(start: date, years: int) -> date:
    """The day after the end of the period of ``years`` years beginning with ``start`` (s.91B(2)-(3))."""
    return period_end(start, months=12 * years) + ONE_DAY


def qualifying_date(inputs: Inputs, result: Result) -> date:
    """s.91B(2): 15 years, or 8 if under 18 on the relevant date, beginning with the relevant notification."""
    under_18 = inputs.age_on_relevant_date < 18
    row = next(r for r in DATA["qualifying"] if r["under_18"] == under_18)
    found = waiting_end(inputs.first_notification_date, row["years"])
    which = ("the first notification, which followed the relevant date because the person was never in custody for "
             "the offence," if inputs.never_in_custody else "the first notification after release,")
    result.step(f"The person was {inputs.age_on_relevant_date} on the relevant date, "
                f"{'under 18' if under_18 else '18 or over'}, so the wait is {row['years']} years beginning with "
                f"{which} on {long_date(inputs.first_notification_date)}. The qualifying "
                f"date is the day after that period ends: {long_date(found)} (s.91B(2)).", row["cite"])
    first_phased = DATA["first_transitional_date"]
    if found < first_phased:
        result.warn(WARNINGS, "transitional-date", ended=long_date(found - ONE_DAY))
        result.step(f"Reviews began on {long_date(DATA['scheme_commenced'])}, after this period had ended; the "
                    f"earliest of the phased dates is {long_date(first_phased)}.", "si2012-1883")
        return first_phased
    return found


def further_date(inputs: Inputs, earliest: date, result: Result) -> date:
    """s.91B(3): 8 years beginning with the determination under s.91C that the requirements continue."""
    refusal = inputs.previous_refusal_date
    if refusal < earliest:
        raise InputError("previous_refusal_date", f"The date of the earlier refusal must be on or after "
                                                  f"{long_date(earliest)}, the first day an application could be made")
    # Checked against the other dates given, never today: the first notification follows the
    # relevant date, so by the refusal the person is at least this old.
    least_age = inputs.age_on_relevant_date + age_on(inputs.first_notification_date, refusal)
    if least_age > OLDEST:
        raise InputError("previous_refusal_date", f"The person would be at least {least_age} on the date of the "
                                                  f"earlier refusal: check the date")
    row = DATA["further"]
    found = waiting_end(refusal, row["years"])
    result.warn(WARNINGS, "longer-further-period")
    result.step(f"The police decided on {long_date(refusal)} that the requirements continue (s.91C). A further "
                f"application may be made from the day after the end of {row['years']} years beginning with that "
                f"day: {long_date(found)} (s.91B(3)).", "soa2003-s91c")
    return found


def calculate(inputs: Inputs) -> Result:
    result = Result()
    result.step("Only a person subject to notification for an indefinite period can apply for a review "
                "(s.91A(3)).", "soa2003-s91a")
    earliest = qualifying_date(inputs, result)
    if inputs.previous_refusal_date is None:
        result.warn(WARNINGS, "relevant-notification")
        basis = next(r for r in DATA["qualifying"] if r["under_18"] == (inputs.age_on_relevant_date < 18))["id"]
    else:
        earliest, basis = further_date(inputs, earliest, result), DATA["further"]["id"]
    if inputs.subject_to_shpo:
        result.step("The person is subject to a sexual harm prevention order (or a sexual offences prevention "
                    "order, or an interim order), so they cannot apply while it lasts, even after "
                    f"{long_date(earliest)} (s.91A(2)(b)).", "soa2003-s91a")
    else:
        result.step(f"An application must be in writing and can be made on or after {long_date(earliest)} "
                    "(s.91B(1)).", "soa2003-s91b")
    result.values.update(eligible=not inputs.subject_to_shpo, earliest_application_date=earliest, basis=basis)
    result.rules_from(DATA["scheme_commenced"], "earliest_application_date")
    result.values["headline"] = (f"The earliest date to apply for a review is {long_date(earliest)}"
                                 if not inputs.subject_to_shpo else
                                 "No review can be sought while a sexual harm prevention order is in force")
    return result


def tables() -> dict:
    """The s.91B waiting periods as the site shows them, from review.toml."""
    from ..law.table import Table, cite_link

    rows = tuple((row["description"], f"{row['years']} years", row["counted_from"],
                  cite_link(row["cite"], row["source"])) for row in [*DATA["qualifying"], DATA["further"]])
    return {"indefinite-review": Table(
        "Review of indefinite notification (Sexual Offences Act 2003 s.91B): the earliest application date is the "
        "day after the waiting period ends",
        ("Who", "Waiting period", "Counted from", "Source"), rows)}
