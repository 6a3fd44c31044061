"""One build: the configuration (``config.derive``), the builder, then ``postbuild.run``.

The builder is ProperDocs (the maintained fork of MkDocs 1.x), run as a command so that nothing
here depends on its internals; the Zensical canary runs the same steps with its own command.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import ROOT, BuildError, config, postbuild

PROPERDOCS = [sys.executable, "-m", "properdocs"]
# Material and mkdocs-redirects print a notice about MkDocs 2 on every build; we do not run it.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def environment() -> dict[str, str]:
    """This process's environment, with our extensions importable and the notices off."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, **QUIET, "PYTHONPATH": path}


def run_builder(command: list[str], site: Path) -> str:
    """Run a builder's command; its log, or BuildError if it failed or warned (the build is strict)."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environment())
    log = done.stdout + done.stderr
    if done.returncode != 0 or "WARNING" in log:
        raise BuildError(f"the site did not build cleanly into {site}:\n{log[-6000:]}")
    return log


def build(site: Path, options: config.Options = config.Options()) -> str:
    """Build the site into ``site``; returns the builder's log."""
    settings = config.derive(options)
    with config.write(settings) as path:
        log = run_builder([*PROPERDOCS, "build", "--strict", "--clean", "-f", str(path), "-d", str(site)], site)
    postbuild.run(site, settings)
    return log
