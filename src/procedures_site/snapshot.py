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

It is 31.5 MB of memory, of which 13 MB is not zeros: the site serves only the blocks that are not
(``sparse``: a small index, then those blocks), as gzip, 5.0 MB.  On a slow line a first visit is
quicker without it (``scripts/bench``, throttled), on a fast one with it.  So the worker (policy
"fast") restores it from the browser's cache if it is there; if not, asks for it once the
WebAssembly has arrived, and waits for it only if, at the rate it is arriving, it will be there soon
after Python could start booting (``GRACE`` in the worker); otherwise it gives up on it, boots, and
asks for it again, in the background, after a first answer (as "warm" does).  Not when the reader's
browser asks to save data.  Every visitor restores the same memory, so Python's string-hash seed is
the same for all: nothing here hashes input from anyone else, so that is of no consequence.

Cached beside its runtime, under ``.cache/runtime/<key>-snapshot-<inputs>/snapshot.bin``.
"""
from __future__ import annotations

import gzip
import hashlib
import struct
import tempfile
from dataclasses import dataclass
from functools import cached_property
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
# How the worker may use it: "fast" (from the cache; else on a first visit only if it arrives soon
# enough), "warm" (from the cache only), "always" (fetched with the rest of the runtime) or "off"
# (none made).  After a first answer, "fast" and "warm" fetch it for the next visit if it was not used.
POLICIES = ("fast", "warm", "always", "off")
# The served form (``sparse``): "PSNP", then version, memory length and count of runs (uint32, little-
# endian), then each run's offset and length, then the runs' bytes.  Runs are of BLOCK-byte blocks.
SPARSE_MAGIC = b"PSNP"
SPARSE_VERSION = 1
BLOCK = 4096


def sparse(data: bytes) -> bytes:
    """``data`` without its blocks of zeros, which a new WebAssembly memory has already."""
    runs: list[tuple[int, int]] = []
    for start in range(0, len(data), BLOCK):
        block = data[start:start + BLOCK]
        if block.count(0) != len(block):
            if runs and runs[-1][0] + runs[-1][1] == start:
                runs[-1] = (runs[-1][0], runs[-1][1] + len(block))
            else:
                runs.append((start, len(block)))
    index = b"".join(struct.pack("<II", *run) for run in runs)
    head = SPARSE_MAGIC + struct.pack("<III", SPARSE_VERSION, len(data), len(runs))
    return head + index + b"".join(data[a:a + n] for a, n in runs)


def dense(packed: bytes) -> bytes:
    """The memory again from ``sparse``'s form (what ``calculators/worker.js`` does)."""
    if packed[:4] != SPARSE_MAGIC:
        raise ValueError("not a sparse snapshot")
    version, length, count = struct.unpack_from("<III", packed, 4)
    if version != SPARSE_VERSION:
        raise ValueError(f"sparse snapshot version {version}")
    out, at = bytearray(length), 16 + 8 * count
    for i in range(count):
        start, size = struct.unpack_from("<II", packed, 16 + 8 * i)
        out[start:start + size] = packed[at:at + size]
        at += size
    return bytes(out)


@dataclass(frozen=True)
class Snapshot:
    data: bytes

    @property
    def name(self) -> str:
        """The file the site serves: gzip, which the worker undoes itself (``DecompressionStream``),
        since a host compresses text and scripts but not a file of unknown type."""
        return f"snapshot.{hashlib.sha256(self.data).hexdigest()[:16]}.bin.gz"

    @cached_property
    def sparse(self) -> bytes:
        return sparse(self.data)

    @cached_property
    def packed(self) -> bytes:
        """The file the site serves."""
        return gzip.compress(self.sparse, compresslevel=9, mtime=0)

    @property
    def build_id(self) -> str:
        """The Pyodide build the memory came from: 32 bytes after the header's first 16."""
        return self.data[16:48].hex()

    def worker_facts(self, policy: str) -> dict:
        """What the worker checks before it uses the file (``calculators/worker.js``): ``sha256`` is
        the sparse form's, ``packed`` the served file's length (how the worker judges its arrival)."""
        return {"file": self.name, "length": len(self.data), "magic": MAGIC, "build_id": self.build_id,
                "sha256": hashlib.sha256(self.sparse).hexdigest(), "packed": len(self.packed), "policy": policy}


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
        if dense(snapshot.sparse) != snapshot.data:
            raise BuildError("the memory snapshot's sparse form does not give back its memory")
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
