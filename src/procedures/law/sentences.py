"""Sentences a court could lawfully give: detention and training order terms (and their total), suspended sentences.

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
from .words import long_date

DATA = load(__package__, "sentences")
DTO = versions(DATA["dto"])
DTO_TOTAL = versions(DATA["dto_total"])


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


def dto_total_rule(since: date) -> Version:
    """The rule on the total term of consecutive detention and training orders in force on ``since``.

    Before the first rule (DTOs began on 1 April 2000) the first rule is given: no DTO could then exist.
    """
    return ([rule for rule in DTO_TOTAL if rule.start <= since] or DTO_TOTAL[:1])[-1]


def suspended_too_long(term: Duration) -> bool:
    """Whether ``term`` is certainly longer than any suspended sentence (a warning, not a refusal)."""
    return compare_term(term, DATA["suspended"]["longest_months"])[0] > 0
