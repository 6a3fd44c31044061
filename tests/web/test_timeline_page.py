"""The case timeline's page: the "add another" form typed by keyboard, nested lists, rough dates,
the versioned link, the picture and its table, the calendar, axe, and screenshots."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from procedures import calculate, calculators
from web.test_accessibility import violations

pytestmark = pytest.mark.skipif("case-timeline" not in calculators(), reason="the engine has no case-timeline yet")

NAME = "case-timeline"
ROOT = f"[data-calculator-root='{NAME}']"
WAIT = 60000
SHOTS = Path("/tmp/timeline-screenshots")
THREE = {
    "convictions": [
        {"relevant_date": "2012-05", "disposal": "caution", "age_on_relevant_date": 30},
        {"relevant_date": "2015-03-02", "disposal": "imprisonment", "term": "P2Y", "age_on_relevant_date": 33},
        {"relevant_date": "2019-07-10", "disposal": "imprisonment", "term": "P8M", "age_on_relevant_date": 37,
         "further_terms": [{"term": "P6M", "arrangement": "consecutive"}]},
    ],
    "custody": [{"start": "2015-03-02", "end": "2016-03-01"}],
    "orders": [{"order": "shpo", "made_date": "2019-07-10"}],
}


def link(inputs: dict) -> str:
    return "#v=1&" + "&".join(f"{quote(k)}={quote(json.dumps(v) if isinstance(v, (list, dict)) else str(v))}"
                              for k, v in inputs.items())


def answered(page, inputs: dict, width: int = 1280):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("about:blank")
    page.goto(page.server + f"calculators/{NAME}/" + link(inputs))
    page.locator(f"{ROOT} .calc-headline").wait_for(timeout=WAIT)


@pytest.fixture
def tpage(page, server):
    page.server = server
    return page


def press_on(page, selector: str, key: str = "Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def legends(page, key: str) -> list[str]:
    return page.locator(f"{ROOT} [data-field='{key}'] > fieldset > [data-items] > .calc-item > legend").all_inner_texts()


def test_the_repeatable_form_by_keyboard(tpage):
    page = tpage
    page.goto(page.server + f"calculators/{NAME}/")
    add = f"#{NAME}-convictions-add"
    assert page.locator(add).inner_text().startswith("Add a conviction")
    for n in range(3):
        press_on(page, add)
        # focus moves to the new entry's first box
        assert page.evaluate("document.activeElement.id") == f"{NAME}-convictions-{n}-relevant_date-day"
        page.keyboard.type(["1", "2", "3"][n])
        page.keyboard.press("Tab")
        page.keyboard.type("3")
        page.keyboard.press("Tab")
        page.keyboard.type(["2012", "2015", "2019"][n])
    assert legends(page, "convictions") == ["Conviction 1", "Conviction 2", "Conviction 3"]
    assert page.locator(add).inner_text().startswith("Add another conviction")
    press_on(page, f"#{NAME}-custody-add")
    page.keyboard.type("2")
    press_on(page, f"#{NAME}-orders-add")
    assert legends(page, "custody") == ["Custody spell 1"] and legends(page, "orders") == ["Order 1"]
    # remove conviction 2: the third becomes the second, with its typed year and its ids
    press_on(page, f"{ROOT} [data-field='convictions-1'] [data-remove], {ROOT} .calc-item[data-item-index='1'] > [data-remove]")
    assert legends(page, "convictions") == ["Conviction 1", "Conviction 2"]
    assert page.locator(f"#{NAME}-convictions-1-relevant_date-year").input_value() == "2019"
    assert page.evaluate("document.activeElement.getAttribute('data-item-index')") == "1"
    assert "Conviction 2 removed" in page.locator(f"{ROOT} [data-field='convictions'] > fieldset > [data-list-said]").text_content()
    # a list inside an entry: a further term of conviction 2
    page.locator(f"#{NAME}-convictions-1-disposal-0").check()  # imprisonment reveals further terms
    press_on(page, f"#{NAME}-convictions-1-further_terms-add")
    assert page.evaluate("document.activeElement.id") == f"{NAME}-convictions-1-further_terms-0-term-years"
    assert page.locator(f"#{NAME}-convictions-0-further_terms-0-term-years").count() == 0
    assert page.locator(f"{ROOT} [data-field='convictions-1-further_terms'] legend").nth(1).inner_text() == "Other term 1"


def test_the_link_round_trip_with_several_convictions(tpage, context):
    page = tpage
    answered(page, THREE)
    expected = calculate(NAME, THREE)
    assert page.locator(f"{ROOT} .calc-headline").inner_text() == expected["headline"]
    assert page.evaluate("location.hash").startswith("#v=1&")
    assert len(legends(page, "convictions")) == 3
    assert page.locator(f"#{NAME}-convictions-0-relevant_date-day").input_value() == ""
    assert page.locator(f"#{NAME}-convictions-0-relevant_date-month").input_value() == "5"
    assert page.locator(f"#{NAME}-convictions-2-further_terms-0-term-months").input_value() == "6"
    again = context.new_page()
    again.goto(page.url)
    again.locator(f"{ROOT} .calc-headline").wait_for(timeout=WAIT)
    assert again.locator(f"{ROOT} .calc-headline").inner_text() == expected["headline"]
    again.close()
    # the table is the timeline's text: one row per event, ranges as "between"
    rows = page.locator(f"{ROOT} .calc-timeline table tbody tr")
    assert rows.count() == len(expected["events"])
    assert "Between" in rows.first.inner_text()
    assert page.locator(f"{ROOT} .calc-timeline__picture").get_attribute("aria-hidden") == "true"
    page.locator(f"{ROOT} .calc-timeline__svg").wait_for()
    assert page.locator(f"{ROOT} .calc-timeline__svg circle").count() == len(expected["events"])


def test_the_calendar_has_one_event_per_date_and_the_link_warns(tpage):
    page = tpage
    answered(page, THREE)
    events = calculate(NAME, THREE)["events"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Add all dates to calendar (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()
    assert ics.count("BEGIN:VEVENT") == len(events)
    assert ics.count("DESCRIPTION:Source: ") == len(events)
    assert "#" not in ics  # no link unless asked for
    page.get_by_label("Include a link to this calculation").check()
    warning = page.locator(f"{ROOT} .calc-link-warning")
    assert "Before you share the link" in warning.inner_text()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_with_an_answer(tpage, width):
    answered(tpage, THREE, width)
    tpage.locator(f"{ROOT} .calc-timeline__svg").wait_for()
    assert violations(tpage) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_three_convictions(tpage, width):
    page = tpage
    answered(page, THREE, width)
    svg = page.locator(f"{ROOT} .calc-timeline__svg")
    svg.wait_for()
    box = svg.bounding_box()
    assert box["width"] <= width
    SHOTS.mkdir(exist_ok=True)
    page.locator(f"{ROOT} .calc-result").screenshot(path=str(SHOTS / f"three-convictions-{width}.png"))
    page.screenshot(path=str(SHOTS / f"page-{width}.png"), full_page=True)
    text = page.locator(f"{ROOT} .calc-timeline").inner_text()
    assert re.search(r"\d{4}", text)
