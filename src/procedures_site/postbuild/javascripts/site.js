// The site's own page scripts (every page, after the theme's bundle). They live in a file, not in
// the pages, so that the Content-Security-Policy (procedures_site.postbuild.csp) can refuse every
// inline script but the few it lists by hash. Each part runs on the first load and again after
// each instant navigation (Material's document$), as an inline script in the content would.
(function () {
  "use strict";

  // A page that has lost a numbered anchor to another place lists the old anchors and where they
  // went, as data (postbuild.manifest): a reader who arrives with an old one, or follows one within
  // the page, is sent on.
  function followMovedAnchor() {
    var data = document.querySelector("[data-anchor-redirects]");
    if (!data) return;
    var moved = JSON.parse(data.getAttribute("data-anchor-redirects")), anchor;
    try {
      anchor = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;  // a malformed address: nothing to follow
    }
    if (Object.prototype.hasOwnProperty.call(moved, anchor) && !document.getElementById(anchor)) {
      location.replace(moved[anchor]);
    }
  }

  // The linking page's iframe snippets (procedures_site.embeds) hold the address the site was built
  // for; on the web, give each the address it has where the reader found it (with any edition folder).
  function fixSnippetAddresses() {
    if (!/^https?:$/.test(location.protocol)) return;
    document.querySelectorAll("[data-embed-path]").forEach(function (box) {
      var built = box.dataset.embedBuilt, here = new URL(box.dataset.embedPath, location.href).href;
      var walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT), node;
      while ((node = walk.nextNode())) node.nodeValue = node.nodeValue.split(built).join(here);
    });
  }

  // Material names its edition button "Select version", which leaves out the edition the button
  // shows (WCAG 2.5.3, label in name), and runs "2026.2" and its alias "latest" together for
  // screen readers. Name the button from its text, with the purpose and a comma as hidden words.
  function hidden(text) {
    var span = document.createElement("span");
    span.className = "site-visually-hidden";
    span.setAttribute("data-edition-words", "");
    span.textContent = text;
    return span;
  }

  function nameEditionButton() {
    document.querySelectorAll(".md-version__current[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
      button.insertBefore(hidden("Edition "), button.firstChild);
      button.appendChild(hidden(": choose an edition"));
    });
    document.querySelectorAll(".md-version__alias:not([data-edition-words])").forEach(function (alias) {
      alias.setAttribute("data-edition-words", "");
      alias.parentNode.insertBefore(hidden(", "), alias);
    });
  }

  // Only an edition published with mike has the selector, which the theme adds to the header
  // once it has read versions.json.
  var config = document.getElementById("__config");
  var header = document.querySelector(".md-header");
  if (header && config && JSON.parse(config.textContent).version) {
    nameEditionButton();
    new MutationObserver(nameEditionButton).observe(header, { childList: true, subtree: true });
  }

  function eachPage() {
    followMovedAnchor();
    fixSnippetAddresses();
  }

  if (window.document$) window.document$.subscribe(eachPage);
  else eachPage();
  // An old anchor followed within the page (a link, or an address typed over this one's) moves too.
  window.addEventListener("hashchange", followMovedAnchor);
})();
