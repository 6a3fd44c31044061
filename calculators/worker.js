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
      (async () => { while (!(await reader.read()).done) { /* counted, then dropped */ } arrived(); })().catch(() => {});
    }
    return response;
  }
  return counted(response, file);
}

// The WebAssembly, compiled while the rest arrives, from the response itself (the browser keeps
// the compiled code of a response from its cache for the next visit). Pyodide instantiates what
// it fetches with WebAssembly.instantiateStreaming: for the runtime's address it gets a stand-in
// response, and the module compiled here.
let arrived;  // called when the WebAssembly's last byte has arrived
const wasmArrived = new Promise((resolve) => { arrived = resolve; });
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
// The wheel's files, inflated by the browser as soon as it arrives, off Python's path; the boot then
// writes them where Pyodide's unpackArchive would (its working folder), which in Python cost a first
// answer 0.1 to 0.2 s. The wheel is the build's own: one zip, no comment, no zip64.
const wheelFiles = wheel.then(unzipped);
wheelFiles.catch(() => {});  // reported when the boot reaches it

async function unzipped(buffer) {
  const bytes = new Uint8Array(buffer), view = new DataView(buffer), end = bytes.length - 22;
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) throw new Error(`${WHEEL} is not a zip`);
  const names = new TextDecoder();
  const files = [];
  for (let i = 0, at = view.getUint32(end + 16, true); i < view.getUint16(end + 10, true); i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`${WHEEL} is damaged`);
    const method = view.getUint16(at + 10, true), size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true), local = view.getUint32(at + 42, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.startsWith("/") || name.split("/").includes("..")) throw new Error(`${WHEEL} names ${name}`);
    if (name.endsWith("/")) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    files.push([name, method === 0 ? data : inflated(data)]);
  }
  return Promise.all(files.map(async ([name, data]) => [name, await data]));
}

async function inflated(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// A failure of any of these is reported now, naming its file, not when the boot reaches it.
compiled.catch((err) => fail("pyodide.asm.wasm", "crashed", err && err.message));
wheel.catch((err) => fail(WHEEL, "crashed", err && err.message));
modules.catch((err) => {
  const named = /([\w.-]+\.m?js)\b/.exec(String(err && err.message));
  fail(named ? named[1] : "pyodide.mjs", "blocked", err && err.message);
});

// The memory snapshot: Python's memory after the engine was imported, restored instead of a boot
// (procedures_site.snapshot says how it is made and served, and why these policies):
//   "fast"    from the browser's cache if it is there; if not, asked for once the WebAssembly has
//             arrived, and used only if it arrives in time (inTime, below);
//   "warm"    from the browser's cache only;
//   "always"  asked for now, with the rest.
// "fast" and "warm" ask for it after a first answer if it was not used, so the next visit has it;
// "fast" does neither when the browser asks to save data. A test may choose a policy with
// "#snapshot=<policy>" (or "never") after the worker's address, and the wait with "&grace=<ms>".
// The file is used only if its SHA-256, length, header and build id are what the build wrote here:
// a damaged or foreign snapshot is never restored.
const asked = new URLSearchParams(new URL(import.meta.url).hash.slice(1));
const snapshotPolicy = !SNAPSHOT || asked.get("snapshot") === "never" ? "off"
  : ["fast", "warm", "always"].includes(asked.get("snapshot")) ? asked.get("snapshot") : SNAPSHOT.policy;
const saveData = !!(self.navigator && navigator.connection && navigator.connection.saveData);
// How long, once Python could start, a snapshot still arriving is waited for. On the 2-core machine
// scripts/bench runs on, a restore answers about 1 s sooner than a boot (from the moment either
// could start); a faster computer saves less, so the wait is kept to half a second.
const GRACE = Number(asked.get("grace")) || 500;
const snapshotAddress = SNAPSHOT ? new URL(SNAPSHOT.file, runtime).href : null;
const race = { controller: null, firstByte: 0, loaded: 0, arrived: false, abandoned: false };

// From the cache (or, for "always", from the host); then, for "fast" on a miss, the race.
let snapshot = snapshotPolicy === "off" ? Promise.resolve(null)
  : snapshotFetched(snapshotPolicy === "always" ? {} : { cache: "only-if-cached", mode: "same-origin" });
let racing = snapshotPolicy === "fast" && !saveData
  ? snapshot.then((memory) => (memory ? null : wasmArrived.then(raced))) : null;

function snapshotFetched(init, counter = {}) {
  return baseFetch(snapshotAddress, init)
    .then((response) => (response.ok && response.body ? memoryFrom(response, counter) : null))
    .catch(() => null);
}

function raced() {
  if (race.abandoned) return null;
  race.controller = new AbortController();
  return snapshotFetched({ signal: race.controller.signal }, race);
}

// At boot: a snapshot racing the boot is waited for only while, at the rate it is arriving, it will
// be here within GRACE ms; then it is given up (and asked for again after the answer).
function inTime(pending) {
  const deadline = performance.now() + GRACE;
  return new Promise((resolve) => {
    let settled = false;
    pending.then((memory) => { settled = true; resolve(memory); });
    const look = () => {
      if (settled || race.arrived) return;  // arrived: its unpacking is waited for
      // the rate since its first byte (the wait for that is the line's latency, paid once), over
      // long enough that a slow first few packets do not decide it
      const now = performance.now(), flowing = now - race.firstByte;
      const due = race.firstByte + (SNAPSHOT.packed * flowing) / race.loaded;
      if (now < deadline && !(race.loaded && flowing >= 150 && due > deadline)) {
        setTimeout(look, 20);
        return;
      }
      race.abandoned = true;
      if (race.controller) race.controller.abort();
      resolve(null);
    };
    look();
  });
}

// The served file is gzip of the sparse form, undone as it arrives (a host that sent it with
// Content-Encoding: gzip has undone the gzip already); counter.loaded counts the bytes received.
async function memoryFrom(response, counter) {
  const reader = response.body.getReader();
  const parts = [];
  let writer = null, inflated = null;
  counter.loaded = counter.loaded || 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    const bytes = chunk.value;
    if (!writer && !parts.length && !counter.loaded && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      const gunzip = new DecompressionStream("gzip");
      writer = gunzip.writable.getWriter();
      inflated = new Response(gunzip.readable).arrayBuffer();
      inflated.catch(() => {});  // a cut or damaged file: rejected below, when awaited
    }
    if (!counter.loaded) counter.firstByte = performance.now();
    counter.loaded += bytes.byteLength;
    if (writer) writer.write(bytes).catch(() => {});
    else parts.push(bytes);
  }
  counter.arrived = true;
  if (writer) writer.close().catch(() => {});
  return dense(new Uint8Array(await (writer ? inflated : new Blob(parts).arrayBuffer())));
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The memory from the sparse form (procedures_site.snapshot.sparse): "PSNP", version 1, the memory's
// length and the number of runs, each run's offset and length, then the runs' bytes; the rest is zeros.
async function dense(sparse) {
  if (!self.crypto || !crypto.subtle) return null;
  if (hex(new Uint8Array(await crypto.subtle.digest("SHA-256", sparse))) !== SNAPSHOT.sha256) return null;
  const view = new DataView(sparse.buffer, sparse.byteOffset, sparse.byteLength);
  if (view.getUint32(0, true) !== 0x504e5350 || view.getUint32(4, true) !== 1) return null;
  if (view.getUint32(8, true) !== SNAPSHOT.length) return null;
  const memory = new Uint8Array(SNAPSHOT.length);
  const count = view.getUint32(12, true);
  for (let i = 0, at = 16 + 8 * count; i < count; i++) {
    const start = view.getUint32(16 + 8 * i, true), size = view.getUint32(20 + 8 * i, true);
    memory.set(sparse.subarray(at, at + size), start);
    at += size;
  }
  if (new DataView(memory.buffer).getUint32(0, true) !== SNAPSHOT.magic) return null;
  return hex(memory.subarray(16, 48)) === SNAPSHOT.build_id ? memory : null;
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
  let memory = await snapshot;
  if (!memory && racing) {
    await compiled;  // Python could start now: the snapshot racing the boot is judged from here
    memory = await inTime(racing);
  }
  snapshot = racing = null;  // its 31 MB are Pyodide's now, or garbage
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
  const folder = pyodide.FS.cwd();
  for (const [name, data] of await wheelFiles) {
    const path = `${folder}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, data);
  }
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

// After a first answer, a "fast" or "warm" snapshot that was not used is fetched in the background,
// so the next visit restores it from the cache.
let snapshotAsked = false;
function snapshotLater() {
  if (snapshotAsked || !["fast", "warm"].includes(snapshotPolicy) || bootedFrom === "snapshot" || saveData) return;
  snapshotAsked = true;
  baseFetch(snapshotAddress).then((response) => response.arrayBuffer()).catch(() => {});
}
