// The calculators' engine in the page: one long-lived Web Worker running the procedures
// package in Pyodide, and window.procedures, the one door to it for the forms
// (calculator.js), other scripts and the browser tests.
(function () {
  "use strict";

  var assets = new URL("../", document.currentScript.src);
  var engine = { worker: null, pending: {}, next: 1, timeline: [], state: { stage: "Not started", step: 0, of: 3 }, listeners: [] };

  // ---- the worker -------------------------------------------------------------------
  function startEngine() {
    if (engine.worker) return;
    engine.state = { stage: "Starting Python", step: 0, of: 3 };
    // A calculator page starts the worker from its <head> (overrides/main.html), before the theme's
    // scripts run; the offline bundle (file://, where module workers cannot start) brings its own way.
    var early = window.proceduresEarlyWorker;
    window.proceduresEarlyWorker = null;
    engine.worker = early ? early.worker : window.proceduresOffline ? window.proceduresOffline.startWorker()
      : new Worker(new URL("calculators/worker.js", assets), { type: "module" });
    engine.started = (engine.started || 0) + 1;
    engine.startedAt = early ? early.at : performance.now();
    engine.worker.onmessage = receive;
    if (early) early.messages.forEach(receive);
  }

  function receive(event) {
    var data = event.data;
    if (data.type === "progress" || data.type === "ready" || data.type === "failed") {
      engine.state = data.type === "progress" ? data : { stage: data.type, message: data.message, step: 3, of: 3 };
      engine.state.at = performance.now();
      engine.timeline.push([engine.state.stage, Math.round(engine.state.at)]);
      engine.listeners.forEach(function (listener) { listener(engine.state); });
      if (data.type === "failed") Object.keys(engine.pending).forEach(function (id) {
        engine.pending[id]({ error: { field: null, message: "The calculator could not start: " + data.message } });
      });
      return;
    }
    var resolve = engine.pending[data.id];
    delete engine.pending[data.id];
    if (resolve) resolve(data);
  }

  function ask(message) {
    startEngine();
    return new Promise(function (resolve) {
      var id = engine.next++;
      engine.pending[id] = resolve;
      message.id = id;
      engine.worker.postMessage(message);
    });
  }

  window.procedures = {
    calculate: function (name, inputs) { return ask({ name: name, inputs: inputs }); },
    batch: function (items) { return ask({ batch: items }).then(function (d) { return d.answers; }); },
    state: function () { return engine.state; },
    startedAt: function () { return engine.startedAt; },
    timeline: function () { return engine.timeline; },
    workersStarted: function () { return engine.started || 0; },
    running: function () { return !!engine.worker; },
    onState: function (listener) { engine.listeners.push(listener); },
    ask: ask,
    start: startEngine
  };

})();
