"""Post-build: the offline bundle (``scripts/build-offline``; ``extra.offline`` in its configuration).

In any other build it does nothing.  In the offline build it

- removes any ``<link rel="alternate">``, from which the theme would fetch (see ``ALTERNATE``);
- copies Material's ``iframe-worker`` shim from node_modules (the offline plugin would take it from a CDN);
- writes ``assets/calculators/offline-runtime.js``, a classic script carrying everything the
  calculators' worker needs: its source (Pyodide's classic loader, Pyodide's runtime turned from an
  ES module into a classic script, ``calculators/offline-worker-prelude.js`` and ``worker.js``) and,
  as base64, the wasm, the precompiled standard library and the ``procedures`` wheel;
- removes the copies of those files that the page can no longer load from ``file://``;
- gives ``postbuild.csp`` the script the shim writes into its frame (``shim_scripts``), which the
  offline copy's Content-Security-Policy must allow.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

from .. import ROOT, BuildError
from .html import Page

SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_PATH = "assets/javascripts/iframe-worker/shim.js"  # also named in config.offline's extra.polyfills
RUNTIME_PATH = "assets/calculators/offline-runtime.js"
PRELUDE = ROOT / "calculators" / "offline-worker-prelude.js"
PYODIDE = ROOT / "node_modules" / "pyodide"
# The files the worker reads through its stand-in fetch, by path under assets/ (as worker.js asks for
# them): the WebAssembly and the precompiled standard library (``python_stdlib.<hash>.zip``), and the wheel.
PYODIDE_FILES = ["pyodide/pyodide.asm.wasm"]
STDLIB = "pyodide/python_stdlib.*.zip"
WORKER_IMPORT = 'const modules = Promise.all([import("../pyodide/pyodide.mjs"), import("../pyodide/pyodide.asm.mjs")]);'
ASM_EXPORT = "export default _createPyodideModule;"
# An import or export statement at the start of a line or after ; or } (worker.js holds Python's "import json").
MODULE_STATEMENT = re.compile(r"(^|[;}])\s*(import\s*[{*\"']|import[ \t]+[\w$]+[ \t]+from[ \t]|export[ \t])", re.M)


# Material's script fetches sitemap.xml beside every <link rel="alternate">, which a file:// page cannot
# do; the offline copy has no feed to offer (overrides/main.html leaves it out), and none may slip in.
ALTERNATE = re.compile(r'<link\b(?=[^>]*\brel="alternate")[^>]*>\s*')
# The iframe-worker shim (Material's search on file://) writes a frame whose first script is built from
# a template: two of the shim's own functions and the worker's address as the page gives it.
SHIM_TEMPLATE = re.compile(r"\.document\.write\(`(?P<html>[^`]*)`\)")
SHIM_SCRIPT = re.compile(r"<script>(?P<text>.*?)<\\/script>", re.S)
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
SEARCH_WORKER = re.compile(r'"search":\s*"(?P<url>[^"]+)"')


def _function_source(name: str, source: str) -> str:
    """The text of ``function name(...){...}`` in ``source``, as the function's toString() gives it."""
    start = source.find(f"function {name}(")
    if start < 0:
        raise BuildError(f"offline build: the iframe-worker shim has no function {name}")
    depth = 0
    for i in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        if depth == 0:
            return source[start:i + 1]
    raise BuildError(f"offline build: the iframe-worker shim's function {name} does not end")


def shim_scripts(built: list[Page], shim: str | None = None) -> list[str]:
    """The inline script the iframe-worker shim writes into its frame, for each address of the search
    worker that a page gives it (one per folder depth): the frame inherits the page's policy, so the
    policy must allow this text (``postbuild.csp``)."""
    shim = SHIM.read_text("utf-8") if shim is None else shim
    template = SHIM_TEMPLATE.search(shim)
    script = SHIM_SCRIPT.search(template["html"]) if template else None
    if not script:
        raise BuildError("offline build: the iframe-worker shim no longer writes its frame as this build expects")
    names = set(PLACEHOLDER.findall(script["text"]))
    workers = {m["url"] for page in built for m in SEARCH_WORKER.finditer(page.text)}
    out = []
    for worker in sorted(workers):
        values = {}
        for name in names:
            # The one placeholder that is not a function of the shim's is the worker's address.
            values[name] = worker if f"function {name}(" not in shim else _function_source(name, shim)
        out.append(PLACEHOLDER.sub(lambda m: values[m[1]], script["text"]))
    return out


def _no_module_syntax(name: str, text: str) -> str:
    # A classic script cannot contain these; finding one means the package changed shape.
    if "import.meta" in text or MODULE_STATEMENT.search(text):
        raise BuildError(f"offline build: {name} still has ES module syntax after conversion")
    return text


def classic_runtime(asm: str) -> str:
    """pyodide.asm.mjs (one async function and ``export default``) as a classic script defining
    ``self.createPyodideModule``; ``import.meta.url`` becomes where the file would be."""
    body = asm.rstrip()
    if not body.endswith(ASM_EXPORT):
        raise BuildError(f"offline build: pyodide.asm.mjs no longer ends with '{ASM_EXPORT}'")
    body = body[: -len(ASM_EXPORT)].replace("import.meta.url", "self.proceduresOffline.asmURL")
    return _no_module_syntax("pyodide.asm.mjs", body) + "\nself.createPyodideModule = _createPyodideModule;"


def classic_worker(worker: str) -> str:
    """worker.js with its imports replaced by the prelude's loader and runtime and import.meta.url by the
    address worker.js would have, so the same code (and the same Python) runs in both builds."""
    if WORKER_IMPORT not in worker:
        raise BuildError(f"offline build: worker.js no longer holds '{WORKER_IMPORT}'")
    body = worker.replace(WORKER_IMPORT, "const modules = self.proceduresOffline.modules();")
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
        raise BuildError(f"offline build: expected one procedures wheel in assets/calculators, found {len(wheels)}")
    stdlib = sorted(assets.glob(STDLIB))
    if len(stdlib) != 1:
        raise BuildError(f"offline build: expected one precompiled standard library in assets/pyodide, found {len(stdlib)}")
    names = PYODIDE_FILES + [f"pyodide/{stdlib[0].name}", f"calculators/{wheels[0].name}"]
    files = {name: base64.b64encode((assets / name).read_bytes()).decode("ascii") for name in names}
    runtime = {"worker": worker_source(assets), "files": files}
    return ("// Generated by procedures_site.postbuild.offline: the calculators' worker and its files, for file://.\n"
            f"self.proceduresOfflineRuntime = {json.dumps(runtime)};\n")


def run(site: Path, config: dict, built: list[Page]) -> None:
    if not config["extra"].get("offline"):
        return
    for page in built:
        page.text = ALTERNATE.sub("", page.text)
    assets = site / "assets"
    if not SHIM.exists():
        raise BuildError("node_modules/iframe-worker is missing: run scripts/setup")
    (site / SHIM_PATH).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, site / SHIM_PATH)
    (site / RUNTIME_PATH).write_text(runtime_script(assets), "utf-8")
    # Now carried by offline-runtime.js; from file:// the page could not load them anyway.
    shutil.rmtree(assets / "pyodide")
    for path in (assets / "calculators").glob("procedures-*.whl"):
        path.unlink()
    (assets / "calculators" / PRELUDE.name).unlink(missing_ok=True)
