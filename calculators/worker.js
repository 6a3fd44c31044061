// The calculators' Web Worker: boots Pyodide from this site, installs the procedures wheel and
// answers requests one at a time. Loaded as a module worker: new Worker(url, {type: "module"}).
//
// The protocol (calculators/engine.js is the other side):
//   page -> worker  {id, name, inputs} | {id, batch: [{name, inputs}]} | {cancel: id}
//                   (a request may carry delay: milliseconds to stay busy first; only the browser
//                   tests set it, through window.procedures.testDelay, to make a calculation slow)
//   worker -> page  {type: "progress", stage, step, of}     a stage of loading began
//                   {type: "loading", file, loaded, total}  bytes of a file arrived
//                   {type: "ready", from: "snapshot" | "boot"}
//                   {type: "failed", file, reason, message}  as soon as a file fails, or loading fails
//                   {type: "started", id}                    a request began to run
//                   {id, result} | {id, error} | {id, answers}
// Errors are {field, message} from the engine (its InputError), or {field: null, unexpected: "<type>"}
// for a fault in the engine; the page chooses the words.

// Everything the runtime needs is asked for at once, at the top, in parallel: Pyodide's loader and its
// runtime (two dynamic imports: a static import would hold every other request back until the
// loader arrived), the WebAssembly (compiled as it arrives), the standard library (precompiled and
// trimmed by the build: procedures_site.runtime), and the procedures wheel. The lock file is inline.
// postbuild.offline replaces the next line for the offline copy, whose worker cannot import.
const modules = Promise.all([import("../pyodide/pyodide.mjs"), import("../pyodide/pyodide.asm.mjs")]);

const WHEEL = "__PROCEDURES_WHEEL__";
// The memory snapshot's facts (procedures_site.snapshot): {file, length, magic, build_id, sha256,
// policy}, or null when the build made none.
const SNAPSHOT = "__PROCEDURES_SNAPSHOT__";
const STDLIB = "__PROCEDURES_STDLIB__";
// Pyodide's lock file reduced to what it checks (its ABI); no package is loaded from it.
const LOCK = JSON.parse("__PROCEDURES_LOCK__");
const here = new URL(".", import.meta.url);
const runtime = new URL("../pyodide/", here);
const addresses = {
  wasm: new URL("pyodide.asm.wasm", runtime).href,
  stdlib: new URL(STDLIB, runtime).href,
  wheel: new URL(WHEEL, here).href,
};
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
// A file this worker asked for early is handed to the first request for it.
const baseFetch = self.fetch.bind(self);
const early = new Map();
self.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : new URL(String(input), here).href;
  const asked = early.get(url);
  if (asked) {
    // The WebAssembly's stand-in stays: a boot after a failed restore compiles nothing again.
    if (url !== addresses.wasm) early.delete(url);
    return asked;
  }
  return watched(input, init);
};

async function watched(input, init, { count = true } = {}) {
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
  if (!count) {  // the body goes to the caller as it came (see wasm below); a copy is counted
    const copy = counted(response.clone(), file).body;
    if (copy) {
      const reader = copy.getReader();
      (async () => { while (!(await reader.read()).done) { /* counted, then dropped */ } })().catch(() => {});
    }
    return response;
  }
  return counted(response, file);
}

// The WebAssembly, compiled while the rest arrives, from the response itself (the browser keeps
// the compiled code of a response from its cache for the next visit). Pyodide instantiates what
// it fetches with WebAssembly.instantiateStreaming: for the runtime's address it gets a stand-in
// response, and the module compiled here.
const compiled = watched(addresses.wasm, undefined, { count: false }).then((response) => {
  if (!response.ok) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
  return WebAssembly.compileStreaming(response);
});
const standIn = new Response(null, { headers: { "Content-Type": "application/wasm" } });
early.set(addresses.wasm, Promise.resolve(standIn));
const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
WebAssembly.instantiateStreaming = async (source, imports) => {
  if ((await source) !== standIn) return instantiateStreaming(source, imports);
  const module = await compiled;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};
early.set(addresses.stdlib, watched(addresses.stdlib));
const wheel = watched(addresses.wheel).then((response) => {
  if (!response.ok) throw new Error(`could not load ${WHEEL}`);
  return response.arrayBuffer();
});
// A failure of any of these is reported now, naming its file, not when the boot reaches it.
compiled.catch((err) => fail("pyodide.asm.wasm", "crashed", err && err.message));
wheel.catch((err) => fail(WHEEL, "crashed", err && err.message));
modules.catch((err) => {
  const named = /([\w.-]+\.m?js)\b/.exec(String(err && err.message));
  fail(named ? named[1] : "pyodide.mjs", "blocked", err && err.message);
});

// The memory snapshot: Python's memory after the engine was imported, restored instead of a boot.
// "warm": only if the browser has it cached, and asked for after a first answer (snapshotLater);
// "always": fetched now, with the rest. A test may ask for either with "#snapshot=always" or
// "#snapshot=never" after the worker's address. The file is used only if its length, header and
// SHA-256 are what the build wrote here: a damaged or foreign snapshot is never restored.
const askedPolicy = new URLSearchParams(new URL(import.meta.url).hash.slice(1)).get("snapshot");
const snapshotPolicy = !SNAPSHOT || askedPolicy === "never" ? "off" : askedPolicy === "always" ? "always" : SNAPSHOT.policy;
const snapshotAddress = SNAPSHOT ? new URL(SNAPSHOT.file, runtime).href : null;
let snapshot = snapshotPolicy === "off" ? Promise.resolve(null) : baseFetch(snapshotAddress,
  snapshotPolicy === "warm" ? { cache: "only-if-cached", mode: "same-origin" } : {})
  .then((response) => (response.ok ? response.arrayBuffer() : null))
  .then((buffer) => buffer && unpacked(new Uint8Array(buffer)))
  .then((bytes) => bytes && trusted(bytes))
  .catch(() => null);

// The build serves it as gzip; a host that sent it with Content-Encoding: gzip has undone that already.
async function unpacked(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function trusted(bytes) {
  if (bytes.length !== SNAPSHOT.length || !self.crypto || !crypto.subtle) return null;
  if (new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(0, true) !== SNAPSHOT.magic) return null;
  if (hex(bytes.subarray(16, 48)) !== SNAPSHOT.build_id) return null;
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))) === SNAPSHOT.sha256 ? bytes : null;
}

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

let bootedFrom = "boot";

async function boot() {
  progress("Starting Python", 1, 3);
  const [{ loadPyodide }, { default: createPyodideModule }] = await modules;
  const options = {
    indexURL: runtime.href, packageBaseUrl: runtime.href, packages: [], createPyodideModule,
    stdLibURL: addresses.stdlib, lockFileContents: LOCK,
  };
  const memory = await snapshot;
  snapshot = null;  // its 31 MB are Pyodide's now, or garbage
  let pyodide = null;
  if (memory) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: memory });
      bootedFrom = "snapshot";
    } catch (err) {
      pyodide = null;  // a private Pyodide interface: whatever went wrong, a normal boot follows
    }
  }
  if (!pyodide) pyodide = await loadPyodide(options);
  progress("Loading the rules", 2, 3);
  pyodide.unpackArchive(await wheel, "wheel");
  progress("Ready", 3, 3);
  // procedures.answer_json: JSON in, JSON out; a fault in the engine is told by its kind only.
  return pyodide.runPython("from procedures import answer_json\nanswer_json");
}

const ready = boot();
ready.then(() => postMessage({ type: "ready", from: bootedFrom }), (err) => {
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
  snapshotLater();
}

// After a first answer, a "warm" snapshot not in the cache is fetched in the background, so the next
// visit restores it; not when the browser asks to save data.
let snapshotAsked = false;
function snapshotLater() {
  if (snapshotAsked || snapshotPolicy !== "warm" || bootedFrom === "snapshot") return;
  snapshotAsked = true;
  if (self.navigator && navigator.connection && navigator.connection.saveData) return;
  baseFetch(snapshotAddress).then((response) => response.arrayBuffer()).catch(() => {});
}
