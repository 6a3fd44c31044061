"""Practice timescales as data (procedures.practice) and the time limits read from the rules."""
from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from procedures.law.citation import all_citations
from procedures.practice import law, timescales

SRC = Path(__file__).parents[1] / "src" / "procedures"
RAW = tomllib.loads((SRC / "practice" / "timescales.toml").read_text("utf-8"))


def test_every_timescale_is_loaded_with_its_newest_version():
    loaded = timescales.all_timescales()
    assert list(loaded) == list(RAW["timescale"])
    for tid, row in RAW["timescale"].items():
        newest = max(row["version"], key=lambda v: v["from"])
        assert loaded[tid].version.start == newest["from"]


def test_every_source_is_a_citation_or_words():
    for t in timescales.all_timescales().values():
        if t.citation is None:
            assert t.source_words and "cite" not in t.version.values
        else:
            assert t.citation.id in all_citations() and t.source_words is None


@pytest.mark.parametrize("tid", list(RAW["timescale"]))
def test_the_period_in_words_is_the_data_s(tid):
    t, v = timescales.timescale(tid), RAW["timescale"][tid]["version"][-1]
    if "words" in v:
        assert t.words == v["words"] and t.period == v["words"][0].upper() + v["words"][1:]
        return
    number = "one" if v["period"] == 1 else str(v["period"])
    assert t.words == f"{number} {v['unit']}" + ("s" if v["period"] > 1 else "")
    assert t.period == (f"At least {t.words} before" if v.get("before") else f"Within {t.words}")


def test_an_unknown_timescale_is_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="unknown timescale 'no-such'.*referral-decision"):
        timescales.timescale("no-such")


@pytest.mark.parametrize("row", [{"from": date(2024, 1, 1), "cite": "wt2023", "period": 2, "unit": "fortnight"},
                                 {"from": date(2024, 1, 1), "cite": "wt2023", "period": 0, "unit": "day"},
                                 {"from": date(2024, 1, 1), "cite": "wt2023", "period": 1.5, "unit": "day"}])
def test_a_period_must_be_whole_and_in_a_known_unit(row):
    with pytest.raises(ValueError, match="whole `period`"):
        timescales._versions("x", [row])


def test_versions_must_be_in_date_order():
    rows = [{"from": date(2024, 1, 1), "cite": "wt2023", "words": "soon"},
            {"from": date(2023, 1, 1), "cite": "wt2023", "words": "sooner"}]
    with pytest.raises(ValueError, match="increasing order"):
        timescales._versions("x", rows)


def test_a_version_set_case_by_case_cites_nothing():
    [v] = timescales._versions("x", [{"from": date(2024, 1, 1), "words": "when asked", "source": "The request"}])
    assert v.citation is None and v["source"] == "The request"


# ---- the time limits in law, read from the rules ----

def _rules(name: str) -> dict:
    return tomllib.loads((SRC / name).read_text("utf-8"))


def test_every_notification_deadline_in_force_is_listed():
    data = _rules("notification/deadline.toml")
    got = {(x.what, x.period) for x in law.notification()}
    assert got == {(title, data[key][-1]["limit"]) for key, title in data["titles"].items()}


def test_every_step_of_todays_bail_rules_is_listed_once():
    data = _rules("bail/pre_charge.toml")
    today = data["regime"][-1]["id"]
    steps = {(step["section"], step["period"]) for row in data["path"] if row["regime"] == today for step in row["steps"]}
    got = law.bail()
    assert {(x.section, next(s["period"] for r in data["path"] if r["regime"] == today for s in r["steps"]
                             if s["section"] == x.section)) for x in got} <= steps
    assert {x.section for x in got} == {s for s, _ in steps}
    assert len({(x.what, x.period) for x in got}) == len(got)
    assert all("months from the bail start date" in x.period for x in got)


def test_every_order_a_court_can_make_today_is_listed_with_its_length():
    data = _rules("orders/duration.toml")
    current = {o["label"] for o in data["orders"].values()
               if not o.get("legacy") and not o["version"][-1].get("reported_repeal")}
    listed = {x.what for x in law.orders()}
    assert current <= listed
    assert not any(o["label"] in listed for o in data["orders"].values() if o.get("legacy"))
    notices = {o["version"][-1]["notification_cite"] for o in data["orders"].values()
               if o["version"][-1].get("notification_days") and o["label"] in current}
    assert {x.citation.id for x in law.orders() if "tell the police" in x.what} == notices


@pytest.mark.parametrize("version, words", [
    ({"min_months": 24, "max_months": 60}, "2 years to 5 years"),
    ({"min_months": 60, "until_further_order": True}, "At least 5 years, or until further order"),
    ({"max_months": 60}, "Up to 5 years"),
    ({"min_days": 14, "max_days": 28}, "14 days to 28 days"),
    ({"period_text": "Until decided"}, "Until decided"),
])
def test_an_order_s_length_in_words(version, words):
    assert law._order_period(version) == words


def test_every_review_wait_is_listed():
    data = _rules("notification/review.toml")
    assert [x.section for x in law.reviews()] == [r["source"] for r in [*data["qualifying"], data["further"]]]


def test_every_limit_says_where_the_chapter_states_it_and_cites_its_rule():
    for x in law.limits():
        assert x.where.split("#")[0].endswith(".md") and x.citation.id in all_citations()
