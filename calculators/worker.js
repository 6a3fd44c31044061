// The calculators' Web Worker: boots Pyodide from this site, installs the procedures wheel and
// answers requests one at a time. Loaded as a module worker: new Worker(url, {type: "module"}).
//
// The protocol (calculators/engine.js is the other side):
//   page -> worker  {id, name, inputs} | {id, batch: [{name, inputs}]} | {cancel: id}
//                   (a request may carry delay: milliseconds to stay busy first; only the browser
//                   tests set it, through window.procedures.testDelay, to make a calculation slow)
//   worker -> page  {type: "progress", stage, step, of}     a stage of loading began
//                   {type: "loading", file, loaded, total}  bytes of a file arrived
//                   {type: "ready"}
//                   {type: "failed", file, reason, message}  as soon as a file fails, or loading fails
//                   {type: "started", id}                    a request began to run
//                   {id, result} | {id, error} | {id, answers}
// Errors are {field, message} from the engine (its InputError), or {field: null, unexpected: "<type>"}
// for a fault in the engine; the page chooses the words.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const WHEEL = "__PROCEDURES_WHEEL__";
const here = new URL(".", import.meta.url);
let failed = false;

function progress(stage, step, of) {
  postMessage({ type: "progress", stage, step, of });
}

function fail(file, reason, message) {
  if (failed) return;
  failed = true;
  postMessage({ type: "failed", file, reason, message: String(message || reason) });
}

// Once a failure is reported, the rejections that follow from it (Pyodide starts some downloads
// before it awaits them) are expected, and are not reported again as errors of the page.
self.addEventListener("unhandledrejection", (event) => {
  if (failed) event.preventDefault();
});
self.addEventListener("error", (event) => {
  if (failed) event.preventDefault();
});

function fileName(url) {
  try { return new URL(url, here).pathname.split("/").pop() || String(url); } catch (e) { return String(url); }
}

// Every file Pyodide and this worker fetch: its bytes are reported as they arrive (so the page can
// tell slow from stuck), and a request that fails is reported at once, before Pyodide notices.
const baseFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const file = fileName(input instanceof Request ? input.url : input);
  let response;
  try {
    response = await baseFetch(input, init);
  } catch (err) {
    fail(file, "blocked", err && err.message);
    throw err;
  }
  if (!response.ok) {
    fail(file, "missing", `${file}: HTTP ${response.status}`);
    return response;
  }
  return counted(response, file);
};

function counted(response, file) {
  if (!response.body || typeof ReadableStream === "undefined") return response;
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  let loaded = 0, told = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (err) {
        fail(file, "blocked", err && err.message);
        controller.error(err);
        return;
      }
      if (chunk.done) {
        postMessage({ type: "loading", file, loaded, total });
        controller.close();
        return;
      }
      loaded += chunk.value.byteLength;
      if (loaded - told >= 262144) {  // every quarter of a megabyte
        told = loaded;
        postMessage({ type: "loading", file, loaded, total });
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) { return reader.cancel(reason); },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
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
    except Exception as exc:  # a fault in the engine: its kind only, never the inputs
        return json.dumps({"error": {"field": None, "unexpected": type(exc).__name__,
                                     "message": "The calculator could not answer this: " + type(exc).__name__}})
run
`);
}

const ready = boot();
ready.then(() => postMessage({ type: "ready" }), (err) => {
  const message = String(err && err.message || err);
  const named = /([\w.-]+\.(?:m?js|wasm|zip|json|whl))/.exec(message);
  fail(named ? named[1] : null, "crashed", message);
});

function answer(run, name, inputs) {
  let text;
  try {
    text = JSON.stringify(inputs === undefined ? null : inputs);
  } catch (err) {
    return { error: { field: null, unexpected: "TypeError", message: "The inputs could not be read" } };
  }
  try {
    return JSON.parse(run(typeof name === "string" ? name : String(name), text));
  } catch (err) {
    return { error: { field: null, unexpected: (err && err.name) || "Error", message: "The calculator could not answer this" } };
  }
}

// Requests wait in a queue and run one at a time; between two, the worker reads its messages,
// so a request cancelled while it waits never runs.
const queue = [];
let pumping = false;

onmessage = (event) => {
  const message = event.data || {};
  if (message.cancel !== undefined) {
    const at = queue.findIndex((m) => m.id === message.cancel);
    if (at !== -1) queue.splice(at, 1);
    return;
  }
  queue.push(message);
  pump();
};

const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

async function pump() {
  if (pumping) return;
  pumping = true;
  let run = null;
  try {
    run = await ready;
  } catch (err) {
    run = null;
  }
  while (queue.length) {
    const { id, name, inputs, batch, delay } = queue.shift();
    postMessage({ type: "started", id });
    if (!run) {
      postMessage({ id, error: { field: null, runtime: true, message: "The calculator could not start" } });
    } else {
      if (delay > 0) {  // the browser tests' slow calculation: busy, as a long one in Python would be
        const until = Date.now() + Math.min(delay, 60000);
        while (Date.now() < until) { /* busy */ }
      }
      if (batch !== undefined) {
        const items = Array.isArray(batch) ? batch : [];
        postMessage({ id, answers: items.map((item) => answer(run, item && item.name, item && item.inputs)) });
      } else {
        postMessage({ id, ...answer(run, name, inputs) });
      }
    }
    await breathe();
  }
  pumping = false;
}
