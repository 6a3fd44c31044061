"""The calculators' Python runtime, made to start quickly: a precompiled, trimmed standard library
and a ``procedures`` wheel with bytecode, both compiled by Pyodide's own CPython under Node.

Why: Pyodide's ``python_stdlib.zip`` holds only ``.py`` sources (559 of them), so every import
at start-up compiles source; that is most of a boot.  Here, from the pinned npm Pyodide:

1. **The module set.**  Pyodide boots under Node (``runtime.mjs``), unpacks our wheel, and runs
   the worker's engine over every case file (``tests/cases/**``) and the hostile sample
   (``tests/hostile/sample.py``); then it imports every module named by an ``import`` statement
   in the package's modules that were loaded (so a rarely taken branch's import is not lost), and
   the ``SAFETY`` list.  The set is every module in ``sys.modules`` that came from the standard
   library zip.
2. **The bytecode.**  Each of those modules is compiled by the same CPython (so the bytecode
   matches the interpreter) and written as an unchecked hash-based ``.pyc`` (PEP 552: never
   compared with a source, which is not shipped), its code's file name the path the source had,
   into ``python_stdlib.zip`` (the name ``stdlib_name`` gives it carries its content hash).
   Our own modules keep their ``.py`` (tracebacks in the package show their lines) and gain
   ``__pycache__/<module>.cpython-314.pyc``, unchecked as well.
3. **A check.**  Pyodide boots again with the trimmed library and runs the same work: every
   answer must be the same as with the stock library, and no import may fail, or the build stops
   naming the module (add it to ``SAFETY`` if only an untested path needs it).

A memory snapshot of this runtime, restored instead of a boot, is ``procedures_site.snapshot``.

The result is kept under ``.cache/runtime/<key>/``, the key being a hash of everything that could
change it (``inputs``): the Pyodide package's files, our package's sources, the cases and the
hostile sample, this module and ``runtime.mjs``.  The suite's several builds share it.
"""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import ROOT, BuildError

PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ["package.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json"]
SCRIPT = Path(__file__).with_name("runtime.mjs")
CACHE = ROOT / ".cache" / "runtime"
PACKAGE = ROOT / "src" / "procedures"
TESTS = ROOT / "tests"
# A bump makes every cached runtime stale (the key hashes this file too; this is for clarity).
FORMAT = 2

# Modules kept although the work above may not import them:
SAFETY = sorted({
    # error paths: Python formats a traceback with these (a fault in the engine; a console)
    "traceback", "linecache", "tokenize", "token",
    # codecs Python may look up by name (decoding a file or a zip entry name, the console)
    "encodings.ascii", "encodings.latin_1", "encodings.utf_8", "encodings.utf_8_sig", "encodings.cp437",
    "encodings.aliases",
    # the engine's ``datetime`` reading text, should a rule ever parse with strptime
    "_strptime",
})

# The worker's engine (procedures.answer_json, which calculators/worker.js calls), then the probe.
PROBE = r'''
import importlib, sys, traceback
from importlib.util import cache_from_source, source_hash
from importlib._bootstrap_external import _code_to_hash_pyc

LIBRARY = next(p for p in sys.path if p.endswith(".zip"))

import json
from procedures import answer_json as run  # the worker's engine
import procedures, os
SITE = os.path.dirname(os.path.dirname(procedures.__file__))  # where the wheel was unpacked

answers = [run(name, json.dumps(inputs)) for name, inputs in REQUEST["workload"]]
missing = sorted({json.loads(a)["error"]["name"] or "?" for a in answers
                  if json.loads(a).get("error", {}).get("unexpected") in ("ModuleNotFoundError", "ImportError")})

def named_imports(module):
    """Absolute names in every import statement of a module's source (in functions too)."""
    import ast
    try:
        tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    except (OSError, TypeError, SyntaxError):
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.append(node.module)
            names += [node.module + "." + a.name for a in node.names]
    return names

for name in sorted(n for n in list(sys.modules) if n == "procedures" or n.startswith("procedures.")):
    for named in named_imports(sys.modules[name]):
        try:
            importlib.import_module(named)
        except ImportError:  # "from x import name" where name is not a module
            if "." not in named or named.rsplit(".", 1)[0] not in sys.modules:
                missing.append(named)

for name in REQUEST["safety"]:
    try:
        importlib.import_module(name)
    except ImportError:
        missing.append(name)
try:
    raise ValueError("probe")
except ValueError:
    traceback.format_exc()

def member(module):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or ""
    return origin[len(LIBRARY) + 1:] if origin.startswith(LIBRARY + "/") else None

modules = {name: member(m) for name, m in sorted(sys.modules.items()) if member(m)}
REPLY = {"answers": answers, "missing": sorted(set(missing)), "modules": modules, "library": LIBRARY}

if REQUEST["compile"]:
    import base64, zipimport
    library = zipimport.zipimporter(LIBRARY)

    def pyc(source, filename):
        code = compile(source, filename, "exec", dont_inherit=True)
        return base64.b64encode(_code_to_hash_pyc(code, source_hash(source), checked=False)).decode()

    REPLY["stdlib"] = {path[:-3] + ".pyc": pyc(library.get_data(path), LIBRARY + "/" + path)
                       for path in sorted(set(modules.values()))}
    REPLY["package"] = {}
    for folder, _, files in os.walk(SITE + "/procedures"):
        for file in sorted(files):
            if file.endswith(".py"):
                path = folder + "/" + file
                with open(path, "rb") as f:
                    REPLY["package"][cache_from_source(path)[len(SITE) + 1:]] = pyc(f.read(), path)
'''


@dataclass(frozen=True)
class Runtime:
    """A built runtime: the trimmed library's bytes, the package's bytecode, and what went in."""
    stdlib: bytes
    package_pyc: dict[str, bytes]
    modules: dict[str, str]
    report: dict
    key: str = ""  # the cache key it is kept under (``key()``); "" when made without the cache

    @property
    def stdlib_name(self) -> str:
        """The library's file name, with its content hash (a changed library is a new address)."""
        return f"python_stdlib.{hashlib.sha256(self.stdlib).hexdigest()[:16]}.zip"


def _files_for_key() -> list[Path]:
    files = [PYODIDE / name for name in PYODIDE_FILES]
    files += sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".toml") and "__pycache__" not in p.parts)
    files += sorted((TESTS / "cases").rglob("*.toml"))
    files += [TESTS / "casefiles.py", TESTS / "hostile" / "sample.py", TESTS / "hostile" / "corpus.py",
              SCRIPT, Path(__file__)]
    return files


def key() -> str:
    """A hash of everything the runtime is made from."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in _files_for_key():
        if not path.exists():
            raise BuildError(f"the calculators' runtime needs {path.relative_to(ROOT)}: run scripts/setup")
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def workload() -> list[list]:
    """Every case file's input and the hostile sample, as (calculator, inputs) pairs."""
    sys.path[:0] = [str(TESTS)]
    try:
        from casefiles import load_cases
        from hostile.sample import sample
        return [[c.calculator, c.input] for c in load_cases()] + [[name, inputs] for name, inputs in sample()]
    finally:
        sys.path.remove(str(TESTS))


def run_node(python: str, value, *, wheel: Path | None = None, stdlib: Path | None = None,
             indexURL: Path = PYODIDE, **snapshot: Path) -> dict:
    """Boot Pyodide under Node and run ``python`` with ``REQUEST = value``; ``{bootMs, totalMs, reply}``.
    ``makeSnapshot`` or ``loadSnapshot`` (a path): see ``runtime.mjs`` and ``procedures_site.snapshot``."""
    node = shutil.which("node")
    if not node:
        raise BuildError("node is missing: run scripts/setup")
    with tempfile.TemporaryDirectory() as tmp:
        request, reply = Path(tmp) / "request.json", Path(tmp) / "reply.json"
        request.write_text(json.dumps({"indexURL": str(indexURL) + "/", "stdLibURL": str(stdlib) if stdlib else None,
                                       "wheel": str(wheel) if wheel else None, "python": python, "value": value,
                                       **{k: str(v) for k, v in snapshot.items()}}))
        done = subprocess.run([node, str(SCRIPT), str(request), str(reply)], capture_output=True, text=True,
                              timeout=600)
        if done.returncode != 0 or not reply.exists():
            raise BuildError(f"Pyodide under Node failed ({SCRIPT.name}):\n{(done.stdout + done.stderr)[-4000:]}")
        return json.loads(reply.read_text())


def answers_digest(answers: list[str]) -> str:
    """One hash of the workload's answers, for a later check (``procedures_site.snapshot``)."""
    return hashlib.sha256(json.dumps(answers).encode()).hexdigest()


def library_zip(members: dict[str, bytes]) -> bytes:
    """A zip of the given files (and their folders), the same bytes for the same files."""
    folders = {"/".join(name.split("/")[:i]) + "/" for name in members for i in range(1, name.count("/") + 1)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(folders | set(members)):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            if name.endswith("/"):
                info.external_attr = 0o40755 << 16 | 0x10
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def make(source_wheel: bytes) -> Runtime:
    """Compile and check the runtime (a few seconds of Pyodide under Node): no cache."""
    work = workload()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(tmp) / "procedures.whl"
        wheel.write_bytes(source_wheel)
        stock = run_node(PROBE, {"workload": work, "safety": SAFETY, "compile": True}, wheel=wheel)
        reply = stock["reply"]
        if reply["missing"]:
            raise BuildError(f"with Pyodide's own standard library these modules could not be imported: {reply['missing']}")
        stdlib = library_zip({name: base64.b64decode(data) for name, data in reply["stdlib"].items()})
        trimmed_path = Path(tmp) / "python_stdlib.zip"
        trimmed_path.write_bytes(stdlib)
        check = run_node(PROBE, {"workload": work, "safety": SAFETY, "compile": False}, wheel=wheel,
                         stdlib=trimmed_path)
    again = check["reply"]
    if again["missing"]:
        raise BuildError("the trimmed standard library lacks modules the engine imports: "
                         + ", ".join(again["missing"]) + " (add them to procedures_site.runtime.SAFETY)")
    differ = [i for i, (a, b) in enumerate(zip(reply["answers"], again["answers"])) if a != b]
    if differ or len(reply["answers"]) != len(again["answers"]):
        raise BuildError(f"the trimmed standard library changes answers (work items {differ[:10]})")
    package = {name: base64.b64decode(data) for name, data in reply["package"].items()}
    report = {"modules": len(reply["modules"]), "stock_boot_ms": round(stock["bootMs"]),
              "trimmed_boot_ms": round(check["bootMs"]), "work": len(work), "stdlib_bytes": len(stdlib),
              "answers_sha256": answers_digest(again["answers"])}
    return Runtime(stdlib, package, reply["modules"], report)


def keep(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (path in the folder -> bytes) into the cache as ``folder``, whole or not at all:
    another build may be reading the cache, or have got there first."""
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    for name, data in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_bytes(data)
    try:
        tmp.rename(folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _save(runtime: Runtime, folder: Path) -> None:
    keep(folder, {"python_stdlib.zip": runtime.stdlib,
                  **{f"package/{name}": data for name, data in runtime.package_pyc.items()},
                  "modules.json": json.dumps({"modules": runtime.modules, "report": runtime.report}, indent=1).encode()})


def _load(folder: Path) -> Runtime:
    data = json.loads((folder / "modules.json").read_text())
    package = {p.relative_to(folder / "package").as_posix(): p.read_bytes()
               for p in sorted((folder / "package").rglob("*.pyc"))}
    return Runtime((folder / "python_stdlib.zip").read_bytes(), package, data["modules"], data["report"])


def runtime(source_wheel: bytes) -> Runtime:
    """The runtime for the current sources: from ``.cache/runtime/`` if made before, else made now.
    PROCEDURES_RUNTIME_CACHE=0 makes it afresh without reading or writing the cache."""
    if os.environ.get("PROCEDURES_RUNTIME_CACHE") == "0":
        return make(source_wheel)
    made_key = key()
    folder = CACHE / made_key
    if (folder / "modules.json").exists():
        try:
            return dataclasses.replace(_load(folder), key=made_key)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    made = make(source_wheel)
    _save(made, folder)
    _prune(keep=folder)
    return dataclasses.replace(made, key=made_key)


def _prune(keep: Path, newest: int = 4) -> None:
    """Runtimes of older sources go, but for the few newest (another checkout's builds may use them)."""
    made = sorted((p for p in CACHE.iterdir() if p.is_dir() and p != keep and "." not in p.name),
                  key=lambda p: p.stat().st_mtime, reverse=True)
    for old in made[newest - 1:]:
        shutil.rmtree(old, ignore_errors=True)
