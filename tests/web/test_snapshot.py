"""The memory snapshot (``procedures_site.snapshot``) in Chromium: restored, every case file gives
CPython's answer; damaged, foreign, cut short or missing, it is not restored (or its restore fails)
and a normal boot answers instead, with nothing for the reader to see; the site's policy ("fast")
restores it on a first visit when it arrives in time, and otherwise boots and asks for it after the
answer, so that a later visit restores it from the cache.

The worker is started here by hand, with ``#snapshot=always`` (fetch it now), ``#snapshot=never``,
or ``#snapshot=fast&grace=<ms>`` (how long it may wait for the snapshot, so that "in time" does not
depend on this machine's speed).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import time

import pytest

from casefiles import load_cases
from procedures import InputError, calculate
from procedures_site.snapshot import dense, sparse

CASES = load_cases()

# Starts the worker, collects what it says, and runs a batch once it is ready.
RUN = """async ([address, items]) => {
  const worker = new Worker(address, { type: "module" });
  const said = [];
  const answers = await new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(e.message));
    worker.onmessage = (e) => {
      said.push(e.data);
      if (e.data.type === "ready") worker.postMessage({ id: 1, batch: items });
      if (e.data.type === "failed") reject(new Error(JSON.stringify(e.data)));
      if (e.data.id === 1 && e.data.answers) resolve(e.data.answers);
    };
  });
  await new Promise((r) => setTimeout(r, 300));  // time to ask for anything it asks for after an answer
  worker.terminate();
  return { ready: said.find((m) => m.type === "ready"), answers };
}"""


def cpython(case):
    try:
        return {"result": calculate(case.calculator, case.input)}
    except InputError as exc:
        return exc.to_dict()


@pytest.fixture
def snapshot_file(site):
    found = sorted((site / "assets" / "pyodide").glob("snapshot.*.bin.gz"))
    assert len(found) == 1, "the national build makes one snapshot (mkdocs.yml extra.runtime_snapshot)"
    return found[0]


def run(page, server, hash="#snapshot=always", items=None):
    page.goto(server + "about/privacy/")  # any page of the site: its origin, no calculator of its own
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    items = items if items is not None else [{"name": c.calculator, "inputs": c.input} for c in CASES[:5]]
    out = page.evaluate(RUN, [server + "assets/calculators/worker.js" + hash, items])
    return out, [u.rsplit("/", 1)[1] for u in requested if re.search(r"/snapshot\.[0-9a-f]+\.bin\.gz$", u)]


def test_restored_from_the_snapshot_every_case_file_gives_cpython_s_answer(page, server, snapshot_file):
    out, asked = run(page, server, items=[{"name": c.calculator, "inputs": c.input} for c in CASES])
    assert out["ready"]["from"] == "snapshot" and asked == [snapshot_file.name]
    assert len(out["answers"]) == len(CASES)
    for case, answer in zip(CASES, out["answers"]):
        assert answer == json.loads(json.dumps(cpython(case))), case.name


def _damaged(packed: bytes, how: str) -> bytes:
    """The served file spoilt in one way; served without its gzip but for "cut-gzip" (the worker
    takes both, as a host may undo the gzip)."""
    if how == "cut-gzip":
        return packed[: len(packed) // 2]
    data = gzip.decompress(packed)
    if how == "corrupt":  # right length, header and build id; one byte of Python's memory changed
        memory = bytearray(dense(data))
        middle = next(i for i in range(len(memory) // 2, len(memory)) if memory[i])
        memory[middle] ^= 0xFF
        return sparse(bytes(memory))
    if how == "foreign":  # another Pyodide build's snapshot
        memory = dense(data)
        return sparse(memory[:16] + bytes(32) + memory[48:])
    if how == "short":
        return data[: len(data) // 3]
    if how == "garbage":
        return bytes(range(256)) * (len(data) // 256) + data[: len(data) % 256]
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["corrupt", "foreign", "short", "garbage", "cut-gzip", "missing"])
def test_a_bad_snapshot_is_not_restored_and_a_normal_boot_answers(page, server, snapshot_file, how):
    if how == "missing":
        page.route("**/snapshot.*.bin.gz", lambda route: route.fulfill(status=404, body="gone"))
    else:
        body = _damaged(snapshot_file.read_bytes(), how)
        page.route("**/snapshot.*.bin.gz", lambda route: route.fulfill(status=200, body=body,
                                                                    content_type="application/octet-stream"))
    out, asked = run(page, server)
    assert asked == [snapshot_file.name]
    assert out["ready"]["from"] == "boot"
    assert out["answers"] == [json.loads(json.dumps(cpython(c))) for c in CASES[:5]]


def test_a_restore_that_fails_inside_pyodide_falls_back_to_a_boot(page, server, snapshot_file):
    """A snapshot that passes every check yet cannot be restored (here: the worker is told to expect
    the damaged file's own hash, so only Pyodide can find the fault)."""
    memory = bytearray(dense(gzip.decompress(snapshot_file.read_bytes())))
    memory[48:144] = bytes(96)  # the header's JSON (Pyodide's own state) zeroed: restoring it fails
    body = sparse(bytes(memory))
    def worker(route):
        text = route.fetch().text()
        text = re.sub(r'"sha256": "[0-9a-f]+"', f'"sha256": "{hashlib.sha256(body).hexdigest()}"', text)
        route.fulfill(status=200, body=text, content_type="text/javascript")

    page.route("**/calculators/worker.js*", worker)
    page.route("**/snapshot.*.bin.gz", lambda route: route.fulfill(status=200, body=body))
    out, _ = run(page, server)
    assert out["ready"]["from"] == "boot"
    assert out["answers"] == [json.loads(json.dumps(cpython(c))) for c in CASES[:5]]


def test_fast_restores_on_a_first_visit_a_snapshot_that_arrives_in_time(page, server, snapshot_file):
    out, asked = run(page, server, hash="#snapshot=fast&grace=60000")
    assert out["ready"]["from"] == "snapshot" and asked == [snapshot_file.name]
    assert out["answers"] == [json.loads(json.dumps(cpython(c))) for c in CASES[:5]]


def test_fast_boots_when_the_snapshot_is_late(browser, server, snapshot_file):
    """On a slow line (40 Mbit/s here) a first visit does not wait for a snapshot that would arrive
    after its deadline ("grace=1": none), but gives it up and boots; the answers are the same."""
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                       "downloadThroughput": 40_000_000 / 8, "uploadThroughput": 40_000_000 / 8})
        out, asked = run(page, server, hash="#snapshot=fast&grace=1")
    finally:
        ctx.close()
    assert out["ready"]["from"] == "boot" and snapshot_file.name in asked
    assert out["answers"] == [json.loads(json.dumps(cpython(c))) for c in CASES[:5]]


def test_a_snapshot_fetched_after_a_first_answer_is_restored_from_the_cache_next_time(browser, server, snapshot_file):
    """A first visit ("warm": the cache only) boots and asks for the snapshot after its answer; the
    next visit, in the same browser, under the site's policy, restores it from the cache."""
    ctx = browser.new_context()
    try:
        first, asked_first = run(ctx.new_page(), server, hash="#snapshot=warm")
        second, asked_second = run(ctx.new_page(), server, hash="")
    finally:
        ctx.close()
    assert first["ready"]["from"] == "boot" and second["ready"]["from"] == "snapshot"
    # the first: its look in the cache (a miss: no request reaches the host), then the fetch after the answer
    assert snapshot_file.name in asked_first and asked_second.count(snapshot_file.name) <= 1
    assert first["answers"] == second["answers"] == [json.loads(json.dumps(cpython(c))) for c in CASES[:5]]


def test_warm_boots_on_a_first_visit_and_asks_for_it_after_the_answer(browser, server, snapshot_file):
    ctx = browser.new_context()
    try:
        out, asked = run(ctx.new_page(), server, hash="#snapshot=warm")
    finally:
        ctx.close()
    assert out["ready"]["from"] == "boot" and snapshot_file.name in asked


def test_never_means_no_request_for_it(page, server, snapshot_file):
    out, asked = run(page, server, hash="#snapshot=never")
    assert out["ready"]["from"] == "boot" and asked == []
