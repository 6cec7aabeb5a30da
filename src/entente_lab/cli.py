"""The ``entente-lab`` command: start the lab, validate case files, export a case, aggregate a class.

Exit status: 0 success; 1 a problem with the input (each printed on its own line);
2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__

__all__ = ["case_or_report", "main", "write_or_report"]


def case_or_report(path: str | None):
    """Load a case for a command; on a bad file print its problems (one per line, to
    standard error) and return ``None``, so the command can exit 1 without a traceback."""
    from . import CaseError, load_case

    try:
        return load_case(path)
    except CaseError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None


def write_or_report(command: str, target: str, write):
    """Run ``write()`` (which writes ``target`` and returns its path); on failure print
    one line naming the file, the reason and the fix, and return ``None``."""
    try:
        return write()
    except FileExistsError:
        print(f"{command}: {target} already exists; use --force to overwrite it, or choose another file",
              file=sys.stderr)
    except OSError as error:
        print(f"{command}: cannot write {target}: {error.strerror or error}", file=sys.stderr)
    return None


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


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_text, write_export

    if args.graph is not None and args.format != "graphml" and args.graph != "argument":
        print(f"entente-lab export: error: --graph {args.graph} needs --format graphml "
              f"(the {args.format} export holds the argument map only)", file=sys.stderr)
        return 2
    if args.force and args.output is None:
        print("entente-lab export: error: --force needs -o FILE (without -o the export goes to standard output)",
              file=sys.stderr)
        return 2
    graph = args.graph or "argument"
    case = case_or_report(args.case)
    if case is None:
        return 1
    if args.output is None:
        text = export_text(case, args.format, graph=graph)
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            stream.write(text.encode("utf-8"))
            stream.flush()
        return 0
    path = write_or_report("entente-lab export", args.output,
                           lambda: write_export(args.output, case, args.format, graph=graph, overwrite=args.force))
    if path is None:
        return 1
    if not args.quiet:
        print(f"entente-lab export: wrote {path}", file=sys.stderr)
    return 0


def _printable(text: str) -> str:
    """``text`` with control characters shown as escapes, so a file name cannot drive the terminal."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from .aggregate import aggregate

    case = case_or_report(args.case)
    if case is None:
        return 1
    report = aggregate(args.paths, case=case, accept_other_versions=args.accept_other_versions)
    for skipped in report.skipped:
        print(_printable(str(skipped)))
    status = 0 if report.n_read else 1
    if report.n_students:
        counts = ", ".join(f"{verdict} {count}" for verdict, count in report.region_counts.items())
        print(f"Regions: {counts}.")
        spreads = report.spreads
        print("Most contested: " + "; ".join(f"{spreads[f].label} (IQR {spreads[f].iqr:.2f})" for f in report.contested))
        print("Consensus: " + "; ".join(f"{spreads[f].label} (IQR {spreads[f].iqr:.2f})" for f in report.consensus))
    for name, count in report.duplicate_names.items():
        shown = "a student" if args.hide_names else repr(name)
        print(_printable(f"{count} submissions under the name {shown}: the newest counts."))
    from .report import student_labels

    for line in report.notices(student_labels(report, hide_names=args.hide_names)):
        print(_printable(line))
    if args.output is not None or args.csv is not None:
        from .report import write_report

        for path, kind in ((args.output, "html"), (args.csv, "csv")):
            if path is None:
                continue
            written = write_or_report(
                "entente-lab aggregate", path,
                lambda path=path, kind=kind: write_report(report, path, hide_names=args.hide_names,
                                                          overwrite=args.force, kind=kind))
            if written is None:
                status = 1
            else:
                print(f"Wrote the {'report' if kind == 'html' else 'CSV of all weights'} to {written}.")
    print(report.summary())
    return status


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import doctor

    report = doctor(args.folder, kernel=args.kernel, case=args.case)
    text = str(report)
    if (sys.stdout.encoding or "utf-8").lower().replace("-", "") not in ("utf8", "utf16", "utf32"):
        text = text.replace("\u2014", "-")
    print(text)
    return 0 if report.ok else 1


def _cmd_lab(args: argparse.Namespace) -> int:
    from .launch import start_lab

    return start_lab(port=args.port, open_browser=not args.no_browser, folder=args.dir, update=args.update,
                     prepare_only=args.prepare_only, allow_root=args.allow_root)


def _add_lab_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=None, help="port for JupyterLab (default: its own choice)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.add_argument("--dir", default=None,
                        help="working folder for your copy of the notebooks when installed without the "
                             "repository (default: ./entente-lab)")
    parser.add_argument("--update", action="store_true",
                        help="bring this release's notebooks into the working folder: an unedited copy of an "
                             "older version is replaced; a notebook you edited is never touched, and the new "
                             "version is written next to it as NAME.new-VERSION.ipynb")
    parser.add_argument("--allow-root", action="store_true",
                        help="let JupyterLab run as root (it refuses otherwise; needed in some containers)")
    parser.add_argument("--prepare-only", action="store_true",
                        help="prepare the working folder (and --update it), print the command that would start "
                             "JupyterLab, and exit without starting it")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entente-lab",
        description="Entente Lab: read, map and weigh an expert argument. "
                    "With no command, starts JupyterLab on the start notebook.",
    )
    parser.add_argument("--version", action="version", version=f"entente-lab {__version__}")
    _add_lab_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = commands.add_parser(
        "lab", help="start JupyterLab on notebooks/00_start_here.ipynb",
        description="Start JupyterLab on the start notebook. From an editable install of a repository checkout "
                    "(pip install -e .) it opens the repository's notebooks/. Otherwise (pip install ., or a wheel), it "
                    "first copies the notebooks into a working "
                    "folder (--dir, default ./entente-lab): a missing notebook is copied in, a file already there "
                    "is never overwritten. The folder's .entente-lab-manifest.json records each file as copied, so "
                    "--update can tell an unedited copy (replaced by the new version) from one you edited (left "
                    "alone; the new version goes alongside as NAME.new-VERSION.ipynb).")
    _add_lab_options(lab)
    lab.set_defaults(func=_cmd_lab)

    validate = commands.add_parser(
        "validate", help="check case files; prints PATH:LINE:COL: message for each problem",
        description="Check case files. Exit 0 when every file is valid, 1 when any problem was found "
                    "(one line each: PATH:LINE:COL: message), 2 on a usage error.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="case file(s) to check")
    validate.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    validate.set_defaults(func=_cmd_validate)

    export = commands.add_parser(
        "export", help="export the argument map or a graph as AIF JSON, Argdown, GraphML or CSV",
        description="Export a case with its default weights. Without -o the export is printed; with -o it is "
                    "written atomically, and an existing file is replaced only with --force. Exit 0 on "
                    "success, 1 for a bad case file (PATH:LINE:COL: message lines) or a file that exists or "
                    "cannot be written, 2 on a usage error. Messages go to standard error.")
    export.add_argument("--format", required=True, choices=("aif", "argdown", "graphml", "csv"),
                        help="aif: AIF JSON (AIFdb, OVA); argdown: Argdown text; graphml: GraphML "
                             "(networkx, Gephi); csv: the factors, one row per quote")
    export.add_argument("--case", default=None, metavar="PATH",
                        help="case file (default: the bundled interview, or $ENTENTE_LAB_CASE)")
    export.add_argument("--graph", choices=("argument", "actors"), default=None,
                        help="with --format graphml: the argument graph (default) or the actor graph")
    export.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="write to FILE instead of standard output")
    export.add_argument("--force", action="store_true", help="with -o: overwrite FILE if it exists")
    export.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    export.set_defaults(func=_cmd_export)

    agg = commands.add_parser(
        "aggregate", help="the class report from students' submission files",
        description="Read submission files (and folders of them, searched for *.json) and report the class: "
                    "regions, most contested factors, predictions. A bad file is named with its reason and "
                    "skipped; every good file is counted; under a repeated name the newest submission counts. "
                    "The last line says how many files were read and skipped, and why. Exit 0 when at least "
                    "one good submission was read, 1 when none was (or a file could not be written), 2 on a "
                    "usage error. Nothing is sent anywhere.")
    agg.add_argument("paths", nargs="+", metavar="PATH", help="submission files or folders")
    agg.add_argument("-o", "--output", default=None, metavar="REPORT",
                     help="write a self-contained HTML report (figures inside) to REPORT")
    agg.add_argument("--csv", default=None, metavar="FILE", help="write every submission's weights as CSV to FILE")
    agg.add_argument("--hide-names", action="store_true",
                     help="show students as numbers (Student 1, 2, ...) in the report and CSV")
    agg.add_argument("--case", default=None, metavar="PATH",
                     help="case file the class worked on (default: the bundled interview, or $ENTENTE_LAB_CASE)")
    agg.add_argument("--force", action="store_true", help="overwrite REPORT or FILE if it exists")
    agg.add_argument("--accept-other-versions", action="store_true",
                     help="also count submissions saved against a version of the case file that scores differently, "
                          "rescored with this one (each is listed with a note); without it they are listed and not "
                          "counted. A version that scores the same (only labels, quotes, default weights... changed) "
                          "always counts")
    agg.set_defaults(func=_cmd_aggregate)

    doc = commands.add_parser(
        "doctor", help="check this machine for what the lab needs, with the exact fix for each problem",
        description="Check Python, ipywidgets and the widget front end, the JupyterLab widget extension, "
                    "that the kernel can import entente_lab, that matplotlib draws, that the working folder "
                    "is writable and that the case loads. One line per check: 'ok' or 'FAIL', what was "
                    "found and, for a failure, the fix. Exit 0 when every check passes, 1 when any fails.")
    doc.add_argument("--dir", dest="folder", default=None, metavar="DIR",
                     help="working folder to check (default: the current folder)")
    doc.add_argument("--kernel", default="python3", metavar="NAME", help="kernel to check (default: python3)")
    doc.add_argument("--case", default=None, metavar="PATH",
                     help="case file to check (default: the bundled interview, or $ENTENTE_LAB_CASE)")
    doc.set_defaults(func=_cmd_doctor)
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
