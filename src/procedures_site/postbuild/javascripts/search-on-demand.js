// The theme's search worker, started when the reader first searches rather than as the page loads.
// Calculator pages start Pyodide as they load; building the search index at the same time takes a
// core from it on a 2-core laptop (about 1.6 s of the first answer, scripts/bench). postbuild.scripts
// points those pages' theme configuration here, with the real worker's file name after the "#".
//
// The theme sends the index first (type 0) and waits for "ready" (type 1) before it sends a query
// (type 2), so this says ready at once and keeps the index. An empty query is answered here; on the first real one it loads the real
// worker and hands it the index, then every query so far, in order. The real worker's own "ready"
// is dropped: the theme has had one.
(function () {
  "use strict";
  var real = decodeURIComponent(self.location.hash.slice(1));
  var index = null;
  var queued = null;     // queries that came while the real worker read the index
  var released = false;  // from then on, every message goes straight to the real worker

  function pass(data) {
    self.dispatchEvent(new MessageEvent("message", { data: data }));
  }

  // Registered before the real worker's listener, so it sees every message first.
  self.addEventListener("message", function (event) {
    if (released || event.data === index && queued) return;
    event.stopImmediatePropagation();
    if (event.data && event.data.type === 0) {
      index = event.data;
      self.postMessage({ type: 1 });
    } else if (!queued && typeof event.data.data === "string" && !event.data.data.trim()) {
      // The theme asks with the empty box as soon as it hears "ready": nothing to find yet.
      self.postMessage({ type: 3, data: { items: [] } });
    } else if (queued) {
      queued.push(event.data);
    } else {
      queued = [event.data];
      start();
    }
  });

  function start() {
    var post = self.postMessage.bind(self);
    self.postMessage = function (message) { if (!message || message.type !== 1) post(message); };
    self.importScripts(real);
    if (index) pass(index);
    // The real worker reads the index in microtasks; a timer runs after them.
    setTimeout(function () {
      released = true;
      queued.forEach(pass);
    }, 0);
  }
})();
