"""Docs hook: the offline bundle's build (``mkdocs.offline.yml``, run by ``scripts/build-offline``).

In any other build it does nothing.  In the offline build it

- dates the build (``extra.built``, shown on every page beside the edition);
- copies Material's ``iframe-worker`` shim from node_modules (the offline plugin would take it from a CDN);
- writes ``assets/calculators/offline-runtime.js``, a classic script carrying everything the
  calculators' worker needs: its source (Pyodide's classic loader, Pyodide's runtime turned from an
  ES module into a classic script, ``calculators/offline-worker-prelude.js`` and ``worker.js``) and,
  as base64, the wasm, the standard library, the lock file and the ``procedures`` wheel;
- removes the copies of those files that the page can no longer load from ``file://``.
"""
from __future__ import annotations

import base64
import datetime
import json
import os
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"  # also named in mkdocs.offline.yml's extra.polyfills
RUNTIME_PATH = "assets/calculators/offline-runtime.js"
PRELUDE = ROOT / "calculators" / "offline-worker-prelude.js"
PYODIDE = ROOT / "node_modules" / "pyodide"
# The files the worker reads through its stand-in fetch, by path under assets/ (as worker.js asks for them).
PYODIDE_FILES = ["pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json"]
WORKER_IMPORT = 'import { loadPyodide } from "../pyodide/pyodide.mjs";'
ASM_EXPORT = "export default _createPyodideModule;"
# An import or export statement at the start of a line or after ; or } (worker.js holds Python's "import json").
MODULE_STATEMENT = re.compile(r"(^|[;}])\s*(import\s*[{*\"']|import[ \t]+[\w$]+[ \t]+from[ \t]|export[ \t])", re.M)


def is_offline(config) -> bool:
    """Whether this is the offline build: mkdocs.offline.yml sets extra.offline and enables the offline plugin."""
    if not config["extra"].get("offline"):
        return False
    if not any(name.endswith("offline") for name in config["plugins"]):
        raise PluginError("extra.offline is set but the offline plugin is not enabled (see mkdocs.offline.yml)")
    return True


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day when set (a reproducible build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def on_config(config):
    # (markers.py, the first hook, already keeps EDITION as the exact text it was given.)
    if is_offline(config):
        config["extra"]["built"] = build_date()
    return config


ALTERNATE_TO_WEB = re.compile(r'<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhref="(?:https?:)?//)[^>]*>\s*')


def on_post_page(output, page, config):
    # Material's script fetches sitemap.xml beside every <link rel="alternate"> (to switch
    # languages); for a link to the web, such as the amendments feed, that is a request off the device.
    return ALTERNATE_TO_WEB.sub("", output) if is_offline(config) else output


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page
    return on_post_page(output_content, None, config)


def _no_module_syntax(name: str, text: str) -> str:
    # A classic script cannot contain these; finding one means the package changed shape.
    if "import.meta" in text or MODULE_STATEMENT.search(text):
        raise PluginError(f"offline build: {name} still has ES module syntax after conversion")
    return text


def classic_runtime(asm: str) -> str:
    """pyodide.asm.mjs (one async function and ``export default``) as a classic script defining
    ``self.createPyodideModule``; ``import.meta.url`` becomes where the file would be."""
    body = asm.rstrip()
    if not body.endswith(ASM_EXPORT):
        raise PluginError(f"offline build: pyodide.asm.mjs no longer ends with '{ASM_EXPORT}'")
    body = body[: -len(ASM_EXPORT)].replace("import.meta.url", "self.proceduresOffline.asmURL")
    return _no_module_syntax("pyodide.asm.mjs", body) + "\nself.createPyodideModule = _createPyodideModule;"


def classic_worker(worker: str) -> str:
    """worker.js with its one import replaced by the prelude's loader and import.meta.url by the
    address worker.js would have, so the same code (and the same Python) runs in both builds."""
    if WORKER_IMPORT not in worker:
        raise PluginError(f"offline build: worker.js no longer starts with '{WORKER_IMPORT}'")
    body = worker.replace(WORKER_IMPORT, "const loadPyodide = self.proceduresOffline.loadPyodide;")
    return _no_module_syntax("worker.js", body.replace("import.meta.url", "self.proceduresOffline.workerURL"))


def _strict(text: str) -> str:
    # Each part in its own strict function scope: ES modules are strict, and the parts share one global scope.
    return '(function () {\n"use strict";\n' + text + "\n})();\n"


def worker_source(assets: Path) -> str:
    """The offline worker: prelude, Pyodide's classic loader and runtime (from the pinned npm package), worker.js."""
    loader = re.sub(r"^//# sourceMappingURL=.*$", "", (PYODIDE / "pyodide.js").read_text("utf-8"), flags=re.M)
    return "".join([
        PRELUDE.read_text("utf-8"),
        _strict(loader),
        _strict(classic_runtime((PYODIDE / "pyodide.asm.mjs").read_text("utf-8"))),
        _strict(classic_worker((assets / "calculators" / "worker.js").read_text("utf-8"))),
    ])


def runtime_script(assets: Path) -> str:
    wheels = sorted((assets / "calculators").glob("procedures-*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"offline build: expected one procedures wheel in assets/calculators, found {len(wheels)}")
    names = PYODIDE_FILES + [f"calculators/{wheels[0].name}"]
    files = {name: base64.b64encode((assets / name).read_bytes()).decode("ascii") for name in names}
    runtime = {"worker": worker_source(assets), "files": files}
    return ("// Generated by overrides/hooks/offline.py: the calculators' worker and its files, for file://.\n"
            f"self.proceduresOfflineRuntime = {json.dumps(runtime)};\n")


def on_post_build(config):
    if not is_offline(config):
        return
    site = Path(config["site_dir"])
    assets = site / "assets"
    if not SHIM.exists():
        raise PluginError("node_modules/iframe-worker is missing: run scripts/setup")
    (site / SHIM_PATH).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, site / SHIM_PATH)
    (site / RUNTIME_PATH).write_text(runtime_script(assets), "utf-8")
    # Now carried by offline-runtime.js; from file:// the page could not load them anyway.
    shutil.rmtree(assets / "pyodide")
    for path in (assets / "calculators").glob("procedures-*.whl"):
        path.unlink()
    (assets / "calculators" / PRELUDE.name).unlink(missing_ok=True)
