"""axe-core (from npm, injected) on every page, calculators before and after an answer: WCAG 2.2 A and AA."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pages_of(site: Path) -> list[str]:
    paths = []
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        if "assets" not in index.parts:
            paths.append("" if folder == "." else folder + "/")
    return sorted(paths)


def violations(page) -> list[str]:
    # Evaluated, not added as a <script>: the site's Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text("utf-8"))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def test_every_page_passes_axe(page, server, site):
    problems = {}
    for path in pages_of(site):
        page.goto(server + path)
        found = violations(page)
        if found:
            problems[path or "/"] = found
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


@pytest.mark.parametrize("width", [1280, 375])
def test_calculator_with_an_answer_and_with_errors_passes_axe(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + "calculators/notification-period/#relevant_date=2024-03-01&age_on_relevant_date=17"
                       "&disposal=detention_and_training_order&term=P8M")
    page.locator(".calc-headline").wait_for(timeout=60000)
    assert violations(page) == []
    page.goto(server + "calculators/notification-period/")
    page.get_by_role("button", name="Calculate").click()
    page.locator(".calc-error-summary").wait_for(state="visible", timeout=60000)
    assert violations(page) == []
