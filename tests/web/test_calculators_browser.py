"""The calculators in Chromium: the same answers as CPython, through the generated forms."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from casefiles import load_cases
from procedures_site import config
from procedures import InputError, calculate, calculators, schema
from web.browser import fill_form, fragment_inputs, shown, typable

CASES = load_cases()


def as_fragment(value):
    """How a value reads back from the URL fragment: scalars as text, lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, (list, dict)) else str(value)


def cpython(case):
    try:
        return {"result": calculate(case.calculator, case.input)}
    except InputError as exc:
        return exc.to_dict()


def wait_ready(page, timeout=60000):
    page.wait_for_function("() => window.procedures && window.procedures.state().stage === 'ready'", timeout=timeout)


def test_every_case_file_gives_the_same_answer_in_the_browser(page, server):
    """Parity: all case files through the in-browser worker, in one page load."""
    page.goto(server + "calculators/notification-period/")
    wait_ready(page)
    items = [{"name": c.calculator, "inputs": c.input} for c in CASES]
    answers = page.evaluate("items => window.procedures.batch(items)", items)
    assert len(answers) == len(CASES)
    for case, answer in zip(CASES, answers):
        assert answer == json.loads(json.dumps(cpython(case))), case.name


def _form_cases(name, limit=5):
    chosen = [c for c in CASES if c.calculator == name and not c.error and shown(name, c.input)]
    return chosen[:limit]


@pytest.mark.parametrize("name", [n for n in calculators() if typable(n)])
def test_the_form_reads_what_was_typed_and_shows_the_engine_answer(page, server, name):
    """Several cases a calculator, typed into its form one after another ("Start again" between)."""
    cases = _form_cases(name)
    assert len(cases) >= 3, f"{name}: too few cases that the form can show"
    page.goto(server + f"calculators/{name}/")
    for case in cases:
        page.get_by_role("button", name="Start again").click()
        fill_form(page, name, case.input)
        page.get_by_role("button", name="Calculate").click()
        headline = page.locator(".calc-headline")
        headline.wait_for(timeout=60000)
        expected = calculate(name, case.input)
        assert headline.inner_text() == expected["headline"], case.name
        required = schema(name)["required"]
        sent = {k: v for k, v in case.input.items() if (v is not False or k in required) and v != []}
        assert fragment_inputs(page) == {k: as_fragment(v) for k, v in sent.items()}, case.name
        assert page.evaluate("document.activeElement.className") == "calc-headline"
        assert page.locator(".calc-steps li").all_inner_texts() == expected["explanation"], case.name
        assert page.locator(".calc-warning li").all_inner_texts() == expected["warnings"], case.name


def test_a_date_that_does_not_exist_is_caught_beside_the_field(page, server):
    page.goto(server + "calculators/notification-period/")
    fill_form(page, "notification-period", {"disposal": "caution", "age_on_relevant_date": 30})
    page.fill("[name='relevant_date-day']", "31")
    page.fill("[name='relevant_date-month']", "Feb")
    page.fill("[name='relevant_date-year']", "2024")
    page.get_by_role("button", name="Calculate").click()
    summary = page.locator(".calc-error-summary")
    assert summary.is_visible() and "Relevant date must be a real date" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('calc-error-summary')")
    assert "Relevant date must be a real date" in page.locator("#notification-period-relevant_date-error").inner_text()
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "notification-period-relevant_date-day"


def test_a_month_name_is_accepted(page, server):
    page.goto(server + "calculators/notification-period/")
    fill_form(page, "notification-period", {"disposal": "caution", "age_on_relevant_date": 30})
    for part, text in (("day", "29"), ("month", "february"), ("year", "2024")):
        page.fill(f"[name='relevant_date-{part}']", text)
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-headline").wait_for(timeout=60000)
    assert page.locator(".calc-headline").inner_text() == "Notification requirements end on 28 February 2026"


def test_the_engine_message_names_the_field(page, server):
    page.goto(server + "calculators/notification-period/")
    fill_form(page, "notification-period", {"relevant_date": "2024-03-01", "date_of_birth": "2025-01-01",
                                            "disposal": "other"})
    page.get_by_role("button", name="Calculate").click()
    page.locator("#notification-period-date_of_birth-error").wait_for(state="visible", timeout=60000)
    expected = pytest.raises(InputError, calculate, "notification-period",
                             {"relevant_date": "2024-03-01", "date_of_birth": "2025-01-01", "disposal": "other"})
    assert expected.value.message in page.locator("#notification-period-date_of_birth-error").inner_text()
    assert expected.value.message in page.locator(".calc-error-summary").inner_text()
    assert page.locator(".calc-headline").count() == 0


def test_a_missing_answer_is_asked_for(page, server):
    page.goto(server + "calculators/notification-period/")
    fill_form(page, "notification-period", {"relevant_date": "2024-03-01", "age_on_relevant_date": 30})
    page.get_by_role("button", name="Calculate").click()
    page.locator("#notification-period-disposal-error").wait_for(state="visible", timeout=60000)
    assert "Select what the court or police did" in page.locator("#notification-period-disposal-error").inner_text()


def test_fragment_round_trip_answers_without_a_click(page, context, server):
    page.goto(server + "calculators/notification-period/")
    fill_form(page, "notification-period", {"relevant_date": "2024-03-01", "age_on_relevant_date": 17,
                                            "disposal": "detention_and_training_order", "term": "P8M"})
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-headline").wait_for(timeout=60000)
    url = page.url
    assert urlsplit(url).query == "" and "relevant_date=2024-03-01" in urlsplit(url).fragment
    again = context.new_page()
    again.goto(url)
    again.locator(".calc-headline").wait_for(timeout=60000)
    assert again.locator(".calc-headline").inner_text() == "Notification requirements end on 31 August 2027"
    assert again.locator("[name='term-months']").input_value() == "8"
    again.close()


def test_keyboard_only(page, server):
    page.goto(server + "calculators/notification-period/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "notification-period-relevant_date-day":
            break
    assert page.evaluate("document.activeElement.id") == "notification-period-relevant_date-day"
    for text in ("1", "3", "2024"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    # the first radio of the group has focus; arrow keys move and select
    assert page.evaluate("document.activeElement.name") == "disposal"
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "caution"
    page.keyboard.press("Tab")
    page.keyboard.type("17")
    page.keyboard.press("Enter")
    page.locator(".calc-headline").wait_for(timeout=60000)
    assert page.evaluate("document.activeElement.textContent") == "Notification requirements end on 28 February 2025"


def test_copy_for_case_notes_and_calendar(page, context, server):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server + "calculators/notification-period/#relevant_date=2024-03-01&age_on_relevant_date=17"
                       "&disposal=detention_and_training_order&term=P8M")
    page.locator(".calc-headline").wait_for(timeout=60000)
    page.get_by_role("button", name="Copy for case notes").click()
    page.get_by_text("Copied. Paste it into your case notes.").wait_for()
    notes = page.evaluate("navigator.clipboard.readText()")
    for expected in ("Relevant date: 1 March 2024", "Answer: Notification requirements end on 31 August 2027",
                     f"with edition {config.source()['extra']['edition']}", "https://www.legislation.gov.uk/ukpga/2003/42/section/131", "Calculated on"):
        assert expected in notes
    with page.expect_download() as download:
        page.get_by_role("button", name="Add dates to calendar (.ics)").click()
    ics = open(download.value.path(), encoding="utf-8").read()
    assert "DTSTART;VALUE=DATE:20270831" in ics and ics.startswith("BEGIN:VCALENDAR")


def test_text_pages_download_no_pyodide_and_nothing_leaves_the_site(page, server):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(server + "mappa/")
    page.goto(server + "notification/")
    page.wait_for_timeout(500)
    assert not [u for u in seen if "pyodide" in u or u.endswith(".whl")]
    page.goto(server + "calculators/order-duration/")
    wait_ready(page)
    assert {urlsplit(u).netloc for u in seen if urlsplit(u).scheme in ("http", "https")} == {urlsplit(server).netloc}


def test_embedded_calculator_starts_when_used(page, server):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(server + "notification/")
    form = page.locator("form[data-calculator='notification-period']")
    form.locator("[name='relevant_date-day']").focus()
    wait_ready(page)
    assert any("pyodide" in u for u in seen)


def test_one_worker_serves_every_calculator_across_instant_navigation(page, server):
    page.goto(server + "calculators/notification-period/")
    wait_ready(page)
    page.locator(".md-nav a[href$='calculators/pre-charge-bail/']").first.click()
    page.wait_for_url("**/calculators/pre-charge-bail/")
    assert page.evaluate("window.procedures.state().stage") == "ready"
    fill_form(page, "pre-charge-bail", {"arrest_date": "2024-03-01"})
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-headline").wait_for(timeout=5000)
    assert page.evaluate("window.procedures.workersStarted()") == 1
    assert page.locator(".calc-headline").inner_text() == calculate(
        "pre-charge-bail", {"arrest_date": "2024-03-01"})["headline"]


def test_without_javascript_the_page_says_so_and_the_form_sends_nothing(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "calculators/notification-period/")
    notice = page.locator(".calc-noscript")
    assert "needs JavaScript" in notice.inner_text()
    assert notice.locator("a").get_attribute("href").endswith("notification/")
    page.fill("[name='relevant_date-day']", "1")
    requests.clear()
    page.get_by_role("button", name="Calculate").click()
    page.wait_for_timeout(300)
    assert requests == [] and "?" not in page.url
    context.close()
