"""``python -m procedures_site build | serve | offline | publish``: what the scripts/ run.

    build   [-p PARTNERSHIP] [-d DIR]   the site, into DIR (default site/)
    serve   [-p PARTNERSHIP] [-a ADDR]  build, serve on ADDR, rebuild when a watched file changes
    offline [--dist DIR] [--name NAME]  the offline bundle, a zip for file://
    publish EDITION                     an edition, onto the local gh-pages branch (with mike)

Errors end with status 1 (2 for a bad command line) and a message, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ROOT, BuildError, config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="procedures_site", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "serve"):
        command = sub.add_parser(name)
        command.add_argument("-p", "--partnership", default="national",
                             help="a partnership under partnerships/, or the path of its file")
    sub.choices["build"].add_argument("-d", "--site-dir", type=Path, default=ROOT / "site")
    sub.choices["serve"].add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    offline = sub.add_parser("offline")
    offline.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder for the zip (default: dist)")
    offline.add_argument("--name", help="the bundle's name (default: from the edition's partnership)")
    sub.add_parser("publish").add_argument("edition")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .build import build
            build(args.site_dir.resolve(), config.Options(partnership=args.partnership))
        elif args.command == "serve":
            from .serve import serve
            serve(args.dev_addr, config.Options(partnership=args.partnership))
        elif args.command == "offline":
            from .bundle import bundle
            archive = bundle(args.dist.resolve(), args.name)
            print(f"{archive} ({archive.stat().st_size / 1e6:.1f} MB)")
        else:
            from .publish import publish
            return publish(args.edition)
    except BuildError as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
