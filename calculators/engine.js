// The calculators' engine in the page: one long-lived Web Worker running the procedures
// package in Pyodide, and window.procedures, the one door to it for the forms
// (calculator.js), other scripts and the browser tests.
//
// Every request carries an id; a reply whose id is no longer awaited (cancelled, or from a worker
// since replaced) is dropped. Loading is watched: a file that fails ends it at once, and so does
// no progress for STALL_MS. A request that runs longer than LIMIT_MS is stopped by replacing the
// worker. The state and the errors are codes; calculator.js chooses the words.
(function () {
  "use strict";

  var STALL_MS = 20000, LIMIT_MS = 15000;
  var assets = new URL("../", document.currentScript.src);
  var engine = {
    worker: null, pending: {}, next: 1, timeline: [], listeners: [], replies: 0, dropped: 0,
    state: { stage: "Not started", step: 0, of: 3 }, lastProgress: 0, stallTimer: null
  };
  var door;

  function loading() { return !!engine.worker && engine.state.stage !== "ready" && engine.state.stage !== "failed"; }

  function setState(state) {
    engine.state = state;
    state.at = performance.now();
    engine.timeline.push([state.stage, Math.round(state.at)]);
    engine.listeners.slice().forEach(function (listener) { listener(state); });
  }

  // ---- the worker -------------------------------------------------------------------
  function startEngine() {
    if (engine.worker) return;
    // A calculator page starts the worker from its <head> (overrides/main.html), before the theme's
    // scripts run; the offline bundle (file://, where module workers cannot start) brings its own way.
    var early = window.proceduresEarlyWorker;
    window.proceduresEarlyWorker = null;
    engine.busyCancelled = null;
    try {
      if (early) engine.worker = early.worker;
      else if (window.proceduresOffline) engine.worker = window.proceduresOffline.startWorker();
      else if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") throw new Error("unsupported");
      else engine.worker = new Worker(new URL("calculators/worker.js", assets), { type: "module" });
    } catch (error) {
      engine.worker = null;
      setState({ stage: "failed", reason: "unsupported", file: null, message: String(error && error.message || error), step: 3, of: 3 });
      answerAll({ error: { field: null, runtime: true } });
      return;
    }
    engine.started = (engine.started || 0) + 1;
    setState({ stage: "Starting Python", step: 0, of: 3 });
    engine.startedAt = early ? early.at : performance.now();
    engine.lastProgress = performance.now();
    engine.heard = false;
    var worker = engine.worker;
    worker.onmessage = function (event) { if (worker === engine.worker) receive(event); };
    worker.onerror = function (event) { if (worker === engine.worker) crashed(event); };
    if (early) early.messages.forEach(receive);
    // A worker that failed before this script took it over (worker.js or pyodide.mjs blocked) says so at once.
    if (early && early.error) crashed(early.error);
    watch();
    // requests made before a restart are sent again to the new worker
    Object.keys(engine.pending).forEach(function (id) {
      var request = engine.pending[id];
      request.started = false;
      worker.postMessage(request.message);
    });
  }

  function stopEngine() {
    var worker = engine.worker;
    engine.worker = null;
    clearTimeout(engine.stallTimer);
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    if (worker.terminate) worker.terminate();
  }

  function restart() {
    stopEngine();
    Object.keys(engine.pending).forEach(function (id) { clearTimeout(engine.pending[id].timer); });
    startEngine();
  }

  // Loading that has said nothing for STALL_MS is reported as stuck. The worker goes on: if it
  // gets there after all, the state becomes "ready" and the next request is answered.
  function watch() {
    clearTimeout(engine.stallTimer);
    if (!loading()) return;
    var left = STALL_MS - (performance.now() - engine.lastProgress);
    engine.stallTimer = setTimeout(function () {
      if (!loading()) return;
      if (performance.now() - engine.lastProgress < STALL_MS) { watch(); return; }
      failed({ reason: "stalled", file: engine.lastFile || null, message: "no progress for " + STALL_MS / 1000 + " seconds" });
    }, Math.max(0, left));
  }

  function failed(detail) {
    setState({ stage: "failed", reason: detail.reason, file: detail.file, message: detail.message, step: 3, of: 3 });
    answerAll({ error: { field: null, runtime: true } });
  }

  function crashed(event) {
    if (event && event.preventDefault) event.preventDefault();
    var message = (event && event.message) || "the worker stopped";
    if (engine.state.stage === "ready") {  // a fault after loading: answer what waits, start afresh
      answerAll({ error: { field: null, unexpected: "WorkerError" } });
      restart();
      return;
    }
    stopEngine();
    // Before its first word, a worker that stops is one whose script could not be loaded.
    failed(engine.heard ? { reason: "crashed", file: engine.lastFile || null, message: message }
      : { reason: "blocked", file: "worker.js, pyodide.mjs", message: message });
  }

  function answerAll(answer) {
    Object.keys(engine.pending).forEach(function (id) { settle(id, answer); });
  }

  function settle(id, answer) {
    var request = engine.pending[id];
    if (!request) return;
    delete engine.pending[id];
    clearTimeout(request.timer);
    request.resolve(answer);
  }

  function receive(event) {
    var data = event.data || {};
    engine.lastProgress = performance.now();
    engine.heard = true;
    // Word from a worker said to be stuck: it is moving after all.
    if (engine.state.reason === "stalled" && data.type !== "failed") setState(engine.lastStage || { stage: "Starting Python", step: 1, of: 3 });
    if (data.type === "loading") {
      engine.lastFile = data.file;
      engine.loaded = data;
      watch();
      return;
    }
    if (data.type === "progress" || data.type === "ready" || data.type === "failed") {
      if (data.type === "failed") {
        stopEngine();
        failed(data);
        return;
      }
      if (data.type === "progress") engine.lastStage = { stage: data.stage, step: data.step, of: data.of };
      setState(data.type === "progress" ? { stage: data.stage, step: data.step, of: data.of } : { stage: "ready", step: 3, of: 3 });
      watch();
      return;
    }
    if (data.type === "started") {
      var request = engine.pending[data.id];
      if (request) {
        request.started = true;
        request.timer = setTimeout(function () { runaway(data.id); }, request.limit);
      }
      return;
    }
    engine.replies++;
    if (data.id === engine.busyCancelled) engine.busyCancelled = null;
    if (!engine.pending[data.id]) { engine.dropped++; return; }
    settle(data.id, data);
  }

  // A request that has run too long: the only way to stop Python is to stop its worker.
  function runaway(id) {
    if (!engine.pending[id]) return;
    settle(id, { error: { field: null, timeout: true, seconds: engine.pending[id].limit / 1000 } });
    restart();
  }

  function send(message, limit) {
    var id = engine.next++;
    message.id = id;
    if (door.testDelay > 0) message.delay = door.testDelay;
    var request = { message: message, limit: limit, started: false };
    var promise = new Promise(function (resolve) { request.resolve = resolve; });
    // After a failure, asking again tries again: a new worker, from the start. A worker that is
    // only stuck is kept (it may be on a slow line); "Try again" in the page restarts it.
    if (engine.state.stage === "failed" && engine.state.reason !== "stalled") stopEngine();
    // A cancelled request still running would hold this one up: start afresh rather than wait.
    if (engine.busyCancelled) restart();
    engine.pending[id] = request;
    if (engine.state.reason === "stalled") settle(id, { error: { field: null, runtime: true } });
    else if (!engine.worker) startEngine();
    else engine.worker.postMessage(message);
    return { id: id, promise: promise };
  }

  // The reply to a cancelled request is never given. If it is waiting, the worker drops it;
  // if it is running, its reply is dropped when it comes.
  function cancel(id) {
    var request = engine.pending[id];
    if (!request) return;
    delete engine.pending[id];
    clearTimeout(request.timer);
    if (request.started) engine.busyCancelled = id;
    else if (engine.worker) engine.worker.postMessage({ cancel: id });
    request.resolve({ cancelled: true });
  }

  function ask(message) {
    return send(message, message.batch ? LIMIT_MS * Math.max(1, message.batch.length) : LIMIT_MS).promise;
  }

  door = window.procedures = {
    calculate: function (name, inputs) { return ask({ name: name, inputs: inputs }); },
    batch: function (items) { return ask({ batch: items }).then(function (d) { return d.answers; }); },
    // {id, promise}: a calculation that can be cancelled (calculator.js, "Start again")
    request: function (name, inputs) { return send({ name: name, inputs: inputs }, door.limit || LIMIT_MS); },
    cancel: cancel,
    state: function () { return engine.state; },
    startedAt: function () { return engine.startedAt; },
    timeline: function () { return engine.timeline; },
    workersStarted: function () { return engine.started || 0; },
    replies: function () { return { received: engine.replies, dropped: engine.dropped }; },
    waiting: function () { return Object.keys(engine.pending).length; },
    busy: function () { return Object.keys(engine.pending).some(function (id) { return engine.pending[id].started; }); },
    running: function () { return !!engine.worker || engine.state.stage === "failed"; },
    // listener(state) on every change; returns a function that stops listening
    onState: function (listener) {
      engine.listeners.push(listener);
      return function () { engine.listeners = engine.listeners.filter(function (l) { return l !== listener; }); };
    },
    ask: ask,
    start: startEngine,
    restart: restart,
    stallSeconds: STALL_MS / 1000,
    // Browser tests only: milliseconds each request keeps the worker busy first, and the limit.
    testDelay: 0,
    limit: LIMIT_MS
  };
})();
