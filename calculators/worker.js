// The calculators' Web Worker: boots Pyodide from this site, installs the procedures
// wheel and answers {id, name, inputs} with {id, result} or {id, error}.
// Loaded as a module worker: new Worker(url, {type: "module"}).
import { loadPyodide } from "../pyodide/pyodide.mjs";

const WHEEL = "__PROCEDURES_WHEEL__";
const here = new URL(".", import.meta.url);

function progress(stage, step, of) {
  postMessage({ type: "progress", stage, step, of });
}

async function boot() {
  progress("Starting Python", 1, 3);
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", here).href, packages: [] });
  progress("Loading the rules", 2, 3);
  const wheel = await fetch(new URL(WHEEL, here));
  if (!wheel.ok) throw new Error(`could not load ${WHEEL}`);
  pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel");
  progress("Ready", 3, 3);
  return pyodide.runPython(`
import json
from procedures import InputError, calculate

def run(name, text):
    try:
        return json.dumps({"result": calculate(name, json.loads(text))})
    except InputError as exc:
        return json.dumps(exc.to_dict())
    except Exception as exc:  # a bug, said plainly rather than as a traceback
        return json.dumps({"error": {"field": None, "message": "The calculator could not answer this: "
                                     + type(exc).__name__ + ". Please report it."}})
run
`);
}

const ready = boot();
ready.then(() => postMessage({ type: "ready" }),
           (err) => postMessage({ type: "failed", message: String(err && err.message || err) }));

onmessage = async (event) => {
  const { id, name, inputs, batch } = event.data;
  const run = await ready;
  if (batch) {
    postMessage({ id, answers: batch.map((item) => JSON.parse(run(item.name, JSON.stringify(item.inputs)))) });
    return;
  }
  postMessage({ id, ...JSON.parse(run(name, JSON.stringify(inputs))) });
};
