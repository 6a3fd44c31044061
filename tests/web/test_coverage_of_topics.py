"""Every topic the chapter must cover, mapped to the page that covers it and words it must use."""
import re

import pytest

TOPICS = {
    "introduction and collaborative working": ("introduction", ["working together", "partnership"]),
    "'Risk to Children' replacing 'Schedule One offender'": ("risk-to-children", ["Schedule One", "16/2005"]),
    "recognising and assessing risk": ("assessing-risk", ["protective factors", "OASys", "AssetPlus", "very high"]),
    "referral to children's social care and s.47 enquiries": ("referral", ["section 47", "strategy"]),
    "an adult who admits past abuse": ("referral", ["admits"]),
    "children who harm others and child offenders": ("children-who-harm", ["youth justice", "joint"]),
    "the new offences against children": ("new-offences", ["grooming", "sexual communication"]),
    "MAPPA": ("mappa", ["responsible authority", "duty to co-operate", "strategic management board",
                        "category", "level", "ViSOR", "third part", "potentially dangerous"]),
    "when MAPPA status ends": ("mappa", ["ends"]),
    # Source-edition topics that were missing or thin (issue 11, item 5; audit ids in brackets).
    "MAPPA strategic management board duties and membership (F08)": (
        "mappa", ["section 326", "serious case review", "lay advisers are full members", "board member"]),
    "information-sharing problems go to the MAPPA board (F19)": (
        "mappa", ["problem about sharing information", "member of the strategic management board"]),
    "MAPPA transfers between areas (F14)": ("mappa", ["moving to another area", "transfer policies"]),
    "MAPPA arrivals from abroad (F14)": ("mappa", ["arriving from abroad", "notification order", "offences committed anywhere"]),
    "MAPPA level 2 and level 3 criteria, chair and frequency (F27)": (
        "mappa", ["add value", "significant resources at short notice", "who attends", "who chairs", "how often"]),
    "when to move a MAPPA case to a higher level (F29)": (
        "mappa", ["when to ask for a higher level", "discharged from hospital", "returns from abroad", "media or public interest"]),
    "media handling in MAPPA plans (F31)": ("mappa", ["media handling", "contingency plans", "press office"]),
    "an offender attending a place of worship (F34)": ("mappa", ["places of worship", "faith leaders", "worship agreement"]),
    "police intelligence on organised or persistent offenders (C08)": (
        "mappa", ["police intelligence", "organised groups", "police national database"]),
    "assessing risk to the children in a MARAC case (G03)": ("marac", ["assessing risk to the children", "each child", "DVRIM"]),
    "MARAC": ("marac", ["MARAC", "IDVA"]),
    "offending behaviour programmes": ("marac", ["programme"]),
    # Seed topics added by helper H7 (issue 11, item 5; audit ids in brackets).
    "risk to children in general, with no child named (C06)": (
        "referral", ["risk to children in general", "no particular child", "multi-agency planning meeting"]),
    "an adult of concern placed in temporary accommodation (C07)": (
        "referral", ["temporary accommodation", "bed and breakfast", "section 208 of the housing act 1996"]),
    "children who set fires (D04)": ("children-who-harm", ["children who set fires", "fire-setting intervention"]),
    "the full definition of relevant conduct for barring (I06)": (
        "dbs", ["five parts", "sexually explicit images", "inciting someone else to harm a child"]),
    "police telling employers and regulators when school staff are convicted (I11)": (
        "dbs", ["common law police disclosure", "teaching regulation agency", "education workforce council"]),
    "the disclosure test (K11)": (
        "disclosure", ["the test for each disclosure", "how pressing the need", "how strong and reliable the evidence"]),
    "when the police object to a disclosure (K14)": ("disclosure", ["if the police object", "further legal advice"]),
    "police disclosure into family proceedings under the protocol (K15)": (
        "disclosure", ["2024 protocol", "1 march 2024", "2013 protocol and good practice model"]),
    "links to related procedures (A22)": (
        "introduction", ["related procedures", "wales safeguarding procedures", "female genital mutilation"]),
    "dangerousness under the Sentencing Code (B20)": (
        "assessing-risk", ["section 308", "schedule 18", "extended sentence", "only when a court has made this finding"]),
    "pre-sentence reports and dangerousness (B21)": (
        "assessing-risk", ["pre-sentence report", "section 30 of the sentencing code"]),
    "the four categories of abuse (C14)": (
        "allegations", ["four categories of abuse", "physical abuse, emotional abuse, sexual abuse and neglect"]),
    "what the police ask at the first notification (J12)": (
        "notification", ["at the first notification", "other addresses the person visits often"]),
    "the DBS": ("dbs", ["barred list", "regulated activity", "duty to refer", "enhanced", "update service"]),
    "the sex offenders register": ("notification", ["notification period", "review", "foreign travel"]),
    "child sex offender disclosure scheme": ("disclosure", ["Sarah"]),
    "domestic violence disclosure scheme": ("disclosure", ["Clare"]),
    "disclosure of information by agencies": ("disclosure", ["information"]),
    "civil orders": ("civil-orders", ["notification order", "sexual harm prevention order", "sexual risk order",
                                      "violent offender order", "protection notice", "disqualification order",
                                      "foreign travel order"]),
    "allegations and the LADO": ("allegations", ["LADO", "allegation"]),
    "probation licence conditions": ("probation-licence", ["licence condition", "recall"]),
    "pre-charge bail": ("pre-charge-bail", ["bail", "released under investigation"]),
    "appendix of offences": ("appendix-offences", ["Sexual Offences Act 2003", "Children and Young Persons Act 1933"]),
    "changes from earlier editions": ("changes", ["SOPO", "Criminal Records Bureau", "AssetPlus", "HMPPS",
                                                  "youth caution", "safeguarding children partnership"]),
    "glossary": ("glossary", ["MAPPA"]),
    "accessibility statement": ("about/accessibility", ["accessibility"]),
    "not legal advice": ("about/disclaimer", ["legal advice"]),
    "amendments log": ("about/amendments", ["2026.1"]),
}


def _text(site, slug):
    html = (site / slug / "index.html").read_text("utf-8")
    body = html.split('<article', 1)[-1].split("</article>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split()).lower()


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_is_covered(site, topic):
    slug, phrases = TOPICS[topic]
    text = _text(site, slug)
    missing = [p for p in phrases if p.lower() not in text]
    assert not missing, f"{topic}: page {slug} does not mention {missing}"
