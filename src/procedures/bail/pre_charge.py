"""Pre-charge bail time limits: Police and Criminal Evidence Act 1984 ss.47ZA-47ZM.

s.47ZB(4)(a): the bail start date is the day after the day of arrest for the offence.
s.47ZB(1): the applicable bail period, "beginning with" that date, is the initial limit;
ss.47ZD, 47ZDA, 47ZDB and 47ZE let officers extend it, and ss.47ZF and 47ZG let a
magistrates' court extend it further.  The rules depend on the day of arrest: no limit
before 3 April 2017 (Policing and Crime Act 2017 s.63); the 2017 rules; and the 2022
rules for a person arrested after Schedule 4 to the Police, Crime, Sentencing and Courts
Act 2022 came into force on 28 October 2022 (s.45(3)(a)).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..law.dated import at, load
from ..law.duration import Duration
from ..law.inputs import inp
from ..law.periods import ONE_DAY, period_end
from ..law.result import Result
from ..law.words import long_date, plural

DATA = load(__package__, "pre_charge")
WARNINGS = DATA["warnings"]
OUTPUTS = {"regime": "Which rules apply", "case_type": "Type of case", "bail_start_date": "Bail start date",
           "limits": "Time limits, in order", "designated_case_limits": "Limits if designated exceptionally complex",
           "further_extensions_by_court": "A court can extend further"}
SAFE_END = {"bail_start_date": "earlier"}  # law/rough.py: the earlier start gives the earlier limits
CASE_TYPES: dict[str, str] = DATA["case_types"]
AUTHORISERS: dict[str, str] = DATA["authorisers"]
OUTPUT_VALUES = {"regime": {row["id"]: row["words"] for row in DATA["regime"]}, "case_type": CASE_TYPES,
                 "limits.authorised_by": AUTHORISERS, "designated_case_limits.authorised_by": AUTHORISERS}
NON_STANDARD_2022 = ("fca", "hmrc", "nca", "sfo")


@dataclass(frozen=True)
class Inputs:
    arrest_date: date = inp("Date of arrest", "The day the person was arrested for the offence",
                            noun="the date of arrest")
    case_type: str = inp("Who is investigating", "Choose the police unless the Financial Conduct Authority, "
                         "HM Revenue and Customs, the National Crime Agency or the Serious Fraud Office "
                         "has confirmed that it is investigating the offence",
                         choices=CASE_TYPES, noun="who is investigating", default="standard")


def path(regime: str, case_type: str, route: str) -> dict | None:
    """The [[path]] row for this regime, type of case and route, if there is one."""
    for row in DATA["path"]:
        if row["regime"] == regime and row["route"] == route and case_type in row["cases"]:
            return row
    return None


def limits(row: dict, start: date) -> list[dict]:
    """Each step's last day: a period "beginning with the person's bail start date"."""
    out = []
    for step in row["steps"]:
        length = Duration.parse(step["period"])
        end = period_end(start, months=length.months, days=length.days)
        out.append({"end_date": end, "authorised_by": step["authorised_by"],
                    "period": step["period"], "section": step["section"]})
    return out


def length_words(period: str) -> str:
    """"28 days", "12 months": the statute's own words for the period."""
    length = Duration.parse(period)
    return plural(length.months, "month") if length.months else plural(length.days, "day")


def who(step: dict) -> str:
    """Plain-English description of the person who can authorise ``step``."""
    return AUTHORISERS[step.get("who", step["authorised_by"])]


def explain_path(row: dict, start: date, result: Result) -> None:
    """One sentence per step: how long, who decides, and when it ends."""
    for i, (step, limit) in enumerate(zip(row["steps"], limits(row, start))):
        length = length_words(step["period"])
        if i == 0:
            text = (f"Initial limit ({step['section']}): {length} beginning with the bail start date, "
                    f"ending at the end of {long_date(limit['end_date'])}. "
                    f"Release on bail is authorised by {who(step)}.")
        else:
            kind = "Court extension" if step["authorised_by"] == "court" else "Extension"
            text = (f"{kind} ({step['section']}): {who(step)} can extend bail to {length} from the "
                    f"bail start date, ending at the end of {long_date(limit['end_date'])}.")
        result.step(text[0].upper() + text[1:], step["cite"])


def calculate(inputs: Inputs) -> Result:
    result = Result()
    regime = at(DATA["regime"], inputs.arrest_date, "arrest_date", "The rules on pre-charge bail")
    result.rules_from(regime.start, "bail_start_date", "limits", "designated_case_limits")
    if regime["id"] == "none":
        return _no_limit(inputs, result)
    start = inputs.arrest_date + ONE_DAY
    result.step(f"The bail start date is the day after the day of arrest: {long_date(start)}. "
                "Every limit is counted from it, with that day as the first day.", "pace1984-s47zb")
    _explain_regime(inputs, regime["id"], result)
    ordinary = path(regime["id"], inputs.case_type, "ordinary")
    explain_path(ordinary, start, result)
    designated = path(regime["id"], inputs.case_type, "designated")
    if designated is not None:
        _explain_designated(designated, start, result)
    _explain_after(result)
    if regime["id"] == "2017":
        result.warn(WARNINGS, "regime-2017-source")
    result.warn(WARNINGS, "court-extensions")
    ordinary_limits = limits(ordinary, start)
    result.values.update(headline=f"The first bail limit ends on {long_date(ordinary_limits[0]['end_date'])}",
                         regime=regime["id"], case_type=inputs.case_type, bail_start_date=start,
                         limits=ordinary_limits,
                         designated_case_limits=limits(designated, start) if designated else [],
                         further_extensions_by_court=True)
    return result


def _no_limit(inputs: Inputs, result: Result) -> Result:
    """Before 3 April 2017 PACE set no time limit on bail before charge."""
    result.step(f"The person was arrested on {long_date(inputs.arrest_date)}, before the time limits "
                "on pre-charge bail began on 3 April 2017. There was no statutory limit: the police "
                "set the date to answer bail.", "pca2017-s63")
    result.warn(WARNINGS, "before-2017")
    result.values.update(headline="No statutory time limit: arrested before 3 April 2017",
                         regime="none", case_type=inputs.case_type, bail_start_date=None, limits=[],
                         designated_case_limits=[], further_extensions_by_court=False)
    return result


def _explain_regime(inputs: Inputs, regime: str, result: Result) -> None:
    arrested = long_date(inputs.arrest_date)
    if regime == "2022":
        result.step(f"The person was arrested on {arrested}, on or after 28 October 2022, so the limits "
                    "set by the Police, Crime, Sentencing and Courts Act 2022 apply. They apply to arrests "
                    "after the changes came into force, at the start of 28 October 2022.", "pcsca2022-s45")
        if inputs.arrest_date == date(2022, 10, 28):
            result.step("A provision that comes into force on a particular day does so at the beginning of "
                        "that day, so an arrest on 28 October 2022 falls under the 2022 rules.", "ia1978-s4")
        if inputs.case_type in NON_STANDARD_2022:
            result.step(f"{CASE_TYPES[inputs.case_type]}: a non-standard case has a longer initial limit "
                        "and its own extension route.", "pace1984-s47zb")
        return
    result.step(f"The person was arrested on {arrested}, between 3 April 2017 and 27 October 2022, so the "
                "limits set by the Policing and Crime Act 2017 apply, even if bail was granted or "
                "extended after 28 October 2022.", "pca2017-s63")
    if inputs.case_type in ("hmrc", "nca"):
        result.step("HMRC and National Crime Agency cases had no separate limits before 28 October 2022: "
                    "the limits for a standard case apply.", "pcsca2022-sch4")


def _explain_designated(row: dict, start: date, result: Result) -> None:
    """s.47ZE: the exceptionally complex case route (2022: after the superintendent's extension; 2017: an SFO
    case from the start, any other after the superintendent's extension)."""
    step = next(s for s in row["steps"] if s["section"] == "s.47ZE")
    court = row["steps"][-1]
    ends = limits(row, start)
    result.step(f"{row['trigger']}, if {row['designator']} designates the case as exceptionally "
                f"complex, {who(step)} can extend bail to {length_words(step['period'])} (to the end of "
                f"{long_date(ends[-2]['end_date'])}), and a magistrates' court can then extend it to "
                f"{length_words(court['period'])} "
                f"(to the end of {long_date(ends[-1]['end_date'])}).", step["cite"])


def _explain_after(result: Result) -> None:
    result.step("An application to the magistrates' court must be made before the current limit ends. If "
                "the court cannot decide it in time, bail continues until the court decides.", "pace1984-s47zj")
    result.step("After its first extension the court can extend bail again. The dates assume the bail clock "
                "ran without a break: periods that sections 47ZL and 47ZM leave out make the limits end later.",
                "pace1984-s47zg")


def _agency(case_type: str) -> str:
    """"Police", "Serious Fraud Office": the investigator's name from the choice label."""
    name = CASE_TYPES[case_type].split(" (")[0].removeprefix("The ")
    return name[0].upper() + name[1:]


def tables() -> dict:
    """The limits on each route, as the site shows them, from pre_charge.toml."""
    from ..law.table import Table, cite_link

    arrested = {row["id"]: row.get("arrested") for row in DATA["regime"]}
    rows = []
    for row in DATA["path"]:
        cases = ", ".join(_agency(c) for c in row["cases"])
        route = "Exceptionally complex (designated) case" if row["route"] == "designated" else "Usual route"
        for i, step in enumerate(row["steps"]):
            if row["route"] == "designated" and i < len(row["steps"]) - 2:
                continue  # the shared first steps are listed once, on the usual route
            words = length_words(step["period"])
            rows.append((arrested[row["regime"]], cases, route, words, who(step)[0].upper() + who(step)[1:],
                         cite_link(step["cite"], step["section"])))
    return {"pre-charge-bail": Table(
        "Pre-charge bail limits (PACE 1984 ss.47ZB-47ZF), counted from the bail start date "
        "(the day after arrest). No limit applies to arrests before 3 April 2017. For arrests from 3 April "
        "2017 to 27 October 2022, the exceptionally complex route and the court limits come from practitioner "
        "and prosecutor guidance of the time, not the statute.",
        ("Arrested", "Investigated by", "Route", "Limit", "Who can authorise it", "Source"), tuple(rows))}
