"""Hostile and careless input in the page: damaged links, a blocked runtime, a slow or runaway
calculation, an empty form before the engine has loaded, several calculators on one page, and the
words a person reads.  Each calculator's page is opened once per test and given one fragment after
another (a fragment change is not a new page), so the tests stay quick.

Nothing here waits a fixed time: a long timeout only catches a hang.  The slow calculation comes
from ``window.procedures.testDelay``, which makes the worker stay busy before it answers.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from casefiles import load_cases
from procedures import InputError, calculate, calculators, schema
from web.browser import fill_form, shown

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CASES = load_cases()
WAIT = 60000
READY = "() => window.procedures && window.procedures.state().stage === 'ready'"
# The calculator has said something: an error summary, an answer, or the notice that it cannot load.
SETTLED = """name => {
  const root = document.querySelector(`[data-calculator-root="${name}"]`);
  return !root.querySelector(".calc-error-summary").hidden || !!root.querySelector(".calc-headline")
    || !root.querySelector("[data-notice]").hidden;
}"""
# What the summary says, and for each item the label of the field its link leads to.
SAID = """name => {
  const root = document.querySelector(`[data-calculator-root="${name}"]`), form = root.querySelector("form");
  const labelOf = (group) => {
    const label = group && group.querySelector("legend, label");
    return label && label.firstChild ? label.firstChild.textContent.trim() : null;
  };
  const items = [...root.querySelectorAll(".calc-error-summary li")].map((li) => {
    const link = li.querySelector("a[href^='#']"), target = link && document.getElementById(link.getAttribute("href").slice(1));
    return { text: li.textContent, label: labelOf(target && target.closest("[data-field]")),
             inForm: !!target && target.closest("form") === form };
  });
  const headline = root.querySelector(".calc-headline");
  return { summary: root.querySelector(".calc-error-summary").hidden ? null : items,
           headline: headline && headline.textContent,
           notice: root.querySelector("[data-notice]").hidden ? null : root.querySelector("[data-notice]").textContent };
}"""


def form_cases(name):
    return [c for c in CASES if c.calculator == name and not c.error and shown(name, c.input)]


def fragment_of(inputs: dict) -> str:
    def text(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value) if isinstance(value, (list, dict)) else str(value)
    return "&".join(f"{quote(k)}={quote(text(v))}" for k, v in inputs.items())


def words_of(label: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", label).lower()


def follow(page, name: str, fragment: str) -> dict:
    """Start again, put ``fragment`` in the address bar of the open page, and return what the calculator said."""
    root = f"[data-calculator-root='{name}']"
    page.locator(f"{root} button[type=reset]").click()
    page.evaluate("h => { location.hash = h; }", "#" + fragment)
    page.wait_for_function(SETTLED, arg=name, timeout=WAIT)
    return page.evaluate(SAID, name)


def assert_named_or_damaged(said: dict, why: str) -> None:
    """An answer, or a summary each of whose items says the link is damaged or names its field."""
    if said["headline"]:
        assert said["summary"] is None, why
        return
    assert said["summary"], f"{why}: neither an answer nor a message"
    for item in said["summary"]:
        if item["text"].startswith("This link is damaged: "):
            assert "select Calculate" in item["text"], item
            continue
        assert item["inForm"] and item["label"], f"{why}: {item}"
        assert words_of(item["label"]) in item["text"].lower(), f"{why}: {item}"


def damaged_fragments(name: str) -> list[tuple[str, str]]:
    """(why, fragment) pairs: malformed links of every kind, and well-formed ones with one bad value."""
    props = schema(name)["properties"]
    first, last = list(props)[0], list(props)[-1]
    lists = [k for k, p in props.items() if p.get("type") == "array"] or [first]
    base = form_cases(name)[0].input
    broken_json, json_text = quote('[{"start": "2024'), quote('{"a": [null]}')
    out = [
        ("a bad percent sign", f"{first}=%E0%A4%A"),
        ("a lone percent sign", f"{first}=50%&{last}=%"),
        ("a list holding null", f"{lists[0]}={quote('[null]')}&" + fragment_of(base)),
        ("a list holding a list", f"{lists[0]}={quote('[[1], 2]')}"),
        ("broken JSON in a list field", f"{lists[0]}={broken_json}"),
        ("broken JSON, not encoded", f"{lists[0]}=[{{&{first}=1"),
        ("unknown keys", "colour=red&__proto__=1&constructor=x&" + fragment_of(base)),
        ("a key given twice", f"{fragment_of(base)}&{first}=1"),
        ("a huge value", f"{first}=" + "9" * 5000),
        ("a fragment of 100 kB", f"{first}=" + "1" * 100_000),
        ("another calculator", "calculator=no-such-calculator&x=1"),
        ("nothing but separators", "=&&=&"),
        ("a value that is JSON where text belongs", f"{first}={json_text}"),
    ]
    for key, prop in props.items():
        with_it = [c.input for c in form_cases(name) if key in c.input]
        if prop.get("format") == "date" and with_it:
            out += [(f"{key} as 5/3/24", fragment_of({**with_it[0], key: "5/3/24"})),
                    (f"{key} as 31/2/2024", fragment_of({**with_it[0], key: "31/2/2024"})),
                    (f"{key} as yesterday", fragment_of({**with_it[0], key: "yesterday"}))]
        if prop.get("format") == "duration" and with_it:
            out += [(f"{key} negative", fragment_of({**with_it[0], key: "P-1M"})),
                    (f"{key} negative before P", fragment_of({**with_it[0], key: "-P6M"})),
                    (f"{key} in words", fragment_of({**with_it[0], key: "6 months"}))]
        if prop.get("enum") and with_it:
            out.append((f"{key} not an option", fragment_of({**with_it[0], key: "<b>nope</b>"})))
        if prop.get("type") == "integer" and with_it:
            out.append((f"{key} negative", fragment_of({**with_it[0], key: -5})))
    return out


@pytest.mark.parametrize("name", calculators())
def test_every_damaged_link_ends_in_an_answer_or_a_message_naming_the_field(page, server, name):
    page.goto(server + f"calculators/{name}/")
    page.wait_for_function(READY, timeout=WAIT)
    for why, fragment in damaged_fragments(name):
        said = follow(page, name, fragment)
        assert_named_or_damaged(said, why)
        assert "NaN" not in json.dumps(said), why
        assert page.evaluate("() => [...document.querySelectorAll('input')].some(i => /NaN/.test(i.value))") is False, why
    # the kinds that cannot be put right by filling the form are said to be damage, with what to do
    for fragment in (f"{list(schema(name)['properties'])[0]}=%E0%A4%A", "x=" + "1" * 100_000, "calculator=nope&a=1"):
        said = follow(page, name, fragment)
        assert said["summary"][0]["text"].startswith("This link is damaged: "), fragment


@pytest.mark.parametrize("name", calculators())
def test_a_date_written_the_uk_way_in_a_link_gives_the_same_answer(page, server, name):
    """5/3/2024 is day, month, year: the same answer as 2024-03-05 (where the case uses such a date)."""
    page.goto(server + f"calculators/{name}/")
    tried = 0
    for case in form_cases(name)[:3]:
        dates = [k for k, v in case.input.items() if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
        if not dates:
            continue
        y, m, d = case.input[dates[0]].split("-")
        said = follow(page, name, fragment_of({**case.input, dates[0]: f"{int(d)}/{int(m)}/{y}"}))
        assert said["headline"] == calculate(name, case.input)["headline"], f"{case.name}: the page said {said}"
        tried += 1
    assert tried or name == "mappa-category"


def test_a_blocked_runtime_is_said_as_soon_as_the_request_fails(page, server):
    """The .wasm refused (a web filter, a proxy): the notice says so at once, not after the 20 s watchdog."""
    page.route("**/*.wasm", lambda route: route.abort())
    page.goto(server + "calculators/notification-period/#relevant_date=2024-03-01&age_on_relevant_date=30"
                       "&disposal=caution")
    notice = page.locator("[data-notice]")
    notice.wait_for(state="visible", timeout=WAIT)
    state = page.evaluate("() => window.procedures.state()")
    assert state["reason"] == "blocked" and state["file"] == "pyodide.asm.wasm"  # not "stalled"
    text = notice.inner_text()
    assert "pyodide.asm.wasm" in text and "could not be downloaded" in text
    assert "tables in the guidance" in text and "offline copy" in text and "another network" in text
    assert notice.get_by_role("link", name="tables in the guidance").get_attribute("href").endswith("notification/")
    assert "could not load" in page.locator("[data-status]").inner_text()
    assert page.locator(".calc-headline").count() == 0
    # "Try again" asks again, and says so again when the runtime is still refused
    starts = page.evaluate("() => window.procedures.workersStarted()")
    notice.get_by_role("button", name="Try again").click()
    page.wait_for_function("n => window.procedures.workersStarted() > n && window.procedures.state().stage === 'failed'",
                           arg=starts, timeout=WAIT)
    notice.wait_for(state="visible", timeout=WAIT)


def test_start_again_during_a_slow_calculation_shows_nothing_stale(page, server):
    page.goto(server + "calculators/notification-period/")
    page.wait_for_function(READY, timeout=WAIT)
    root = "[data-calculator-root='notification-period']"
    wrong = {"relevant_date": "2024-03-01", "date_of_birth": "2025-01-01", "disposal": "other"}  # the engine refuses it
    right = {"relevant_date": "2024-03-01", "age_on_relevant_date": 17, "disposal": "detention_and_training_order",
             "term": "P8M"}

    # 1. a slow calculation, then "Start again": its reply comes, and is dropped
    page.evaluate("() => { window.procedures.testDelay = 4000; }")
    fill_form(page, "notification-period", wrong)
    page.get_by_role("button", name="Calculate").click()
    page.wait_for_function("() => window.procedures.busy()", timeout=WAIT)
    page.get_by_role("button", name="Start again").click()
    page.wait_for_function("() => window.procedures.replies().dropped >= 1", timeout=WAIT)
    assert page.locator(f"{root} .calc-error-summary").is_hidden()
    assert page.locator(f"{root} .calc-group--error").count() == 0 and page.locator(".calc-headline").count() == 0
    assert page.evaluate("location.hash") == ""

    # 2. a slow one that would fail, and at once a quick one: only the quick one's answer shows
    page.evaluate("() => { window.procedures.testDelay = 60000; }")
    fill_form(page, "notification-period", wrong)
    page.get_by_role("button", name="Calculate").click()
    page.wait_for_function("() => window.procedures.busy()", timeout=WAIT)
    starts = page.evaluate("() => window.procedures.workersStarted()")
    page.evaluate("() => { window.procedures.testDelay = 0; }")
    page.get_by_role("button", name="Start again").click()
    fill_form(page, "notification-period", right)
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-headline").wait_for(timeout=WAIT)
    assert page.locator(".calc-headline").inner_text() == calculate("notification-period", right)["headline"]
    assert page.locator(f"{root} .calc-error-summary").is_hidden()
    # the slow one was still running, so the worker was replaced rather than waited for
    assert page.evaluate("() => window.procedures.workersStarted()") == starts + 1


def test_a_runaway_calculation_is_stopped_and_the_next_one_answers(page, server):
    page.goto(server + "calculators/pre-charge-bail/")
    page.wait_for_function(READY, timeout=WAIT)
    starts = page.evaluate("() => window.procedures.workersStarted()")
    page.evaluate("() => { window.procedures.limit = 1000; window.procedures.testDelay = 30000; }")
    fill_form(page, "pre-charge-bail", {"arrest_date": "2024-03-01"})
    page.get_by_role("button", name="Calculate").click()
    summary = page.locator(".calc-error-summary")
    summary.wait_for(state="visible", timeout=WAIT)
    assert "took longer than 1 seconds, so it was stopped" in summary.inner_text()
    assert page.evaluate("() => window.procedures.workersStarted()") == starts + 1
    page.evaluate("() => { window.procedures.limit = 15000; window.procedures.testDelay = 0; }")
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-headline").wait_for(timeout=WAIT)
    assert summary.is_hidden()


def expected_missing(name: str) -> list[list[str]]:
    """What an empty form lacks, before any choice: each required field shown, and each "give one of" group."""
    s = schema(name)
    props = s["properties"]
    shown_now = [k for k, p in props.items() if not p.get("x-shown-when")]
    out = [[props[k]["title"]] for k in shown_now if k in s["required"]]
    for group in s.get("x-one-of", []):
        members = [k for k in shown_now if k in group]
        if members:
            out.append([props[k]["title"] for k in members])
    return out


@pytest.mark.parametrize("name", calculators())
def test_an_empty_form_lists_every_missing_field_before_the_engine_has_loaded(page, server, name):
    page.route("**/*.wasm", lambda route: None)  # the runtime never arrives
    page.goto(server + f"calculators/{name}/")
    page.get_by_role("button", name="Calculate").click()
    said = page.evaluate(SAID, name)
    expected = expected_missing(name)
    if not expected:  # nothing is needed (an empty case timeline has an answer): it waits for the engine
        assert said["summary"] is None and page.evaluate("() => window.procedures.replies().received") == 0
        return
    assert said["summary"] and len(said["summary"]) == len(expected), said
    for titles, item in zip(expected, said["summary"]):
        assert item["inForm"] and all(words_of(t) in item["text"].lower() for t in titles), (titles, item)
    assert page.evaluate("() => window.procedures.state().stage") != "ready"
    assert page.evaluate("() => window.procedures.replies().received") == 0
    # every field named beside it too, in the same words
    inline = page.locator(f"[data-calculator-root='{name}'] .calc-error-message:visible").all_inner_texts()
    assert [re.sub(r"^Error:\s*", "", t) for t in inline] == [i["text"] for i in said["summary"]]


def test_several_calculators_on_one_page_have_ids_of_their_own(page, server):
    page.goto(server + "notification/")
    page.evaluate("() => document.querySelectorAll('[data-add]').forEach((b) => b.click())")  # entries' ids count too
    found = page.evaluate("""() => {
      const roots = [...document.querySelectorAll("[data-calculator-root]")];
      const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
      const ours = roots.flatMap((r) => [...r.querySelectorAll("[id]")].map((e) => e.id));
      const labels = roots.flatMap((r) => [...r.querySelectorAll("form label[for]")]);
      const described = roots.flatMap((r) => [...r.querySelectorAll("[aria-describedby]")].flatMap((e) =>
        e.getAttribute("aria-describedby").split(/\\s+/).map((id) => ({ id, root: r, el: document.getElementById(id) }))));
      return {
        calculators: roots.length,
        repeated: ours.filter((id) => ids.indexOf(id) !== ids.lastIndexOf(id)),
        labels: labels.length,
        strayLabels: labels.filter((l) => !l.control || l.control.closest("form") !== l.closest("form")).map((l) => l.htmlFor),
        strayDescriptions: described.filter((d) => !d.el || d.el.closest("[data-calculator-root]") !== d.root).map((d) => d.id),
      };
    }""")
    assert found["calculators"] == 3 and found["labels"] > 50
    assert found["repeated"] == [] and found["strayLabels"] == [] and found["strayDescriptions"] == []
    # the field both forms have: each label focuses its own form's box
    for name in ("notification-period", "indefinite-review"):
        page.locator(f"form[data-calculator='{name}'] label[for$='-age_on_relevant_date']").click()
        assert page.evaluate("document.activeElement.closest('form').dataset.calculator") == name
    # and the error summary's links lead into their own form
    page.locator("form[data-calculator='indefinite-review'] button[type=submit]").click()
    said = page.evaluate(SAID, "indefinite-review")
    assert said["summary"] and all(item["inForm"] for item in said["summary"])
    page.locator("[data-calculator-root='indefinite-review'] .calc-error-summary a").last.click()
    assert page.evaluate("document.activeElement.closest('form').dataset.calculator") == "indefinite-review"


class _Labels(HTMLParser):
    """Each field of a generated form: whether its label says "(optional)", always or only sometimes."""

    def __init__(self):
        super().__init__()
        self.fields, self._stack = {}, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-field" in a:
            self._stack.append(a["data-field"])
            self.fields[a["data-field"]] = None
        if tag == "span" and a.get("class") == "calc-optional" and self._stack:
            self.fields[self._stack[-1]] = "sometimes" if "data-optional" in a else "always"

    def handle_endtag(self, tag):
        pass


# Needed or not by a date, which x-required-when cannot say (it names choices): the hint says when.
BY_DATE = {("notification-deadline", "trip_days")}


@pytest.mark.parametrize("name", calculators())
def test_optional_is_said_only_of_what_the_engine_does_without(site, name):
    """For every form case, a field labelled "(optional)" can be left out, and one that is not cannot."""
    html = (site / "calculators" / name / "index.html").read_text("utf-8")
    labels = _Labels()
    labels.feed(re.sub(r"<template.*?</template>", "", html, flags=re.S))
    s = schema(name)
    one_of = {k: g for g in s.get("x-one-of", []) for k in g}
    for case in form_cases(name):
        for key, value in case.input.items():
            if s["properties"][key].get("type") == "boolean" or value in (None, "", []):
                continue
            said = labels.fields[key]
            if said == "sometimes":
                rule = s["properties"][key]["x-required-when"]
                said = None if all(case.input.get(k, False) in allowed for k, allowed in rule.items()) else "always"
            left_out = {k: v for k, v in case.input.items() if k != key}
            others = [k for k in one_of.get(key, []) if k != key and case.input.get(k) not in (None, "")]
            try:
                calculate(name, left_out)
                refused = None
            except InputError as exc:
                refused = exc.field
            if (name, key) in BY_DATE:
                continue
            if said:
                assert refused != key, f"{case.name}: {key} is labelled optional, but the engine needs it"
            elif not others:
                assert refused is not None, f"{case.name}: {key} is not labelled optional, but the engine does without it"
    for key in s["required"]:
        assert labels.fields[key] is None, key


def test_required_only_sometimes_says_so_as_the_answers_change(page, server):
    page.goto(server + "calculators/mappa-category/")
    optional = page.locator("[data-field='term'] [data-optional]")
    fill_form(page, "mappa-category", {"sentence": "imprisonment", "offence": "other"})
    assert optional.is_visible()
    fill_form(page, "mappa-category", {"offence": "murder"})
    assert optional.is_hidden()


OUTPUT_FRAGMENTS = {
    "pre-charge-bail": ["arrest_date=2024-03-01", "arrest_date=2016-03-01", "arrest_date=2019-05-01&case_type=sfo"],
    "order-duration": ["order=dvpn&made_date=2024-03-01&served_at=2024-03-01T21%3A30",
                       "order=shpo&made_date=2024-03-01"],
    "indefinite-review": ["first_notification_date=2010-01-01&age_on_relevant_date=30",
                          "first_notification_date=2020-01-01&age_on_relevant_date=15"],
    "mappa-category": ["subject_to_notification=false&offence=schedule_15&sentence=imprisonment&term=P2Y"],
    "notification-period": ["relevant_date=2024-03-01&age_on_relevant_date=30&disposal=imprisonment&term=P8M"],
}


@pytest.mark.parametrize("name", sorted(OUTPUT_FRAGMENTS))
def test_the_answer_is_in_words_not_codes(page, context, server, name):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server + f"calculators/{name}/")
    codes = {code for values in schema(name)["x-output-values"].values() for code in values}
    for fragment in OUTPUT_FRAGMENTS[name]:
        said = follow(page, name, fragment)
        assert said["headline"], (fragment, said)
        rows = page.evaluate("""() => [...document.querySelectorAll(".calc-summary dt")].map((dt) =>
            [dt.textContent, dt.nextElementSibling && dt.nextElementSibling.tagName, dt.nextElementSibling.textContent])""")
        for label, tag, text in rows:
            assert tag == "DD" and text.strip(), (fragment, label)
            assert text.strip() not in codes and not re.search(r"\b[a-z]+_[a-z_]+\b", text), (fragment, label, text)
            assert ".;" not in text and text != "false", (fragment, label, text)
        labels = [r[0] for r in rows]
        if "dvpn" in fragment:
            assert "Lasts indefinitely" not in labels and "Can be made until further order" not in labels
        if "2016" in fragment:
            assert labels and "Limits if designated exceptionally complex" not in labels and "Time limits, in order" not in labels
        page.get_by_role("button", name="Copy for case notes").click()
        page.get_by_text("Copied. Paste it into your case notes.").wait_for()
        notes = page.evaluate("navigator.clipboard.readText()")
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", notes.split("Reasons:")[0]), notes
        for code in codes - {"none"}:
            assert f": {code}\n" not in notes, (code, notes)
    if name == "pre-charge-bail":
        follow(page, name, "arrest_date=2024-03-01")
        limits = page.locator(".calc-summary ol li").all_inner_texts()
        assert limits and "the custody officer" in limits[0] and "custody_officer" not in " ".join(limits)
    if name == "mappa-category":
        assert page.locator(".calc-summary ul li").count() >= 2  # the reasons, one to a line


def test_case_notes_and_calendar_leave_the_link_out_unless_asked(page, context, server):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    fragment = "relevant_date=2024-03-01&age_on_relevant_date=17&disposal=detention_and_training_order&term=P8M"
    page.goto(server + "calculators/notification-period/#" + fragment)
    page.locator(".calc-headline").wait_for(timeout=WAIT)
    share = page.locator(".calc-share")
    assert "if your calendar syncs, it copies them off this device" in share.inner_text()
    box = share.get_by_label("Include a link to this calculation")
    assert not box.is_checked()
    assert "anyone who gets it can see them" in share.inner_text()

    page.get_by_role("button", name="Copy for case notes").click()
    page.get_by_text("Copied. Paste it into your case notes.").wait_for()
    notes = page.evaluate("navigator.clipboard.readText()")
    assert "#" not in notes and "relevant_date" not in notes
    assert f"Calculator: {server}calculators/notification-period/" in notes
    assert "Relevant date: 1 March 2024" in notes  # the details, in words, without a link that carries them
    with page.expect_download() as download:
        page.get_by_role("button", name="Add dates to calendar (.ics)").click()
    ics = Path(download.value.path()).read_text("utf-8")
    assert "DTSTART;VALUE=DATE:20270831" in ics and "#" not in ics and "relevant_date" not in ics

    box.check()
    page.get_by_role("button", name="Copy for case notes").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t.includes('#relevant_date='))")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add dates to calendar (.ics)").click()
    assert "#relevant_date=" in Path(download.value.path()).read_text("utf-8").replace("\r\n ", "")


def test_a_fault_in_the_engine_says_where_to_report_it_without_the_case(page, server):
    page.goto(server + "calculators/notification-period/")
    meta = page.evaluate("() => document.querySelector('meta[name=report-problem]').content")
    # a fault, as the worker reports one (the engine has none to find on purpose)
    page.evaluate("""() => { window.procedures.request = () => ({ id: -1, promise: Promise.resolve(
        { error: { field: null, unexpected: "ValueError", message: "x" } }) }); }""")
    fill_form(page, "notification-period", {"relevant_date": "2024-03-01", "age_on_relevant_date": 30, "disposal": "caution"})
    page.get_by_role("button", name="Calculate").click()
    summary = page.locator(".calc-error-summary")
    summary.wait_for(state="visible")
    text = summary.inner_text()
    assert "This is a fault in the calculator, not in what you entered" in text and "ValueError" not in text
    assert "How long the notification requirements last" in text and "Do not send any details of the case" in text
    href = summary.locator("a").first.get_attribute("href")
    assert href == page.evaluate("u => new URL(u, location.href).href", meta)
    # a mailto: address gets the calculator's name and edition, never what was typed
    page.evaluate("() => { document.querySelector('meta[name=report-problem]').content = 'mailto:help@example.org'; }")
    page.get_by_role("button", name="Calculate").click()
    link = summary.locator("a[href^='mailto:']")
    link.wait_for()
    assert link.inner_text() == "help@example.org"
    mail = unquote(link.get_attribute("href"))
    assert "Fault in the calculator: How long the notification requirements last" in mail and "Edition: 2026" in mail
    assert "2024" not in mail and "caution" not in mail and "#" not in mail


def _axe(page) -> list[str]:
    """axe-core run through the DevTools protocol (the page's policy refuses an injected <script>)."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text("utf-8"))
    # the theme's header and "back to top" fade as the page scrolls: judge the colours they end with
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_error_state_passes_axe(page, context, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "calculators/notification-period/")
    page.wait_for_function(READY, timeout=WAIT)
    # an empty form sent from the keyboard: the summary takes focus, as a keyboard user meets it
    page.locator("[name='relevant_date-day']").focus()
    page.keyboard.press("Enter")
    page.locator(".calc-error-summary").wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('calc-error-summary')")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    assert _axe(page) == [], "empty form"
    states = {"damaged link": "relevant_date=%E0%A4%A&disposal=caution",
              "bad values": "relevant_date=5/3/24&age_on_relevant_date=9&disposal=imprisonment&term=P-1M",
              "engine refuses": "relevant_date=2024-03-01&date_of_birth=2025-01-01&disposal=other",
              "answer": "relevant_date=2024-03-01&age_on_relevant_date=17&disposal=detention_and_training_order&term=P8M"}
    for state, fragment in states.items():
        follow(page, "notification-period", fragment)
        assert _axe(page) == [], state
    # the notice when the runtime is refused
    blocked = context.new_page()
    blocked.set_viewport_size({"width": width, "height": 900})
    blocked.route("**/*.wasm", lambda route: route.abort())
    blocked.goto(server + "calculators/order-duration/")
    blocked.locator("[data-notice]").wait_for(state="visible", timeout=WAIT)
    assert _axe(blocked) == [], "runtime notice"
    blocked.close()


def test_the_hostile_sample_gives_the_same_answers_in_the_browser(page, server):
    """tests/hostile/sample.py through Pyodide, against CPython: the same answer, or the same field and message."""
    hostile = pytest.importorskip("hostile.sample")
    items = [{"name": name, "inputs": inputs} for name, inputs in hostile.sample()]
    page.goto(server + "calculators/notification-period/")
    page.wait_for_function(READY, timeout=WAIT)
    answers = json.loads(page.evaluate(
        "text => window.procedures.batch(JSON.parse(text)).then((a) => JSON.stringify(a))", json.dumps(items)))
    assert len(answers) == len(items)
    for item, answer in zip(items, answers):
        inputs = json.loads(json.dumps(item["inputs"]))
        try:
            expected = {"result": json.loads(json.dumps(calculate(item["name"], inputs)))}
        except InputError as exc:
            expected = {"error": {"field": exc.field, "message": exc.message}}
        except Exception as exc:  # noqa: BLE001 (a fault in the engine: the browser must report the same kind)
            expected = {"error": {"field": None, "unexpected": type(exc).__name__}}
        if "unexpected" in expected.get("error", {}):
            assert answer.get("error", {}).get("unexpected") == expected["error"]["unexpected"], item
        elif "error" in expected:
            assert {k: answer.get("error", {}).get(k) for k in ("field", "message")} == expected["error"], item
        else:
            assert answer == expected, item
