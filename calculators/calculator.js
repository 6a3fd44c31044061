// Calculators in the page. The form is plain HTML generated from the engine's schema
// (src/procedures_site/forms.py); this script reads it, checks it, asks the engine
// (calculators/engine.js: procedures, in Pyodide, in one long-lived Web Worker) and shows the
// answer. Nothing typed leaves the device: the calculation is kept only in the URL fragment,
// which browsers never send to a server.
(function () {
  "use strict";

  var engine = window.procedures;  // calculators/engine.js, loaded first

  // ---- the words a person reads ---------------------------------------------------------
  // Every sentence this script puts in the page, in one table, so that another edition (Welsh,
  // say) can translate them in one place. {name} is a field's label, {noun} the same field as
  // it reads inside a sentence ("the relevant date").
  var TEXT = {
    statusLoading: "Loading the calculator (step {step} of {of}). You can fill in the form meanwhile.",
    statusReady: "The calculator is ready. Nothing you type leaves this device.",
    statusFailed: "The calculator could not load. The message above the form says what to do.",
    statusWaiting: "Calculating as soon as the calculator has loaded\u2026",

    noticeTitle: "The calculator could not load",
    reasonBlocked: "A file it needs ({file}) could not be downloaded. A web filter, a proxy or a security setting may be blocking it, or the connection may have dropped.",
    reasonMissing: "A file it needs ({file}) is missing from this site.",
    reasonStalled: "Loading has made no progress for {seconds} seconds. The connection may be very slow, or a web filter or proxy may be holding back a file it needs.",
    reasonCrashed: "It stopped while it was starting in this browser.",
    reasonUnsupported: "This browser cannot run it: it needs Web Workers and WebAssembly, which current browsers have.",
    noticeWhat: "What you can do:",
    doTablesBefore: "use the ",
    doTablesLink: "tables in the guidance",
    doTablesAfter: ", which give the same rules",
    doNetwork: "try again, or try later on another network if your organisation allows it",
    doOffline: "use the offline copy of this guidance if your organisation has one: its calculators need no network",
    tryAgain: "Try again",
    keepsHappening: "If this keeps happening, tell us at ",
    keepsHappeningThrough: "If this keeps happening, tell us through ",

    enter: "Enter {noun}",
    select: "Select {noun}",
    yesOrNo: "Select yes or no for \u2018{name}\u2019",
    addEntry: "Add at least one entry to {noun}",
    oneOf: "Enter {nouns}",
    or: " or ",
    and: " and ",
    includeParts: "{name} must include a {parts}",
    partDay: "day", partMonth: "month", partYear: "year",
    realDate: "{name} must be a real date",
    partMonthYear: "month and year",
    yearDigits: "{name} must have a year with 4 numbers, like 2024",
    dateRange: "{name} must be between {earliest} and {latest}",
    includeTime: "{name} must include a time",
    realTime: "{name} must include a real time, like 14:30",
    durationWhole: "{name} must be in whole numbers, like 2 years 6 months",
    durationNegative: "{name} cannot have a negative number of {unit}",
    durationZero: "{name} must be longer than zero",
    durationTooLong: "{name} is too long: check the number of {unit}",
    unitYears: "years", unitMonths: "months", unitWeeks: "weeks", unitDays: "days",
    wholeNumber: "{name} must be a whole number, like 17",
    numberRange: "{name} must be between {min} and {max}",
    tooManyEntries: "{name} can have no more than {max} entries",
    itemName: "{name} in {item}",
    itemOf: "{item} of {outer}",
    removed: "{item} removed.",
    added: "{item} added.",
    roughDay: "{name} must include a month and year if it has a day",
    between: "between {earliest} and {latest}",
    linkVersion: "it was made by a newer edition of this calculator",
    article: "the ",

    linkDamaged: "This link is damaged: {what}. Check the details in the form, correct them if you need to, then select Calculate. If someone sent you the link, ask them to send it again.",
    damagedEncoding: "part of it cannot be read",
    damagedTooLong: "it is too long to be a link to a calculation",
    damagedUnknown: "it holds details this calculator does not use",
    damagedTwice: "it gives {name} more than once",
    damagedOtherCalculator: "it is for a calculator that is not on this page",
    damagedEntries: "the entries for {name} cannot be read",
    notInLink: "{name} in the link is not {kind}. Enter it again",
    kindDate: "a date", kindDateTime: "a date and time", kindDuration: "a length of time",
    kindChoice: "one of the options", kindYesNo: "yes or no", kindNumber: "a whole number",
    tooLongInLink: "{name} in the link is too long. Enter it again",

    unexpected: "The calculator could not work this out. This is a fault in the calculator, not in what you entered. Use the tables in the guidance for now.",
    reportAt: " Tell us at ",
    reportThrough: " Tell us through ",
    reportPage: "the \u2018Report a problem\u2019 part of this site",
    reportAfter: ", naming this calculator ({title}). Do not send any details of the case.",
    timeout: "The calculation took longer than {seconds} seconds, so it was stopped. Check the details you entered and try again. If it happens again, use the tables in the guidance.",
    reportSubject: "Fault in the calculator: {title}",
    whatNoAnswer: "the calculator gave no answer",
    whatTimeout: "the calculation took too long",
    whatFault: "a fault in the engine ({kind})",
    whatLoad: "the calculator could not load ({reason}: {file})",
    reportBody: "Calculator: {title}\nEdition: {edition}\nPage: {page}\nWhat happened: {what}\n\nPlease do not include any details of the case.",

    yes: "Yes", no: "No",
    timeOnDay: "{time} on {day}",
    errorPrefix: "Error: ",
    warningsTitle: "Check before you rely on this",
    stepsTitle: "How this was worked out",
    lawTitle: "The law",
    entry: "{name}, entry {n}",
    shareNote: "Case notes hold the details you entered and the answer. A calendar entry holds the dates and the answer: if your calendar syncs, it copies them off this device, to the calendar's provider and your other devices.",
    includeLink: "Include a link to this calculation",
    includeLinkHint: "The link holds every detail you entered, so anyone who gets it can see them. Without it, case notes list the details and calendar entries hold only the dates and the answer.",
    copyNotes: "Copy for case notes",
    addCalendar: "Add dates to calendar (.ics)",
    copied: "Copied. Paste it into your case notes.",
    copyYourself: "Select the text and copy it (Ctrl+C).",
    notesLabel: "Case notes text",
    downloaded: "Calendar file downloaded.",
    notesCalculated: "Calculated on {date} with edition {edition} of \u201cManaging individuals who pose a risk of harm to children\u201d.",
    notesDetails: "Details entered:",
    notesAnswer: "Answer: {headline}",
    notesReasons: "Reasons:",
    notesCheck: "Check before relying on this:",
    notesSources: "Sources:",
    notesLink: "Link to this calculation (it holds the details above): {url}",
    notesPage: "Calculator: {url}",

    // the case timeline (calculators/timeline.js draws it)
    addAllCalendar: "Add all dates to calendar (.ics)",
    timelineTitle: "Timeline",
    timelineCaption: "Every date in the timeline, in date order",
    colNumber: "No.", colDate: "Date", colWhat: "What happens", colSource: "Worked out by",
    timelineIndefinite: "No end date: the requirements last indefinitely",
    linkWarning: "Before you share the link: it holds the history you entered ({what}). Anyone who gets the link can read it.",
    linkBirth: "It also holds the date of birth. If you can, give the age on each relevant date instead and leave the date of birth empty, then calculate again.",
    eventSource: "Source: {source}",
    notesEvents: "Dates:"
  };
  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];
  var DURATION_UNITS = [["years", "Y", "year", "unitYears"], ["months", "M", "month", "unitMonths"],
    ["weeks", "W", "week", "unitWeeks"], ["days", "D", "day", "unitDays"]];
  var QUESTION = /^(what|how|who|when|which|where|whether|why)\b/i;  // labels that take no article

  function say(key, vars) {
    return TEXT[key].replace(/\{(\w+)\}/g, function (all, name) { return vars && name in vars ? vars[name] : all; });
  }
  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function lowerFirst(text) { return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text; }
  // "Relevant date" -> "the relevant date"; "What the court or police did" -> "what the court or police did"
  function nounOf(label) {
    var text = label.replace(/\s*\([^)]*\)\s*$/, "");
    return QUESTION.test(text) ? lowerFirst(text) : TEXT.article + lowerFirst(text);
  }
  function listWords(items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + TEXT.and + items[items.length - 1];
  }

  // ---- small helpers ----------------------------------------------------------------------
  var has = function (object, key) { return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key); };
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  // A date the engine could fix only to a range, because an input was a month or a year.
  function isRange(value) { return has(value, "earliest") && has(value, "latest") && typeof value.earliest === "string"; }
  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

  // ---- words for values -------------------------------------------------------------------
  function longDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + capital(MONTHS[Number(p[1]) - 1]) + " " + p[0];
  }
  function durationWords(iso) {
    var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(iso), out = [];
    if (!m) return iso;
    for (var i = 0; i < 4; i++) if (m[i + 1] && Number(m[i + 1])) out.push(Number(m[i + 1]) + " " + DURATION_UNITS[i][2] + (Number(m[i + 1]) === 1 ? "" : "s"));
    return out.join(" ");
  }
  // A value in words; ``codes`` is the schema's words for this output's codes (x-output-values).
  function words(value, codes) {
    if (value === null || value === undefined) return "";
    if (codes && (typeof value !== "object") && has(codes, String(value))) return codes[String(value)];
    if (value === true) return TEXT.yes;
    if (value === false) return TEXT.no;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return longDate(value);
    if (typeof value === "string" && /^\d{4}-\d{2}$/.test(value)) return capital(MONTHS[Number(value.slice(5)) - 1] || "") + " " + value.slice(0, 4);
    if (isRange(value)) return say("between", { earliest: words(value.earliest), latest: words(value.latest) });
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return say("timeOnDay", { time: value.slice(11), day: longDate(value.slice(0, 10)) });
    if (typeof value === "string" && /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(value)) return durationWords(value);
    if (Array.isArray(value)) return listWords(value.map(function (v) { return words(v, codes); }));
    if (typeof value === "object") return "";
    return String(value);
  }

  // ---- reading the form -------------------------------------------------------------------
  function parseMonth(text) {
    var t = text.trim().toLowerCase().replace(/\.$/, "");
    if (/^\d{1,2}$/.test(t)) return Number(t);
    if (t === "sept") return 9;
    for (var i = 0; i < 12; i++) if (t.length >= 3 && MONTHS[i].indexOf(t) === 0) return i + 1;
    return NaN;
  }

  function input(group, part) { return group.querySelector("[name$='-" + part + "']"); }
  function partValue(group, part) { var i = input(group, part); return i ? i.value.trim() : ""; }

  function readDate(group, name) {
    var d = partValue(group, "day"), m = partValue(group, "month"), y = partValue(group, "year");
    // a whole date typed into the day box, as 5/3/2024
    var whole = /^(\d{1,2})[\/.\- ](\d{1,2}|[A-Za-z]{3,9}\.?)[\/.\- ](\d{1,4})$/.exec(d);
    if (whole && !m && !y) { d = whole[1]; m = whole[2]; y = whole[3]; }
    if (!d && !m && !y) return { empty: true };
    if (group.hasAttribute("data-rough") && !d && y) return readRough(group, name, m, y);
    var missing = [];
    if (!d) missing.push("Day");
    if (!m) missing.push("Month");
    if (!y) missing.push("Year");
    if (missing.length) {
      return { error: say("includeParts", { name: name, parts: listWords(missing.map(function (p) { return TEXT["part" + p]; })) }),
        part: missing[0].toLowerCase() };
    }
    var month = parseMonth(m);
    if (!/^\d{1,2}$/.test(d)) return { error: say("realDate", { name: name }), part: "day" };
    if (isNaN(month) || month < 1 || month > 12) return { error: say("realDate", { name: name }), part: "month" };
    if (!/^\d{4}$/.test(y)) return { error: /^\d+$/.test(y) ? say("yearDigits", { name: name }) : say("realDate", { name: name }), part: "year" };
    var date = new Date(Date.UTC(Number(y), month - 1, Number(d)));
    date.setUTCFullYear(Number(y));
    if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== month - 1) return { error: say("realDate", { name: name }), part: "day" };
    var iso = y + "-" + pad(month, 2) + "-" + pad(Number(d), 2);
    var earliest = group.dataset.earliest, latest = group.dataset.latest;
    if ((earliest && iso < earliest) || (latest && iso > latest)) {
      return { error: say("dateRange", { name: name, earliest: longDate(earliest), latest: longDate(latest) }), part: "year" };
    }
    return { value: iso };
  }

  // A month and year ("2024-03") or a year ("2024"), where the schema allows it (data-rough).
  function readRough(group, name, m, y) {
    if (!/^\d{4}$/.test(y)) return { error: /^\d+$/.test(y) ? say("yearDigits", { name: name }) : say("realDate", { name: name }), part: "year" };
    var month = m ? parseMonth(m) : null;
    if (m && (isNaN(month) || month < 1 || month > 12)) return { error: say("realDate", { name: name }), part: "month" };
    var iso = y + (month ? "-" + pad(month, 2) : "");
    var earliest = group.dataset.earliest, latest = group.dataset.latest;
    if ((earliest && iso < earliest.slice(0, iso.length)) || (latest && iso > latest.slice(0, iso.length))) {
      return { error: say("dateRange", { name: name, earliest: longDate(earliest), latest: longDate(latest) }), part: "year" };
    }
    return { value: iso };
  }

  function readTime(group, name) {
    var t = partValue(group, "time").replace(".", ":"), m = /^(\d{1,2}):?(\d{2})$/.exec(t);
    if (!t) return { error: say("includeTime", { name: name }), part: "time" };
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { error: say("realTime", { name: name }), part: "time" };
    return { value: pad(Number(m[1]), 2) + ":" + m[2] };
  }

  function readDuration(group, name) {
    var out = "P", any = false, typed = false;
    for (var i = 0; i < DURATION_UNITS.length; i++) {
      var unit = DURATION_UNITS[i], v = partValue(group, unit[0]);
      if (!v) continue;
      typed = true;
      if (/^-\s*\d+$/.test(v) && Number(v.replace(/\s/g, "")) !== 0) return { error: say("durationNegative", { name: name, unit: TEXT[unit[3]] }), part: unit[0] };
      if (!/^\d+$/.test(v)) return { error: say("durationWhole", { name: name }), part: unit[0] };
      if (v.replace(/^0+/, "").length > 5) return { error: say("durationTooLong", { name: name, unit: TEXT[unit[3]] }), part: unit[0] };
      if (Number(v)) { out += Number(v) + unit[1]; any = true; }
    }
    if (!typed) return { empty: true };
    return any ? { value: out } : { error: say("durationZero", { name: name }), part: "years" };
  }

  function readInteger(group, name) {
    var v = group.querySelector("input").value.trim();
    if (!v) return { empty: true };
    if (!/^-?\d+$/.test(v)) return { error: say("wholeNumber", { name: name }) };
    var min = group.dataset.min, max = group.dataset.max, n = Number(v);
    if ((min !== undefined && n < Number(min)) || (max !== undefined && n > Number(max))) {
      return { error: say("numberRange", { name: name, min: min, max: max }) };
    }
    return { value: n };
  }

  function labelOf(group) {
    var label = group.querySelector("legend, label"), text = label && label.firstChild ? label.firstChild.textContent : "";
    return text.trim();
  }
  // How messages name a field: its label, and for a field in a list entry, which entry of which list.
  function nameOf(group) {
    var label = labelOf(group), item = group.parentElement.closest("[data-item-index]");
    if (!item) return { name: label, noun: nounOf(label) };
    var where = itemWords(item);
    return { name: say("itemName", { name: label, item: where }), noun: say("itemName", { name: nounOf(label), item: where }) };
  }
  // "conviction 2", or for an entry inside another, "other term 1 of conviction 2"
  function itemWords(item) {
    var legend = item.hasAttribute("data-object") ? item.parentElement.querySelector("legend") : item.querySelector("legend"), words = lowerFirst(legend ? legend.textContent.replace(/\s*\([^)]*\)\s*$/, "").trim() : "");
    var outer = item.parentElement.closest("[data-item-index]");
    return outer ? say("itemOf", { item: words, outer: itemWords(outer) }) : words;
  }

  function readGroup(group) {
    var type = group.dataset.type, name = nameOf(group).name;
    if (type === "date") return readDate(group, name);
    if (type === "date-time") {
      var d = readDate(group, name);
      if (d.empty && !partValue(group, "time")) return d;
      if (d.empty) return { error: say("includeParts", { name: name, parts: listWords([TEXT.partDay, TEXT.partMonth, TEXT.partYear]) }), part: "day" };
      if (d.error) return d;
      var t = readTime(group, name);
      return t.error ? t : { value: d.value + "T" + t.value };
    }
    if (type === "duration") return readDuration(group, name);
    if (type === "boolean") return group.querySelector("input").checked ? { value: true } : { empty: true };
    if (type === "choice") { var c = group.querySelector("input:checked"); return c ? { value: c.value } : { empty: true }; }
    if (type === "yesno") { var yn = group.querySelector("input:checked"); return yn ? { value: yn.value === "true" } : { empty: true }; }
    if (type === "integer") return readInteger(group, name);
    return { empty: true };
  }

  function visible(group) { return !group.closest("[hidden]"); }

  // The field groups that belong directly to ``container`` (a form or a list entry).
  function ownGroups(container) {
    return Array.prototype.filter.call(container.querySelectorAll("[data-field]"), function (g) {
      return g.parentElement.closest("[data-item-index], form") === container && !g.closest("template");
    });
  }

  // ---- conditions: x-shown-when and x-required-when --------------------------------------
  // The answer a condition looks at: a choice, or a yes or no (a box not ticked is "no").
  function answerOf(container, key) {
    var group = ownGroups(container).filter(function (g) { return g.dataset.key === key; })[0];
    if (!group) {
      var outer = container.parentElement && container.parentElement.closest("[data-item-index], form");
      return outer ? answerOf(outer, key) : undefined;
    }
    var type = group.dataset.type;
    if (type === "boolean") return group.querySelector("input").checked;
    var checked = group.querySelector("input:checked");
    if (!checked) return undefined;
    return type === "yesno" ? checked.value === "true" : checked.value;
  }
  function holds(rule, group) {
    var container = group.parentElement.closest("[data-item-index], form");
    return Object.keys(rule).every(function (key) { return rule[key].indexOf(answerOf(container, key)) !== -1; });
  }
  function rule(group, attr) {
    try { return JSON.parse(group.getAttribute(attr)); } catch (e) { return null; }
  }
  function required(group) {
    if (group.hasAttribute("data-required")) return true;
    var when = group.hasAttribute("data-required-when") && rule(group, "data-required-when");
    return !!when && holds(when, group);
  }

  function updateShown(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (group) {
      var when = rule(group, "data-shown-when");
      group.hidden = !!when && !holds(when, group);
    });
    form.querySelectorAll("[data-required-when]").forEach(function (group) {
      var label = group.querySelector("[data-optional]");
      if (label) label.hidden = required(group);
    });
  }

  // ---- list entries -----------------------------------------------------------------------
  // The GOV.UK "add another" pattern. A list's own parts (its entries, template, buttons) are
  // told apart from those of a list inside one of its entries by the field they belong to.
  function ownPart(group, selector) {
    return Array.prototype.filter.call(group.querySelectorAll(selector), function (node) {
      return node.parentElement.closest("[data-field]") === group;
    })[0] || null;
  }
  function items(group) { return Array.prototype.slice.call(ownPart(group, "[data-items]").children); }
  function depth(group) {
    var n = 0, item = group.closest("[data-item-index]");
    while (item) { n++; item = item.parentElement.closest("[data-item-index]"); }
    return n;
  }
  function marks(group) { var d = depth(group); return d ? ["__i" + d + "__", "__n" + d + "__"] : ["__i__", "__n__"]; }

  function updateAddLabels(form) {
    form.querySelectorAll("[data-type=list]").forEach(function (group) {
      var button = ownPart(group, "[data-add]"), label = button && button.querySelector("[data-add-label]");
      if (label) label.textContent = label.getAttribute(items(group).length ? "data-more" : "data-first");
    });
  }

  function addItem(group, focus) {
    var list = ownPart(group, "[data-items]"), index = list.children.length, mark = marks(group);
    var html = ownPart(group, "template[data-item]").innerHTML.split(mark[0]).join(String(index)).split(mark[1]).join(String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    var item = list.lastElementChild, form = group.closest("form");
    updateShown(form);
    updateAddLabels(form);
    if (focus) {
      item.querySelector("input").focus();
      ownPart(group, "[data-list-said]").textContent = say("added", { item: capital(itemWords(item)) });
    }
    return item;
  }

  // After a removal, focus goes to the entry that took its place, or the one before it, or the
  // "Add" button when none is left; a screen reader hears what was removed.
  function removeItem(item) {
    var group = item.parentElement.closest("[data-field]"), form = group.closest("form"), index = Number(item.dataset.itemIndex);
    var gone = capital(itemWords(item));
    item.remove();
    renumber(group);
    updateShown(form);
    updateAddLabels(form);
    var left = items(group), next = left[Math.min(index, left.length - 1)];
    if (next) next.focus(); else ownPart(group, "[data-add]").focus();
    ownPart(group, "[data-list-said]").textContent = say("removed", { item: gone });
  }

  // Entries are numbered by their place in the list, as the engine names them ("stays[1].end"):
  // after a removal, the later entries take the numbers (and ids) of the places they move to,
  // and so do the fields of lists inside them and their templates.
  function renumber(group) {
    var key = group.dataset.field;
    items(group).forEach(function (item, index) {
      var before = key + "-" + item.dataset.itemIndex + "-", after = key + "-" + index + "-";
      if (before === after) return;
      item.dataset.itemIndex = String(index);
      item.querySelectorAll("*").forEach(function (node) {
        ["id", "for", "name", "aria-describedby", "data-field"].forEach(function (attr) {
          var v = node.getAttribute(attr);
          if (v && v.indexOf(before) !== -1) node.setAttribute(attr, v.split(before).join(after));
        });
        if (node.tagName === "TEMPLATE") node.innerHTML = node.innerHTML.split(before).join(after);
      });
      item.querySelectorAll("[data-entry-number]").forEach(function (span) {
        if (span.closest("[data-item-index]") === item) span.textContent = String(index + 1);
      });
    });
  }

  // ---- checking the form ------------------------------------------------------------------
  // Every problem at once, in the order of the form: missing answers (always needed, needed
  // after other answers, one of a group), dates, times, lengths of time and numbers.
  function check(container, schema, errors) {
    var values = {}, groups = ownGroups(container).filter(visible), reads = {};
    groups.forEach(function (group) {
      var type = group.dataset.type;
      reads[group.dataset.field] = type === "list" ? checkList(group, schema, errors) : type === "object" ? checkObject(group, schema, errors) : readGroup(group);
    });
    var oneOf = (schema && schema["x-one-of"]) || [];
    groups.forEach(function (group) {
      var read = reads[group.dataset.field], key = group.dataset.key;
      if (read.error) { errors.push({ group: group, message: read.error, part: read.part }); return; }
      if (read.failed) return;
      if (!read.empty) { values[key] = read.value; return; }
      if (required(group)) { errors.push({ group: group, message: missing(group), whole: true }); return; }
      oneOf.forEach(function (set) {
        if (set.indexOf(key) === -1) return;
        var members = groups.filter(function (g) { return set.indexOf(g.dataset.key) !== -1; });
        var allEmpty = members.every(function (g) { return reads[g.dataset.field].empty; });
        if (allEmpty && members[0] === group && !answeredAbove(container, set)) {
          errors.push({ group: group, whole: true, message: say("oneOf", { nouns: members.map(function (g) { return nameOf(g).noun; }).join(TEXT.or) }) });
        }
      });
    });
    return values;
  }

  // An entry's "give one of" is met by the whole form's answer of the same name: the case
  // timeline gives every conviction the person's date of birth.
  function answeredAbove(container, set) {
    var form = container.closest("form");
    if (!form || form === container) return false;
    return ownGroups(form).some(function (g) {
      return set.indexOf(g.dataset.key) !== -1 && g.dataset.type !== "list" && g.dataset.type !== "object" && !readGroup(g).empty;
    });
  }

  // The whole form: the values to send, and every problem, in the order of the form.
  function checkForm(form, schema) {
    var errors = [], values = check(form, schema, errors);
    return { values: values, errors: inOrder(errors) };
  }
  function inOrder(errors) {
    return errors.sort(function (a, b) {
      return a.group === b.group ? 0 : a.group.compareDocumentPosition(b.group) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  }

  function checkList(group, schema, errors) {
    var itemSchema = schema && schema.properties && has(schema.properties, group.dataset.key) ? schema.properties[group.dataset.key].items : null;
    var entries = items(group), before = errors.length, max = Number(group.dataset.maxItems) || Infinity;
    if (entries.length > max) return { error: say("tooManyEntries", { name: nameOf(group).name, max: max }) };
    var values = entries.map(function (item) { return check(item, itemSchema, errors); });
    if (errors.length > before) return { failed: true };
    return values.length ? { value: values } : { empty: true };
  }

  // A group of answers sent as one object: its fields are checked as an entry's are.
  function checkObject(group, schema, errors) {
    var sub = schema && schema.properties && has(schema.properties, group.dataset.key) ? schema.properties[group.dataset.key] : null;
    var box = group.querySelector("[data-object]");
    // an optional group left untouched is not sent, whatever its own fields need
    var touched = Array.prototype.some.call(box.querySelectorAll("input"), function (i) {
      return (i.type === "radio" || i.type === "checkbox") ? i.checked : i.value.trim() !== "";
    });
    if (!touched) return { empty: true };
    var before = errors.length, value = check(box, sub, errors);
    if (errors.length > before) return { failed: true };
    return Object.keys(value).length ? { value: value } : { empty: true };
  }

  function missing(group) {
    var type = group.dataset.type, named = nameOf(group);
    if (type === "choice") return say("select", named);
    if (type === "yesno") return say("yesOrNo", named);
    if (type === "list") return say("addEntry", named);
    return say("enter", named);
  }

  // ---- errors -----------------------------------------------------------------------------
  function clearErrors(root) {
    var summary = root.querySelector(".calc-error-summary");
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
    root.querySelectorAll(".calc-group--error").forEach(function (g) { g.classList.remove("calc-group--error"); });
    root.querySelectorAll(".calc-error-message").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    root.querySelectorAll("[data-described]").forEach(function (node) {
      var before = node.getAttribute("data-described");
      if (before) node.setAttribute("aria-describedby", before); else node.removeAttribute("aria-describedby");
      node.removeAttribute("data-described");
    });
  }

  // An engine field path ("stays[1].end") to its group in the form ("stays-1-end").
  function groupFor(root, field) {
    if (typeof field !== "string" || !field) return null;
    var id = field.replace(/\[(\d+)\]\./g, "-$1-").replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-");
    var found = Array.prototype.filter.call(root.querySelectorAll("form [data-field]"), function (g) {
      return g.dataset.field === id && !g.closest("template");
    })[0];
    return found && visible(found) ? found : null;
  }

  function targetOf(group, part) {
    return (part && input(group, part)) || group.querySelector("input") || group.querySelector("[data-add]");
  }

  function describe(node, id) {
    if (!node) return;
    if (!node.hasAttribute("data-described")) node.setAttribute("data-described", node.getAttribute("aria-describedby") || "");
    node.setAttribute("aria-describedby", ((node.getAttribute("aria-describedby") || "") + " " + id).trim());
  }

  // errors: [{group, part, message}] or [{message, after: [nodes]}] for a problem with no field.
  function showErrors(root, errors, focus) {
    var summary = root.querySelector(".calc-error-summary"), list = summary.querySelector("ul"), done = [];
    errors.forEach(function (error) {
      var group = error.group, target = group ? targetOf(group, error.part) : null;
      if (group && done.indexOf(group) === -1) {
        done.push(group);
        group.classList.add("calc-group--error");
        var slot = group.querySelector(".calc-error-message");
        slot.hidden = false;
        slot.textContent = "";
        slot.appendChild(el("span", { class: "calc-visually-hidden", text: TEXT.errorPrefix }));
        slot.appendChild(document.createTextNode(error.message));
        // a date left empty has all its boxes marked; a wrong part, only that box
        var boxes = error.whole ? group.querySelectorAll("input[type=text]") : (target && target.tagName === "INPUT" ? [target] : []);
        Array.prototype.forEach.call(boxes, function (box) { box.setAttribute("aria-invalid", "true"); });
        describe(group.querySelector("fieldset") || group.querySelector("input"), slot.id);
      }
      if (!target) { list.appendChild(el("li", {}, [error.message].concat(error.after || []))); return; }
      var link = el("a", { href: "#" + target.id }, [error.message]);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        (group.querySelector("legend, label") || target).scrollIntoView();
        target.focus({ preventScroll: true });
      });
      list.appendChild(el("li", {}, [link]));
    });
    summary.hidden = false;
    if (focus !== false) summary.focus();
  }

  // ---- "report a problem" -------------------------------------------------------------------
  // The address comes from <meta name="report-problem" content="mailto:... or https://...">.
  // The report names the calculator and what went wrong, never what was typed.
  function reportLink(root, schema, what) {
    var meta = document.querySelector("meta[name='report-problem']"), address = meta && meta.getAttribute("content");
    address = address ? address.trim() : "";
    var vars = { title: schema.title, edition: root.dataset.edition || "", page: location.origin + location.pathname, what: what };
    if (/^mailto:[^\s"<>]+$/i.test(address)) {
      var href = address + (address.indexOf("?") === -1 ? "?" : "&") + "subject=" + encodeURIComponent(say("reportSubject", vars)) +
        "&body=" + encodeURIComponent(say("reportBody", vars));
      return el("a", { href: href, text: address.slice(7).split("?")[0] });
    }
    if (/^https:\/\/[^\s"<>]+$/i.test(address)) return el("a", { href: address, rel: "noopener", text: address.replace(/^https:\/\//i, "") });
    // or a page of this site (its "Report a problem" section), as the theme writes its address
    var url = null;
    try { url = address ? new URL(address, location.href) : null; } catch (e) { url = null; }
    if (url && url.protocol === location.protocol && url.host === location.host && /^(https?|file):$/.test(url.protocol)) {
      return el("a", { href: url.href, "data-page": "", text: TEXT.reportPage });
    }
    return null;
  }

  // What to say before the address: "Tell us at name@example.org" or "Tell us through this site's page"
  function reportWords(link, at, through) { return link.hasAttribute("data-page") ? through : at; }

  function faultError(root, schema, message, what) {
    var link = reportLink(root, schema, what);
    return { message: message, after: link ? [reportWords(link, TEXT.reportAt, TEXT.reportThrough), link, say("reportAfter", { title: schema.title })] : [] };
  }

  // ---- when the calculator cannot load -------------------------------------------------------
  function showNotice(root, schema, state, retry, focus) {
    var notice = root.querySelector("[data-notice]");
    if (!notice) return;
    var reason = { blocked: "reasonBlocked", missing: "reasonMissing", stalled: "reasonStalled", unsupported: "reasonUnsupported" }[state.reason] || "reasonCrashed";
    notice.textContent = "";
    var tables = el("a", { href: root.dataset.tables || "#", text: TEXT.doTablesLink });
    var again = el("button", { type: "button", class: "calc-button calc-button--secondary", text: TEXT.tryAgain });
    again.addEventListener("click", retry);
    notice.appendChild(el("h3", { class: "calc-notice__title", text: TEXT.noticeTitle }));
    notice.appendChild(el("p", { text: say(reason, { file: state.file || "", seconds: engine.stallSeconds }) }));
    notice.appendChild(el("p", { text: TEXT.noticeWhat }));
    notice.appendChild(el("ul", {}, [
      el("li", {}, [capital(TEXT.doTablesBefore), tables, TEXT.doTablesAfter]),
      el("li", { text: capital(TEXT.doNetwork) }),
      el("li", { text: capital(TEXT.doOffline) })]));
    var link = reportLink(root, schema, say("whatLoad", { reason: state.reason || "?", file: state.file || "?" }));
    if (link) notice.appendChild(el("p", {}, [reportWords(link, TEXT.keepsHappening, TEXT.keepsHappeningThrough), link, "."]));
    notice.appendChild(again);
    notice.hidden = false;
    if (focus) notice.focus();
  }

  // ---- the answer -----------------------------------------------------------------------------
  var HIDDEN_KEYS = ["calculator", "headline", "explanation", "citations", "warnings", "warning_ids", "row"];
  // Outputs whose "no" says nothing the rest of the answer does not (a DVPN does not "last
  // indefinitely: no"), until the schema says so itself with x-output-values {key: {"false": ""}}.
  var QUIET_WHEN_FALSE = ["indefinite", "until_further_order", "further_extensions_by_court"];

  function codesFor(schema, key) { var all = schema["x-output-values"] || {}; return has(all, key) ? all[key] : null; }

  // The outputs a person reads, in the engine's order: [key, label, value]
  function outputs(schema, result) {
    var labels = schema["x-outputs"] || {}, named = Object.keys(labels).length > 0;
    return Object.keys(result).filter(function (key) {
      var value = result[key], codes = codesFor(schema, key);
      if (HIDDEN_KEYS.indexOf(key) !== -1 || (named && !has(labels, key))) return false;
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return false;
      if (value === false && (QUIET_WHEN_FALSE.indexOf(key) !== -1 || (codes && codes["false"] === ""))) return false;
      return Array.isArray(value) || words(value, codes) !== "";
    }).map(function (key) { return [key, has(labels, key) ? labels[key] : capital(key.replace(/_/g, " ")), result[key]]; });
  }

  // One entry of a list of results, such as a bail limit: "End date: 1 June 2024; authorised by: ..."
  function entryWords(schema, key, entry) {
    if (entry === null || typeof entry !== "object") return words(entry, codesFor(schema, key));
    return Object.keys(entry).filter(function (k) { return entry[k] !== null && entry[k] !== ""; }).map(function (k, i) {
      var label = k.replace(/_/g, " ");
      return (i ? label : capital(label)) + ": " + words(entry[k], codesFor(schema, key + "." + k));
    }).join("; ");
  }

  // An engine path ("convictions[1]") in words ("Conviction 2"), with the entry names the form uses.
  var PATH = /^([a-z_]+)\[(\d+)\](?:\.([a-z_]+)\[(\d+)\])?$/;
  function pathWords(root, value) {
    var m = typeof value === "string" && PATH.exec(value), form = root && root.querySelector("form");
    if (!m || !form) return null;
    var listIn = function (scope, key) {
      var group = scope && scope.querySelector("[data-key='" + key + "'][data-type=list]");
      return group && group.querySelector("template[data-item]");
    };
    var nameIn = function (template) {
      var legend = template && template.content.querySelector("legend");
      return legend && legend.firstChild ? legend.firstChild.textContent.trim() : null;
    };
    var outer = listIn(form, m[1]), out = nameIn(outer);
    if (!out) return null;
    out += " " + (Number(m[2]) + 1);
    if (!m[3]) return out;
    var inner = nameIn(listIn(outer.content, m[3]));
    return inner ? inner + " " + (Number(m[4]) + 1) + " " + say("itemOf", { item: "", outer: lowerFirst(out) }).trim() : null;
  }
  function valueWords(root, schema, key, value) { return pathWords(root, value) || words(value, codesFor(schema, key)); }

  function answerValue(schema, key, value, root) {
    if (Array.isArray(value) && value.some(function (v) { return v !== null && typeof v === "object"; })) {
      return el("ol", {}, value.map(function (item) { return el("li", { text: entryWords(schema, key, item) }); }));
    }
    if (Array.isArray(value) && value.some(function (v) { return typeof v === "string" && / /.test(v); })) {
      return el("ul", {}, value.map(function (item) { return el("li", { text: words(item, codesFor(schema, key)) }); }));
    }
    return document.createTextNode(valueWords(root, schema, key, value));
  }

  function renderResult(root, schema, inputs, result) {
    var region = root.querySelector("[data-result]");
    region.textContent = "";
    var headline = el("h3", { class: "calc-headline", tabindex: "-1", text: result.headline || schema.title });
    var panel = el("div", { class: "calc-panel" }, [headline]), list = el("dl", { class: "calc-summary" });
    var events = eventsOf(result);
    outputs(schema, result).forEach(function (row) {
      if (events && row[0] === "events") return;  // the timeline and its table below
      list.appendChild(el("dt", { text: row[1] }));
      list.appendChild(el("dd", {}, [answerValue(schema, row[0], row[2], root)]));
    });
    if (list.children.length) panel.appendChild(list);
    region.appendChild(panel);
    if (events) region.appendChild(timeline(root, result, events));
    var warnings = result.warnings || [], steps = result.explanation || [], citations = result.citations || [];
    if (warnings.length) {
      region.appendChild(el("div", { class: "calc-warning" }, [
        el("strong", { class: "calc-warning__title", text: TEXT.warningsTitle }),
        el("ul", {}, warnings.map(function (w) { return el("li", { text: w }); }))]));
    }
    if (steps.length) {
      region.appendChild(el("h3", { text: TEXT.stepsTitle }));
      region.appendChild(el("ol", { class: "calc-steps" }, steps.map(function (s) { return el("li", { text: s }); })));
    }
    if (citations.length) {
      region.appendChild(el("h3", { text: TEXT.lawTitle }));
      region.appendChild(el("ul", { class: "calc-citations" }, citations.map(function (c) {
        return el("li", {}, [el("a", { href: c.url, rel: "noopener", text: c.title })]);
      })));
    }
    region.appendChild(actions(root, schema, inputs, result));
    headline.focus();
  }

  // ---- the timeline --------------------------------------------------------------------------
  // An answer with "events" (the case timeline): a picture drawn by calculators/timeline.js, hidden
  // from screen readers, and the table of the same events, which is the version they read.
  var SCRIPT = document.currentScript && document.currentScript.src, timelineLoaded = null;
  function loadTimeline() {
    if (timelineLoaded || window.proceduresTimeline || !SCRIPT) return timelineLoaded;
    timelineLoaded = new Promise(function (resolve) {
      var script = el("script", { src: new URL("timeline.js", SCRIPT).href });
      script.onload = resolve;
      script.onerror = resolve;  // without the picture, the table still says everything
      document.head.appendChild(script);
    });
    return timelineLoaded;
  }
  function eventsOf(result) {
    var events = result && result.events;
    return Array.isArray(events) && events.every(function (e) { return e && typeof e === "object"; }) ? events : null;
  }
  function eventDate(event) { return event.range && isRange(event.range) ? event.range : event.date; }
  function sourceTitle(root, name) {
    var titles = {};
    try { titles = JSON.parse(root.dataset.titles || "{}"); } catch (e) { titles = {}; }
    return has(titles, name) ? titles[name] : String(name || "");
  }
  function timeline(root, result, events) {
    var figure = el("div", { class: "calc-timeline" }, [el("h3", { text: TEXT.timelineTitle })]);
    var picture = el("div", { class: "calc-timeline__picture", "aria-hidden": "true" });
    figure.appendChild(picture);
    var draw = function () {
      if (window.proceduresTimeline) {
        window.proceduresTimeline.draw(picture, events, {
          words: function (value) { return words(value); },
          indefinite: result.indefinite === true && !result.subject_until ? TEXT.timelineIndefinite : ""
        });
      }
    };
    if (window.proceduresTimeline) draw(); else (loadTimeline() || Promise.resolve()).then(draw);
    var body = el("tbody", {}, events.map(function (event, i) {
      var laws = (event.citations || []).filter(function (c) { return c && c.url; });
      var source = [el("span", { text: sourceTitle(root, event.calculator) })];
      laws.forEach(function (c) { source.push(el("br"), el("a", { href: c.url, rel: "noopener", text: c.title })); });
      return el("tr", {}, [el("td", { text: String(i + 1) }), el("td", { text: capital(words(eventDate(event))) }),
        el("td", { text: event.title || "" }), el("td", {}, source)]);
    }));
    var head = el("thead", {}, [el("tr", {}, [TEXT.colNumber, TEXT.colDate, TEXT.colWhat, TEXT.colSource].map(function (t) { return el("th", { scope: "col", text: t }); }))]);
    figure.appendChild(el("div", { class: "calc-timeline__table" }, [el("table", {}, [el("caption", { text: TEXT.timelineCaption }), head, body])]));
    return figure;
  }

  // ---- case notes and calendar --------------------------------------------------------------
  function page() { return location.origin + location.pathname; }

  function inputWords(prop, value) {
    if (prop && prop["x-choice-labels"] && has(prop["x-choice-labels"], value)) return prop["x-choice-labels"][value];
    return words(value);
  }

  // One entry of a list typed into the form, with the entries of any list inside it in brackets.
  function entryInputWords(prop, entry) {
    var props = prop && prop.items ? prop.items.properties : {};
    return Object.keys(entry).map(function (k) {
      var sub = has(props, k) ? props[k] : null, v = entry[k];
      var said = Array.isArray(v) ? v.map(function (inner, j) { return "(" + (j + 1) + ") " + entryInputWords(sub, inner); }).join(" ") : inputWords(sub, v);
      return (sub ? sub.title : k) + ": " + said;
    }).join("; ");
  }

  function caseNotes(root, schema, inputs, result, withLink) {
    var lines = [schema.title, say("notesCalculated", { date: longDate(new Date().toISOString().slice(0, 10)), edition: root.dataset.edition }), "", TEXT.notesDetails];
    Object.keys(inputs).forEach(function (key) {
      var prop = has(schema.properties, key) ? schema.properties[key] : null, value = inputs[key];
      var title = prop ? prop.title : key;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) { lines.push("- " + title + ": " + entryInputWords({ items: prop }, value)); return; }
      if (!Array.isArray(value)) { lines.push("- " + title + ": " + inputWords(prop, value)); return; }
      lines.push("- " + title + ":");
      value.forEach(function (entry, i) { lines.push("  " + (i + 1) + ". " + entryInputWords(prop, entry)); });
    });
    lines.push("", say("notesAnswer", { headline: result.headline || "" }));
    var events = eventsOf(result);
    outputs(schema, result).forEach(function (row) {
      var value = row[2];
      if (events && row[0] === "events") return;
      if (pathWords(root, value)) { lines.push("- " + row[1] + ": " + pathWords(root, value)); return; }
      if (!Array.isArray(value) || !value.some(function (v) { return typeof v === "object" || / /.test(String(v)); })) {
        lines.push("- " + row[1] + ": " + words(value, codesFor(schema, row[0])));
        return;
      }
      lines.push("- " + row[1] + ":");
      value.forEach(function (entry, i) { lines.push("  " + (i + 1) + ". " + entryWords(schema, row[0], entry)); });
    });
    if (events) {
      lines.push("", TEXT.notesEvents);
      events.forEach(function (e, i) { lines.push((i + 1) + ". " + capital(words(eventDate(e))) + ": " + (e.title || "") + " (" + sourceTitle(root, e.calculator) + ")"); });
    }
    lines.push("", TEXT.notesReasons);
    (result.explanation || []).forEach(function (s, i) { lines.push((i + 1) + ". " + s); });
    if ((result.warnings || []).length) { lines.push("", TEXT.notesCheck); result.warnings.forEach(function (w) { lines.push("- " + w); }); }
    lines.push("", TEXT.notesSources);
    (result.citations || []).forEach(function (c) { lines.push("- " + c.title + ": " + c.url); });
    lines.push("", withLink ? say("notesLink", { url: location.href }) : say("notesPage", { url: page() }));
    return lines.join("\n");
  }

  function deadlines(schema, result, root) {
    var events = eventsOf(result);
    if (events) {
      // the case timeline: every date, each naming where it comes from
      return events.filter(function (e) { return typeof eventDate(e) === "string" || isRange(eventDate(e)); }).map(function (e) {
        var laws = (e.citations || []).map(function (c) { return c && c.title; }).filter(Boolean);
        return { label: e.title || "", value: eventDate(e), source: [sourceTitle(root, e.calculator)].concat(laws).join("; ") };
      });
    }
    var out = [];
    outputs(schema, result).forEach(function (row) {
      var key = row[0], value = row[2];
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(value)) out.push({ label: row[1], value: value });
      else if (Array.isArray(value)) value.forEach(function (entry, i) {
        if (!entry || typeof entry !== "object") return;
        var label = say("entry", { name: row[1], n: i + 1 }), about = Object.keys(entry).filter(function (k) {
          return codesFor(schema, key + "." + k) && typeof entry[k] === "string";
        }).map(function (k) { return words(entry[k], codesFor(schema, key + "." + k)); });
        Object.keys(entry).forEach(function (k) {
          if (typeof entry[k] === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(entry[k])) {
            out.push({ label: label + (about.length ? " (" + about.join("; ") + ")" : ""), value: entry[k] });
          }
        });
      });
    });
    return out;
  }

  function ics(schema, result, withLink, root) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    var esc = function (t) { return t.replace(/[\\;,]/g, function (c) { return "\\" + c; }).replace(/\n/g, "\\n"); };
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Managing individuals who pose a risk of harm to children//Calculators//EN", "CALSCALE:GREGORIAN"];
    deadlines(schema, result, root).forEach(function (d, i) {
      // a date known only as a range: one all-day event from its earliest to its latest day
      var range = isRange(d.value), first = range ? d.value.earliest : d.value, last = range ? d.value.latest : d.value;
      if (!/^\d{4}-\d{2}-\d{2}/.test(first) || !/^\d{4}-\d{2}-\d{2}/.test(last)) return;
      var day = first.slice(0, 10).replace(/-/g, ""), next = new Date(last.slice(0, 10) + "T00:00:00Z");
      next.setUTCDate(next.getUTCDate() + 1);
      lines.push("BEGIN:VEVENT", "UID:" + stamp + "-" + i + "@procedures.local", "DTSTAMP:" + stamp);
      if (!range && d.value.length > 10) lines.push("DTSTART:" + day + "T" + d.value.slice(11).replace(":", "") + "00", "DURATION:PT15M");
      else lines.push("DTSTART;VALUE=DATE:" + day, "DTEND;VALUE=DATE:" + next.toISOString().slice(0, 10).replace(/-/g, ""));
      var summary = range ? capital(words(d.value)) + ": " + d.label : d.label + ": " + schema.title;
      lines.push("SUMMARY:" + esc(summary),
        "DESCRIPTION:" + esc((d.source ? say("eventSource", { source: d.source }) + "\n" : "") + (result.headline || "") + "\n" + (withLink ? location.href : page())), "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
  }

  function actions(root, schema, inputs, result) {
    var name = root.dataset.calculatorRoot, box = el("div", { class: "calc-share" });
    var linkId = name + "-include-link";
    var include = el("input", { type: "checkbox", id: linkId, "aria-describedby": linkId + "-hint" });
    box.appendChild(el("p", { class: "calc-share__note", text: TEXT.shareNote }));
    box.appendChild(el("div", { class: "calc-checkbox" }, [include, el("label", { for: linkId, text: TEXT.includeLink })]));
    box.appendChild(el("div", { class: "calc-hint", id: linkId + "-hint", text: TEXT.includeLinkHint }));
    // A link to a history (the case timeline) says what it holds as soon as it is chosen, before it is copied.
    if (root.dataset.linkVersion) {
      var warning = el("div", { class: "calc-warning calc-link-warning", id: linkId + "-warning", "aria-live": "polite" });
      box.appendChild(warning);
      include.addEventListener("change", function () {
        warning.textContent = "";
        if (!include.checked) return;
        var held = Object.keys(inputs).filter(function (k) { return Array.isArray(inputs[k]); }).map(function (k) {
          var prop = has(schema.properties, k) ? schema.properties[k] : null;
          return lowerFirst(prop ? prop.title : k) + ": " + inputs[k].length;
        });
        warning.appendChild(el("p", { text: say("linkWarning", { what: held.join(", ") }) }));
        if (has(inputs, "date_of_birth")) warning.appendChild(el("p", { text: TEXT.linkBirth }));
      });
    }
    var bar = el("div", { class: "calc-actions" });
    var copy = el("button", { type: "button", class: "calc-button calc-button--secondary", text: TEXT.copyNotes });
    var said = el("p", { class: "calc-copied", role: "status" });
    copy.addEventListener("click", function () {
      var text = caseNotes(root, schema, inputs, result, include.checked);
      var fallback = function () {
        var old = bar.querySelector(".calc-notes");
        if (old) old.remove();
        var area = el("textarea", { class: "calc-notes", rows: "12", "aria-label": TEXT.notesLabel, readonly: "readonly" });
        area.value = text;
        bar.appendChild(area);
        area.select();
        said.textContent = TEXT.copyYourself;
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { said.textContent = TEXT.copied; }, fallback);
      else fallback();
    });
    bar.appendChild(copy);
    if (deadlines(schema, result, root).length) {
      var cal = el("button", { type: "button", class: "calc-button calc-button--secondary", text: eventsOf(result) ? TEXT.addAllCalendar : TEXT.addCalendar });
      cal.addEventListener("click", function () {
        var url = URL.createObjectURL(new Blob([ics(schema, result, include.checked, root)], { type: "text/calendar" }));
        var link = el("a", { href: url, download: schema.$id + ".ics" });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        said.textContent = TEXT.downloaded;
      });
      bar.appendChild(cal);
    }
    bar.appendChild(said);
    box.appendChild(bar);
    return box;
  }

  // ---- the URL fragment -------------------------------------------------------------------------
  var LONGEST_LINK = 32768;

  // A versioned link ("v=1&...", data-link-version) keeps the characters of its lists' JSON that a
  // fragment may hold as they are, so a long history stays as short as it can.
  function compact(text) {
    return encodeURIComponent(text).replace(/%(5B|5D|7B|7D|3A|2C|40|2F|3F|24|3B)/g, function (all, hex) { return String.fromCharCode(parseInt(hex, 16)); });
  }
  function toFragment(name, inputs, several, version) {
    var code = version ? compact : encodeURIComponent;
    var parts = several ? ["calculator=" + encodeURIComponent(name)] : [];
    if (version) parts.push("v=" + version);
    Object.keys(inputs).forEach(function (key) {
      var v = inputs[key];
      parts.push(encodeURIComponent(key) + "=" + code(typeof v === "object" ? JSON.stringify(v) : String(v)));
    });
    return "#" + parts.join("&");
  }

  function decode(text) { try { return decodeURIComponent(text); } catch (e) { return null; } }

  // A fragment with "=" is a calculation: {calculator, values (text), damaged: [what is wrong]}.
  // Nothing in it is trusted: it may be cut short, mistyped, or made to break the page.
  function fromFragment(hash) {
    var text = String(hash || "").replace(/^#/, "");
    if (text.indexOf("=") === -1) return null;
    var link = { calculator: null, values: Object.create(null), damaged: [] };
    var damage = function (what) { if (link.damaged.indexOf(what) === -1) link.damaged.push(what); };
    if (text.length > LONGEST_LINK) { damage(TEXT.damagedTooLong); return link; }
    text.split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("="), key = decode(at === -1 ? pair : pair.slice(0, at)), value = at === -1 ? "" : decode(pair.slice(at + 1));
      if (key === null || value === null) { damage(TEXT.damagedEncoding); return; }
      if (key === "calculator") { link.calculator = value; return; }
      if (key === "v") { link.version = value; return; }
      if (key in link.values) { link.twice = (link.twice || []).concat([key]); return; }
      link.values[key] = value;
    });
    return link;
  }

  function clearForm(form) {
    form.querySelectorAll("input").forEach(function (i) {
      if (i.type === "radio" || i.type === "checkbox") i.checked = false; else i.value = "";
    });
    form.querySelectorAll("[data-items]").forEach(function (list) { list.textContent = ""; });
    updateAddLabels(form);
  }

  function asText(v) { return typeof v === "string" ? v.trim() : (typeof v === "number" || typeof v === "boolean") ? String(v) : null; }

  // Fills one field from a link's value; returns what is wrong with it, or nothing.
  function fillGroup(group, raw, link) {
    var type = group.dataset.type, name = nameOf(group).name, set = function (part, text) { var i = input(group, part); if (i) i.value = text; };
    if (type === "list") return fillList(group, raw, link);
    if (type === "object") return fillObject(group, raw, link);
    var v = asText(raw);
    if (v === null) return say("notInLink", { name: name, kind: TEXT[{ date: "kindDate", "date-time": "kindDateTime", duration: "kindDuration", choice: "kindChoice", yesno: "kindYesNo", boolean: "kindYesNo" }[type] || "kindNumber"] });
    if (v.length > 100) return say("tooLongInLink", { name: name });
    if (type === "date" || type === "date-time") {
      var m = type === "date" ? [null, v, null] : /^(.+?)(?:T|\s+)(\d{1,2}[:.]?\d{2})$/.exec(v) || [null, v, ""];
      var rough = type === "date" && group.hasAttribute("data-rough") && /^(\d{4})(?:-(\d{1,2}))?$/.exec(m[1]);
      if (rough) { set("day", ""); set("month", rough[2] ? String(Number(rough[2])) : ""); set("year", rough[1]); return null; }
      var iso = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/.exec(m[1]), uk = /^(\d{1,2})[\/.\-](\d{1,2}|[A-Za-z]{3,9})[\/.\-](\d{1,4})$/.exec(m[1]);
      if (iso) { set("day", String(Number(iso[3]))); set("month", String(Number(iso[2]))); set("year", iso[1]); }
      else if (uk) { set("day", String(Number(uk[1]))); set("month", /^\d+$/.test(uk[2]) ? String(Number(uk[2])) : uk[2]); set("year", uk[3]); }
      else return say("notInLink", { name: name, kind: TEXT[type === "date" ? "kindDate" : "kindDateTime"] });
      if (type === "date-time") set("time", m[2] || "");
      return null;
    }
    if (type === "duration") {
      var negative = /^-\s*P/i.test(v), d = /^-?\s*P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)W)?(?:(-?\d+)D)?$/i.exec(v);
      if (!d || !(d[1] || d[2] || d[3] || d[4])) return say("notInLink", { name: name, kind: TEXT.kindDuration });
      DURATION_UNITS.forEach(function (unit, i) {
        var n = d[i + 1];
        if (n !== undefined) set(unit[0], negative && Number(n) > 0 ? "-" + n : n);
      });
      return null;
    }
    if (type === "choice") {
      var radio = Array.prototype.filter.call(group.querySelectorAll("input"), function (r) { return r.value === v; })[0];
      if (!radio) return say("notInLink", { name: name, kind: TEXT.kindChoice });
      radio.checked = true;
      return null;
    }
    if (type === "yesno" || type === "boolean") {
      var yes = /^(true|yes)$/i.test(v), no = /^(false|no)$/i.test(v);
      if (!yes && !no) return say("notInLink", { name: name, kind: TEXT.kindYesNo });
      if (type === "boolean") group.querySelector("input").checked = yes;
      else group.querySelectorAll("input").forEach(function (r) { r.checked = r.value === String(yes); });
      return null;
    }
    group.querySelector("input").value = v;  // a whole number: checked with the rest of the form
    return null;
  }

  function fillList(group, raw, link) {
    var name = nameOf(group).name, entries = raw, max = Number(group.dataset.maxItems) || 100;
    var broken = function () { link.damaged.push(say("damagedEntries", { name: name })); return ""; };
    if (typeof raw === "string") {
      if (!raw.trim()) return null;
      try { entries = JSON.parse(raw); } catch (e) { return broken(); }
    }
    if (!Array.isArray(entries)) return broken();
    if (entries.length > max) return say("tooManyEntries", { name: name, max: max });
    var problems = [];
    entries.forEach(function (entry) {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) { broken(); return; }
      var item = addItem(group, false);
      problems = problems.concat(fill(item, entry, link));
    });
    link.itemProblems = (link.itemProblems || []).concat(problems);
    return null;
  }

  function fillObject(group, raw, link) {
    var value = raw;
    if (typeof raw === "string") { try { value = JSON.parse(raw); } catch (e) { value = null; } }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      link.damaged.push(say("damagedEntries", { name: nameOf(group).name }));
      return null;
    }
    link.itemProblems = (link.itemProblems || []).concat(fill(group.querySelector("[data-object]"), value, link));
    return null;
  }

  // Fills ``container`` from ``values``; returns [{group, message}] for values that are not what
  // their field takes, and adds to link.damaged what cannot be put anywhere.
  function fill(container, values, link) {
    var groups = ownGroups(container), problems = [];
    Object.keys(values).forEach(function (key) {
      var group = groups.filter(function (g) { return g.dataset.key === key; })[0];
      if (!group) { if (link.damaged.indexOf(TEXT.damagedUnknown) === -1) link.damaged.push(TEXT.damagedUnknown); return; }
      var problem = fillGroup(group, values[key], link);
      if (problem) problems.push({ group: group, message: problem });
    });
    updateShown(container.closest("form"));
    return problems;
  }

  // ---- one calculator ---------------------------------------------------------------------------
  var mounted = [];

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    var form = root.querySelector("form"), name = form.dataset.calculator, schema;
    try { schema = JSON.parse(root.dataset.schema); } catch (e) { schema = { title: name, properties: {} }; }
    var status = root.querySelector("[data-status]");
    // in the page from the start (forms.py), so the form never moves when loading begins
    var bar = root.querySelector("[data-progress]");
    if (!bar) {
      bar = el("progress", { max: "3", value: "0", class: "calc-progress", "aria-hidden": "true" });
      status.after(bar);
      bar.hidden = true;
    }
    var several = document.querySelectorAll("[data-calculator-root]").length > 1;
    var version = Number(root.dataset.linkVersion) || 0;
    if (version) loadTimeline();
    var wants = root.dataset.boot === "eager", current = { token: 0, id: null }, submitted = false;

    var showState = function (state, focus) {
      var notice = root.querySelector("[data-notice]");
      if (state.stage !== "failed" && notice) notice.hidden = true;
      if (state.stage === "ready") { status.textContent = TEXT.statusReady; bar.hidden = true; }
      else if (state.stage === "failed") {
        status.textContent = TEXT.statusFailed;
        bar.hidden = true;
        if (wants) showNotice(root, schema, state, retry, focus);
      } else if (engine.running()) {
        status.textContent = say("statusLoading", { step: Math.max(1, state.step), of: state.of || 3 });
        bar.hidden = false;
        bar.value = state.step;
      }
    };
    var stop = engine.onState(function (state) {
      if (!document.contains(root)) { stop(); return; }
      showState(state, false);
    });
    if (engine.running()) showState(engine.state());
    var boot = function () { wants = true; engine.start(); showState(engine.state()); };
    if (root.dataset.boot === "eager") boot();
    else form.addEventListener("focusin", boot, { once: true });

    // one listener for every "Add" and "Remove" button, those of entries added later included
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-add], [data-remove]");
      if (!button || !form.contains(button)) return;
      if (button.hasAttribute("data-add")) addItem(button.closest("[data-field]"), true);
      else removeItem(button.closest("[data-item-index]"));
    });
    form.addEventListener("change", function () { updateShown(form); });
    updateShown(form);
    updateAddLabels(form);

    var cancel = function () {
      current.token++;
      if (current.id !== null) engine.cancel(current.id);
      current.id = null;
    };

    var submit = function () {
      cancel();
      clearErrors(root);
      var region = root.querySelector("[data-result]");
      region.textContent = "";
      var checked = checkForm(form, schema), values = checked.values;
      if (checked.errors.length) { showErrors(root, checked.errors); return Promise.resolve(); }
      wants = true;
      submitted = true;
      if (engine.state().stage !== "ready") status.textContent = TEXT.statusWaiting;
      var request = engine.request(name, values), token = ++current.token;
      current.id = request.id;
      return request.promise.then(function (answer) {
        if (token !== current.token || !document.contains(root) || answer.cancelled) return;  // a stale reply
        current.id = null;
        showState(engine.state(), !!(answer.error && answer.error.runtime));
        if (answer.error) { engineError(answer.error); return; }
        if (!answer.result) { showErrors(root, [faultError(root, schema, TEXT.unexpected, TEXT.whatNoAnswer)]); return; }
        history.replaceState(history.state, "", toFragment(name, values, several, version));
        renderResult(root, schema, values, answer.result);
        // scripts/bench reads this: milliseconds from navigation to the first answer shown
        if (!engine.firstAnswerAt) engine.firstAnswerAt = performance.now();
      });
    };

    var engineError = function (error) {
      if (error.runtime) return;  // the notice above the form says what happened
      if (error.timeout) { showErrors(root, [faultError(root, schema, say("timeout", { seconds: error.seconds }), TEXT.whatTimeout)]); return; }
      if (error.unexpected || typeof error.message !== "string") {
        showErrors(root, [faultError(root, schema, TEXT.unexpected, say("whatFault", { kind: String(error.unexpected || "?") }))]);
        return;
      }
      showErrors(root, [{ group: groupFor(root, error.field), message: error.message }]);
    };

    var retry = function () { engine.restart(); if (submitted) submit(); };

    form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
    form.addEventListener("reset", function () {
      cancel();
      clearErrors(root);
      root.querySelector("[data-result]").textContent = "";
      form.querySelectorAll("[data-items]").forEach(function (list) { list.textContent = ""; });
      setTimeout(function () { updateShown(form); updateAddLabels(form); }, 0);
      if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
      showState(engine.state());
    });

    // A link to a calculation: fill the form from it and answer, or say what is wrong with it.
    var fromLink = function (link) {
      cancel();
      clearErrors(root);
      root.querySelector("[data-result]").textContent = "";
      clearForm(form);
      // a link from a later edition whose format this page does not know: say so, fill what it can
      if (link.version !== undefined && !(/^\d+$/.test(link.version) && Number(link.version) <= version)) link.damaged.push(TEXT.linkVersion);
      var problems = fill(form, link.values, link).concat(link.itemProblems || []);
      (link.twice || []).forEach(function (key) {
        var group = ownGroups(form).filter(function (g) { return g.dataset.key === key; })[0];
        link.damaged.push(group ? say("damagedTwice", { name: nameOf(group).name }) : TEXT.damagedUnknown);
      });
      updateShown(form);
      problems = problems.filter(function (p) { return visible(p.group); });  // a field these answers do not use
      boot();
      if (!link.damaged.length && !problems.length) { submit(); return; }
      var named = problems.map(function (p) { return p.group; }), errors = problems;
      if (Object.keys(link.values).length) {
        errors = inOrder(problems.concat(checkForm(form, schema).errors.filter(function (e) { return named.indexOf(e.group) === -1; })));
      }
      var damaged = link.damaged.filter(function (what, i) { return link.damaged.indexOf(what) === i; });
      showErrors(root, damaged.map(function (what) { return { message: say("linkDamaged", { what: what }) }; }).concat(errors));
    };

    var follow = function () {
      var link = fromFragment(location.hash);
      if (!link) return;
      var roots = Array.prototype.map.call(document.querySelectorAll("[data-calculator-root]"), function (r) { return r.dataset.calculatorRoot; });
      var first = roots[0];
      if (link.calculator === null ? first === name : link.calculator === name) fromLink(link);
      else if (first === name && roots.indexOf(link.calculator) === -1) {
        link.damaged.unshift(TEXT.damagedOtherCalculator);
        link.values = Object.create(null);
        fromLink(link);
      }
    };
    mounted.push({ root: root, follow: follow });
    follow();
  }

  function init() {
    mounted = mounted.filter(function (m) { return document.contains(m.root); });
    document.querySelectorAll("[data-calculator-root]").forEach(function (root) {
      try { setup(root); } catch (error) {
        // a fault here must not leave the page silent: say so where the answer would be
        var status = root.querySelector("[data-status]");
        if (status) status.textContent = TEXT.unexpected;
        throw error;
      }
    });
  }
  // A link to another calculation typed into the address bar of a page already open.
  window.addEventListener("hashchange", function () {
    mounted.filter(function (m) { return document.contains(m.root); }).forEach(function (m) { m.follow(); });
  });
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
