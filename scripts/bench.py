"""Benchmark: Pyodide boot against the calculators' first answer, page weight, time per calculation.

Run as ``scripts/bench``.  Builds the site, serves it on 127.0.0.1 and drives Debian's
Chromium.  Prints one table.  Aim: a calculator's first answer within 1.15x the bare
Pyodide boot; text pages download no Pyodide.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# tests/web/conftest.py (not tests/conftest.py), and the site's build
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests"), str(ROOT / "src")]

from casefiles import load_cases  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from procedures_site import bundle  # noqa: E402
from procedures_site.build import build as build_site  # noqa: E402
from procedures_site.serve import serve_folder  # noqa: E402
from procedures import calculate  # noqa: E402
from procedures import InputError  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
FRAGMENTS = {
    "notification-period": "relevant_date=2024-03-01&age_on_relevant_date=17&disposal=detention_and_training_order&term=P8M",
    "notification-deadline": "event=change_of_home_address&event_date=2024-03-01",
    "indefinite-review": "first_notification_date=2012-05-01&age_on_relevant_date=30",
    "order-duration": "order=dvpo&made_date=2024-03-01",
    "pre-charge-bail": "arrest_date=2024-03-01&case_type=standard",
    "mappa-category": "subject_to_notification=true&offence=other&sentence=community",
}
BARE_WORKER = """import { loadPyodide } from "../pyodide/pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href, packages: [] });
postMessage(py.runPython("1 + 1"));
"""
BARE_PAGE = """<!doctype html><html lang="en"><title>bare</title><script>
new Worker("assets/calculators/bare-worker.js", {type: "module"}).onmessage = () => { window.answerAt = performance.now(); };
</script></html>"""


def build(site: Path) -> float:
    start = time.perf_counter()
    build_site(site)
    return time.perf_counter() - start


def serve(site: Path) -> str:
    return serve_folder(site)[0]


def first_answer(context, url: str, probe: str) -> tuple[float, int]:
    """(ms from navigation to the answer, bytes transferred) for one page load."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_function(f"!!({probe})", timeout=120000, polling=20)
    at = page.evaluate(probe)
    transferred = sum(_bytes(r) for r in finished)  # before closing: sizes() needs the page
    page.close()
    return at, transferred


def _bytes(request) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def page_bytes(context, url: str) -> tuple[int, bool]:
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    transferred = sum(_bytes(r) for r in finished)
    page.close()
    return transferred, any("pyodide" in r.url for r in finished)


def cold_and_warm(browser, url: str, probe: str) -> tuple[list[float], list[float], int]:
    cold, warm, transferred = [], [], 0
    for _ in range(RUNS):
        context = browser.new_context()
        at, transferred = first_answer(context, url, probe)
        cold.append(at)
        warm.append(first_answer(context, url, probe)[0])
        context.close()
    return cold, warm, transferred


def offline_first_answer(browser, tmp: Path) -> tuple[list[float], list[float], int]:
    """The notification-period answer from the offline bundle (scripts/build-offline), unzipped, from
    file://; its "bytes" are the zip's size (nothing is transferred)."""
    import zipfile

    archive = bundle.bundle(tmp / "dist")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(tmp / "offline")
    (folder,) = (tmp / "offline").iterdir()
    url = f"{folder.as_uri()}/calculators/notification-period.html#{FRAGMENTS['notification-period']}"
    probe = "window.procedures && window.procedures.firstAnswerAt"
    cold, warm = [], []
    for _ in range(RUNS):
        context = browser.new_context(offline=True)
        for times in (cold, warm):  # no byte counting: file:// transfers nothing
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(f"!!({probe})", timeout=120000, polling=20)
            times.append(page.evaluate(probe))
            page.close()
        context.close()
    return cold, warm, archive.stat().st_size


def cpython_per_calculation() -> tuple[float, list[dict]]:
    items = [{"name": c.calculator, "inputs": c.input} for c in load_cases()]
    start = time.perf_counter()
    for _ in range(5):
        for item in items:
            try:
                calculate(item["name"], item["inputs"])
            except InputError:
                pass
    return (time.perf_counter() - start) / (5 * len(items)) * 1000, items


def pyodide_per_calculation(browser, base: str, items: list[dict]) -> float:
    page = browser.new_page()
    page.goto(base + "calculators/notification-period/")
    page.wait_for_function("window.procedures && window.procedures.state().stage === 'ready'", timeout=120000)
    elapsed = page.evaluate("""async items => { const t = performance.now();
        for (let i = 0; i < 5; i++) await window.procedures.batch(items);
        return performance.now() - t; }""", items)
    page.close()
    return elapsed / (5 * len(items))


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_seconds = build(site)
        (site / "assets" / "calculators" / "bare-worker.js").write_text(BARE_WORKER)
        (site / "bench-bare.html").write_text(BARE_PAGE)
        base = serve(site)
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            bare_cold, bare_warm, bare_bytes = cold_and_warm(browser, base + "bench-bare.html", "window.answerAt")
            rows.append(("bare Pyodide boot + 1 line", bare_cold, bare_warm, bare_bytes))
            for name, fragment in FRAGMENTS.items():
                cold, warm, size = cold_and_warm(browser, f"{base}calculators/{name}/#{fragment}",
                                                 "window.procedures && window.procedures.firstAnswerAt")
                rows.append((f"{name} first answer", cold, warm, size))
            rows.append(("offline zip (file://) first answer", *offline_first_answer(browser, Path(tmp))))
            context = browser.new_context()
            text_bytes, text_pyodide = page_bytes(context, base + "mappa/")
            calc_bytes, _ = page_bytes(context, base + "calculators/notification-period/")
            context.close()
            cpython_ms, items = cpython_per_calculation()
            pyodide_ms = pyodide_per_calculation(browser, base, items)
            browser.close()
    bare = statistics.median(bare_cold)
    print(f"Benchmark ({RUNS} runs each, median ms; Chromium {CHROMIUM}, {os.cpu_count()} cores)\n")
    print(f"| {'page':38} | {'cold ms':>8} | {'warm ms':>8} | {'cold / bare':>11} | {'bytes (cold)':>12} |")
    print(f"|{'-' * 40}|{'-' * 10}|{'-' * 10}|{'-' * 13}|{'-' * 14}|")
    for label, cold, warm, size in rows:
        print(f"| {label:38} | {statistics.median(cold):8.0f} | {statistics.median(warm):8.0f} | "
              f"{statistics.median(cold) / bare:11.2f} | {size:12,} |")
    print("\n| measure | value |\n|---|---|")
    print(f"| text page (mappa/) bytes transferred | {text_bytes:,} (downloads Pyodide: {'yes' if text_pyodide else 'no'}) |")
    print(f"| calculator page before use, bytes transferred | {calc_bytes:,} |")
    print(f"| time per calculation, CPython | {cpython_ms:.3f} ms |")
    print(f"| time per calculation, Pyodide (in the worker) | {pyodide_ms:.3f} ms |")
    print(f"| site build time | {build_seconds:.1f} s |")


if __name__ == "__main__":
    main()
