"""MAPPA category: Criminal Justice Act 2003 ss.325-327, with the MAPPA Guidance (March 2023).

s.327(2): Category 1, anyone who must notify the police under Part 2 of the Sexual Offences
Act 2003, whatever the sentence.  s.327(3)-(4): Category 2, murder or an offence in Part 1 or 2
of Schedule 15 (or s.327(4A)) with a sentence listed in s.327(3)(b): imprisonment "not for a term
of less than 12 months" (a suspended sentence included), detention of 12 months or more, a
detention and training order of 12 months or more (the whole order, unlike SOA 2003 s.131),
detention during His Majesty's pleasure or for public protection, or a hospital or guardianship
order.  s.325(2)(b): Category 3, others the responsible authority considers may cause serious
harm, managed at level 2 or 3.  Category 4, a category of the MAPPA Guidance resting on the same
duty: terrorist and terrorist risk offenders not in Category 1 or 2.  Otherwise the lowest applies.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..law.dated import load
from ..law.duration import Duration
from ..law.inputs import inp
from ..law.result import Result
from ..law.sentences import check_suspended, dto_term
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
NOT_REGISTERED = {"subject_to_notification": [False]}


@dataclass(frozen=True)
class Inputs:
    subject_to_notification: bool = inp("Subject to the sex offender notification requirements",
                                        "Sexual Offences Act 2003, Part 2 (the 'sex offender register')",
                                        noun="whether the person is subject to the notification requirements")
    offence: str | None = inp("Offence", "The offence the sentence was for. Not needed for a person subject to the "
                              "notification requirements", choices=OFFENCES, noun="the offence",
                              required_when=NOT_REGISTERED, default=None)
    sentence: str | None = inp("Sentence or order", "Not needed for a person subject to the notification "
                               "requirements: they are Category 1 whatever the sentence",
                               choices={k: v["label"] for k, v in SENTENCES.items()}, noun="the sentence or order",
                               required_when=NOT_REGISTERED, default=None)
    term: Duration | None = inp("Term", "The length of the sentence, or of the whole detention and training "
                                "order: for example P12M, P2Y, P52W", shown_when={"sentence": TERM_SENTENCES},
                                required_when={"offence": list(QUALIFYING_OFFENCES), "sentence": TERM_SENTENCES},
                                noun="the term", missing="Enter the term of the sentence, for example P12M",
                                default=None)
    conviction_date: date | None = inp("Date of conviction", "For a suspended sentence or a detention and training "
                                       "order: the terms a court could give depend on it",
                                       shown_when={"sentence": ["suspended_sentence", "detention_and_training_order"]},
                                       noun="the date of conviction", default=None)
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
    """s.327(2): subject to the Part 2 notification requirements, whatever the sentence."""
    if inputs.subject_to_notification:
        result.step("The person is subject to the sex offender notification requirements, so they are a "
                    "Category 1 offender, whatever the sentence.", "cja2003-s327")
        result.step("How long the requirements last is set by the Sexual Offences Act 2003: the "
                    "notification period calculator works it out.", "soa2003-part2")
    return inputs.subject_to_notification


def category_2(inputs: Inputs, result: Result) -> tuple[bool, str]:
    """s.327(3)-(4): a qualifying offence and a qualifying sentence; returns (fits, reason)."""
    offence = inputs.offence
    if offence == "terrorism":
        result.warn(WARNINGS, "terrorism")
    if offence is None or inputs.sentence is None:  # only for a person in Category 1 (see Inputs)
        return False, ("No offence or sentence was given, so Category 2 was not considered: Category 1 applies "
                       "whatever the sentence.")
    row = SENTENCES[inputs.sentence]
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
    term = _term(inputs, result)
    if not at_least(term, row["at_least_months"], result):
        return False, f"{given} of {term_words(term)} is less than 12 months, so Category 2 does not apply."
    if inputs.sentence == "suspended_sentence":
        result.warn(WARNINGS, "suspended-sentence")
        check_suspended(term, inputs.conviction_date, False, result, WARNINGS)
    return True, (f"Convicted of {offence_words} and given {row['words']} of {term_words(term)}, which is 12 "
                  f"months or more ({row['clause']}): Category 2.")


def _term(inputs: Inputs, result: Result) -> Duration:
    """The term; a detention and training order's must be one a court could make (law/sentences)."""
    if inputs.sentence == "detention_and_training_order":
        lawful_then = dto_term(inputs.term, "term", inputs.conviction_date)
        if inputs.conviction_date and not lawful_then:
            result.warn(WARNINGS, "dto-term", term=inputs.term.words())
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
    if inputs.offence == "terrorism" and not {1, 2} & set(fits):
        fits.append(4)
        reasons.append(DATA["category_4_reason"])
    if inputs.disqualified_from_working_with_children:
        result.warn(WARNINGS, "former-s327-5")
    return _conclude(inputs, fits, reasons, result)


def _explain_category_2(inputs: Inputs, result: Result) -> None:
    result.step("The offence and the sentence are listed in section 327(3), so the person is a Category 2 "
                "offender.", "cja2003-s327")
    if inputs.offence == "schedule_15":
        result.step("Part 1 of Schedule 15 lists the violent offences and Part 2 the sexual offences that "
                    "count.", "cja2003-sch15")
    if inputs.sentence == "detention_and_training_order":
        result.step("For MAPPA the whole term of a detention and training order counts. This differs from "
                    "the notification rules, where only the detention half counts.", "soa2003-s131")


def _conclude(inputs: Inputs, fits: list[int], reasons: list[str], result: Result) -> Result:
    category = 4 if 4 in fits else min(fits) if fits else None
    if len(fits) > 1:
        listed = ", ".join(str(n) for n in fits[:-1]) + f" and {fits[-1]}"
        rule = ("Category 4 is the guidance's category for terrorist offenders not in Category 1 or 2"
                if category == 4 else "The lowest number applies")
        reasons.append(f"More than one category fits ({listed}). {rule}: Category {category}.")
    if category is None:
        reasons.append("None of the MAPPA categories applies, so the person is not a MAPPA offender.")
        result.step("The person does not fit any MAPPA category, so MAPPA does not apply. Agencies still "
                    "manage any risk through their own arrangements.", "cja2003-s325")
        result.values.update(headline="Not a MAPPA offender", category=None, eligible=False, categories_met=[],
                             reasons=reasons, levels_available=[], status_ends=None)
        return result
    row = CATEGORIES[category]
    if category in (3, 4):
        result.step(row["basis"], "cja2003-s325")
    ends = DATA["category_2_ends"].get(inputs.sentence, DATA["category_2_ends"]["default"]) if category == 2 else row
    result.step(f"{_levels_words(row['levels'], category)} {ends['status_ends']}", ends.get("ends_cite", row["cite"]))
    result.values.update(headline=f"MAPPA category {category}", category=category, eligible=True, categories_met=fits,
                         reasons=reasons, levels_available=row["levels"], status_ends=ends["status_ends"])
    return result


def _levels(levels: list[int]) -> str:
    return ", ".join(str(n) for n in levels[:-1]) + f" or {levels[-1]}" if levels else "set by the MAPPA co-ordinator"


def _levels_words(levels: list[int], category: int) -> str:
    if not levels:
        return f"The MAPPA co-ordinator sets the management level for Category {category}."
    return f"Category {category} can be managed at level {_levels(levels)}."


def tables() -> dict:
    """The categories, with the levels open to each and when status ends, from category.toml."""
    from ..law.table import Table, cite_link

    def levels(row: dict) -> str:
        words = _levels(row["levels"]).replace(" or ", ", ")
        return words[0].upper() + words[1:]

    rows = tuple((f"Category {row['number']}", row["who"], levels(row),
                  row["status_ends"], cite_link(row["cite"], row["section"])) for row in DATA["category"])
    return {"mappa-categories": Table(
        "MAPPA categories (Criminal Justice Act 2003 ss.325-327, and the MAPPA Guidance for Category 4)",
        ("Category", "Who is in it", "Management levels", "When MAPPA status ends", "Source"), rows)}
