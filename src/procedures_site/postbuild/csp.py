"""Post-build, the last step: one Content-Security-Policy for the whole site, as a ``<meta>`` in every page.

The site is static, so the policy travels in each page's ``<head>``, straight after ``<meta charset>``
(which must stay in the first 1024 bytes) and before anything that loads or runs.  Every page gets
the same policy: with instant navigation the browser keeps the first page's policy for the pages it
swaps in, and a second, different policy would be added to it, not put in its place.

- Scripts: our own files and the theme's (``'self'``), WebAssembly for the calculators' Python
  (``'wasm-unsafe-eval'``), and the inline scripts that must stay inline, each by its SHA-256: every
  executable ``<script>`` without ``src`` in any built page (the theme's early ones, which must run
  before its bundle, and the calculator pages' early worker start), collected into one list.  Ours
  that need not be inline are files (``postbuild.scripts``); data travels in attributes (a ``<script>``
  of type ``application/json`` would not do: instant navigation runs the content's scripts again as
  code, dropping their type), the theme's own ``__config`` apart, which is outside the content.
- Styles: files only.  An inline ``<style>``, a ``style`` attribute, an ``on...`` handler or a
  ``javascript:`` address in a built page stops the build with the page and what to do instead.
- Nothing else: images from the site and ``data:`` (the theme's icons), connections to the site,
  no plug-ins, no form that submits, no ``<base>`` pointing elsewhere.

The offline copy (``file://``) gets its own policy: see ``offline_policy``.

``content-security-policy.txt`` in the site's root holds the same policy, for a host that sends it
as a header (README, "Headers for hosts"); a header can add ``frame-ancestors``, which a meta cannot.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from .. import BuildError
from . import offline
from .html import Page

POLICY_FILE = "content-security-policy.txt"
# A <script> with one of these types (or none) runs; any other type is data the policy need not allow.
EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
CHARSET = re.compile(r'<meta charset="[^"]*">', re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
META = '<meta http-equiv="Content-Security-Policy" content="{}">'


class _Inline(HTMLParser):
    """The inline scripts of one page, and anything inline the policy would refuse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.refused: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a and (a.get("type") or "").strip().lower() in EXECUTABLE:
            self._script = []
        elif tag == "script" and "src" not in a and a.get("id") != "__config":
            self.refused.append(f'a <script type="{a.get("type")}">: the theme\'s instant navigation runs the '
                                "content's inline scripts again as code, whatever their type; keep data in an attribute")
        if tag == "style":
            self.refused.append("a <style> element: put its rules in docs/stylesheets/extra.css")
        if "style" in a:
            self.refused.append(f'a style attribute on <{tag}> ("{a["style"]}"): give the element a class, '
                                "styled in docs/stylesheets/extra.css")
        for name, value in a.items():
            if name.startswith("on"):
                self.refused.append(f"an {name} handler on <{tag}>: attach it from a script file")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.refused.append(f"a javascript: address on <{tag}>: use a script file")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def sha256(script: str) -> str:
    """The source expression that allows this inline script's exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(page: Page) -> list[str]:
    """The executable inline scripts of a page; BuildError for inline style or handlers."""
    parser = _Inline()
    parser.feed(page.text)
    parser.close()
    if parser.refused:
        raise BuildError(f"{page.url or 'home page'}: the Content-Security-Policy refuses "
                         + "; ".join(sorted(set(parser.refused))))
    return parser.scripts


def hashes(built: list[Page], config: dict) -> list[str]:
    """One list for the whole site: every page's inline scripts, and in the offline build the
    script Material's iframe-worker shim writes into its frame (``offline.shim_scripts``)."""
    scripts = {script for page in built for script in inline_scripts(page)}
    if config["extra"].get("offline"):
        scripts |= set(offline.shim_scripts(built))
    return sorted({sha256(s) for s in scripts})


def policy(script_hashes: list[str]) -> str:
    """The website's policy (served over http or https, from any address)."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


def offline_policy(script_hashes: list[str]) -> str:
    """The offline copy's policy, for pages opened from ``file://``.

    Chromium reads ``'self'`` on a ``file:`` page as every ``file:`` address (a file has no host); the
    standard leaves it unclear and other browsers may match nothing, so ``file:`` is named as well.
    The calculators' worker is made from a Blob URL (``calculators/offline-loader.js``); a Blob worker
    cannot bring a policy of its own and runs under this one, which therefore allows what the worker
    does (compile Pyodide's WebAssembly) and no connection at all: its files come from the page in a
    message, and its ``fetch`` answers only from them (``calculators/offline-worker-prelude.js``).
    """
    return "; ".join([
        "default-src 'self' file:",
        " ".join(["script-src 'self' file: 'wasm-unsafe-eval'", *script_hashes]),
        "style-src 'self' file:",
        "img-src 'self' file: data:",
        "worker-src blob:",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'self' file:",
        "form-action 'none'",
    ])


def insert(text: str, meta: str, where: str) -> str:
    """The page with the policy's meta after ``<meta charset>`` (or first in ``<head>``)."""
    if "Content-Security-Policy" in text.split("</head>", 1)[0]:
        raise BuildError(f"{where}: the page already has a Content-Security-Policy")
    anchor = CHARSET.search(text) or HEAD.search(text)
    if not anchor:
        raise BuildError(f"{where}: no <head> to put the Content-Security-Policy in")
    return text[: anchor.end()] + "\n    " + meta + text[anchor.end():]


def run(site: Path, config: dict, built: list[Page]) -> str:
    script_hashes = hashes(built, config)
    offline_build = bool(config["extra"].get("offline"))
    text = offline_policy(script_hashes) if offline_build else policy(script_hashes)
    meta = META.format(text)
    for page in built:
        page.text = insert(page.text, meta, page.url or "home page")
    if not offline_build:
        (site / POLICY_FILE).write_text(text + "\n", "utf-8")
    return text
