// An embed page (overrides/embed.html) inside a partnership's iframe: a followed link must not
// replace the calculator in the frame. Every link that leaves the page (the disclaimer, the tables
// in the guidance, the citations the answer adds later) opens in a new tab, and says so.
(function () {
  "use strict";
  // A link to a place in this page, however it is written (the theme makes some absolute).
  function inPage(link) {
    var to = new URL(link.getAttribute("href"), location.href);
    return to.hash !== "" && to.origin === location.origin && to.pathname === location.pathname &&
      to.search === location.search;
  }
  function retarget(link) {
    if (!link.getAttribute("href") || link.target || inPage(link)) return;
    link.target = "_blank";
    link.rel = ((link.rel || "") + " noopener").trim();
    var note = document.createElement("span");
    note.className = "calc-visually-hidden";
    note.textContent = " (opens in a new tab)";
    link.appendChild(note);
  }
  function within(node) {
    if (node.nodeType !== 1) return;
    if (node.matches("a[href]")) retarget(node);
    node.querySelectorAll("a[href]").forEach(retarget);
  }
  within(document.body);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.type === "attributes") within(change.target);
      else change.addedNodes.forEach(within);
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });
})();
