"""The calculators' trimmed, precompiled runtime (``procedures_site.runtime``), run in Pyodide under Node.

Every case file and the hostile sample give the same answers as in CPython; every module the
engine imports is in the trimmed standard library (a missing one is named); the library and the
wheel carry bytecode Pyodide's interpreter uses as it is; a traceback from our package shows its
source lines.  No browser: Pyodide boots under Node, as the build runs it.
"""
from __future__ import annotations

import ast
import importlib.util
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from casefiles import load_cases
from hostile.sample import sample
from procedures import InputError, calculate

from procedures_site import runtime
from procedures_site.postbuild.assets import build_wheel

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "procedures"
# The command line only: the browser's engine never imports these.
COMMAND_LINE = {"cli.py", "__main__.py"}
MAGIC_FLAGS_UNCHECKED = 0b01  # PEP 552: hash-based, not checked against a source

# In Pyodide: the worker's engine over the work, the package's imports, a traceback, and what was loaded.
CHECK = r'''
import importlib, json, os, sys, traceback
from importlib.util import MAGIC_NUMBER

missing = []  # [the module not found, the import statement's module, where the statement is]
try:
    import procedures
    from procedures import answer_json as run  # the worker's engine
except ImportError as exc:  # the package itself cannot be imported: the loop below says why
    procedures = None

    def run(name, text):
        return json.dumps({"error": {"field": None, "unexpected": "ModuleNotFoundError", "name": None}})

answers = [run(name, json.dumps(inputs)) for name, inputs in REQUEST["work"]]

for module, names, where in REQUEST["imports"]:
    try:
        imported = importlib.import_module(module)
        for name in names:  # "from module import name": a name, or else a submodule
            if not hasattr(imported, name):
                importlib.import_module(module + "." + name)
    except ImportError as exc:
        missing.append([exc.name or module, module, where])

trace = package = None
pycache = []
if procedures is not None:
    try:
        procedures.calculate(*REQUEST["fault"])
    except Exception:
        trace = traceback.format_exc()
    package = os.path.dirname(procedures.__file__)
    pycache = sorted(os.listdir(os.path.join(package, "__pycache__")))
library = next(p for p in sys.path if p.endswith(".zip"))
REPLY = {
    "answers": answers, "missing": missing, "traceback": trace, "package": package, "pycache": pycache,
    "magic": list(MAGIC_NUMBER), "cache_tag": sys.implementation.cache_tag,
    "from_library": sorted(m.__spec__.origin for m in list(sys.modules.values())
                           if getattr(getattr(m, "__spec__", None), "origin", None)
                           and m.__spec__.origin.startswith(library + "/")),
}
'''


def engine_imports() -> list[list]:
    """[module, [names], "file:line"] for every import statement in the engine's modules."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in COMMAND_LINE and path.parent == PACKAGE:
            continue
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        package = dotted if path.name == "__init__.py" else dotted.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                out += [[a.name, [], where] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
                base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) if node.level \
                    else node.module
                out.append([base, [a.name for a in node.names if a.name != "*"], where])
        out.append([dotted, [], str(path.relative_to(ROOT))])
    return out


def cpython(name: str, inputs) -> dict:
    try:
        return {"result": calculate(name, inputs)}
    except InputError as exc:
        return exc.to_dict()
    except Exception as exc:  # noqa: BLE001 (compared with Pyodide's answer, not raised)
        return {"error": {"field": None, "unexpected": type(exc).__name__, "name": getattr(exc, "name", None)}}


WORK = [[c.calculator, c.input] for c in load_cases()] + [[name, inputs] for name, inputs in sample()]
FAULT = ["notification-period", {"relevant_date": "2024-02-30", "age_on_relevant_date": 30, "disposal": "caution"}]


@pytest.fixture(scope="module")
def made():
    return runtime.runtime(build_wheel())


def check(made, tmp: Path, stdlib: bytes | None = None) -> dict:
    """CHECK run in Pyodide under Node with the trimmed library (or ``stdlib``) and the bytecode wheel."""
    (tmp / "python_stdlib.zip").write_bytes(made.stdlib if stdlib is None else stdlib)
    (tmp / "procedures.whl").write_bytes(build_wheel(made.package_pyc))
    value = {"work": WORK, "imports": engine_imports(), "fault": FAULT}
    return runtime.run_node(CHECK, value, wheel=tmp / "procedures.whl", stdlib=tmp / "python_stdlib.zip")["reply"]


@pytest.fixture(scope="module")
def trimmed(made, tmp_path_factory):
    return check(made, tmp_path_factory.mktemp("runtime"))


def missing(reply: dict) -> dict[str, list[str]]:
    """Each module not found, with where the engine imports it: the statements naming it, or else
    (a module needed by another module) the statements whose import failed for want of it."""
    out: dict[str, list[str]] = {}
    for name in sorted({m for m, _, _ in reply["missing"]}):
        direct = [w for m, imported, w in reply["missing"] if m == name and imported.startswith(name)]
        out[name] = direct or [w for m, _, w in reply["missing"] if m == name]
    return out


def missing_message(reply: dict) -> str:
    return "; ".join(f"the trimmed standard library lacks {module}, imported at {', '.join(where)}: "
                     "add it to procedures_site.runtime.SAFETY" for module, where in missing(reply).items())


def test_every_module_the_engine_imports_is_in_the_trimmed_library(trimmed):
    assert not trimmed["missing"], missing_message(trimmed)


def test_a_module_trimmed_away_is_named(made, tmp_path):
    """The check above is able to fail: without calendar (law/periods.py imports it), it says so."""
    with zipfile.ZipFile(io.BytesIO(made.stdlib)) as z:
        assert "calendar.pyc" in z.namelist()
        members = {n: z.read(n) for n in z.namelist() if not n.endswith("/") and n != "calendar.pyc"}
    reply = check(made, tmp_path, runtime.library_zip(members))
    assert list(missing(reply)) == ["calendar"]
    assert re.fullmatch(r"the trimmed standard library lacks calendar, imported at (src/procedures/\S+\.py:\d+, )*"
                        r"src/procedures/law/periods\.py:\d+(, src/procedures/\S+\.py:\d+)*: "
                        r"add it to procedures_site\.runtime\.SAFETY", missing_message(reply))
    assert json.loads(reply["answers"][0]).get("error", {}).get("unexpected") == "ModuleNotFoundError"


def test_every_case_and_the_hostile_sample_give_cpythons_answers(trimmed):
    assert len(trimmed["answers"]) == len(WORK)
    wrong = [(name, inputs) for (name, inputs), answer in zip(WORK, trimmed["answers"])
             if json.loads(answer) != json.loads(json.dumps(cpython(name, inputs)))]
    assert not wrong, f"{len(wrong)} of {len(WORK)} differ from CPython, the first: {wrong[:3]}"


def test_a_traceback_from_the_package_shows_its_source_lines(trimmed):
    frames = re.findall(r'File "([^"]+/procedures/[^"]+\.py)", line (\d+), in \S+\n {4}(.+)', trimmed["traceback"])
    assert frames, trimmed["traceback"]
    for file, line, shown in frames:
        source = (PACKAGE / file.split("/procedures/", 1)[1]).read_text("utf-8").splitlines()[int(line) - 1]
        assert shown.strip() == source.strip(), (file, line)


def test_the_library_is_bytecode_only_and_imports_from_it(made, trimmed):
    with zipfile.ZipFile(io.BytesIO(made.stdlib)) as z:
        files = [n for n in z.namelist() if not n.endswith("/")]
        assert files and all(n.endswith(".pyc") for n in files)
        for name in files:
            data = z.read(name)
            assert list(data[:4]) == trimmed["magic"], name
            assert int.from_bytes(data[4:8], "little") == MAGIC_FLAGS_UNCHECKED, name
    assert trimmed["from_library"] and all(o.endswith(".pyc") for o in trimmed["from_library"])
    assert {"json/__init__.pyc", "calendar.pyc", "dataclasses.pyc"} <= {o.split(".zip/", 1)[1] for o in trimmed["from_library"]}


def test_the_wheel_keeps_its_sources_and_adds_bytecode_for_each(made, trimmed):
    with zipfile.ZipFile(io.BytesIO(build_wheel(made.package_pyc))) as z:
        names = set(z.namelist())
        record = next(z.read(n).decode() for n in names if n.endswith(".dist-info/RECORD"))
    sources = {p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert sources <= names
    tag = trimmed["cache_tag"]
    for source in sources:
        folder, file = source.rsplit("/", 1)
        pyc = f"{folder}/__pycache__/{file[:-3]}.{tag}.pyc"
        assert pyc in names, pyc
        assert int.from_bytes(made.package_pyc[pyc][4:8], "little") == MAGIC_FLAGS_UNCHECKED
        assert f"{pyc},sha256=" in record, pyc
    top = {n for n in names if n.startswith("procedures/__pycache__/")}
    assert {f"procedures/__pycache__/{n}" for n in trimmed["pycache"]} == top


def test_the_runtime_is_the_same_from_the_same_sources(made):
    assert runtime.runtime(build_wheel()).stdlib == made.stdlib
    assert build_wheel(made.package_pyc) == build_wheel(made.package_pyc)
