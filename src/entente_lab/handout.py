"""Write the printable handout: ``python -m entente_lab.handout [-o FILE] [--case PATH]``.

Without ``-o`` the HTML goes to standard output. Open the file in a browser and use
Print ▸ Save as PDF for a PDF. Exit status: 0 success; 1 a bad case file or a file
that cannot be written; 2 a usage error; 141 when the reader of standard output
went away (as for ``entente-lab``, see :mod:`entente_lab.cli`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the handout for a case; returns the exit status.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "handout.html"
    >>> main(["-o", str(out), "--quiet"])
    0
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from .atomic import write_atomic
    from .cli import (
        SafeArgumentParser,
        case_or_report,
        output_path_problem,
        run_guarded,
        say,
        usage_error,
        write_data,
        write_or_report,
    )
    from .reading import handout_html

    prog = "entente_lab.handout"
    parser = SafeArgumentParser(
        prog="python -m entente_lab.handout",
        description="Write the printable handout (self-contained HTML) for a case. Print it, or use a "
                    "browser's Print > Save as PDF.")
    parser.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="write to FILE (replacing it if it is a regular file) instead of standard output")
    parser.add_argument("--case", default=None, metavar="PATH",
                        help="case file (default: the bundled interview, or $ENTENTE_LAB_CASE)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    def run() -> int:
        args = parser.parse_args(argv)
        problem = output_path_problem("-o", args.output)
        if problem:
            return usage_error(prog, problem)
        case = case_or_report(args.case)
        if case is None:
            return 1
        page = handout_html(case)
        if args.output is None:
            write_data(page)
            return 0
        path = write_or_report(prog, args.output, lambda: write_atomic(args.output, page, overwrite=True))
        if path is None:
            return 1
        if not args.quiet:
            say(f"{prog}: wrote {path}", err=True)
        return 0

    return run_guarded(prog, run)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
