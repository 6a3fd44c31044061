// The offline bundle's way to start the calculators' worker (mkdocs.offline.yml lists this file in
// extra.polyfills). A page opened from file:// may not load module scripts, start a module worker
// or fetch, so the worker is built from a Blob URL, and its source and files come from a classic
// script, offline-runtime.js, loaded only when a calculator starts (text pages never load it).
(function () {
  "use strict";
  // This runs in <head>, before Material's iframe-worker shim replaces window.Worker on file://
  // pages; the calculators need the browser's own Worker (the shim runs scripts in an iframe).
  var NativeWorker = window.Worker;
  var here = document.currentScript.src;

  function loadRuntime() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL("offline-runtime.js", here).href;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () { reject(new Error("the calculator files are missing from this copy")); };
      document.head.appendChild(script);
    });
  }

  // Returns at once an object that calculator.js uses as it would a Worker: messages posted
  // before the real worker exists are queued, and a failure to start is reported as the worker would.
  function startWorker() {
    var proxy = { onmessage: null, onerror: null, queued: [], worker: null, stopped: false };
    var tell = function (data) { if (proxy.onmessage && !proxy.stopped) proxy.onmessage({ data: data }); };
    proxy.postMessage = function (message) {
      if (proxy.worker) proxy.worker.postMessage(message);
      else proxy.queued.push(message);
    };
    // calculators/engine.js replaces a worker that runs too long, or tries again after a failure
    proxy.terminate = function () {
      proxy.stopped = true;
      if (proxy.worker) proxy.worker.terminate();
    };
    loadRuntime().then(function () {
      if (proxy.stopped) return;
      var runtime = window.proceduresOfflineRuntime;  // a second worker loads the script again
      delete window.proceduresOfflineRuntime;  // the worker keeps its own copy
      var header = "self.proceduresOfflineWorkerURL = " + JSON.stringify(new URL("worker.js", here).href) + ";\n";
      var url = URL.createObjectURL(new Blob([header, runtime.worker], { type: "text/javascript" }));
      var worker = new NativeWorker(url);
      worker.onmessage = function (event) { URL.revokeObjectURL(url); tell(event.data); };
      worker.onerror = function (event) {
        event.preventDefault();
        tell({ type: "failed", reason: "crashed", file: null, message: event.message || "the worker stopped" });
      };
      worker.postMessage({ offlineFiles: runtime.files });
      proxy.queued.forEach(function (message) { worker.postMessage(message); });
      proxy.queued = [];
      proxy.worker = worker;
    }).catch(function (error) { tell({ type: "failed", reason: "missing", file: "offline-runtime.js", message: error.message }); });
    return proxy;
  }

  window.proceduresOffline = { startWorker: startWorker };
})();
