"""The ``entente-lab`` command: start the lab, validate case files, export a case, aggregate a class.

Exit status: 0 success; 1 a problem with the input (each printed on its own line),
or standard output could not be written (a full disk: one line on standard error);
2 a usage error; 141 (128 + SIGPIPE, as a shell reports a command stopped by a
closed pipe) when the reader of standard output went away, as in
``entente-lab export --format csv | head``: nothing more is printed, no traceback;
130 on Ctrl+C.

Every line the command prints is one line of printable text of bounded length
(see :func:`entente_lab.safe_output.printable`): a file name or a value carrying
terminal escape sequences or a megabyte of text cannot drive or flood the terminal.
Exported data written to standard output is the exception: it is the data itself.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .._version import __version__
from ..safe_output import MAX_LINE, printable

__all__ = ["CLOSED_PIPE", "SafeArgumentParser", "add_case_option", "case_document_command", "case_or_report", "main", "output_path_problem",
           "run_guarded", "say", "usage_error", "write_data", "write_or_report"]

#: Exit status when the reader of standard output went away (128 + SIGPIPE).
CLOSED_PIPE = 141
#: The longest line printed of the command's own reports (doctor's fixes are whole commands).
_LONG_LINE = 5 * MAX_LINE


class SafeArgumentParser(argparse.ArgumentParser):
    """argparse, with its messages made safe and a failure to print them not swallowed.

    A usage error quotes the arguments (``unrecognized arguments: ...``), so each
    line goes through :func:`~entente_lab.safe_output.printable`. And argparse
    ignores an ``OSError`` while printing, so ``--help`` into a closed pipe or onto
    a full disk would exit 0 with nothing said; here it reaches
    :func:`run_guarded` like any other failure to write the output.
    """

    def _print_message(self, message: str, file=None) -> None:
        if message:
            ends_line = message.endswith("\n")
            lines = [printable(line, _LONG_LINE) for line in (message[:-1] if ends_line else message).split("\n")]
            try:
                (file or sys.stderr).write("\n".join(lines) + ("\n" if ends_line else ""))
            except OSError as error:
                raise _StreamLost(error) from error


class _StreamLost(Exception):
    """Standard output (or error) could not be written; ``error`` is the ``OSError``."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


def add_case_option(parser: argparse.ArgumentParser, what: str = "") -> None:
    """Give ``parser`` the ``--case PATH`` option every command shares; ``what`` says what the case is for.

    >>> parser = argparse.ArgumentParser()
    >>> add_case_option(parser, "the class weighs")
    >>> parser.parse_args(["--case", "mine.yaml"]).case, parser.parse_args([]).case
    ('mine.yaml', None)
    """
    parser.add_argument("--case", default=None, metavar="PATH",
                        help=f"case file{' ' + what if what else ''} (default: the bundled interview, or $ENTENTE_LAB_CASE)")


def say(text: object, *, err: bool = False, limit: int = MAX_LINE) -> None:
    r"""Print ``text`` as one safe line (see :func:`~entente_lab.safe_output.printable`).

    A failure to write the stream (a closed pipe, a full disk) is raised as an
    internal error that :func:`run_guarded` turns into an exit status.

    Examples
    --------
    >>> say("a\x1b[2Jb")
    a\x1b[2Jb
    """
    stream = sys.stderr if err else sys.stdout
    line = printable(text, limit) + "\n"
    try:
        try:
            stream.write(line)
        except UnicodeEncodeError:  # a terminal that cannot show every letter (ASCII, a Windows code page)
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "backslashreplace").decode(encoding))
    except OSError as error:
        raise _StreamLost(error) from error


def write_data(text: str) -> None:
    """Write exported data (UTF-8, exactly) to standard output, all of it.

    A buffered binary stream may accept only part of a large write (it does when
    a pipe's reader goes away mid-write), so the rest is written until every byte
    is out or the stream fails.
    """
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            sys.stdout.write(text)
            return
        sys.stdout.flush()
        rest = memoryview(text.encode("utf-8"))
        while rest:
            written = stream.write(rest)
            rest = rest[len(rest) if written is None else written:]
        stream.flush()
    except OSError as error:
        raise _StreamLost(error) from error


def _silence_standard_streams() -> None:
    """Point standard output and error at the null device, so the interpreter's last flush cannot fail.

    The recipe from the Python docs for ``BrokenPipeError`` (signal module notes).
    In a process whose streams are not real files (a test capturing them) there is
    nothing to do.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no null device
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                fd = stream.fileno()
            except (AttributeError, OSError, ValueError):
                continue
            if fd in (1, 2):
                os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def run_guarded(prog: str, run: Callable[[], int]) -> int:
    """Run a command's ``run()`` and return its exit status, whatever happens to standard output.

    A closed pipe (the reader went away) ends quietly with :data:`CLOSED_PIPE`; any
    other failure to write standard output or error (a full disk, ``ENOSPC``) is
    one line on standard error and exit status 1. Standard output is flushed here,
    so that a failure cannot surface later, at the interpreter's exit, as a
    traceback. A :class:`SystemExit` from ``run()`` (argparse's ``--help`` and usage
    errors) still propagates, after that flush; if the flush fails it carries the
    status above instead.

    Examples
    --------
    >>> run_guarded("demo", lambda: 3)
    3
    """
    try:
        status = run()
    except SystemExit:
        failure = _flush_stdout(prog)
        if failure is not None:
            raise SystemExit(failure) from None
        raise
    except (_StreamLost, BrokenPipeError) as lost:
        return _stream_lost(prog, lost.error if isinstance(lost, _StreamLost) else lost)
    except KeyboardInterrupt:
        return 130
    failure = _flush_stdout(prog)
    return status if failure is None else failure


def _flush_stdout(prog: str) -> int | None:
    """Flush standard output; ``None`` when that worked, else the exit status for the failure."""
    try:
        sys.stdout.flush()
    except OSError as error:
        return _stream_lost(prog, error)
    return None


def _stream_lost(prog: str, error: OSError) -> int:
    """Say why standard output failed (unless its reader simply went away); return the exit status."""
    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        _silence_standard_streams()
        return CLOSED_PIPE
    try:
        sys.stderr.write(printable(f"{prog}: cannot write the output: {error.strerror or error}; "
                                   f"free some space, or send the output somewhere else") + "\n")
        sys.stderr.flush()
    except OSError:
        pass
    _silence_standard_streams()
    return 1


def usage_error(prog: str, message: str) -> int:
    """Print ``prog: error: message`` (one safe line) on standard error; return 2, the usage-error status."""
    say(f"{prog}: error: {message}", err=True)
    return 2


def output_path_problem(option: str, value: str | None) -> str | None:
    """What is wrong with the file name given to an output option, or ``None``.

    Examples
    --------
    >>> output_path_problem("-o", "")
    'give a file name after -o'
    >>> output_path_problem("--csv", "reports/")
    "--csv 'reports/' names a folder; give the name of a file in it"
    >>> output_path_problem("-o", "report.html") is None
    True
    """
    if value is None:
        return None
    if not value:
        return f"give a file name after {option}"
    if value.endswith(("/", os.sep)):
        return f"{option} {value!r} names a folder; give the name of a file in it"
    return None


def case_or_report(path: str | None):
    """Load a case for a command; on a bad file print its problems (one per line, to
    standard error) and return ``None``, so the command can exit 1 without a traceback."""
    from ..case.loading import load_case
    from ..errors import CaseError

    try:
        return load_case(path)
    except CaseError as error:
        for problem in error.problems:
            say(problem, err=True)
        return None


def case_document_command(prog: str, render: Callable[[Any], str], argv: Sequence[str] | None, *,
                          description: str) -> int:
    """``python -m PROG [-o FILE] [--case PATH] [-q]``: write ``render(case)`` for a case; returns the exit status.

    The handout and the answer key are written this way: to standard output, or
    atomically to ``FILE``; a bad case file is reported line by line (status 1), an
    unknown option is a usage error (status 2), never a document for another case.

    >>> import io, contextlib
    >>> with contextlib.redirect_stderr(io.StringIO()) as err:
    ...     case_document_command("demo", lambda case: case.id, ["--cse", "x.yaml"], description="A demo.")
    Traceback (most recent call last):
    SystemExit: 2
    """
    from ..atomic import write_atomic

    parser = SafeArgumentParser(prog=f"python -m {prog}", description=description)
    parser.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="write to FILE (replacing it if it is a regular file) instead of standard output")
    add_case_option(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    def run() -> int:
        args = parser.parse_args(argv)
        problem = output_path_problem("-o", args.output)
        if problem:
            return usage_error(prog, problem)
        case = case_or_report(args.case)
        if case is None:
            return 1
        text = render(case)
        if args.output is None:
            write_data(text)
            return 0
        path = write_or_report(prog, args.output, lambda: write_atomic(args.output, text, overwrite=True))
        if path is None:
            return 1
        if not args.quiet:
            say(f"{prog}: wrote {path}", err=True)
        return 0

    return run_guarded(prog, run)


def write_or_report(command: str, target: str, write):
    """Run ``write()`` (which writes ``target`` and returns its path); on failure print
    one line naming the file, the reason and the fix, and return ``None``.

    ``write`` goes through :func:`entente_lab.atomic.write_atomic`, whose errors
    already name the file (or folder) and the fix.

    Examples
    --------
    >>> def refused():
    ...     raise FileExistsError("taken")
    >>> write_or_report("entente-lab export", "map.csv", refused) is None
    True
    """
    from ..atomic import NotARegularFileError

    try:
        return write()
    except NotARegularFileError as error:
        say(f"{command}: {error}", err=True)
    except FileExistsError:
        say(f"{command}: {target} already exists; use --force to overwrite it, or choose another file", err=True)
    except OSError as error:
        say(f"{command}: {error}", err=True)
    return None


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..case.validate import validate_file

    errors = 0
    for path in args.paths:
        _, problems = validate_file(path)
        for problem in problems:
            say(problem)
        found = sum(not problem.warning for problem in problems)
        errors += found
        if not found and not args.quiet:
            warned = len(problems)
            say(f"{path}: valid" + (f" ({warned} warning{'s' if warned != 1 else ''})" if warned else ""), err=True)
    return 1 if errors else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ..export import export_text, write_export

    prog = "entente-lab export"
    if args.graph is not None and args.format != "graphml" and args.graph != "argument":
        return usage_error(prog, f"--graph {args.graph} needs --format graphml "
                                 f"(the {args.format} export holds the argument map only)")
    if args.force and args.output is None:
        return usage_error(prog, "--force needs -o FILE (without -o the export goes to standard output)")
    problem = output_path_problem("-o", args.output)
    if problem:
        return usage_error(prog, problem)
    graph = args.graph or "argument"
    case = case_or_report(args.case)
    if case is None:
        return 1
    if args.output is None:
        write_data(export_text(case, args.format, graph=graph))
        return 0
    path = write_or_report(prog, args.output,
                           lambda: write_export(args.output, case, args.format, graph=graph, overwrite=args.force))
    if path is None:
        return 1
    if not args.quiet:
        say(f"{prog}: wrote {path}", err=True)
    return 0


def _same_file(first: str, second: str) -> bool:
    """Whether two output names are one file: the same resolved path, or the same inode when both exist."""
    try:
        if os.path.realpath(first) == os.path.realpath(second):
            return True
        return os.path.exists(first) and os.path.exists(second) and os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from ..atomic import check_target
    from ..classroom.aggregate import aggregate
    from ..classroom.submissions import REASONS
    from ..report import skipped_labels

    prog = "entente-lab aggregate"
    for option, value in (("-o", args.output), ("--csv", args.csv)):
        problem = output_path_problem(option, value)
        if problem:
            return usage_error(prog, problem)
    if args.output is not None and args.csv is not None and _same_file(args.output, args.csv):
        return usage_error(prog, f"-o and --csv both name {args.output}; give the report and the CSV "
                                 f"different file names")
    outputs = [path for path in (args.output, args.csv) if path is not None]
    # Refuse an output that cannot be written before reading the class, not after.
    if any(write_or_report(prog, path, lambda path=path: check_target(path, overwrite=args.force)) is None
           for path in outputs):
        return 1
    case = case_or_report(args.case)
    if case is None:
        return 1
    report = aggregate(args.paths, case=case, accept_other_versions=args.accept_other_versions)
    for label, skipped in zip(skipped_labels(report, hide_names=args.hide_names), report.skipped, strict=True):
        say(f"{label}: {REASONS[skipped.reason]}: {skipped.message}")
    status = 0 if report.n_read else 1
    if report.n_students:
        counts = ", ".join(f"{case.region_label(code)} {count}" for code, count in report.region_counts.items())
        say(f"Regions: {counts}.", limit=_LONG_LINE)
        spreads = report.spreads
        if report.spread_note:
            say(report.spread_note, limit=_LONG_LINE)
        else:
            say("Most contested: " + "; ".join(f"{spreads[f].label} (IQR {spreads[f].iqr:.2f})" for f in report.contested),
                limit=_LONG_LINE)
            say("Consensus: " + "; ".join(f"{spreads[f].label} (IQR {spreads[f].iqr:.2f})" for f in report.consensus),
                limit=_LONG_LINE)
    for name, count in report.duplicate_names.items():
        shown = "a student" if args.hide_names else repr(name)
        say(f"{count} submissions under the name {shown}: the newest counts.")
    from ..report import student_labels

    for line in report.notices(student_labels(report, hide_names=args.hide_names)):
        say(line)
    if args.output is not None or args.csv is not None:
        from ..report import write_report

        for path, kind in ((args.output, "html"), (args.csv, "csv")):
            if path is None:
                continue
            written = write_or_report(
                prog, path,
                lambda path=path, kind=kind: write_report(report, path, hide_names=args.hide_names,
                                                          overwrite=args.force, kind=kind))
            if written is None:
                status = 1
            else:
                say(f"Wrote the {'report' if kind == 'html' else 'CSV of all weights'} to {written}.")
    say(report.summary(), limit=_LONG_LINE)
    return status


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import doctor

    report = doctor(args.folder, kernel=args.kernel, case=args.case)
    text = str(report)
    if (sys.stdout.encoding or "utf-8").lower().replace("-", "") not in ("utf8", "utf16", "utf32"):
        text = text.replace("\u2014", "-")
    for line in text.splitlines():
        say(line, limit=_LONG_LINE)
    return 0 if report.ok else 1


def _cmd_demo(args: argparse.Namespace) -> int:
    from ..classroom.demo import demo_class

    prog = "entente-lab demo"
    if args.n < 1:
        return usage_error(prog, f"-n is {args.n}; a demonstration class needs at least one student")
    if not args.folder:
        return usage_error(prog, "give the name of a folder to save the demonstration class in")
    case = case_or_report(args.case)
    if case is None:
        return 1
    paths = write_or_report(prog, args.folder, lambda: demo_class(case, args.folder, n=args.n, seed=args.seed))
    if paths is None:
        return 1
    say(f"Wrote {len(paths)} demonstration submissions (pseudonyms, random weightings around the presets) to "
        f"{args.folder}. Try: entente-lab aggregate {args.folder} -o report.html", limit=_LONG_LINE)
    return 0


def _cmd_class(args: argparse.Namespace) -> int:
    prog = "entente-lab class"
    return usage_error(prog, "give a command: create (a new class folder) or status (who has handed in)")


def _cmd_class_create(args: argparse.Namespace) -> int:
    from ..classroom.class_folder import CLASS_FOLDER_VARIABLE, ClassFolderError, create_class

    prog = "entente-lab class create"
    if not args.path:
        return usage_error(prog, "give the path of the new class folder, on the volume every student's server sees")
    if args.title is not None and not args.title.strip():
        return usage_error(prog, "the title is empty; give the class a title, or leave out --title")
    case = case_or_report(args.case)
    if case is None:
        return 1
    try:
        folder = create_class(args.path, case=case, title=args.title)
    except ClassFolderError as error:
        say(f"{prog}: {error}", err=True)
        return 1
    say(f"Created the class folder {folder.path} for case {folder.case_id!r} ({folder.title}).", limit=_LONG_LINE)
    say(f"Students hand in from notebook 07 when {CLASS_FOLDER_VARIABLE}={folder.path} is set in their environment; "
        f"see who has handed in with: entente-lab class status {folder.path}", limit=_LONG_LINE)
    for line in folder.permission_problems():
        say(f"warning: {line}", limit=_LONG_LINE)
    return 0


def _cmd_class_status(args: argparse.Namespace) -> int:
    from ..classroom.class_folder import ClassFolderError, ClassInbox, skips_in_brief
    from ..classroom.submissions import REASONS

    prog = "entente-lab class status"
    case = case_or_report(args.case)
    if case is None:
        return 1
    try:
        inbox = ClassInbox(args.path, case=case)
    except ClassFolderError as error:
        say(f"{prog}: {error}", err=True)
        return 1
    state = inbox.refresh()
    from ..report import skipped_labels

    shown, rest = skips_in_brief(state.skipped, hide_names=args.hide_names)
    labels = skipped_labels(state.report, hide_names=args.hide_names)
    for label, skipped in zip(labels[:shown], state.skipped[:shown], strict=True):
        owner = f" (put there by {skipped.user})" if skipped.user and not args.hide_names else ""
        say(f"{label}: {REASONS[skipped.reason]}{owner}: {skipped.message}", limit=_LONG_LINE)
    if rest:
        say(rest, limit=_LONG_LINE)
    if state.users and not args.hide_names:
        say("Handed in: " + ", ".join(sorted(state.users)), limit=_LONG_LINE)
    for line in ([] if args.hide_names else state.notices()) + inbox.folder.permission_problems():
        say(line, limit=_LONG_LINE)
    say(state.summary(), limit=_LONG_LINE)
    return 1 if state.problem else 0


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
    parser = SafeArgumentParser(
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
                    "(one line each: PATH:LINE:COL: message), 2 on a usage error. Warnings (PATH:LINE:COL: "
                    "warning: message) say what will not show well, such as a label too long for a figure; "
                    "they do not make a file invalid.")
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
    add_case_option(export)
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
    add_case_option(agg, "the class worked on")
    agg.add_argument("--force", action="store_true", help="overwrite REPORT or FILE if it exists")
    agg.add_argument("--accept-other-versions", action="store_true",
                     help="also count submissions saved against a version of the case file that scores differently, "
                          "rescored with this one (each is listed with a note); without it they are listed and not "
                          "counted. A version that scores the same (only labels, quotes, default weights... changed) "
                          "always counts")
    agg.set_defaults(func=_cmd_aggregate)

    demo = commands.add_parser(
        "demo", help="save a demonstration class of submission files, to try aggregate and the class dashboard",
        description="Save N demonstration submissions (pseudonyms, 'Demo student 01'...; weightings drawn at random "
                    "around the case's presets, seeded, so the same every time) into FOLDER, created if missing. "
                    "A save never overwrites a file. Exit 0 on success, 1 when the folder cannot be written or "
                    "the case file is bad, 2 on a usage error.")
    demo.add_argument("folder", metavar="FOLDER", help="where to save the files (for example demo-class)")
    demo.add_argument("-n", type=int, default=24, metavar="N", help="how many students (default: 24)")
    demo.add_argument("--seed", type=int, default=0, help="the random seed (default: 0)")
    add_case_option(demo)
    demo.set_defaults(func=_cmd_demo)

    klass = commands.add_parser(
        "class", help="a class folder on a hub's shared volume: students hand in, the instructor's view reads",
        description="A class folder on a JupyterHub's shared volume (laid out like nbgrader's exchange directory). "
                    "Students hand in to it from notebook 07; the class dashboard reads it as files arrive.")
    klass.set_defaults(func=_cmd_class)
    class_commands = klass.add_subparsers(dest="class_command", metavar="COMMAND")
    create = class_commands.add_parser(
        "create", help="create a class folder (run it as the instructor)",
        description="Create a class folder at PATH, which must not exist or be empty, owned by you: class.json records "
                    "the title and the case (and its scoring); inbound/ takes students' hand-ins (mode 3733: everyone "
                    "may add a file, only you can list them; a student cannot read, change or remove another's). Exit "
                    "0 on success, 1 when the folder cannot be made (or is not empty) or the case file is bad, 2 on a "
                    "usage error.")
    create.add_argument("path", metavar="PATH", help="the new class folder, on the volume every student's server sees")
    create.add_argument("--title", default=None, help="the class's title (default: the case's title)")
    add_case_option(create, "the class weighs")
    create.set_defaults(func=_cmd_class_create)
    status = class_commands.add_parser(
        "status", help="who has handed in, and what was skipped (run it as the instructor)",
        description="Read the class folder at PATH once: one line per file not counted (with its reason), who "
                    "handed in, and a summary. Exit 0 when inbound/ could be read, 1 otherwise or for a bad folder "
                    "or case file, 2 on a usage error.")
    status.add_argument("path", metavar="PATH", help="the class folder")
    status.add_argument("--hide-names", action="store_true", help="show no user or file names (for projecting)")
    add_case_option(status, "the class weighs")
    status.set_defaults(func=_cmd_class_status)

    doc = commands.add_parser(
        "doctor", help="check this machine for what the lab needs, with the exact fix for each problem",
        description="Check Python, ipywidgets and the widget front end, the JupyterLab widget and anywidget extensions, "
                    "that the kernel can import entente_lab, that matplotlib draws, that the working folder "
                    "is writable and that the case loads. One line per check: 'ok' or 'FAIL', what was "
                    "found and, for a failure, the fix. Exit 0 when every check passes, 1 when any fails.")
    doc.add_argument("--dir", dest="folder", default=None, metavar="DIR",
                     help="working folder to check (default: the current folder)")
    doc.add_argument("--kernel", default="python3", metavar="NAME", help="kernel to check (default: python3)")
    add_case_option(doc, "to check")
    doc.set_defaults(func=_cmd_doctor)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module's docstring).

    As with any argparse program, ``--help``, ``--version`` and the usage errors
    argparse finds raise :class:`SystemExit` (status 0 or 2).

    Examples
    --------
    >>> main(["export", "--format", "csv", "-o", ""])
    2
    """

    def run() -> int:
        args = build_parser().parse_args(argv)
        return getattr(args, "func", _cmd_lab)(args)

    return run_guarded("entente-lab", run)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
