"""The time limits in law, read from the engine's own rules (never typed again here): notification
deadlines, pre-charge bail limits, civil order lengths, and the wait before a review of indefinite
notification.  Only the words the timescales table adds (who acts, where the chapter states each
limit) come from ``[law]`` in timescales.toml.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..bail import pre_charge
from ..law.citation import Citation, cite
from ..notification import deadline, review
from ..orders import duration
from .timescales import DATA

WHERE: dict[str, str] = DATA["law"]["where"]
WHO: dict[str, str] = DATA["law"]["who"]


@dataclass(frozen=True)
class Limit:
    key: str        # what WHERE is keyed by
    what: str
    period: str
    who: str
    citation: Citation
    section: str | None  # the citation's words in the table, where shorter than its title

    @property
    def where(self) -> str:
        return WHERE[self.key]


def notification() -> list[Limit]:
    """The rules in force now (the newest version of each), as the notification deadline calculator holds them."""
    out = []
    for key, title in deadline.DATA["titles"].items():
        row = deadline.DATA[key][-1]
        out.append(Limit(f"notification:{key}", title, row["limit"], WHO["notification"], cite(row["cite"]), row["source"]))
    return out


def bail() -> list[Limit]:
    """The limits for an arrest today: the newest regime's steps, each once."""
    regime = pre_charge.DATA["regime"][-1]["id"]
    out, seen = [], set()
    for row in pre_charge.DATA["path"]:
        if row["regime"] != regime:
            continue
        cases = _cases(row["cases"])
        for i, step in enumerate(row["steps"]):
            if (cases, step["section"], step["period"]) in seen:
                continue  # a designated route repeats the usual route's first steps
            seen.add((cases, step["section"], step["period"]))
            who = pre_charge.who(step)
            kind = "first limit" if i == 0 else "court extension" if step["authorised_by"] == "court" else "extension"
            kind += " (exceptionally complex case)" if row["route"] == "designated" else ""
            out.append(Limit("bail", f"Pre-charge bail, {cases}: {kind}",
                             f"{pre_charge.length_words(step['period'])} from the bail start date (the day after arrest)",
                             who[0].upper() + who[1:], cite(step["cite"]), step["section"]))
    return out


def _cases(cases: list[str]) -> str:
    """"a standard case"; "an FCA, HMRC, NCA or SFO case": the words in each choice's brackets."""
    names = [pre_charge.CASE_TYPES[c].split("(")[1].rstrip(")") for c in cases]
    if len(names) == 1:
        return names[0]
    short = [n.split()[1] for n in names]  # "an FCA case" -> "FCA"
    return f"an {', '.join(short[:-1])} or {short[-1]} case"


def _order_period(v: dict) -> str:
    if v.get("period_text"):
        return v["period_text"]
    words = {k: duration._length(v.get(f"{k}_months"), v.get(f"{k}_days"))
             for k in ("min", "max") if v.get(f"{k}_months") or v.get(f"{k}_days")}
    if len(words) == 2:
        text = f"{words['min']} to {words['max']}"
    elif "min" in words:
        text = f"At least {words['min']}"
    else:
        text = f"Up to {words['max']}"
    return text + (", or until further order" if v.get("until_further_order") else "")


def orders() -> list[Limit]:
    """Orders a court can make today (not the legacy or repealed ones), and the notice their subjects must give."""
    out, notices = [], set()
    for key, order in duration.DATA["orders"].items():
        v = order["version"][-1]
        if order.get("legacy") or v.get("reported_repeal"):
            continue
        who = WHO["dvpn"] if key == "dvpn" else WHO["order"]
        out.append(Limit(f"order:{key}", order["label"], _order_period(v), who, cite(v["cite"]), None))
        if v.get("notification_days") and v["notification_cite"] not in notices:
            notices.add(v["notification_cite"])
            out.append(Limit(f"order:{key}", f"{order['plural']}: tell the police name and home address",
                             f"Within {v['notification_days']} days",
                             WHO["order_notification"], cite(v["notification_cite"]), None))
    return out


def reviews() -> list[Limit]:
    return [Limit("review", f"Review of indefinite notification: {row['description'][0].lower()}{row['description'][1:]}",
                  f"{row['years']} years from {row['counted_from'][0].lower()}{row['counted_from'][1:]}",
                  WHO["review"], cite(row["cite"]), row["source"])
            for row in [*review.DATA["qualifying"], review.DATA["further"]]]


def limits() -> list[Limit]:
    return notification() + bail() + orders() + reviews()
