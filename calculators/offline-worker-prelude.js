// The first part of the offline bundle's worker (procedures_site.postbuild.offline joins it with Pyodide's
// classic loader, Pyodide's runtime made classic, and worker.js; offline-loader.js starts it from a
// Blob URL). A worker started from a file:// page may not fetch, so fetch is replaced by one that
// answers from the files the page posts first, and refuses anything else: nothing leaves the device.
(function () {
  "use strict";
  // offline-loader.js writes this line before the source: where worker.js would be in the bundle.
  var workerURL = self.proceduresOfflineWorkerURL;
  var assets = new URL("../", workerURL);
  var TYPES = { wasm: "application/wasm", json: "application/json", zip: "application/zip", whl: "application/zip" };

  var files = new Promise(function (resolve) {
    self.addEventListener("message", function take(event) {
      if (!event.data || !event.data.offlineFiles) return;
      // Registered before worker.js sets onmessage, so worker.js never sees this message.
      event.stopImmediatePropagation();
      self.removeEventListener("message", take);
      var byURL = {};
      Object.keys(event.data.offlineFiles).forEach(function (name) {
        byURL[new URL(name, assets).href] = event.data.offlineFiles[name];
      });
      resolve(byURL);
    });
  });

  function decode(text) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
    var binary = atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  self.fetch = function (input) {
    var url = new URL(input instanceof Request ? input.url : String(input), workerURL).href;
    return files.then(function (byURL) {
      if (!(url in byURL)) throw new TypeError("The offline bundle has no file " + url);
      return new Response(decode(byURL[url]), { headers: { "Content-Type": TYPES[url.split(".").pop()] || "application/octet-stream" } });
    });
  };

  // Pyodide refuses to run where importScripts works ("Classic web workers are not supported"),
  // because it would import() its runtime. Here the runtime is already loaded (see loadPyodide
  // below) and nothing is imported, so the worker is made to look like a module worker.
  self.importScripts = function () { throw new TypeError("importScripts is not available in this worker"); };

  self.proceduresOffline = {
    workerURL: workerURL,
    asmURL: new URL("pyodide/pyodide.asm.mjs", assets).href,
    // worker.js takes these instead of importing Pyodide's loader and runtime (a Blob worker cannot
    // import()): both are already here, as classic scripts; the rest comes through fetch above.
    modules: function () {
      return Promise.resolve([{ loadPyodide: self.loadPyodide }, { default: self.createPyodideModule }]);
    }
  };
})();
