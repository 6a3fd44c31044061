"""Sentences a court could lawfully give, and how terms add up: detention and training order terms and
their total, the longest term that could be suspended, consecutive and concurrent terms.

The rules are data (sentences.toml).  A DTO is made at sentence, which is on or after the
relevant date a calculator is given (the conviction), so a term is refused only if no rule in
force on that date or later allows it; the calculator may warn when the rule in force on the
date itself did not.
"""
from __future__ import annotations

from datetime import date

from ..errors import InputError
from .dated import Version, load, versions
from .duration import Duration
from .periods import compare_term
from .result import Result
from .words import long_date, months_words

DATA = load(__package__, "sentences")
DTO = versions(DATA["dto"])
DTO_TOTAL = versions(DATA["dto_total"])
SUSPENDED = versions(DATA["suspended"])


def _lawful(rule: Version) -> list[int]:
    return rule["terms"] if "terms" in rule.values else list(range(rule["shortest_months"], rule["longest_months"] + 1))


def _terms_words(rule: Version) -> str:
    if "terms" in rule.values:
        return "only " + ", ".join(map(str, rule["terms"][:-1])) + f" or {rule['terms'][-1]} months"
    return f"any whole number of months from {rule['shortest_months']} to {rule['longest_months']}"


def dto_term(term: Duration, field: str, since: date | None = None) -> bool:
    """Refuse a DTO ``term`` that no rule in force on ``since`` or later allows (any rule, if no date).

    Returns whether the rule in force on ``since`` itself allows it (the first rule, before any).
    """
    current = ([rule for rule in DTO if since is not None and rule.start <= since] or DTO[:1])[-1]
    possible = [rule for rule in DTO if since is None or rule is current or rule.start > since]
    if term.days or not any(term.months in _lawful(rule) for rule in possible):
        latest, *earlier = reversed(DTO)
        history = "".join(f", and before then {_terms_words(rule)}" for rule in earlier)
        longest = max(max(_lawful(rule)) for rule in DTO)
        raise InputError(field, f"A detention and training order is a whole number of months, no more than {longest} "
                                f"months: from {long_date(latest.start)} {_terms_words(latest)}{history}")
    return term.months in _lawful(current)


def cap_dto_total(total: Duration, since: date, result: Result, warnings: dict) -> Duration:
    """Detention and training orders for more than 24 months in total: the excess is treated as remitted.

    The rule in force on ``since`` (the conviction) is used; before the first (DTOs began on 1 April
    2000) the first, as no DTO could then exist.  Raises the calling module's ``dto-total-capped``.
    """
    rule = ([rule for rule in DTO_TOTAL if rule.start <= since] or DTO_TOTAL[:1])[-1]
    if total.months <= rule["longest_total_months"]:
        return total
    capped = Duration(rule["longest_total_months"])
    result.warn(warnings, "dto-total-capped", total=total.words(), longest=capped.words(), source=rule["source"])
    result.step(f"Detention and training orders for {total.words()} in total are more than {capped.words()}: the "
                f"excess is treated as remitted, so the orders count as {capped.words()}.", rule.citation.id)
    return capped


def add_term(total: Duration, term: Duration, arrangement: str, overlap: Duration | None, field: str) -> Duration:
    """``total`` with ``term`` added as it runs: consecutive, concurrent, or partly concurrent with ``overlap``."""
    if overlap is not None and arrangement != "partly_concurrent":
        # An overlap says the terms ran partly together: with another arrangement one of the two
        # answers is a slip, and they give different terms, so the person must say which.
        raise InputError(field, "Give an overlap only for a partly concurrent term: remove it, or choose partly "
                                "concurrent")
    if arrangement == "consecutive":
        return total + term
    if arrangement == "concurrent":
        return max(total, term)
    if overlap >= min(total, term):
        raise InputError(field, "The overlap must be shorter than both terms")
    combined = Duration(total.months + term.months - overlap.months, total.days + term.days - overlap.days)
    if combined.days < 0:
        raise InputError(field, "Give the overlap in the same units as the terms (months, or weeks and days)")
    return combined


def suspended_rule(since: date | None) -> Version:
    """The rule on the longest term that could be suspended, in force on ``since`` (the conviction).

    With no date, the rule that allowed the longest term (never "today's" rule); before the first
    rule, the first rule (2 years, the limit the 2000 Act re-enacted).
    """
    if since is None:
        return max(SUSPENDED, key=lambda rule: rule["longest_months"])
    return ([rule for rule in SUSPENDED if rule.start <= since] or SUSPENDED[:1])[-1]


def check_suspended(term: Duration, since: date | None, under_21: bool, result: Result, warnings: dict) -> None:
    """The longest term that could be suspended on ``since`` (the conviction), with the calling module's
    declared warnings ``suspended-too-long`` and ``suspended-over-2-years`` and the 2026 presumption."""
    rule = suspended_rule(since)
    longest = months_words(rule["longest_months"])
    when = f"for a conviction on {long_date(since)}" if since else "at any time so far"
    said = (f"{when} a term of up to {longest} could be suspended" if since else
            f"no date of conviction was given, and the longest term any rule has let a court suspend is {longest}")
    result.step(f"The sentence was suspended: {said} ({rule['source']}).",
                rule.get("cite_under_21", rule["cite"]) if under_21 else rule["cite"])
    if compare_term(term, rule["longest_months"])[0] > 0:
        result.warn(warnings, "suspended-too-long", term=term.words(), longest=longest, when=when,
                    source=rule["source"], note=rule.get("note", ""))
    elif compare_term(term, 24)[0] > 0:
        result.warn(warnings, "suspended-over-2-years", term=term.words())
    if since and "presumption_months" in rule.values and compare_term(term, rule["presumption_months"])[0] <= 0:
        result.step("From 22 March 2026 a term of 12 months or less must be suspended unless exceptional "
                    "circumstances justify not doing so (Sentencing Code, s.277A, or s.264A for an offender aged 18 "
                    "to 20).", rule["presumption_cite_under_21"] if under_21 else rule["presumption_cite"])
