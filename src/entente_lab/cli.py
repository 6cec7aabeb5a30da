"""The ``entente-lab`` command: start the lab, validate case files.

Exit status: 0 success; 1 a problem with the input (each printed on its own line);
2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

__all__ = ["main"]


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_file

    total = 0
    for path in args.paths:
        _, problems = validate_file(path)
        for problem in problems:
            print(problem)
        total += len(problems)
        if not problems and not args.quiet:
            print(f"{path}: valid", file=sys.stderr)
    return 1 if total else 0


def _cmd_lab(args: argparse.Namespace) -> int:
    from .launch import start_lab

    return start_lab(port=args.port, open_browser=not args.no_browser, folder=args.dir)


def _add_lab_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=None, help="port for JupyterLab (default: its own choice)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.add_argument("--dir", default=None,
                        help="working folder for your copy of the notebooks when installed without the "
                             "repository (default: ./entente-lab)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entente-lab",
        description="Entente Lab: read, map and weigh an expert argument. "
                    "With no command, starts JupyterLab on the start notebook.",
    )
    parser.add_argument("--version", action="version", version=f"entente-lab {__version__}")
    _add_lab_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = commands.add_parser("lab", help="start JupyterLab on notebooks/00_start_here.ipynb")
    _add_lab_options(lab)
    lab.set_defaults(func=_cmd_lab)

    validate = commands.add_parser(
        "validate", help="check case files; prints PATH:LINE:COL: message for each problem",
        description="Check case files. Exit 0 when every file is valid, 1 when any problem was found "
                    "(one line each: PATH:LINE:COL: message), 2 on a usage error.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="case file(s) to check")
    validate.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    validate.set_defaults(func=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", _cmd_lab)
    try:
        return func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
