"""A memory snapshot of the calculators' runtime: Pyodide's memory after ``import procedures`` and
every calculator, restored in the browser instead of a boot (issue 13).

Pyodide 314 makes and restores one with private options (``_makeSnapshot``, ``makeMemorySnapshot``,
``_loadSnapshot``), so everything here is checked twice and nothing depends on it:

- **at build**: made under Node (``runtime.mjs``) from the trimmed standard library and the bytecode
  wheel the site serves, then restored under Node and run over the same workload as the runtime's
  own check (every case file and the hostile sample): its answers must hash the same, or the build
  stops.  Its header gives the Pyodide build id and the heap size, which the worker is told;
- **at load** (``calculators/worker.js``): the file's length and header must be what the build
  said, or it is not used; and any failure while restoring is followed by a normal boot.

It is 31.5 MB (served as 5.0 MB of gzip), against 1.4 MB for the rest of the runtime,
so on a slow line a first visit is quicker without it (``scripts/bench``, throttled).  The worker
therefore uses it only from the browser's cache (``policy`` "warm"), and asks for it, in the
background, after a first answer, unless the reader's browser asks to save data.  Every visitor
restores the same memory, so Python's string-hash seed is the same for all: nothing here hashes
input from anyone else, so that is of no consequence.

Cached beside its runtime, under ``.cache/runtime/<key>-snapshot-<inputs>/snapshot.bin``.
"""
from __future__ import annotations

import gzip
import hashlib
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import BuildError, runtime

MAGIC = 0x706E7300  # the first four bytes (little-endian) of Pyodide 314's snapshots (its "$r")
# What the worker runs on every request, and what the snapshot must already have imported.
IMPORTS = r'''
import json
from procedures import answer_json
from procedures.registry import CALCULATORS, module
REPLY = sorted(module(name).__name__ for name in CALCULATORS)
'''
# How the worker may use it: "warm" (from the browser's cache only, fetched after a first answer),
# "always" (fetched with the rest of the runtime) or "off" (never made).  scripts/bench measures each.
POLICIES = ("warm", "always", "off")


@dataclass(frozen=True)
class Snapshot:
    data: bytes

    @property
    def name(self) -> str:
        """The file the site serves: gzip, which the worker undoes itself (``DecompressionStream``),
        since a host compresses text and scripts but not a file of unknown type."""
        return f"snapshot.{hashlib.sha256(self.data).hexdigest()[:16]}.bin.gz"

    def packed(self) -> bytes:
        return gzip.compress(self.data, compresslevel=9, mtime=0)

    @property
    def build_id(self) -> str:
        """The Pyodide build the memory came from: 32 bytes after the header's first 16."""
        return self.data[16:48].hex()

    def worker_facts(self, policy: str) -> dict:
        """What the worker checks before it uses the file (``calculators/worker.js``)."""
        return {"file": self.name, "length": len(self.data), "magic": MAGIC, "build_id": self.build_id,
                "sha256": hashlib.sha256(self.data).hexdigest(), "policy": policy}


def check_header(data: bytes) -> None:
    if len(data) < 64 or struct.unpack_from("<I", data)[0] != MAGIC:
        raise BuildError("the memory snapshot has no Pyodide header: has Pyodide's snapshot format changed?")
    offset = struct.unpack_from("<I", data, 4)[0]
    if (len(data) - offset) % 65536:
        raise BuildError(f"the memory snapshot's heap ({len(data) - offset} bytes) is not whole WebAssembly pages")


def make(made: runtime.Runtime, wheel: bytes) -> Snapshot:
    """Make the snapshot under Node, restore it, and check its answers (several seconds; no cache)."""
    with tempfile.TemporaryDirectory() as tmp:
        stdlib, whl, out = Path(tmp) / made.stdlib_name, Path(tmp) / "procedures.whl", Path(tmp) / "snapshot.bin"
        stdlib.write_bytes(made.stdlib)
        whl.write_bytes(wheel)
        runtime.run_node(IMPORTS, None, wheel=whl, stdlib=stdlib, makeSnapshot=out)
        snapshot = Snapshot(out.read_bytes())
        check_header(snapshot.data)
        work = runtime.workload()
        again = runtime.run_node(runtime.PROBE, {"workload": work, "safety": runtime.SAFETY, "compile": False},
                                 wheel=whl, stdlib=stdlib, loadSnapshot=out)["reply"]
    if again["missing"]:
        raise BuildError(f"restored from the memory snapshot, the engine could not import {again['missing']}")
    if runtime.answers_digest(again["answers"]) != made.report["answers_sha256"]:
        raise BuildError("restored from the memory snapshot, the engine gives other answers than after a boot")
    return snapshot


def snapshot(made: runtime.Runtime, wheel: bytes) -> Snapshot:
    """The snapshot for this runtime and wheel: from the cache if made before, else made now.
    Kept beside the runtime it was made from, under that runtime's key, this module's and the wheel's."""
    if not made.key:  # a runtime made without the cache (PROCEDURES_RUNTIME_CACHE=0)
        return make(made, wheel)
    inputs = hashlib.sha256(Path(__file__).read_bytes() + wheel).hexdigest()[:12]
    folder = runtime.CACHE / f"{made.key}-snapshot-{inputs}"
    cached = folder / "snapshot.bin"
    if cached.exists():
        return Snapshot(cached.read_bytes())
    fresh = make(made, wheel)
    runtime.keep(folder, {"snapshot.bin": fresh.data})
    return fresh
