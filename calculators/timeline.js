// The case timeline as a picture: an SVG drawn from the engine's "events", for sighted readers
// and print. It is hidden from screen readers (aria-hidden on its box): the table of events under
// it (calculator.js) says the same and is the version they read. Each mark carries the number of
// its row in the table. Drawn at the width of its box, so the words stay readable on a phone;
// drawn again when that width changes. No inline style: colours come from calculator.css classes.
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg", ROW = 30, TOP = 34, SIDE = 16, MARK = 9;

  function node(tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function day(iso) {
    var p = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(iso || ""));
    return p ? Date.UTC(Number(p[1]), p[2] ? Number(p[2]) - 1 : 0, p[3] ? Number(p[3]) : 1) : NaN;
  }
  // [first, last] days of an event: one day, or the range a rough date allows
  function span(event) {
    var r = event.range && typeof event.range === "object" ? event.range : (event.date && typeof event.date === "object" ? event.date : null);
    if (r) return [day(r.earliest), day(r.latest)];
    var d = day(event.date);
    return [d, d];
  }
  function kindClass(kind) { return "calc-timeline__mark calc-timeline__mark--" + String(kind || "other").replace(/[^a-z_-]/gi, "").toLowerCase(); }

  function draw(box, events, options) {
    options = options || {};
    var spans = events.map(span).filter(function (s) { return !isNaN(s[0]) && !isNaN(s[1]); });
    box.textContent = "";
    if (!spans.length) return;
    var width = Math.max(280, Math.round(box.clientWidth || 640));
    var first = Math.min.apply(null, spans.map(function (s) { return s[0]; }));
    var last = Math.max.apply(null, spans.map(function (s) { return s[1]; }));
    var y0 = new Date(first).getUTCFullYear(), y1 = new Date(last).getUTCFullYear() + 1;
    var from = Date.UTC(y0, 0, 1), to = Date.UTC(y1, 0, 1), right = options.indefinite ? 36 : SIDE;
    var x = function (t) { return SIDE + (t - from) / (to - from) * (width - SIDE - right); };

    // each event on the first row where it does not touch the one before it
    var rows = [], placed = events.map(function (event) {
      var s = span(event);
      if (isNaN(s[0])) return null;
      var a = x(s[0]) - MARK - 2, b = Math.max(x(s[1]), x(s[0]) + MARK + 14), row = 0;
      while (rows[row] !== undefined && rows[row] > a) row++;
      rows[row] = b;
      return { event: event, x0: x(s[0]), x1: x(s[1]), row: row };
    });
    var height = TOP + rows.length * ROW + 26;
    var svg = node("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", class: "calc-timeline__svg",
      focusable: "false" });
    var axis = TOP - 12;
    svg.appendChild(node("line", { x1: SIDE, x2: width - right, y1: axis, y2: axis, class: "calc-timeline__axis" }));
    // a tick and label each year, or fewer when the years are many for the width
    var years = y1 - y0, every = 1;
    while (years / every > (width - SIDE * 2) / 44) every++;
    for (var y = y0; y <= y1; y += every) {
      var tx = x(Date.UTC(y, 0, 1));
      svg.appendChild(node("line", { x1: tx, x2: tx, y1: axis - 4, y2: height - 20, class: "calc-timeline__grid" }));
      svg.appendChild(node("text", { x: tx, y: axis - 8, "text-anchor": y === y0 ? "start" : y === y1 ? "end" : "middle", class: "calc-timeline__year" }, String(y)));
    }
    if (options.indefinite) {
      svg.appendChild(node("path", { d: "M" + (width - right) + " " + (axis - 6) + " l12 6 l-12 6 z", class: "calc-timeline__arrow" }));
      svg.appendChild(node("text", { x: width - 4, y: height - 6, "text-anchor": "end", class: "calc-timeline__note" }, options.indefinite));
    }
    placed.forEach(function (p, i) {
      if (!p) return;
      var cy = TOP + p.row * ROW + ROW / 2, g = node("g", { class: kindClass(p.event.kind) });
      if (p.x1 > p.x0 + 1) {  // a rough date: a bar over the days it may be
        g.appendChild(node("rect", { x: p.x0, y: cy - 5, width: p.x1 - p.x0, height: 10, rx: 5, class: "calc-timeline__range" }));
      }
      g.appendChild(node("circle", { cx: p.x0, cy: cy, r: MARK }));
      g.appendChild(node("text", { x: p.x0, y: cy + 4, "text-anchor": "middle", class: "calc-timeline__number" }, String(i + 1)));
      svg.appendChild(g);
    });
    box.appendChild(svg);
    box.dataset.width = String(width);
  }

  // Draw again when the box's width changes (a turned phone, a resized window, print).
  var drawn = [];
  function watch(box, events, options) {
    draw(box, events, options);
    drawn = drawn.filter(function (d) { return document.contains(d.box) && d.box !== box; });
    drawn.push({ box: box, events: events, options: options });
    // The answer is drawn before it is in the page, when its width is not yet known: draw it
    // again once the box has its real width, so the words are not shrunk on a phone.
    if (observer) observer.observe(box);
  }
  var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target, width = Math.round(box.clientWidth);
      var d = drawn.filter(function (item) { return item.box === box; })[0];
      if (!d || !document.contains(box)) { observer.unobserve(box); return; }
      if (width && width !== Number(box.dataset.width)) draw(box, d.events, d.options);
    });
  }) : null;
  var again = function () {
    drawn = drawn.filter(function (d) { return document.contains(d.box); });
    drawn.forEach(function (d) { if (Math.round(d.box.clientWidth) !== Number(d.box.dataset.width)) draw(d.box, d.events, d.options); });
  };
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(again, 150); });
  window.addEventListener("beforeprint", again);

  window.proceduresTimeline = { draw: watch, span: span };
})();
