"""Benchmark: what a reader feels of the calculators, against a bare boot of the stock npm Pyodide.

Run as ``scripts/bench``.  Builds the site, serves it on 127.0.0.1 as a static host would
(``Host``: ``Cache-Control: public, max-age=600`` and an ETag, as GitHub Pages sends; brotli or
gzip for text, scripts, JSON and WebAssembly), laid out as ``scripts/publish`` lays out editions
(the edition in its own folder, ``versions.json`` beside it, which the theme's edition list
fetches), and drives Debian's Chromium with Playwright:

- **cold**: a fresh browser profile, one visit: milliseconds from navigation to the first answer;
- **warm**: a persistent profile (``launch_persistent_context``; Playwright's throwaway contexts
  keep no file over 6.25 MB in their cache), the browser closed and opened again between visits,
  the third visit measured;
- **bytes**: on the wire (compressed, headers included) on the cold visit, asked for before the first
  answer (a memory snapshot the worker did not use, about 5 MB once, is fetched after it);
- **throttled**: cold on a 10 Mbit/s line with 40 ms latency (Chromium's own network emulation);

each against the same measure of ``bench-bare.html``, a page whose worker boots the stock npm
Pyodide (its own ``python_stdlib.zip`` and lock file) and runs one line, in the same run; and, to
tell the runtime's share from the page's, ``bench-ours-N.html``: the site's worker alone, until ready, under
each memory-snapshot policy.  Then
Lighthouse 12 (npm-pinned) in mobile and desktop modes for the home page, a chapter and a
calculator page (the median of BENCH_LIGHTHOUSE_RUNS runs by performance score: the machine's
load moves the blocking time it measures); time per calculation in CPython and in Pyodide; the offline copy's first answer;
the build time.  Prints tables.  A benchmark, not a test: it fails only if something cannot run.

Environment: BENCH_RUNS (3), BENCH_LIGHTHOUSE_RUNS (3), BENCH_CALCULATORS (comma-separated; all six), BENCH_LIGHTHOUSE=0 to
leave Lighthouse out, BENCH_OFFLINE=0 to leave the offline copy out.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
# tests/web/conftest.py (not tests/conftest.py), and the site's build
sys.path[:0] = [str(ROOT / "tests" / "web"), str(ROOT / "tests"), str(ROOT / "src")]

from casefiles import load_cases  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from procedures_site import bundle, config, runtime  # noqa: E402
from procedures_site.build import build as build_site  # noqa: E402
from procedures import calculate  # noqa: E402
from procedures import InputError  # noqa: E402

try:
    import brotli
except ImportError:  # requirements-dev.txt pins it; without it the host sends gzip
    brotli = None

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
FRAGMENTS = {
    "notification-period": "relevant_date=2024-03-01&age_on_relevant_date=17&disposal=detention_and_training_order&term=P8M",
    "notification-deadline": "event=change_of_home_address&event_date=2024-03-01",
    "indefinite-review": "first_notification_date=2012-05-01&age_on_relevant_date=30",
    "order-duration": "order=dvpo&made_date=2024-03-01",
    "pre-charge-bail": "arrest_date=2024-03-01&case_type=standard",
    "mappa-category": "subject_to_notification=true&offence=other&sentence=community",
}
CALCULATORS = [c for c in os.environ.get("BENCH_CALCULATORS", ",".join(FRAGMENTS)).split(",") if c]
ANSWER = "window.procedures && window.procedures.firstAnswerAt"
BARE_ANSWER = "window.answerAt"
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8, "uploadThroughput": 10_000_000 / 8}
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PAGES = {"home": "", "chapter": "notification/", "calculator": "calculators/notification-period/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# The stock npm Pyodide, as its documentation starts it: its loader imported, its files from indexURL.
STOCK_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
BARE_WORKER = """import { loadPyodide } from "./pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("./", import.meta.url).href, packages: [] });
postMessage(py.runPython("1 + 1"));
"""
# The site's own worker alone, without the page (its scripts, styles, search): the runtime's share.
# Each memory-snapshot policy (procedures_site.snapshot) through the worker's own switch: the site's
# ("fast": from the cache, or on a first visit if it arrives in time), "always" and "never".
OURS_PAGE = """<!doctype html><html lang="en"><title>ours</title><script>
new Worker("assets/calculators/worker.js{hash}", {{type: "module"}}).onmessage = (event) => {{
  if (event.data && event.data.type === "ready") window.answerAt = performance.now(); }};
</script></html>"""
OURS = {"": "our worker alone, ready (site's snapshot policy)", "#snapshot=always": "our worker alone, snapshot always",
        "#snapshot=never": "our worker alone, no snapshot"}
BARE_PAGE = """<!doctype html><html lang="en"><title>bare</title><script>
new Worker("bench-stock/bare-worker.js", {type: "module"}).onmessage = () => { window.answerAt = performance.now(); };
</script></html>"""


# ---- the host --------------------------------------------------------------------------------

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/wasm", "image/svg+xml",
                    "application/xml", "application/atom+xml", "application/manifest+json")
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript", ".whl": "application/zip",
         ".json": "application/json", ".xml": "application/xml"}


class Host(BaseHTTPRequestHandler):
    """A static host: files from ``root``, an ETag and ``Cache-Control: public, max-age=600`` on
    each (304 for a matching If-None-Match), and the body compressed for the types a host compresses:
    brotli (quality 9) if the browser takes it and the module is installed, else gzip (level 6)."""

    root: Path
    cache: dict = {}
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    @classmethod
    def body(cls, file: Path, encoding: str | None) -> tuple[bytes, str]:
        """The bytes to send and their ETag, compressed once and kept."""
        key = (file, file.stat().st_mtime_ns, encoding)
        with cls.lock:
            if key in cls.cache:
                return cls.cache[key]
        data = file.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + (f"-{encoding}" if encoding else "") + '"'
        if encoding == "br":
            data = brotli.compress(data, quality=9)
        elif encoding == "gzip":
            data = gzip.compress(data, 6, mtime=0)
        with cls.lock:
            cls.cache[key] = (data, etag)
        return data, etag

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        file = self._file()
        if file is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        accepted = {e.split(";")[0].strip() for e in self.headers.get("Accept-Encoding", "").split(",")}
        encoding = None
        if kind.startswith(COMPRESSED_TYPES):
            encoding = "br" if brotli and "br" in accepted else "gzip" if "gzip" in accepted else None
        data, etag = self.body(file, encoding)
        if etag in {t.strip() for t in self.headers.get("If-None-Match", "").split(",")}:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "public, max-age=600")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "public, max-age=600")
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if not head:
            self.wfile.write(data)


def host(site: Path) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``site``, every file compressed beforehand (as a host that precompresses its files):
    no visit waits for the compression of a file."""
    handler = type("SiteHost", (Host,), {"root": site.resolve(), "cache": {}})
    for file in sorted(p for p in handler.root.rglob("*") if p.is_file()):
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or ""
        if kind.startswith(COMPRESSED_TYPES):
            for encoding in (["br"] if brotli else []) + ["gzip"]:
                handler.body(file, encoding)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


# ---- visits ----------------------------------------------------------------------------------

class Browser:
    """Chromium with a profile of its own on disk, opened for one visit and closed after it."""

    def __init__(self, playwright, profile: Path):
        self.playwright, self.profile = playwright, profile

    def visit(self, url: str, probe: str, throttle: dict | None = None, settle: float = 0) -> tuple[float, int]:
        """(ms from navigation to the probe's value, bytes on the wire) of one visit."""
        context = self.playwright.chromium.launch_persistent_context(
            str(self.profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            finished = []
            context.on("requestfinished", lambda request: finished.append(request))
            if throttle:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", throttle)
            page.goto(url)
            page.wait_for_function(f"() => !!({probe})", timeout=180000, polling=20)  # functions: the policy refuses eval
            at = page.evaluate(f"() => {probe}")
            # Only what was asked for before the answer: a worker that did not use its memory snapshot
            # fetches it after.
            answered = page.evaluate("() => performance.timeOrigin") + at
            transferred = sum(wire_bytes(r) for r in finished if r.timing["startTime"] <= answered)
            if settle:
                time.sleep(settle)  # let the browser write its caches (compiled code) before it closes
            return at, transferred
        finally:
            context.close()


def wire_bytes(request) -> int:
    try:
        sizes = request.sizes()
    except Exception:  # noqa: BLE001 (a request whose sizes the browser no longer has)
        return 0
    return max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])


def measure(playwright, tmp: Path, url: str, probe: str, throttled: bool = False) -> dict:
    """Cold (fresh profile), warm (third visit of a persistent profile), bytes, and throttled cold."""
    out = {"cold": [], "warm": [], "bytes": [], "throttled": []}
    for run in range(RUNS):
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
        browser = Browser(playwright, profile)
        at, wire = browser.visit(url, probe, settle=2)
        out["cold"].append(at)
        out["bytes"].append(wire)
        browser.visit(url, probe, settle=2)
        out["warm"].append(browser.visit(url, probe)[0])
        shutil.rmtree(profile, ignore_errors=True)
        if throttled:
            profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
            out["throttled"].append(Browser(playwright, profile).visit(url, probe, throttle=THROTTLE)[0])
            shutil.rmtree(profile, ignore_errors=True)
    return out


def page_bytes(playwright, tmp: Path, url: str) -> tuple[int, bool]:
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))
    context = playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                           args=CHROMIUM_ARGS, headless=True)
    page = context.pages[0] if context.pages else context.new_page()
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    transferred = sum(wire_bytes(r) for r in finished)
    pyodide = any("pyodide" in r.url for r in finished)
    context.close()
    shutil.rmtree(profile, ignore_errors=True)
    return transferred, pyodide


def offline_first_answer(browser, tmp: Path) -> tuple[list[float], list[float], int]:
    """The notification-period answer from the offline bundle (scripts/build-offline), unzipped, from
    file://; its "bytes" are the zip's size (nothing is transferred)."""
    archive = bundle.bundle(tmp / "dist")
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp / "offline")
    (folder,) = (tmp / "offline").iterdir()
    url = f"{folder.as_uri()}/calculators/notification-period.html#{FRAGMENTS['notification-period']}"
    cold, warm = [], []
    for _ in range(RUNS):
        context = browser.new_context(offline=True)
        for times in (cold, warm):
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(f"() => !!({ANSWER})", timeout=180000, polling=20)
            times.append(page.evaluate(f"() => {ANSWER}"))
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
    page.wait_for_function("() => window.procedures && window.procedures.state().stage === 'ready'", timeout=180000)
    elapsed = page.evaluate("""async items => { const t = performance.now();
        for (let i = 0; i < 5; i++) await window.procedures.batch(items);
        return performance.now() - t; }""", items)
    page.close()
    return elapsed / (5 * len(items))


# ---- Lighthouse ------------------------------------------------------------------------------

def lighthouse(url: str, desktop: bool, out: Path) -> dict:
    """One Lighthouse run (npm-pinned, Debian's Chromium): scores, key metrics, what fell short."""
    command = ["node", str(LIGHTHOUSE), url, "--chrome-flags=--headless --no-sandbox", "--output=json",
               f"--output-path={out}", "--quiet", "--only-categories=" + ",".join(CATEGORIES)]
    if desktop:
        command.append("--preset=desktop")
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stdout + done.stderr)[-500:]}
    report = json.loads(out.read_text())
    audits = report["audits"]
    short = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 0.9:
                short.append(f"{name}: {audit['id']} ({audit['score']:.2f})")
    return {
        "scores": {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES},
        "metrics": {m: audits[m].get("numericValue") for m in
                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")},
        "short": short,
    }


# ---- the run ---------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    from playwright.sync_api import sync_playwright

    edition = config.derive(config.Options())["extra"]["edition"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "host"
        site = root / edition
        (root / "versions.json").parent.mkdir(parents=True)
        (root / "versions.json").write_text(json.dumps([{"version": edition, "title": edition, "aliases": ["latest"]}]))
        cached = (runtime.CACHE / runtime.key() / "modules.json").exists()
        start = time.perf_counter()
        build_site(site)
        build_seconds = time.perf_counter() - start
        stock = site / "bench-stock"
        stock.mkdir()
        for name in STOCK_FILES:
            shutil.copyfile(runtime.PYODIDE / name, stock / name)
        (stock / "bare-worker.js").write_text(BARE_WORKER)
        (site / "bench-bare.html").write_text(BARE_PAGE)
        for n, hash in enumerate(OURS):
            (site / f"bench-ours-{n}.html").write_text(OURS_PAGE.format(hash=hash))
        made = json.loads((runtime.CACHE / runtime.key() / "modules.json").read_text())["report"]
        address, server = host(root)
        base = f"{address}{edition}/"
        rows = {}
        with sync_playwright() as p:
            rows["bare Pyodide boot (stock npm)"] = measure(p, tmp, base + "bench-bare.html", BARE_ANSWER, throttled=True)
            for n, label in enumerate(OURS.values()):
                rows[label] = measure(p, tmp, f"{base}bench-ours-{n}.html", BARE_ANSWER, throttled=True)
            for name in CALCULATORS:
                rows[f"{name} first answer"] = measure(p, tmp, f"{base}calculators/{name}/#{FRAGMENTS[name]}", ANSWER,
                                                       throttled=name == CALCULATORS[0])
            text_bytes, text_pyodide = page_bytes(p, tmp, base + "mappa/")
            calc_bytes, _ = page_bytes(p, tmp, base + "calculators/notification-period/")
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cpython_ms, items = cpython_per_calculation()
            pyodide_ms = pyodide_per_calculation(browser, base, items)
            offline = offline_first_answer(browser, tmp) if os.environ.get("BENCH_OFFLINE") != "0" else None
            browser.close()
        reports = {}
        if os.environ.get("BENCH_LIGHTHOUSE") != "0":
            for label, path in LIGHTHOUSE_PAGES.items():
                for mode in ("mobile", "desktop"):
                    runs = [lighthouse(base + path, mode == "desktop", tmp / f"lh-{label}-{mode}-{n}.json")
                            for n in range(LIGHTHOUSE_RUNS)]
                    done = sorted((r for r in runs if "error" not in r), key=lambda r: r["scores"]["performance"])
                    reports[(label, mode)] = done[len(done) // 2] if done else runs[0]
        server.shutdown()

    bare = rows["bare Pyodide boot (stock npm)"]
    print(f"Benchmark: {RUNS} runs each, medians; Chromium {CHROMIUM}, {os.cpu_count()} cores; host with "
          f"{'brotli' if brotli else 'gzip'} and Cache-Control: public, max-age=600\n")
    print("| page | cold ms | cold / bare | warm ms (3rd visit) | warm / bare warm | bytes (cold) | bytes / bare |"
          " throttled ms | throttled / bare |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, m in rows.items():
        throttled = (f"{median(m['throttled']):.0f} | {median(m['throttled']) / median(bare['throttled']):.2f}"
                     if m["throttled"] else "— | —")
        print(f"| {label} | {median(m['cold']):.0f} | {median(m['cold']) / median(bare['cold']):.2f} | "
              f"{median(m['warm']):.0f} | {median(m['warm']) / median(bare['warm']):.2f} | "
              f"{median(m['bytes']):,.0f} | {median(m['bytes']) / median(bare['bytes']):.2f} | {throttled} |")
    print("\n(throttled: cold, 10 Mbit/s and 40 ms latency.)\n")
    print("| measure | value |\n|---|---|")
    print(f"| trimmed standard library | {made['modules']} modules, {made['stdlib_bytes']:,} bytes "
          f"(stock python_stdlib.zip {(runtime.PYODIDE / 'python_stdlib.zip').stat().st_size:,}) |")
    print(f"| text page (mappa/) bytes on the wire | {text_bytes:,} (downloads Pyodide: {'yes' if text_pyodide else 'no'}) |")
    print(f"| calculator page before use, bytes on the wire | {calc_bytes:,} |")
    if offline:
        print(f"| offline zip (file://) first answer, cold / warm | {median(offline[0]):.0f} ms / "
              f"{median(offline[1]):.0f} ms (zip {offline[2]:,} bytes) |")
    print(f"| time per calculation, CPython | {cpython_ms:.3f} ms |")
    print(f"| time per calculation, Pyodide (in the worker) | {pyodide_ms:.3f} ms |")
    print(f"| site build time | {build_seconds:.1f} s (runtime {'from .cache/runtime' if cached else 'compiled'}) |")
    if reports:
        print("\n| Lighthouse 12 | mode | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for (label, mode), r in reports.items():
            if "error" in r:
                print(f"| {label} | {mode} | failed: {r['error'][:80]!r} |")
                continue
            s, m = r["scores"], r["metrics"]
            print(f"| {label} | {mode} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
                  f"{m['first-contentful-paint'] or 0:.0f} | {m['largest-contentful-paint'] or 0:.0f} | "
                  f"{m['total-blocking-time'] or 0:.0f} | {m['cumulative-layout-shift'] or 0:.3f} |")
        short = sorted({(label, mode, s) for (label, mode), r in reports.items() for s in r.get("short", [])})
        if short:
            print("\nLighthouse audits below 0.9:")
            for label, mode, s in short:
                print(f"- {label} ({mode}): {s}")


if __name__ == "__main__":
    main()
