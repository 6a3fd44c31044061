"""``scripts/serve``: build the site, serve it on loopback, and rebuild when a watched file changes.

Watched: ``mkdocs.yml``, ``docs/``, ``overrides/`` and the ``watch:`` list of ``mkdocs.yml``.  Each
rebuild goes to a new folder and the server switches to it only if the build succeeds, so a
mistake in a page shows its message here while the last good site stays served.
"""
from __future__ import annotations

import dataclasses
import shutil
import signal
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import ROOT, BuildError, config
from .build import build


class Handler(SimpleHTTPRequestHandler):
    """Static files, with the types the calculators' runtime needs, and no log line per request."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serve_folder(folder, host: str = "127.0.0.1", port: int = 0) -> tuple[str, ThreadingHTTPServer]:
    """Serve a folder (a Path, or a callable giving the current one) in a background thread."""
    current = folder if callable(folder) else (lambda: folder)

    class Current(Handler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(current()), **kwargs)

    httpd = ThreadingHTTPServer((host, port), Current)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://{host}:{httpd.server_address[1]}/", httpd


def watched() -> list[Path]:
    listed = config.source().get("watch") or []
    return [ROOT / "mkdocs.yml", ROOT / "docs", ROOT / "overrides", *(ROOT / p for p in listed)]


def snapshot(paths: list[Path]) -> dict[Path, float]:
    """Every watched file's modification time: a change, addition or removal changes the snapshot."""
    files = {}
    for path in paths:
        for f in ([path] if path.is_file() else path.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                files[f] = f.stat().st_mtime
    return files


def serve(address: str, options: config.Options, poll: float = 1.0) -> None:
    host, _, port = address.rpartition(":")
    options = dataclasses.replace(options, site_url=f"http://{address}/")
    work = Path(tempfile.mkdtemp(prefix="procedures-serve-"))
    state = {"site": work / "0", "n": 0}
    build(state["site"], options)
    url, httpd = serve_folder(lambda: state["site"], host, int(port))
    print(f"Serving the site at {url} (Ctrl+C to stop); rebuilding when a watched file changes.", flush=True)
    seen = snapshot(watched())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by a test or a supervisor: clean up too
    try:
        while True:
            time.sleep(poll)
            now = snapshot(watched())
            if now == seen:
                continue
            seen, state["n"] = now, state["n"] + 1
            _rebuild(state, work / str(state["n"]), options)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def _rebuild(state: dict, target: Path, options: config.Options) -> None:
    try:
        build(target, options)
    except BuildError as exc:
        print(f"serve: the change does not build; still serving the last good site.\n{exc}", flush=True)
        return
    old, state["site"] = state["site"], target
    shutil.rmtree(old, ignore_errors=True)
    print(f"serve: rebuilt at {time.strftime('%H:%M:%S')}", flush=True)
