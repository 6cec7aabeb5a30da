"""The commands as a user meets them: what they print, what they refuse, what a closed or full stdout does.

Every line a command prints must be one line of printable text of bounded length,
whatever the file names and values; every writer (``export -o``, ``aggregate -o``
and ``--csv``, the handout's ``-o``) refuses a target that is not a regular file,
even with ``--force``; standard output that closes early or fills up ends the
command with an exit status and at most one line, never a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys

import pytest

from entente_lab import load_case, save_weighting
from entente_lab.app.cli import main
from entente_lab.app.handout import main as handout_main

from .special_files import assert_unchanged, make_special

#: The longest line a message quoting input may be (entente_lab.safe_output.MAX_LINE), and any line at all.
MAX_LINE = 400
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, device nodes and /dev/full are POSIX")


def _status(argv, command=main):
    """The exit status of an in-process run, whether returned or raised by argparse."""
    try:
        return command(argv)
    except SystemExit as stop:
        return stop.code


def _lines_are_safe(text: str, limit: int = 5 * MAX_LINE) -> None:
    for line in text.splitlines():
        assert "\x1b" not in line and "\r" not in line, line
        assert line.isprintable(), repr(line)
        assert len(line) <= limit, len(line)


@pytest.fixture
def class_folder(tmp_path):
    folder = tmp_path / "class"
    case = load_case()
    save_weighting(case, {"protracted-war": 0.9}, name="Ana Lima", folder=folder)
    save_weighting(case, {}, name="Ben Okafor", folder=folder)
    return folder


# ---------------------------------------------------------------- non-regular targets, with --force

TARGET_KINDS = ["fifo", "folder", "symlink to a file", "symlink to the null device", "device node"]


@POSIX
@pytest.mark.parametrize("kind", TARGET_KINDS)
@pytest.mark.parametrize("command", ["export", "aggregate -o", "aggregate --csv", "handout"])
def test_force_never_replaces_what_is_not_a_regular_file(tmp_path, class_folder, capsys, kind, command):
    target = tmp_path / ("out-" + re.sub(r"[^a-z]+", "-", kind))
    if not make_special(target, kind):
        pytest.skip("creating a device node needs root")
    if command == "export":
        status = _status(["export", "--format", "csv", "-o", str(target), "--force"])
    elif command == "aggregate -o":
        status = _status(["aggregate", str(class_folder), "-o", str(target), "--force"])
    elif command == "aggregate --csv":
        status = _status(["aggregate", str(class_folder), "--csv", str(target), "--force"])
    else:
        status = _status(["-o", str(target)], handout_main)
    err = capsys.readouterr().err
    assert status == 1
    assert_unchanged(target, kind)
    [line] = [line for line in err.splitlines() if str(target) in line]
    assert "not a regular file" in line and "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- closed pipe and full device on stdout

def _command(argv: list[str]) -> list[str]:
    if argv[0] == "handout":
        return [sys.executable, "-m", "entente_lab.app.handout", *argv[1:]]
    return [sys.executable, "-m", "entente_lab.app.cli", *argv]


@pytest.fixture
def printing_commands(tmp_path, class_folder):
    """For each command that prints: arguments that make it print to standard output."""
    bad_case = tmp_path / "bad.yaml"
    bad_case.write_text("id: [\n", encoding="utf-8")
    return {
        "validate": ["validate", str(bad_case)],
        "export": ["export", "--format", "csv"],
        "aggregate": ["aggregate", str(class_folder)],
        "doctor": ["doctor", "--dir", str(tmp_path)],
        "help": ["--help"],
        "export help": ["export", "--help"],
        "handout": ["handout"],
    }


PRINTING = ["validate", "export", "aggregate", "doctor", "help", "export help", "handout"]


@POSIX
@pytest.mark.parametrize("name", PRINTING)
def test_a_reader_that_went_away_ends_the_command_quietly_with_141(printing_commands, tmp_path, name):
    """As ``entente-lab export --format csv | head -c 10`` when head has already exited."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(_command(printing_commands[name]), stdout=write_end, stderr=subprocess.PIPE,
                              cwd=tmp_path, timeout=120, check=False)
    finally:
        os.close(write_end)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
    assert done.returncode == 141, err


@POSIX
def test_a_reader_that_stops_after_ten_bytes_ends_the_export_quietly(tmp_path):
    """``entente-lab export --format aif | head -c 10``: the pipe's buffer is made smaller than the export,
    so the export is still writing when the reader goes away."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("needs Linux's F_SETPIPE_SZ")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    try:
        process = subprocess.Popen(_command(["export", "--format", "aif"]), stdout=write_end,
                                   stderr=subprocess.PIPE, cwd=tmp_path)
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        head = reader.read(10)
    err = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=120)
    process.stderr.close()
    assert head == b'{\n "nodes"'
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert process.returncode == 141, err


@POSIX
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("name", PRINTING)
def test_a_full_device_on_stdout_is_one_line_and_status_1(printing_commands, tmp_path, name):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(_command(printing_commands[name]), stdout=full, stderr=subprocess.PIPE,
                              cwd=tmp_path, timeout=120, check=False)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert done.returncode == 1, err
    last = err.strip().splitlines()[-1]
    assert "cannot write the output" in last and "No space left on device" in last, err


# ---------------------------------------------------------------- -o and --csv

def test_report_and_csv_on_the_same_file_is_a_usage_error(class_folder, tmp_path, capsys):
    out = tmp_path / "class.out"
    assert _status(["aggregate", str(class_folder), "-o", str(out), "--csv", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert "-o and --csv both name" in err and err.count("\n") == 1
    assert not out.exists()


@POSIX
def test_report_and_csv_through_a_link_or_a_dotted_path_are_the_same_file(class_folder, tmp_path, capsys):
    out = tmp_path / "class.out"
    out.write_text("old", encoding="utf-8")
    (tmp_path / "alias").symlink_to(out)
    (tmp_path / "hard").hardlink_to(out)
    for other in (tmp_path / "alias", tmp_path / "hard", tmp_path / "." / "class.out"):
        assert _status(["aggregate", str(class_folder), "-o", str(out), "--csv", str(other), "--force"]) == 2
    assert out.read_text(encoding="utf-8") == "old"
    capsys.readouterr()


@pytest.mark.parametrize("argv", [
    ["export", "--format", "csv", "-o", ""],
    ["aggregate", "CLASS", "-o", ""],
    ["aggregate", "CLASS", "--csv", ""],
])
def test_an_empty_file_name_is_a_usage_error_saying_what_to_give(class_folder, capsys, argv):
    argv = [str(class_folder) if a == "CLASS" else a for a in argv]
    assert _status(argv) == 2
    err = capsys.readouterr().err
    assert re.search(r"error: give a file name after (-o|--csv)$", err.strip()), err


def test_the_handout_with_an_empty_file_name_is_a_usage_error(capsys):
    assert _status(["-o", ""], handout_main) == 2
    assert "give a file name after -o" in capsys.readouterr().err


def test_a_file_where_a_folder_should_be_is_named_as_such(tmp_path, class_folder, capsys):
    blocker = tmp_path / "somefile"
    blocker.write_text("x", encoding="utf-8")
    assert _status(["export", "--format", "csv", "-o", str(blocker / "map.csv")]) == 1
    assert _status(["aggregate", str(class_folder), "-o", str(blocker / "report.html")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    for line in err:
        assert f"{blocker} is a file, not a folder" in line and "Errno" not in line


def test_a_read_only_folder_is_named_without_the_temporary_file(tmp_path, class_folder, capsys, monkeypatch):
    """The folder refuses the temporary file (simulated: as root, permission bits do not stop a write)."""
    from entente_lab import atomic

    real_open = os.open

    def refuse(path, flags, *args):
        if os.fspath(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", refuse)
    out = tmp_path / "report.html"
    assert _status(["aggregate", str(class_folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert ".tmp" not in err and "Errno" not in err
    assert f"permission denied in {tmp_path}" in err and "choose a folder you can write to" in err


# ---------------------------------------------------------------- what the terminal sees

ESCAPE_NAME = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\u202egpj.json"


@POSIX
def test_aggregate_prints_a_file_name_with_escape_sequences_safely(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / ESCAPE_NAME).write_text("{oops", encoding="utf-8")
    save_weighting(load_case(), {}, name="Ana", folder=folder)
    assert main(["aggregate", str(folder)]) == 0
    captured = capsys.readouterr()
    _lines_are_safe(captured.out + captured.err, MAX_LINE)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\u202egpj.json: invalid JSON" in captured.out


@POSIX
def test_validate_prints_a_file_name_with_escape_sequences_safely(tmp_path, capsys):
    path = tmp_path / ESCAPE_NAME.replace(".json", ".yaml")
    path.write_text("id: [\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip()
    _lines_are_safe(captured.out + captured.err, MAX_LINE)
    assert "\\x1b]0;pwned\\x07" in captured.out


def test_validate_lines_with_a_huge_value_are_elided(tmp_path, mutated_case, capsys):
    path, _ = mutated_case("\nid: paradox-russia-china-2022", "\nid: " + "Bad Id " * 600_000)
    main(["validate", str(path)])
    captured = capsys.readouterr()
    assert captured.out.strip()
    _lines_are_safe(captured.out + captured.err, MAX_LINE)


def test_hide_names_never_prints_a_file_name_and_numbers_skipped_files_as_the_report(tmp_path, capsys):
    folder = tmp_path / "class"
    case = load_case()
    save_weighting(case, {}, name="Ana Lima", folder=folder)
    (folder / "Chen Wei.json").write_text("{", encoding="utf-8")
    (folder / "Dara Quinn.json").write_text("", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["aggregate", str(folder), "--hide-names", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("Ana Lima", "Chen Wei", "Dara Quinn", "Ana", "Chen", "Dara"):
        assert name not in printed
    assert "file 1: invalid JSON" in printed and "file 2: empty file" in printed
    page = out.read_text(encoding="utf-8")
    assert "<td>file 1</td><td>invalid JSON</td>" in page and "<td>file 2</td><td>empty file</td>" in page


# ---------------------------------------------------------------- every CSV we write

def test_the_class_csv_neutralises_a_formula_name(tmp_path, capsys):
    folder = tmp_path / "class"
    save_weighting(load_case(), {}, name='=HYPERLINK("http://x.example","y")', folder=folder)
    table = tmp_path / "class.csv"
    assert main(["aggregate", str(folder), "--csv", str(table)]) == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert rows[0]["student"] == '\'=HYPERLINK("http://x.example","y")'
    capsys.readouterr()


def test_argparse_usage_errors_quote_arguments_safely(capsys):
    assert _status(["export", "--format", "csv", "extra\x1b[2J\u202e"]) == 2
    err = capsys.readouterr().err
    _lines_are_safe(err, MAX_LINE)
    assert "unrecognized arguments: extra\\x1b[2J\\u202e" in err


@POSIX
def test_the_lab_command_prints_its_folder_safely(tmp_path, capsys):
    folder = tmp_path / "work\x1b[2J\x1b]0;x\x07"
    assert main(["lab", "--dir", str(folder), "--prepare-only"]) == 0
    captured = capsys.readouterr()
    _lines_are_safe(captured.out + captured.err)
    assert "work\\x1b[2J\\x1b]0;x\\x07" in captured.out and "work\\x1b[2J" in captured.err


def test_a_terminal_that_cannot_show_a_letter_gets_an_escape_not_a_traceback(tmp_path):
    folder = tmp_path / "class"
    save_weighting(load_case(), {}, name="José", folder=folder)
    (folder / "Zoë.json").write_text("{", encoding="utf-8")
    done = subprocess.run(_command(["aggregate", str(folder)]), capture_output=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"}, check=False)
    out, err = done.stdout.decode("ascii"), done.stderr.decode("ascii", "replace")
    assert done.returncode == 0 and "Traceback" not in err, err
    assert "Zo\\xeb.json: invalid JSON" in out


def test_demo_saves_a_demonstration_class_that_aggregate_reads(tmp_path, capsys):
    from entente_lab.classroom.aggregate import aggregate

    folder = tmp_path / "demo-class"
    assert main(["demo", str(folder), "-n", "5", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote 5 demonstration submissions") and f"entente-lab aggregate {folder}" in out
    report = aggregate(folder)
    assert report.n_students == 5 and report.skipped == () and report.prediction_hits[1] == 5


def test_demo_refuses_bad_arguments_in_one_line(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "d"), "-n", "0"]) == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["demo", str(tmp_path / "file" / "inside")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "at least one student" in err[0] and "file" in err[1] and "Traceback" not in err[1]


def test_the_readme_gives_the_demo_command_and_it_parses():
    from entente_lab.app.cli import build_parser

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("entente-lab demo "))
    assert build_parser().parse_args(line.split()[1:]).func.__name__ == "_cmd_demo"
