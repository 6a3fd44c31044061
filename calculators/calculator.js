// Calculators in the page. The form is plain HTML generated from the engine's schema;
// this script reads it, asks the engine (calculators/engine.js: procedures, in Pyodide,
// in one long-lived Web Worker) and shows the answer. Nothing typed leaves the device:
// the calculation is kept only in the URL fragment, which browsers never send to a server.
(function () {
  "use strict";

  var engine = window.procedures;  // calculators/engine.js, loaded first
  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];

  // ---- words ---------------------------------------------------------------------------
  function longDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1].replace(/^./, function (c) { return c.toUpperCase(); }) + " " + p[0];
  }
  function durationWords(iso) {
    var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso);
    if (!m) return iso;
    var units = ["year", "month", "week", "day"], out = [];
    for (var i = 0; i < 4; i++) if (m[i + 1] && Number(m[i + 1])) out.push(m[i + 1] + " " + units[i] + (m[i + 1] === "1" ? "" : "s"));
    return out.join(" ") || "no time";
  }
  function words(value) {
    if (value === null || value === undefined) return "None";
    if (value === true) return "Yes";
    if (value === false) return "No";
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return longDate(value);
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value.slice(11) + " on " + longDate(value.slice(0, 10));
    if (typeof value === "string" && /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(value)) return durationWords(value);
    if (Array.isArray(value)) return value.map(words).join("; ");
    if (typeof value === "object") return Object.keys(value).map(function (k) { return humanise(k) + ": " + words(value[k]); }).join(", ");
    return String(value);
  }
  function humanise(key) { var t = key.replace(/_/g, " "); return t.charAt(0).toUpperCase() + t.slice(1); }
  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  // ---- reading the form -------------------------------------------------------------
  function parseMonth(text) {
    var t = text.trim().toLowerCase();
    if (/^\d{1,2}$/.test(t)) return Number(t);
    for (var i = 0; i < 12; i++) if (t.length >= 3 && MONTHS[i].indexOf(t.replace(/\.$/, "")) === 0) return i + 1;
    if (t === "sept") return 9;
    return NaN;
  }
  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

  function readDate(group, label) {
    var get = function (part) { var input = group.querySelector("[name$='-" + part + "']"); return input ? input.value.trim() : ""; };
    var d = get("day"), m = get("month"), y = get("year");
    if (!d && !m && !y) return { empty: true };
    var missing = [];
    if (!d) missing.push("day");
    if (!m) missing.push("month");
    if (!y) missing.push("year");
    if (missing.length) return { error: label + " must include a " + missing.join(" and "), part: missing[0] };
    var month = parseMonth(m);
    if (!/^\d{1,2}$/.test(d) || isNaN(month) || month < 1 || month > 12) return { error: label + " must be a real date", part: isNaN(month) ? "month" : "day" };
    if (!/^\d{4}$/.test(y)) return { error: "Year must include 4 numbers", part: "year" };
    var date = new Date(Date.UTC(Number(y), month - 1, Number(d)));
    if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== month - 1) return { error: label + " must be a real date", part: "day" };
    return { value: y + "-" + pad(month, 2) + "-" + pad(Number(d), 2) };
  }

  function readTime(group, label) {
    var input = group.querySelector("[name$='-time']"), t = input.value.trim().replace(".", ":");
    var m = /^(\d{1,2}):?(\d{2})$/.exec(t);
    if (!t) return { error: label + " must include a time", part: "time" };
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { error: label + " must include a real time, like 14:30", part: "time" };
    return { value: pad(Number(m[1]), 2) + ":" + m[2] };
  }

  function readDuration(group, label) {
    var out = "P", any = false, units = [["years", "Y"], ["months", "M"], ["weeks", "W"], ["days", "D"]];
    for (var i = 0; i < units.length; i++) {
      var v = group.querySelector("[name$='-" + units[i][0] + "']").value.trim();
      if (!v) continue;
      if (!/^\d+$/.test(v)) return { error: label + ": " + units[i][0] + " must be a whole number", part: units[i][0] };
      if (Number(v)) { out += Number(v) + units[i][1]; any = true; }
    }
    if (!any) {
      var typed = Array.prototype.some.call(group.querySelectorAll("input"), function (x) { return x.value.trim(); });
      return typed ? { error: label + " must be longer than zero", part: "years" } : { empty: true };
    }
    return { value: out };
  }

  function readGroup(group) {
    var type = group.dataset.type, label = group.querySelector("legend, label").firstChild.textContent.trim();
    if (type === "date") return readDate(group, label);
    if (type === "date-time") {
      var d = readDate(group, label);
      if (d.empty || d.error) return d.empty && !group.querySelector("[name$='-time']").value.trim() ? d : (d.error ? d : readTime(group, label));
      var t = readTime(group, label);
      return t.error ? t : { value: d.value + "T" + t.value };
    }
    if (type === "duration") return readDuration(group, label);
    if (type === "boolean") return group.querySelector("input").checked ? { value: true } : { empty: true };
    if (type === "choice") { var c = group.querySelector("input:checked"); return c ? { value: c.value } : { empty: true }; }
    if (type === "yesno") { var yn = group.querySelector("input:checked"); return yn ? { value: yn.value === "true" } : { empty: true }; }
    if (type === "integer") { var v = group.querySelector("input").value.trim(); return v ? { value: /^\d+$/.test(v) ? Number(v) : v } : { empty: true }; }
    if (type === "list") return readList(group);
    return { empty: true };
  }

  function readList(group) {
    var items = [], errors = [];
    group.querySelectorAll("[data-items] > fieldset").forEach(function (item) {
      var read = readFields(item);
      errors = errors.concat(read.errors);
      if (Object.keys(read.values).length) items.push(read.values);
    });
    return errors.length ? { errors: errors } : (items.length ? { value: items } : { empty: true });
  }

  function visible(group) { return !group.closest("[hidden]"); }

  // The field groups that belong directly to ``container`` (not to a nested list entry).
  function ownGroups(container) {
    return Array.prototype.filter.call(container.querySelectorAll("[data-field]"), function (g) {
      var owner = g.parentElement.closest("[data-item-index], form");
      return owner === container && !g.closest("template");
    });
  }

  function readFields(container) {
    var values = {}, errors = [];
    ownGroups(container).forEach(function (group) {
      if (!visible(group)) return;
      var read = readGroup(group);
      if (read.errors) errors = errors.concat(read.errors);
      else if (read.error) errors.push({ group: group, message: read.error, part: read.part });
      else if (!read.empty) values[group.dataset.key] = read.value;
    });
    return { values: values, errors: errors };
  }

  // ---- conditional fields and list entries --------------------------------------------
  function updateShown(form) {
    var choices = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (r) { choices[r.name] = r.value; });
    form.querySelectorAll("[data-shown-when]").forEach(function (group) {
      var rule = JSON.parse(group.dataset.shownWhen), show = Object.keys(rule).every(function (key) {
        return rule[key].indexOf(choices[key]) !== -1;
      });
      group.hidden = !show;
    });
  }

  function addItem(group, focus) {
    var items = group.querySelector("[data-items]"), index = items.children.length;
    var html = group.querySelector("template[data-item]").innerHTML.replace(/__i__/g, index).replace(/__n__/g, index + 1);
    items.insertAdjacentHTML("beforeend", html);
    var item = items.lastElementChild;
    item.querySelector("[data-remove]").addEventListener("click", function () {
      item.remove();
      var add = group.querySelector("[data-add]");
      add.focus();
    });
    if (focus) item.querySelector("input").focus();
    return item;
  }

  // ---- errors -----------------------------------------------------------------------
  function clearErrors(root) {
    var summary = root.querySelector(".calc-error-summary");
    summary.hidden = true;
    summary.querySelector("ul").innerHTML = "";
    root.querySelectorAll(".calc-group--error").forEach(function (g) { g.classList.remove("calc-group--error"); });
    root.querySelectorAll(".calc-error-message").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
  }

  // An engine field path ("stays[1].end") to its group in the form ("stays-1-end").
  function groupFor(root, field) {
    if (!field) return null;
    var id = field.replace(/\[(\d+)\]\./g, "-$1-").replace(/\[(\d+)\]/g, "-$1");
    return root.querySelector("[data-field='" + id + "']");
  }

  function showErrors(root, errors) {
    var summary = root.querySelector(".calc-error-summary"), list = summary.querySelector("ul");
    errors.forEach(function (error) {
      var group = error.group, target = group && (group.querySelector("[name$='-" + error.part + "']") || group.querySelector("input"));
      if (group) {
        group.classList.add("calc-group--error");
        var slot = group.querySelector(".calc-error-message");
        slot.hidden = false;
        slot.textContent = "";
        slot.appendChild(el("span", { class: "calc-visually-hidden", text: "Error: " }));
        slot.appendChild(document.createTextNode(error.message));
        if (target) target.setAttribute("aria-invalid", "true");
      }
      var link = el("a", { href: target ? "#" + target.id : "#" }, [error.message]);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (!target) return;
        var legend = group.querySelector("legend, label");
        (legend || target).scrollIntoView();
        target.focus({ preventScroll: true });
      });
      list.appendChild(el("li", {}, [link]));
    });
    summary.hidden = false;
    summary.focus();
  }

  // ---- the answer ---------------------------------------------------------------------
  var HIDDEN_KEYS = ["calculator", "headline", "explanation", "citations", "warnings", "warning_ids", "row"];

  function renderResult(root, schema, inputs, result) {
    var region = root.querySelector("[data-result]"), outputs = schema["x-outputs"] || {};
    region.innerHTML = "";
    var headline = el("h3", { class: "calc-headline", tabindex: "-1", text: result.headline || schema.title });
    var panel = el("div", { class: "calc-panel" }, [headline]);
    var list = el("dl", { class: "calc-summary" });
    Object.keys(result).forEach(function (key) {
      if (HIDDEN_KEYS.indexOf(key) !== -1 || result[key] === null) return;
      list.appendChild(el("dt", { text: outputs[key] || humanise(key) }));
      list.appendChild(el("dd", {}, [answerValue(result[key])]));
    });
    panel.appendChild(list);
    region.appendChild(panel);
    if (result.warnings.length) {
      region.appendChild(el("div", { class: "calc-warning" }, [
        el("strong", { class: "calc-warning__title", text: "Check before you rely on this" }),
        el("ul", {}, result.warnings.map(function (w) { return el("li", { text: w }); }))]));
    }
    region.appendChild(el("h3", { text: "How this was worked out" }));
    region.appendChild(el("ol", { class: "calc-steps" }, result.explanation.map(function (s) { return el("li", { text: s }); })));
    region.appendChild(el("h3", { text: "The law" }));
    region.appendChild(el("ul", { class: "calc-citations" }, result.citations.map(function (c) {
      return el("li", {}, [el("a", { href: c.url, rel: "noopener", text: c.title })]);
    })));
    region.appendChild(actions(root, schema, inputs, result));
    headline.focus();
  }

  function answerValue(value) {
    if (Array.isArray(value) && value.length && typeof value[0] === "object") {
      return el("ol", {}, value.map(function (item) { return el("li", { text: words(item) }); }));
    }
    return document.createTextNode(words(value));
  }

  function caseNotes(root, schema, inputs, result) {
    var lines = [schema.title, "Calculated on " + longDate(new Date().toISOString().slice(0, 10)) +
      " with edition " + root.dataset.edition + " of \u201cManaging individuals who pose a risk of harm to children\u201d.", "", "Details entered:"];
    Object.keys(inputs).forEach(function (key) {
      var prop = schema.properties[key];
      lines.push("- " + (prop ? prop.title : humanise(key)) + ": " + words(prop && prop["x-choice-labels"] ? prop["x-choice-labels"][inputs[key]] : inputs[key]));
    });
    lines.push("", "Answer: " + (result.headline || ""));
    Object.keys(result).forEach(function (key) {
      if (HIDDEN_KEYS.indexOf(key) === -1 && result[key] !== null) lines.push("- " + ((schema["x-outputs"] || {})[key] || humanise(key)) + ": " + words(result[key]));
    });
    lines.push("", "Reasons:");
    result.explanation.forEach(function (s, i) { lines.push((i + 1) + ". " + s); });
    if (result.warnings.length) { lines.push("", "Check before relying on this:"); result.warnings.forEach(function (w) { lines.push("- " + w); }); }
    lines.push("", "Sources:");
    result.citations.forEach(function (c) { lines.push("- " + c.title + ": " + c.url); });
    lines.push("", "Link to this calculation: " + location.href);
    return lines.join("\n");
  }

  function deadlines(schema, result) {
    var out = [], outputs = schema["x-outputs"] || {};
    function visit(key, value, label) {
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(value)) out.push({ label: label, value: value });
      else if (Array.isArray(value)) value.forEach(function (item, i) {
        if (item && typeof item === "object") Object.keys(item).forEach(function (k) {
          visit(k, item[k], label + " " + (i + 1) + (item.authorised_by ? " (" + humanise(item.authorised_by).toLowerCase() + ")" : ""));
        });
      });
    }
    Object.keys(result).forEach(function (key) { if (HIDDEN_KEYS.indexOf(key) === -1) visit(key, result[key], outputs[key] || humanise(key)); });
    return out;
  }

  function ics(schema, result) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    var esc = function (t) { return t.replace(/[\\;,]/g, function (c) { return "\\" + c; }).replace(/\n/g, "\\n"); };
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Managing individuals who pose a risk of harm to children//Calculators//EN", "CALSCALE:GREGORIAN"];
    deadlines(schema, result).forEach(function (d, i) {
      var day = d.value.slice(0, 10).replace(/-/g, ""), next = new Date(d.value.slice(0, 10) + "T00:00:00Z");
      next.setUTCDate(next.getUTCDate() + 1);
      lines.push("BEGIN:VEVENT", "UID:" + stamp + "-" + i + "@procedures.local", "DTSTAMP:" + stamp);
      if (d.value.length > 10) lines.push("DTSTART:" + day + "T" + d.value.slice(11).replace(":", "") + "00", "DURATION:PT15M");
      else lines.push("DTSTART;VALUE=DATE:" + day, "DTEND;VALUE=DATE:" + next.toISOString().slice(0, 10).replace(/-/g, ""));
      lines.push("SUMMARY:" + esc(d.label + ": " + schema.title), "DESCRIPTION:" + esc((result.headline || "") + "\n" + location.href), "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
  }

  function actions(root, schema, inputs, result) {
    var bar = el("div", { class: "calc-actions" });
    var copy = el("button", { type: "button", class: "calc-button calc-button--secondary", text: "Copy for case notes" });
    var said = el("p", { class: "calc-copied", role: "status" });
    copy.addEventListener("click", function () {
      var text = caseNotes(root, schema, inputs, result);
      var fallback = function () {
        var area = el("textarea", { class: "calc-notes", rows: "12", "aria-label": "Case notes text", readonly: "readonly" });
        area.value = text;
        bar.appendChild(area);
        area.select();
        said.textContent = "Select the text and copy it (Ctrl+C).";
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { said.textContent = "Copied. Paste it into your case notes."; }, fallback);
      else fallback();
    });
    bar.appendChild(copy);
    if (deadlines(schema, result).length) {
      var cal = el("button", { type: "button", class: "calc-button calc-button--secondary", text: "Add dates to calendar (.ics)" });
      cal.addEventListener("click", function () {
        var link = el("a", { href: URL.createObjectURL(new Blob([ics(schema, result)], { type: "text/calendar" })), download: schema.$id + ".ics" });
        document.body.appendChild(link);
        link.click();
        link.remove();
        said.textContent = "Calendar file downloaded.";
      });
      bar.appendChild(cal);
    }
    bar.appendChild(said);
    return bar;
  }

  // ---- the URL fragment ---------------------------------------------------------------
  function toFragment(name, inputs, several) {
    var parts = several ? ["calculator=" + encodeURIComponent(name)] : [];
    Object.keys(inputs).forEach(function (key) {
      var v = inputs[key];
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(typeof v === "object" ? JSON.stringify(v) : String(v)));
    });
    return "#" + parts.join("&");
  }

  function fromFragment(hash) {
    if (hash.indexOf("=") === -1) return null;
    var out = {};
    hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("="), key = decodeURIComponent(pair.slice(0, i)), value = decodeURIComponent(pair.slice(i + 1));
      out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    });
    return out;
  }

  function fill(container, values) {
    Object.keys(values).forEach(function (key) {
      var group = ownGroups(container).filter(function (g) { return g.dataset.key === key; })[0], v = values[key];
      if (!group) return;
      var set = function (part, text) { var input = group.querySelector("[name$='-" + part + "']"); if (input) input.value = text; };
      var type = group.dataset.type;
      if (type === "date" || type === "date-time") {
        var p = String(v).slice(0, 10).split("-");
        set("day", String(Number(p[2]))); set("month", String(Number(p[1]))); set("year", p[0]);
        if (type === "date-time") set("time", String(v).slice(11, 16));
      } else if (type === "duration") {
        var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(String(v)) || [];
        set("years", m[1] || ""); set("months", m[2] || ""); set("weeks", m[3] || ""); set("days", m[4] || "");
      } else if (type === "choice" || type === "yesno") {
        group.querySelectorAll("input").forEach(function (r) { r.checked = r.value === String(v); });
      } else if (type === "boolean") {
        group.querySelector("input").checked = v === true || v === "true";
      } else if (type === "integer") {
        group.querySelector("input").value = String(v);
      } else if (type === "list" && Array.isArray(v)) {
        group.querySelector("[data-items]").innerHTML = "";
        v.forEach(function (item) { fill(addItem(group, false), item); });
      }
    });
  }

  // ---- one calculator ---------------------------------------------------------------
  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    var form = root.querySelector("form"), name = form.dataset.calculator;
    var schema = JSON.parse(root.dataset.schema);
    var status = root.querySelector("[data-status]");
    var bar = el("progress", { max: "3", value: "0", class: "calc-progress", "aria-hidden": "true" });
    status.after(bar);
    bar.hidden = true;
    var several = document.querySelectorAll("[data-calculator-root]").length > 1;

    var showState = function (state) {
      if (state.stage === "ready") { status.textContent = "The calculator is ready. Nothing you type leaves this device."; bar.hidden = true; }
      else if (state.stage === "failed") { status.textContent = "The calculator could not start in this browser. The tables in the guidance give the same rules."; bar.hidden = true; }
      else if (engine.running()) { status.textContent = "Loading the calculator: " + state.stage.toLowerCase() + " (step " + Math.max(1, state.step) + " of 3). You can fill in the form meanwhile."; bar.hidden = false; bar.value = state.step; }
    };
    engine.onState(showState);
    if (engine.running()) showState(engine.state());
    var boot = function () { engine.start(); showState(engine.state()); };
    if (root.dataset.boot === "eager") boot();
    else form.addEventListener("focusin", boot, { once: true });

    form.querySelectorAll("[data-add]").forEach(function (button) {
      button.addEventListener("click", function () { addItem(button.closest("[data-field]"), true); });
    });
    form.addEventListener("change", function () { updateShown(form); });
    updateShown(form);

    var submit = function () {
      clearErrors(root);
      var read = readFields(form);
      if (read.errors.length) { showErrors(root, read.errors); return Promise.resolve(); }
      if (engine.state().stage !== "ready") status.textContent = "Calculating as soon as the calculator has loaded\u2026";
      return engine.ask({ name: name, inputs: read.values }).then(function (answer) {
        showState(engine.state());
        if (answer.error) {
          showErrors(root, [{ group: groupFor(root, answer.error.field), message: answer.error.message }]);
          return;
        }
        history.replaceState(history.state, "", toFragment(name, read.values, several));
        renderResult(root, schema, read.values, answer.result);
        // scripts/bench reads this: milliseconds from navigation to the first answer shown
        if (!engine.firstAnswerAt) engine.firstAnswerAt = performance.now();
      });
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
    form.addEventListener("reset", function () {
      clearErrors(root);
      root.querySelector("[data-result]").innerHTML = "";
      form.querySelectorAll("[data-items]").forEach(function (items) { items.innerHTML = ""; });
      setTimeout(function () { updateShown(form); }, 0);
      history.replaceState(history.state, "", location.pathname + location.search);
    });

    var wanted = fromFragment(location.hash);
    var first = document.querySelector("[data-calculator-root]").dataset.calculatorRoot;
    if (wanted && (wanted.calculator || first) === name) {
      delete wanted.calculator;
      fill(form, wanted);
      updateShown(form);
      boot();
      submit();
    }
  }

  function init() { document.querySelectorAll("[data-calculator-root]").forEach(setup); }
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
