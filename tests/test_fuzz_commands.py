"""Property-based tests of the commands: any arguments, any kind of path, never a traceback.

``entente_lab.app.cli.main`` (and the handout's ``main``) run in-process with generated
arguments: output paths that are FIFOs, symbolic links (to a file, to the null
device, dangling, looping), folders, missing, very long, a file standing where a
folder should be, names with control characters, terminal escape sequences,
direction overrides and undecodable bytes, empty strings, ``-o`` and ``--csv`` on
one file. Each run must

- end with an exit status (returned, or argparse's ``SystemExit``) of 0, 1 or 2;
- print only lines that are printable text (no escape character, no carriage
  return) and of bounded length;
- leave every path that is not a regular file exactly as it was, even with
  ``--force``, and leave no temporary file behind.

Every path is made inside a fresh temporary folder: nothing generated can name a
file of the machine. The "ci" profile (default, derandomized) runs a fixed set of
examples in about half a minute; ``ENTENTE_LAB_HYPOTHESIS=fuzz-long`` hunts for as
long as it is let run.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from entente_lab import load_case, save_weighting
from entente_lab.app.cli import main
from entente_lab.app.handout import main as handout_main

from .special_files import POINTEE_TEXT, SPECIAL_KINDS, make_special

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symbolic links are POSIX")

LONG_PROFILE = os.environ.get("ENTENTE_LAB_HYPOTHESIS") == "fuzz-long"


def _budget(examples: int):
    """A fixed number of examples in CI; the loaded profile's (unbounded) in a long hunt."""
    return settings() if LONG_PROFILE else settings(max_examples=examples)


#: The longest line any command may print (its own reports, such as doctor's fixes; messages quoting
#: input are elided shorter, see entente_lab.safe_output.MAX_LINE).
LINE_LIMIT = 2000

# ---------------------------------------------------------------- names and paths

_HOSTILE = ["\x1b[2J", "\x1b]0;title\x07", "\x1b[31m", "\r", "\n", "\t", "\x7f", "\u202e", "\u200b", "\ufeff",
            "\udc80", "\udcff", "\x9b", "é", "名", " ", "-", "=", ".", ".."]

#: One path component: ordinary letters, hostile characters, or very long (over the 255-byte limit).
components = st.one_of(
    st.lists(st.sampled_from(["a", "b", "x", "1", "_", *_HOSTILE]), min_size=1, max_size=12).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=20),
    st.integers(256, 600).map(lambda n: "n" * n),
).filter(lambda name: name not in (".", ".."))

#: What a generated output path is, relative to the example's temporary folder.
KINDS = ["missing", "regular", *SPECIAL_KINDS, "under a file", "trailing slash", "empty", "very long path"]


def _make(base: Path, kind: str, name: str) -> str:
    """Make a path of ``kind`` named ``name`` inside ``base``; return it as the command line would get it."""
    path = base / name
    if kind == "empty":
        return ""
    if kind == "trailing slash":
        return str(path) + "/"
    if kind == "very long path":
        return str(base / "/".join(["d" * 200] * 25) / name)
    if kind == "under a file":
        blocker = base / "blocker"
        if not blocker.exists():
            blocker.write_text("x", encoding="utf-8")
        return str(blocker / name)
    try:
        if kind == "regular":
            path.write_text("old", encoding="utf-8")
        elif kind != "missing":
            make_special(path, kind)
    except FileExistsError:
        pass  # two outputs drew the same name: the second sees what the first made
    except OSError:
        pass  # a name the file system refuses (too long): the command must say so
    return str(path)


def _snapshot(base: Path) -> dict[str, tuple[int, int, str | None]]:
    """Every entry under ``base`` that is not a regular file: its mode, inode and link target."""
    found = {}
    for folder, dirnames, filenames in os.walk(base):
        for name in dirnames + filenames:
            full = os.path.join(folder, name)
            info = os.lstat(full)
            if not stat.S_ISREG(info.st_mode):
                found[full] = (stat.S_IFMT(info.st_mode), info.st_ino,
                               os.readlink(full) if stat.S_ISLNK(info.st_mode) else None)
    return found


def _run(command, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = command(argv)
        except SystemExit as stop:  # argparse: --help and its usage errors
            status = stop.code
    if status == 130:  # the command caught a Ctrl+C: pass it on, so a long hunt stops when asked
        raise KeyboardInterrupt
    event(f"{argv[0] if argv and argv[0] in ('export', 'aggregate', 'validate') else 'handout'}: exit {status}")
    return status, out.getvalue(), err.getvalue()


def _assert_safe_lines(text: str) -> None:
    for line in text.split("\n"):
        assert line.isprintable(), repr(line[:200])
        assert len(line) <= LINE_LIMIT, len(line)


def _assert_clean(base: Path, before: dict, status: object) -> None:
    assert isinstance(status, int) and status in (0, 1, 2), status
    assert _snapshot(base) == before, "a path that is not a regular file was changed"
    assert not [name for _, _, names in os.walk(base) for name in names if name.endswith(".tmp")]
    pointee = base / "pointee.txt"
    if pointee.exists():
        assert pointee.read_text(encoding="utf-8") == POINTEE_TEXT
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A class folder of hostile files (no good submission: the report is drawn without figures, fast)."""
    root = tmp_path_factory.mktemp("fuzz-commands")
    folder = root / "class"
    folder.mkdir()
    for name in ("\x1b[2Jwiped.json", "Ana \u202eLima.json", "empty.json", "x" * 200 + ".json"):
        (folder / name).write_text("{" if "wiped" in name else "", encoding="utf-8")
    (folder / "loop").symlink_to(folder)
    other = root / "other-class"
    save_weighting(load_case(), {}, name="Ben Okafor", folder=other)
    return root


output = st.tuples(st.sampled_from(KINDS), components)
flags = st.lists(st.sampled_from(["--force", "--hide-names", "-q"]), unique=True, max_size=3)


# ---------------------------------------------------------------- export and the handout

@_budget(45)
@given(target=st.one_of(st.none(), output, output, output),
       fmt=st.sampled_from(["csv", "aif", "argdown", "graphml", "csv", "graphml", "json", ""]),
       force=st.booleans(), actors=st.sampled_from([False, False, False, True]),
       extra=st.one_of(st.just([]), st.just([]), st.just([]), st.lists(components, min_size=1, max_size=1)))
def test_export_with_any_output_path_ends_with_a_status_and_safe_lines(workspace, target, fmt, force, actors, extra):
    with tempfile.TemporaryDirectory(dir=workspace) as folder:
        base = Path(folder)
        argv = ["export", "--format", fmt]
        if target is not None:
            argv += ["-o", _make(base, *target)]
        argv += ["--force"] if force else []
        argv += ["--graph", "actors"] if actors else []
        argv += extra
        before = _snapshot(base)
        status, out, err = _run(main, argv)
        _assert_clean(base, before, status)
        _assert_safe_lines(err)
        if target is not None or status != 0:
            _assert_safe_lines(out)  # without -o, standard output is the export itself


@_budget(25)
@given(target=st.one_of(st.none(), output, output, output), quiet=st.booleans())
def test_the_handout_with_any_output_path_ends_with_a_status_and_safe_lines(workspace, target, quiet):
    with tempfile.TemporaryDirectory(dir=workspace) as folder:
        base = Path(folder)
        argv = ["-o", _make(base, *target)] if target is not None else []
        argv += ["-q"] if quiet else []
        before = _snapshot(base)
        status, out, err = _run(handout_main, argv)
        _assert_clean(base, before, status)
        _assert_safe_lines(err)
        if target is not None:
            _assert_safe_lines(out)


# ---------------------------------------------------------------- aggregate

inputs = st.lists(st.sampled_from(["class", "class/loop", "missing", "hostile", "other-class", "empty", "fifo"]),
                  min_size=1, max_size=3)


@_budget(70)
@given(sources=inputs, report=st.one_of(st.none(), output), table=st.one_of(st.none(), output),
       same=st.sampled_from([False, False, False, True]), options=flags, hostile=components)
def test_aggregate_with_any_paths_ends_with_a_status_and_safe_lines(workspace, sources, report, table, same, options,
                                                                     hostile):
    with tempfile.TemporaryDirectory(dir=workspace) as folder:
        base = Path(folder)
        paths = []
        for source in sources:
            if source == "hostile":
                path = base / hostile
                try:
                    path.write_text("{", encoding="utf-8")
                except OSError:
                    pass  # a name too long to create: reported as not found
                paths.append(str(path))
            elif source == "fifo":
                if not (base / "pipe.json").exists():
                    os.mkfifo(base / "pipe.json")
                paths.append(str(base / "pipe.json"))
            elif source == "empty":
                paths.append("")
            else:
                paths.append(str(workspace / source))
        argv = ["aggregate", *paths]
        report_path = _make(base, *report) if report is not None else None
        if report_path is not None:
            argv += ["-o", report_path]
        if table is not None or (same and report_path is not None):
            argv += ["--csv", report_path if same and report_path is not None else _make(base, *table)]
        argv += options
        before = _snapshot(base)
        status, out, err = _run(main, argv)
        _assert_clean(base, before, status)
        _assert_safe_lines(out)
        _assert_safe_lines(err)
        if "--hide-names" in options:
            assert "Ana" not in out and "wiped" not in out and "Ben" not in out
        if same and report_path and "--force" in options:
            assert status in (1, 2)  # never both written onto one file


# ---------------------------------------------------------------- validate

#: Paths validate is given: every kind, as for the writers.
VALIDATE_KINDS = ["missing", "regular", *SPECIAL_KINDS, "under a file", "trailing slash", "empty", "very long path"]


@_budget(30)
@given(names=st.lists(st.tuples(st.sampled_from(VALIDATE_KINDS), components), min_size=1, max_size=3),
       body=st.sampled_from(["id: [\n", "", "\x00", "- {}\n" * 50, "id: " + "Bad Id " * 2000 + "\n", "a: \x1b[2J\n"]),
       quiet=st.booleans())
def test_validate_with_any_paths_ends_with_a_status_and_safe_lines(workspace, names, body, quiet):
    with tempfile.TemporaryDirectory(dir=workspace) as folder:
        base = Path(folder)
        paths = []
        for kind, name in names:
            path = _make(base, kind, name)
            if kind == "regular" and os.path.isfile(path):
                Path(path).write_text(body, encoding="utf-8")
            paths.append(path)
        before = _snapshot(base)
        status, out, err = _run(main, ["validate", *paths, *(["-q"] if quiet else [])])
        assert status in (1, 2) or (status == 0 and not out)
        _assert_clean(base, before, status)
        _assert_safe_lines(out)
        _assert_safe_lines(err)
