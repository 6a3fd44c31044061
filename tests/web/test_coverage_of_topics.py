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
    "MARAC": ("marac", ["MARAC", "IDVA"]),
    "offending behaviour programmes": ("marac", ["programme"]),
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
