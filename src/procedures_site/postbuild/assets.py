"""Post-build: put the browser side of the calculators into the built site.

- Pyodide's core files, from the pinned npm package in node_modules (never a CDN);
- the precompiled, trimmed standard library (``procedures_site.runtime``), named by its content hash;
- the ``procedures`` wheel, built here from ``src/`` so the browser runs the same code, with the
  bytecode ``procedures_site.runtime`` compiled for it beside each module;
- a memory snapshot of that runtime (``procedures_site.snapshot``), unless ``extra.runtime_snapshot``
  is "off" or the build is the offline copy (whose 20 MiB budget it would break);
- ``calculators/*.js``, with the wheel's and the library's file names, the snapshot's facts and the
  lock file written into the worker.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import procedures

from .. import ROOT, BuildError, runtime, snapshot

PYODIDE = ROOT / "node_modules" / "pyodide"
# The worker needs no more of the package: the standard library is our own (procedures_site.runtime)
# and the lock file is written into the worker, reduced to what Pyodide checks (``lock``).
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"]
WHEEL = f"procedures-{procedures.__version__}-py3-none-any.whl"


def build_wheel(pyc: dict[str, bytes] | None = None) -> bytes:
    """A pure-Python wheel of src/procedures (code and TOML data), reproducible byte for byte;
    with ``pyc`` (``procedures/__pycache__/<module>.cpython-314.pyc`` -> bytes), that bytecode too."""
    source = ROOT / "src" / "procedures"
    files = sorted(p for p in source.rglob("*") if p.suffix in (".py", ".toml") and "__pycache__" not in p.parts)
    dist = f"procedures-{procedures.__version__}.dist-info"
    entries = {f"procedures/{p.relative_to(source).as_posix()}": p.read_bytes() for p in files}
    entries.update(sorted((pyc or {}).items()))
    entries[f"{dist}/METADATA"] = (f"Metadata-Version: 2.1\nName: procedures\nVersion: {procedures.__version__}\n"
                                   "Requires-Python: >=3.11\n").encode()
    entries[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: procedures_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
              for name, data in entries.items()]
    entries[f"{dist}/RECORD"] = ("\n".join(record + [f"{dist}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return buffer.getvalue()


def lock() -> str:
    """Pyodide's lock file with its ``info`` (the ABI it checks) and no packages: the worker loads none."""
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))["info"]
    return json.dumps({"info": info, "packages": {}}, sort_keys=True, separators=(",", ":"))


def run(site_dir: Path, config: dict) -> None:
    site = site_dir / "assets"
    if not PYODIDE.exists():
        raise BuildError("node_modules/pyodide is missing: run scripts/setup")
    (site / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(PYODIDE / name, site / "pyodide" / name)
    (site / "calculators").mkdir(parents=True, exist_ok=True)
    made = runtime.runtime(build_wheel())
    (site / "pyodide" / made.stdlib_name).write_bytes(made.stdlib)
    wheel = build_wheel(made.package_pyc)
    (site / "calculators" / WHEEL).write_bytes(wheel)
    facts = None
    policy = snapshot_policy(config)
    if policy != "off":
        snap = snapshot.snapshot(made, wheel)
        (site / "pyodide" / snap.name).write_bytes(snap.packed)
        facts = snap.worker_facts(policy)
    for script in (ROOT / "calculators").glob("*.js"):
        text = (script.read_text("utf-8").replace("__PROCEDURES_WHEEL__", WHEEL)
                .replace("__PROCEDURES_STDLIB__", made.stdlib_name)
                .replace('"__PROCEDURES_SNAPSHOT__"', json.dumps(facts))
                .replace('"__PROCEDURES_LOCK__"', json.dumps(lock())))
        (site / "calculators" / script.name).write_text(text, "utf-8")



def snapshot_policy(config: dict) -> str:
    """``extra.runtime_snapshot`` (``snapshot.POLICIES``); the offline copy never has one."""
    extra = config.get("extra") or {}
    policy = str(extra.get("runtime_snapshot", "off"))
    if policy not in snapshot.POLICIES:
        raise BuildError(f"mkdocs.yml: extra.runtime_snapshot is {policy!r}; use one of {', '.join(snapshot.POLICIES)}")
    return "off" if extra.get("offline") else policy
