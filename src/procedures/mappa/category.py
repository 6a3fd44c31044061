"""MAPPA category: Criminal Justice Act 2003 ss.325-327.

s.327(2): Category 1, anyone who must notify the police under Part 2 of the Sexual
Offences Act 2003.  s.327(3)-(4): Category 2, murder or an offence in Part 1 or 2
of Schedule 15 (or s.327(4A)) with a sentence listed in s.327(3)(b): imprisonment "not for
a term of less than 12 months", detention of 12 months or more, a detention and training
order of 12 months or more (the whole order, unlike SOA 2003 s.131), detention during His
Majesty's pleasure or for public protection, or a hospital or guardianship order.
s.325(2)(b): Category 3, others the responsible authority considers may cause serious harm,
managed at level 2 or 3 (MAPPA Guidance).  Where more than one fits, the lowest applies.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..law.dated import load
from ..law.duration import Duration
from ..law.inputs import inp
from ..law.result import Result
from ..law.sentences import dto_term, suspended_too_long
from ..law.words import plural

DATA = load(__package__, "category")
WARNINGS = DATA["warnings"]
OUTPUTS = {"category": "MAPPA category", "eligible": "A MAPPA offender", "categories_met": "Categories that fit",
           "reasons": "Reasons", "levels_available": "Management levels available", "status_ends": "When MAPPA status ends"}
OFFENCES: dict[str, str] = DATA["offences"]
SENTENCES = {row["id"]: row for row in DATA["sentence"]}
CATEGORIES = {row["number"]: row for row in DATA["category"]}
QUALIFYING_OFFENCES = ("murder", "schedule_15", "s327_4a")
TERM_SENTENCES = [s for s, row in SENTENCES.items() if "at_least_months" in row]
MURDER_SENTENCES = ("indeterminate", "hospital_order", "guardianship_order")


@dataclass(frozen=True)
class Inputs:
    subject_to_notification: bool = inp("Subject to the sex offender notification requirements",
                                        "Sexual Offences Act 2003, Part 2 (the 'sex offender register')",
                                        noun="whether the person is subject to the notification requirements")
    offence: str = inp("Offence", "The offence the sentence was for", choices=OFFENCES, noun="the offence")
    sentence: str = inp("Sentence or order", choices={k: v["label"] for k, v in SENTENCES.items()},
                        noun="the sentence or order")
    term: Duration | None = inp("Term", "The length of the sentence, or of the whole detention and training "
                                "order: for example P12M, P2Y, P52W", shown_when={"sentence": TERM_SENTENCES},
                                required_when={"offence": list(QUALIFYING_OFFENCES), "sentence": TERM_SENTENCES},
                                noun="the term", missing="Enter the term of the sentence, for example P12M",
                                default=None)
    serious_harm_risk: bool = inp("The responsible authority considers the person may cause serious harm to "
                                  "the public", noun="whether the person may cause serious harm", default=False)
    requires_multi_agency_management: bool = inp(
        "The person needs active multi-agency management (level 2 or 3)",
        noun="whether the person needs active multi-agency management", default=False)
    disqualified_from_working_with_children: bool = inp(
        "Disqualified from working with children", "Under the Criminal Justice and Court Services Act 2000",
        noun="whether the person is disqualified from working with children", default=False)


def at_least(term: Duration, months: int, result: Result) -> bool:
    """Whether ``term`` is ``months`` months or more; days near the line are converted with a warning."""
    return result.compare_term(WARNINGS, term, months) >= 0


def term_words(term: Duration) -> str:
    """"12 months", "2 years 6 months", "52 weeks": months up to 24 are kept as months."""
    if term.days == 0 and term.months <= 24:
        return plural(term.months, "month")
    return term.words()


def category_1(inputs: Inputs, result: Result) -> bool:
    """s.327(2): subject to the Part 2 notification requirements."""
    if inputs.subject_to_notification:
        result.step("The person is subject to the sex offender notification requirements, so they are a "
                    "Category 1 offender.", "cja2003-s327")
        result.step("How long the requirements last is set by the Sexual Offences Act 2003: the "
                    "notification period calculator works it out.", "soa2003-part2")
    return inputs.subject_to_notification


def category_2(inputs: Inputs, result: Result) -> tuple[bool, str]:
    """s.327(3)-(4): a qualifying offence and a qualifying sentence; returns (fits, reason)."""
    offence, row = inputs.offence, SENTENCES[inputs.sentence]
    if offence == "terrorism":
        result.warn(WARNINGS, "terrorism")
    if offence not in QUALIFYING_OFFENCES:
        return False, ("The offence is not murder or an offence in Part 1 or 2 of Schedule 15 or in "
                       "section 327(4A), so Category 2 does not apply.")
    if offence == "murder" and inputs.sentence not in MURDER_SENTENCES:
        result.warn(WARNINGS, "murder-sentence", sentence=row["label"])
    offence_words = DATA["offence_words"][offence]
    if row.get("always"):
        return True, f"Convicted of {offence_words} and given {row['words']} ({row['clause']}): Category 2."
    given = row["words"][0].upper() + row["words"][1:]
    if "at_least_months" not in row:
        return False, f"{given} is not a sentence listed in section 327(3)(b), so Category 2 does not apply."
    term = _term(inputs)
    if not at_least(term, row["at_least_months"], result):
        return False, f"{given} of {term_words(term)} is less than 12 months, so Category 2 does not apply."
    if inputs.sentence == "suspended_sentence":
        result.warn(WARNINGS, "suspended-sentence")
        if suspended_too_long(term):
            result.warn(WARNINGS, "suspended-too-long", term=term_words(term))
    return True, (f"Convicted of {offence_words} and given {row['words']} of {term_words(term)}, which is 12 "
                  f"months or more ({row['clause']}): Category 2.")


def _term(inputs: Inputs) -> Duration:
    """The term; a detention and training order's must be one a court could make (law/sentences)."""
    if inputs.sentence == "detention_and_training_order":
        dto_term(inputs.term, "term")
    return inputs.term


def category_3(inputs: Inputs) -> tuple[bool, str]:
    """s.325(2)(b) with the MAPPA Guidance: serious harm and active multi-agency management."""
    if inputs.serious_harm_risk and inputs.requires_multi_agency_management:
        return True, ("The responsible authority considers the person may cause serious harm to the public and "
                      "they need active multi-agency management at level 2 or 3: Category 3.")
    if inputs.serious_harm_risk:
        return False, ("Category 3 also needs active multi-agency management at level 2 or 3. Without it the "
                       "person is not a Category 3 offender, though agencies may still manage the risk.")
    return False, ("The responsible authority has not decided that the person may cause serious harm to the "
                   "public, so Category 3 does not apply.")


def calculate(inputs: Inputs) -> Result:
    result = Result()
    reasons, fits = [], []
    if category_1(inputs, result):
        fits.append(1)
        reasons.append("Subject to the sex offender notification requirements (section 327(2)): Category 1.")
    else:
        reasons.append("Not subject to the sex offender notification requirements, so Category 1 does not apply.")
    two, why = category_2(inputs, result)
    reasons.append(why)
    if two:
        fits.append(2)
        _explain_category_2(inputs, result)
    three, why = category_3(inputs)
    reasons.append(why)
    if three:
        fits.append(3)
    if inputs.disqualified_from_working_with_children:
        result.warn(WARNINGS, "former-s327-5")
    return _conclude(fits, reasons, result)


def _explain_category_2(inputs: Inputs, result: Result) -> None:
    result.step("The offence and the sentence are listed in section 327(3), so the person is a Category 2 "
                "offender.", "cja2003-s327")
    if inputs.offence == "schedule_15":
        result.step("Part 1 of Schedule 15 lists the violent offences and Part 2 the sexual offences that "
                    "count.", "cja2003-sch15")
    if inputs.sentence == "detention_and_training_order":
        result.step("For MAPPA the whole term of a detention and training order counts. This differs from "
                    "the notification rules, where only the detention half counts.", "soa2003-s131")


def _conclude(fits: list[int], reasons: list[str], result: Result) -> Result:
    category = min(fits) if fits else None
    if len(fits) > 1:
        listed = ", ".join(str(n) for n in fits[:-1]) + f" and {fits[-1]}"
        reasons.append(f"More than one category fits ({listed}). The lowest number applies: Category {category}.")
    if category is None:
        reasons.append("None of the MAPPA categories applies, so the person is not a MAPPA offender.")
        result.step("The person does not fit any MAPPA category, so MAPPA does not apply. Agencies still "
                    "manage any risk through their own arrangements.", "cja2003-s325")
        result.values.update(headline="Not a MAPPA offender", category=None, eligible=False, categories_met=[], reasons=reasons,
                             levels_available=[], status_ends=None)
        return result
    row = CATEGORIES[category]
    if category == 3:
        result.step("Category 3 covers other people whose offences lead the responsible authority to consider "
                    "that they may cause serious harm, and only while they need active multi-agency "
                    "management at level 2 or 3.", "cja2003-s325")
    result.step(f"Category {category} can be managed at level {_levels(row['levels'])}. {row['status_ends']}",
                "mappa-guidance")
    result.values.update(headline=f"MAPPA category {category}", category=category, eligible=True, categories_met=fits, reasons=reasons,
                         levels_available=row["levels"], status_ends=row["status_ends"])
    return result


def _levels(levels: list[int]) -> str:
    return ", ".join(str(n) for n in levels[:-1]) + f" or {levels[-1]}"


def tables() -> dict:
    """The three categories, with the levels open to each and when status ends, from category.toml."""
    from ..law.table import Table, cite_link

    rows = tuple((f"Category {row['number']}", row["who"], _levels(row["levels"]).replace(" or ", ", "),
                  row["status_ends"], cite_link(row["cite"], row["section"])) for row in DATA["category"])
    return {"mappa-categories": Table(
        "MAPPA categories (Criminal Justice Act 2003 ss.325-327)",
        ("Category", "Who is in it", "Management levels", "When MAPPA status ends", "Source"), rows)}
