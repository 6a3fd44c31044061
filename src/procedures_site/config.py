"""The configuration a build runs with, made from ``mkdocs.yml`` and the build's options.

``mkdocs.yml`` is the national edition as it is served from a checkout.  Everything that differs
between builds is applied here, in Python, not by hooks, ``INHERIT`` or a second file kept by hand:
the edition's number (kept as text: YAML would read EDITION=2026.10 as the number 2026.1), a
partnership's name, logo and boxes, the "report a problem" address, the addresses of the feed and
of the newest edition when an edition is published, and the offline copy's differences.  ``write`` puts the result beside
``mkdocs.yml`` for the builder, so every relative path in it means the same.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

import yaml

from . import ROOT, BuildError, content
from .local import LOGO_DIR, load
from .partnership import PartnershipError, check_report_problem
from .postbuild import offline
from .postbuild.feed import addresses
from .urls import site_link

SOURCE = ROOT / "mkdocs.yml"
# The nav section that lists every situation (content/situations/<id>.toml), after its index page.
SITUATIONS_NAV = "What to do if"
# The offline copy has no server: no instant navigation (it fetches each page), no edition list
# (it fetches versions.json); its loader and Material's iframe-worker shim come first in <head>.
OFFLINE_DROPS_FEATURES = {"navigation.instant"}
OFFLINE_POLYFILLS = ["assets/calculators/offline-loader.js", offline.SHIM_PATH]


@dataclass(frozen=True)
class Options:
    partnership: str = "national"  # a name under partnerships/, or the path of a file
    offline: bool = False
    edition: str | None = None  # default: EDITION, else mkdocs.yml's extra.edition
    site_url: str | None = None  # default: SITE_URL, else mkdocs.yml's site_url
    version: str | None = None  # the edition's folder when it is published beside others
    classic: bool = False  # theme.variant: classic (Zensical's look closest to Material's)


class _Loader(yaml.SafeLoader):
    """YAML with MkDocs' ``!ENV NAME`` and ``!ENV [NAME, ..., default]``; values stay text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    return next((os.environ[n] for n in names if n in os.environ), default)


_Loader.add_constructor("!ENV", _env)


def source(path: Path = SOURCE) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 (a SafeLoader with one more tag)


def _configure(extensions: list, options: dict[str, dict]) -> list:
    """``markdown_extensions`` with the options of our own extensions set for this build."""
    out = []
    for entry in extensions:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name in options:
            entry = {name: {**((entry[name] or {}) if isinstance(entry, dict) else {}), **options[name]}}
        out.append(entry)
    return out


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day when set (a reproducible build)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def _offline(config: dict) -> None:
    theme = config["theme"]
    theme["features"] = [f for f in theme.get("features", []) if f not in OFFLINE_DROPS_FEATURES]
    config["extra"].update(offline=True, version=None, polyfills=OFFLINE_POLYFILLS,
                           built=build_date().isoformat())
    config["plugins"] = [*config.get("plugins", []), "offline"]
    config["use_directory_urls"] = False  # as the offline plugin sets it: file:// has no index pages


def report_problem(config: dict, partnership: dict) -> str:
    """Where every page's "Report a problem" link goes (the footer and ``<meta name="report-problem">``).

    A partnership file's ``report_problem`` (checked by ``partnership.validate``), else mkdocs.yml's
    ``extra.report_problem``: a ``mailto:`` or ``https:`` address, or a page of this site as its path
    under docs/ with a fragment (``about/privacy.md#report-a-problem``), given as a ``site_link`` that
    the post-build step makes each page's address for it (``about/privacy/`` on the web, ``.html`` offline).
    """
    if partnership.get("report_problem"):
        return partnership["report_problem"]
    value = str(config["extra"].get("report_problem") or "").strip()
    if not value:
        raise BuildError("mkdocs.yml: set extra.report_problem, where readers report a problem "
                         "(a page such as about/privacy.md#report-a-problem, or a mailto: or https: address)")
    path = value.partition("#")[0]
    if path.endswith(".md"):
        if not (ROOT / config["docs_dir"] / path).is_file() or path not in _nav_files(config.get("nav") or []):
            raise BuildError(f"mkdocs.yml: extra.report_problem names docs/{path}, which is not a page in the nav")
        return site_link(value)
    try:
        return check_report_problem(value, "mkdocs.yml: extra.report_problem")
    except PartnershipError as exc:
        raise BuildError(f"{exc} (or a page of this site, such as about/privacy.md#report-a-problem)") from None


def _nav_files(nav) -> set[str]:
    """Every Markdown file the nav lists."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_files(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_files(v) for v in nav)) if nav else set()
    return set()


def situations_nav(nav: list, docs: Path = ROOT / "docs") -> list:
    """``nav`` with the "What to do if" section's pages filled from content/situations, in index
    order, so that adding a situation needs no edit of mkdocs.yml.  Each needs its page
    ``docs/what-to-do/<id>.md`` (the page marker ``<!-- procedures:situation <id> -->``)."""
    out = []
    for entry in nav:
        if isinstance(entry, dict) and SITUATIONS_NAV in entry:
            listed = entry[SITUATIONS_NAV]
            pages = []
            for ident, situation in content.situations().items():
                page = f"what-to-do/{ident}.md"
                if not (docs / page).is_file():
                    raise BuildError(f"content/situations/{ident}.toml has no page docs/{page}: add it with the "
                                     f"line <!-- procedures:situation {ident} --> under its front matter")
                pages.append({situation["title"].strip(): page})
            # The index first, then the situations, then any other page the section lists (contacts).
            entry = {SITUATIONS_NAV: [p for p in listed if p == "what-to-do/index.md"] + pages +
                     [p for p in listed if p != "what-to-do/index.md" and not str(p).startswith("what-to-do/")]}
        out.append(entry)
    return out


def derive(options: Options = Options()) -> dict:
    """The configuration for one build (see the module's docstring)."""
    config = source()
    content.forget()
    config["nav"] = situations_nav(config.get("nav") or [])
    extra = config.setdefault("extra", {})
    edition = options.edition or os.environ.get("EDITION") or str(extra["edition"])
    site_url = options.site_url or config["site_url"]
    partnership = load(options.partnership)
    if not partnership["national"]:
        config["site_name"] = f"{partnership['short_name']}: {config['site_name']}"
        if partnership.get("logo"):
            config["theme"]["logo"] = LOGO_DIR + partnership["logo"]["file"]
    version = extra.get("version") or {}
    base, latest = addresses(site_url, options.version, version.get("default", "latest"))
    extra.update(edition=edition, partnership=options.partnership, feed_url=base + "feed.xml", latest_url=latest)
    if options.version:  # as mike's plugin would: the edition's own folder
        config["site_url"] = urljoin(site_url if site_url.endswith("/") else site_url + "/", options.version + "/")
    else:
        config["site_url"] = site_url
    # Relative to the written configuration, which lies beside mkdocs.yml (Zensical refuses an absolute one).
    config["docs_dir"] = config.get("docs_dir", "docs")
    extra["report_problem"] = report_problem(config, partnership)
    if options.offline:
        _offline(config)
    config["markdown_extensions"] = _configure(config["markdown_extensions"], {
        "procedures_site.calculators": {"edition": edition, "site_url": site_url,
                                        "directory_urls": config.get("use_directory_urls", True)},
        "procedures_site.local": {"partnership": options.partnership},
        "procedures_site.glossary": {"partnership": options.partnership},
        "procedures_site.actions": {"partnership": options.partnership}})
    if options.classic:
        config["theme"]["variant"] = "classic"
    return config


@contextlib.contextmanager
def write(config: dict) -> Iterator[Path]:
    """The configuration as a file beside mkdocs.yml, removed afterwards."""
    with tempfile.NamedTemporaryFile("w", dir=ROOT, prefix=".mkdocs-build-", suffix=".yml",
                                     encoding="utf-8", delete=False) as f:
        yaml.safe_dump(config, f, sort_keys=False, allow_unicode=True)
    try:
        yield Path(f.name)
    finally:
        Path(f.name).unlink(missing_ok=True)
