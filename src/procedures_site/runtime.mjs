// Runs Python in the pinned npm Pyodide under Node, for procedures_site.runtime (the build) and
// tests/web/test_runtime.py: `node runtime.mjs <request.json> <reply.json>`.
//
// The request names the Pyodide folder (indexURL), optionally a standard library to boot with
// (stdLibURL: a file path; the stock python_stdlib.zip if absent), a wheel to unpack into
// site-packages, the Python source to run and a JSON value for it. The Python sees that value as
// the global REQUEST and leaves its answer, any JSON value, in the global REPLY; this script
// writes it to <reply.json>. Nothing here decides anything: the Python, written by the caller, does.
//
// Memory snapshots (Pyodide's private _makeSnapshot/_loadSnapshot; procedures_site.runtime):
// makeSnapshot, a file path, boots ready to snapshot and, after the Python has run, writes the
// snapshot there; loadSnapshot, a file path, restores that snapshot instead of booting, and the wheel
// is unpacked again after it (the snapshot holds the interpreter's memory, not its files).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [requestPath, replyPath] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const { loadPyodide } = await import(pathToFileURL(request.indexURL + "pyodide.mjs").href);

// A failure prints its message only (Node would print the line of minified code it came from).
process.on("uncaughtException", (error) => { process.stderr.write(String(error && error.stack || error) + "\n"); process.exit(1); });

const started = performance.now();
const options = { indexURL: request.indexURL, packages: [], stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };
if (request.stdLibURL) options.stdLibURL = request.stdLibURL;
if (request.makeSnapshot) options._makeSnapshot = true;
if (request.loadSnapshot) options._loadSnapshot = new Uint8Array(readFileSync(request.loadSnapshot));
const pyodide = await loadPyodide(options);
const booted = performance.now();
if (request.wheel) pyodide.unpackArchive(new Uint8Array(readFileSync(request.wheel)), "wheel");
pyodide.globals.set("REQUEST", JSON.stringify(request.value ?? null));
pyodide.runPython("import json as _json\nREQUEST = _json.loads(REQUEST)\ndel _json");
pyodide.runPython(request.python, { filename: "<procedures_site.runtime>" });
const reply = pyodide.runPython("import json as _json\n_json.dumps(REPLY)");
if (request.makeSnapshot) {
  pyodide.runPython("del REQUEST, REPLY, _json");  // the snapshot keeps only what the worker will use
  writeFileSync(request.makeSnapshot, pyodide.makeMemorySnapshot());
}
writeFileSync(replyPath, JSON.stringify({ bootMs: booted - started, totalMs: performance.now() - started, reply: JSON.parse(reply) }));
