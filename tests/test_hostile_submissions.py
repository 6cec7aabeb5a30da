"""Hostile submissions: every file is read in bounded time, refused with a reason or counted, and every output stays well-formed.

Each test here is one item of the class-report list of issue 10 (or of the
features it asked for): it failed on the code before the fix.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

import entente_lab
from entente_lab import atomic, load_case, load_weighting, save_weighting
from entente_lab.analysis.model import REGIONS, scoring_fingerprint
from entente_lab.app.cli import main
from entente_lab.classroom import submissions
from entente_lab.classroom.aggregate import aggregate
from entente_lab.classroom.submission_file import parse_saved_at
from entente_lab.classroom.submissions import SubmissionError
from entente_lab.report import report_html, write_report

from .guards import as_unprivileged, needs_fork, within
from .html_checks import well_formed
from .test_aggregate import _dump, _good_payload


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _written_outputs_are_well_formed(report, folder: Path) -> None:
    """Both writers finish, and what they write is UTF-8 that its real reader parses."""
    html_path = write_report(report, folder / "report.html")
    csv_path = write_report(report, folder / "weights.csv")
    page = html_path.read_bytes().decode("utf-8")  # strict: no lone surrogate got through
    parser = HTMLParser()
    parser.feed(page)
    parser.close()
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8"), newline="")))
    assert len(rows) == 1 + report.n_read


# ---------------------------------------------------------------- bounded time

def _unterminated(size: int) -> bytes:
    return b'{"schema": "entente-lab-submission", "name": "' + b'\\"' * (size // 2)


@pytest.mark.parametrize("size", [64_000, 400_000])
def test_an_unterminated_string_full_of_escaped_quotes_is_refused_at_once(tmp_path, size):
    path = tmp_path / "s.json"
    path.write_bytes(_unterminated(size))
    with within(10, f"reading {size:,} bytes of escaped quotes"), pytest.raises(SubmissionError) as info:
        load_weighting(path)
    assert info.value.reason == "invalid-json" and "Unterminated string" in info.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_pipe_swapped_in_after_the_check_is_refused_not_waited_on(tmp_path, monkeypatch):
    """A file replaced by a named pipe between the check and the open (a race a student's script can win)."""
    path = tmp_path / "s.json"
    os.mkfifo(path)
    regular = os.stat(tmp_path / "..")  # any stat result, made to say "a small regular file"
    looks_regular = os.stat_result((0o100644, *regular[1:6], 100, *regular[7:]))
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: looks_regular if os.fspath(p) == str(path) else real_stat(p, *a, **k))
    with within(5, "reading a pipe that looked like a file"), pytest.raises(SubmissionError) as info:
        load_weighting(path)
    assert info.value.reason == "not-a-file"


# ---------------------------------------------------------------- numbers

LONG = int("9" * 400)


@pytest.mark.parametrize("changes, reason, where", [
    ({"weights.blames-nato": LONG}, "bad-weight", "the weight of 'blames-nato'"),
    ({"options.months": LONG}, "bad-field", "options.months (the duration scenario's clock)"),
    ({"options.thresholds": [0.5, LONG]}, "bad-field", "options.thresholds[1]"),
    ({"options.evidence_trust": {"observed": 1.0, "hypothesis": LONG, "cited": 1.0}}, "bad-field",
     "options.evidence_trust.hypothesis"),
    ({"prediction": {"region": "both-high", "strength": LONG, "strain": 0.5, "reason": ""}}, "bad-field",
     "prediction.strength"),
    ({"decisive_quotes": [{"factor": "blames-nato", "quote": LONG, "text": ""}]}, "bad-field",
     "decisive_quotes[0].quote"),
    ({"assessment.strength": LONG}, "bad-field", "assessment.strength"),
])
def test_a_400_digit_number_in_any_numeric_field_is_refused_by_name(case, tmp_path, changes, reason, where):
    path = tmp_path / "s.json"
    path.write_text(_dump(_good_payload(case, **changes)), encoding="utf-8")
    for against in (case, None):
        with pytest.raises(SubmissionError) as info:
            load_weighting(path, case=against)
        assert info.value.reason == reason
        assert info.value.message == f"{where} is a number written with 400 characters (the limit is 40)"
    report = aggregate(tmp_path, case=case)  # the whole run goes on
    assert [s.reason for s in report.skipped] == [reason]


def test_a_long_number_is_never_converted(case, tmp_path):
    """The literal is refused before ``int()``: Python's own 4,300-digit limit is never reached."""
    path = tmp_path / "s.json"
    path.write_text(_dump(_good_payload(case)).replace('"months": null', '"months": ' + "7" * 5000),
                    encoding="utf-8")
    with pytest.raises(SubmissionError, match="a number written with 5,000 characters"):
        load_weighting(path, case=case)


# ---------------------------------------------------------------- times

@pytest.mark.parametrize("saved_at", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_saved_time_outside_the_years_2000_to_9999_is_refused_and_the_report_is_written(case, tmp_path, saved_at,
                                                                                           capsys):
    folder = tmp_path / "class"
    save_weighting(case, {}, name="Good", folder=folder)
    (folder / "odd.json").write_text(_dump(_good_payload(case, name="Odd", saved_at=saved_at)), encoding="utf-8")
    report = aggregate(folder, case=case)
    assert [s.name for s in report.submissions] == ["Good"]
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [("odd.json", "bad-field")]
    assert "must fall in the years 2000 to 9999 (UTC)" in report.skipped[0].message
    _written_outputs_are_well_formed(report, tmp_path)
    assert main(["aggregate", str(folder), "-o", str(tmp_path / "cli.html"), "--csv", str(tmp_path / "cli.csv")]) == 0
    assert "Traceback" not in "".join(capsys.readouterr())


def test_saved_at_is_normalised_to_utc(case, tmp_path):
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, saved_at="2024-05-01T14:00:00+02:00")),
                                     encoding="utf-8")
    assert load_weighting(tmp_path / "s.json", case=case).saved_at == "2024-05-01T12:00:00.000000Z"


def _in(delta: timedelta) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat()


def test_a_saved_time_in_the_future_is_reported_and_does_not_win_newest_counts(case, tmp_path, capsys):
    folder = tmp_path / "class"
    honest = save_weighting(case, {"blames-nato": 0.1}, name="Ana", folder=folder)
    future = folder / "ana-from-the-future.json"
    weights = {**case.default_weights(), "blames-nato": 0.9}
    future.write_text(_dump(_good_payload(case, name="Ana", weights=weights, saved_at="2999-01-01T00:00:00Z")),
                      encoding="utf-8")
    skewed = save_weighting(case, {}, name="Ben", folder=folder)  # Ben's clock runs two minutes fast: trusted
    data = json.loads(skewed.read_text(encoding="utf-8"))
    skewed.write_text(json.dumps({**data, "saved_at": _in(timedelta(minutes=2))}), encoding="utf-8")

    report = aggregate(folder, case=case)
    assert [s.path for s in report.submissions if s.name == "Ana"] == [str(honest)]
    assert [s.path for s in report.superseded] == [str(future)]
    assert [s.path for s in report.future_times] == [str(future)] and not report.superseded[0].time_trusted
    assert load_weighting(skewed, case=case).time_trusted
    assert report.summary().startswith("Read 3 submissions (1 with a saved time in the future, not trusted) "
                                       "from 2 students")
    notice = ("'Ana' saved at 2999-01-01 00:00 UTC, more than 5 minutes ahead of this computer's clock: the time "
              "is not trusted (a save with a trusted time counts before it).")
    assert report.notices() == [notice]
    assert notice in "".join(well_formed(report_html(report, figures=False)).text)  # as a reader sees it
    assert main(["aggregate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert notice in out and "not trusted" in out[-1]


def test_among_future_times_alone_the_latest_counts(case, tmp_path):
    for label, year in (("early", 2998), ("late", 2999)):
        (tmp_path / f"{label}.json").write_text(
            _dump(_good_payload(case, name="Ana", saved_at=f"{year}-01-01T00:00:00Z")), encoding="utf-8")
    report = aggregate(tmp_path, case=case)
    assert [Path(s.path).name for s in report.submissions] == ["late.json"]


# ---------------------------------------------------------------- lone surrogates

def _with_surrogate(case, field: str) -> dict:
    if field == "prediction.reason":
        return _good_payload(case, name="Reason", prediction={"region": "both-high", "strength": None, "strain": None,
                                                              "reason": "because\udc80"})
    return _good_payload(case, **{field: "Ana\udc80", **({"name": "Verdict"} if field != "name" else {})})


@pytest.mark.parametrize("field, where", [
    ("name", "name"), ("verdict_text", "verdict_text (the written verdict)"),
    ("prediction.reason", "prediction.reason (the prediction's reason)"),
])
def test_a_lone_surrogate_is_refused_and_the_writers_never_crash(case, tmp_path, field, where):
    folder = tmp_path / "class"
    save_weighting(case, {}, name="Good", folder=folder)
    text = json.dumps(_with_surrogate(case, field))  # ensure_ascii: the file holds the escape \udc80
    assert "\\udc80" in text
    (folder / "broken.json").write_text(text, encoding="utf-8")
    with pytest.raises(SubmissionError) as info:
        load_weighting(folder / "broken.json", case=case)
    assert info.value.reason == "bad-field"
    assert info.value.message.startswith(f"{where} holds a broken character (a lone surrogate, U+DC80) at character ")
    report = aggregate(folder, case=case)
    assert [s.name for s in report.submissions] == ["Good"]
    _written_outputs_are_well_formed(report, tmp_path)


def test_a_file_name_that_is_not_utf8_does_not_break_the_report(case, tmp_path):
    folder = tmp_path / "class"
    save_weighting(case, {}, name="Good", folder=folder)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.json"), "wb") as handle:  # Latin-1 bytes in the name
        handle.write(b"{oops")
    report = aggregate(folder, case=case)
    assert [s.reason for s in report.skipped] == ["invalid-json"] and "\udce9" in report.skipped[0].path
    _written_outputs_are_well_formed(report, tmp_path)
    assert "caf\\udce9.json" in (tmp_path / "report.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- unreadable folders

@pytest.fixture
def open_folder():
    """A folder every user may enter (pytest's temporary folders are private to their owner)."""
    root = Path(tempfile.mkdtemp(prefix="entente-lab-class-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(root)


def _skips(report) -> list[tuple[str, str]]:
    return [(s.path, s.reason) for s in report.skipped]


@needs_fork
def test_an_unreadable_subfolder_is_reported_not_dropped(case, open_folder):
    save_weighting(case, {}, name="Ana", folder=open_folder / "a")
    save_weighting(case, {}, name="Ben", folder=open_folder / "locked")
    (open_folder / "locked").chmod(0)

    def run():
        report = aggregate(open_folder, case=case)
        return [s.name for s in report.submissions], _skips(report), [s.message for s in report.skipped]

    names, skips, messages = as_unprivileged(run)
    assert names == ["Ana"]
    assert skips == [(str(open_folder / "locked"), "unreadable")]
    assert messages == ["cannot open the folder (Permission denied); check its permissions"]


@needs_fork
def test_an_unreadable_folder_is_unreadable_not_empty(case, open_folder):
    save_weighting(case, {}, name="Ana", folder=open_folder / "class")
    (open_folder / "class").chmod(0)

    def run():
        import contextlib

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            status = main(["aggregate", str(open_folder / "class")])
        return _skips(aggregate(open_folder / "class", case=case)), status, buffer.getvalue()

    skips, status, printed = as_unprivileged(run)
    assert skips == [(str(open_folder / "class"), "unreadable")]
    assert status == 1 and printed.splitlines()[-1] == "Read 0 submissions; skipped 1: 1 cannot be read."


@needs_fork
def test_files_in_a_folder_that_cannot_be_searched_are_named_with_the_fix(case, open_folder):
    save_weighting(case, {}, name="Ana", folder=open_folder / "listed")
    (open_folder / "listed").chmod(0o644)  # may list the names, may not open the files

    def run():
        report = aggregate(open_folder, case=case)
        return _skips(report), report.skipped[0].message

    skips, message = as_unprivileged(run)
    assert [reason for _, reason in skips] == ["unreadable"]
    assert message == "Permission denied; check the file's permissions (and its folder's)"


def _nest(top: Path, depth: int) -> Path:
    """``top/d/d/.../d``, ``depth`` folders deep (made from inside, so any depth works); returns the deepest."""
    here = os.getcwd()
    top.mkdir(parents=True, exist_ok=True)
    os.chdir(top)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(here)
    return top.joinpath(*["d"] * depth)


def _remove_from_inside(top: Path) -> None:
    """Remove ``top``, however deep, by walking down into it and removing on the way up.

    ``shutil.rmtree`` recurses once a level on some Pythons and names every entry by its full
    path, so pytest's own clean-up of a kept temporary folder failed on these trees (a
    RecursionError at the end of a run whose tests had all passed).
    """
    here = os.getcwd()
    os.chdir(top)
    try:
        below: list[str] = []
        while True:
            folders = []
            for entry in os.scandir("."):
                with contextlib.suppress(FileNotFoundError):
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.name)
                    else:
                        os.unlink(entry.name)
            if folders:
                below.append(folders[0])
                os.chdir(folders[0])
            elif below:
                os.chdir("..")
                os.rmdir(below.pop())
            else:
                break
    finally:
        os.chdir(here)
    top.rmdir()


@pytest.fixture
def deep_folder(tmp_path):
    """Makes ``tmp_path/zip`` nested to a depth, and removes it afterwards from inside."""
    made: list[Path] = []

    def make(depth: int) -> Path:
        made.append(tmp_path / "zip")
        return _nest(tmp_path / "zip", depth)

    yield make
    for top in made:
        _remove_from_inside(top)


def test_a_deep_tree_is_removed_by_the_clean_up(tmp_path):
    _nest(tmp_path / "zip", 2_100)
    _remove_from_inside(tmp_path / "zip")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_nested_over_a_thousand_deep_is_searched_not_a_recursion_error(case, tmp_path, deep_folder):
    save_weighting(case, {}, name="Ana", folder=tmp_path)
    deepest = deep_folder(1_200)  # os.walk recursed once a level: RecursionError before 3.12
    save_weighting(case, {}, name="Ben", folder=deepest)
    with within(60, "aggregate over a deep tree"):
        report = aggregate(tmp_path, case=case)
    assert sorted(s.name for s in report.submissions) == ["Ana", "Ben"] and report.skipped == ()


def test_a_folder_whose_path_is_too_long_is_named_as_such_not_as_a_symlink_loop(case, tmp_path, deep_folder):
    save_weighting(case, {}, name="Ana", folder=tmp_path)
    deep_folder(2_100)  # the path passes 4,096 characters (Linux's PATH_MAX) on the way down
    with within(60, "aggregate over a deep tree"):
        report = aggregate(tmp_path, case=case)
    assert [s.name for s in report.submissions] == ["Ana"]
    assert [s.reason for s in report.skipped] == ["unreadable"]
    assert report.skipped[0].message.endswith("its path is too long for this system (folders nested too deeply); "
                                              "move the files up")


# ---------------------------------------------------------------- limits, enforced when saving

@pytest.mark.parametrize("kwargs, message", [
    ({"verdict_text": "x" * 23_456},
     "verdict_text (the written verdict) is 23,456 characters; the limit is 20,000: shorten it"),
    ({"verdict_text": "x" * 1_100_000},  # this one was over the reader's size limit too
     "verdict_text (the written verdict) is 1,100,000 characters; the limit is 20,000: shorten it"),
    ({"name": "N" * 201}, "name is 201 characters; the limit is 200: shorten it"),
    ({"name": "Ana\x1b[31m"}, "name holds a control character (U+001B) at character 4; remove it"),
    ({"name": "Ana\nLee"}, "name holds a line break at character 4; keep it on one line"),
    ({"verdict_text": "ok\rnot ok"}, "verdict_text (the written verdict) holds a control character (U+000D) at "
                                     "character 3; remove it"),
    ({"prediction": SimpleNamespace(region="estrangement", reason="r" * 2_001)},
     "prediction.reason (the prediction's reason) is 2,001 characters; the limit is 2,000: shorten it"),
    ({"months": 1_201}, "options.months (the duration scenario's clock) is 1201.0, outside [0, 1,200]"),
    ({"decisive_quotes": [("policy-trilemma", 0)] * 201},
     "decisive_quotes (the decisive quotes) has 201 entries; the limit is 200: mark fewer quotes as decisive"),
])
def test_a_save_over_a_limit_is_refused_at_once_with_the_fix(case, tmp_path, kwargs, message):
    args = {"name": "Ana", **kwargs}
    with pytest.raises(ValueError) as info:
        save_weighting(case, {}, folder=tmp_path, **args)
    assert str(info.value) == message
    assert not tmp_path.exists() or _names(tmp_path) == []


def test_a_save_over_the_size_limit_is_refused_at_once(case, tmp_path):
    """Within every other limit, 200 decisive quotes of 2,000 four-byte characters make 1.6 MB."""
    factor = case.factor("policy-trilemma")
    long_quote = replace(factor.quotes[0], text="\U0001f642" * 2_000)
    big = replace(case, factors=tuple(replace(f, quotes=(long_quote, *f.quotes[1:])) if f.id == factor.id else f
                                      for f in case.factors))
    with pytest.raises(ValueError, match=r"^the file would be 1,6\d\d,\d\d\d bytes; the limit is 1,000,000: shorten "
                                         "the written verdict or mark fewer quotes as decisive$"):
        save_weighting(big, {}, name="Ana", folder=tmp_path, decisive_quotes=[("policy-trilemma", 0)] * 200)
    assert _names(tmp_path) == []


def test_the_save_panel_shows_the_limit_and_the_fix(case, tmp_path):
    from entente_lab.widgets import SaveMyWork

    panel = SaveMyWork(case, {}, folder=tmp_path, name="Ana")
    panel.verdict_box.value = "x" * 23_456
    panel.button.click()
    assert panel.status.value == ("<p role='alert'><b>Not saved:</b> verdict_text (the written verdict) is 23,456 "
                                  "characters; the limit is 20,000: shorten it</p>")
    assert panel.last_path is None and _names(tmp_path) == []


def test_what_a_save_writes_is_exactly_what_the_schema_describes(case, tmp_path):
    from jsonschema import Draft202012Validator

    from entente_lab.classroom.submission_file import submission_schema

    path = save_weighting(case, {"blames-nato": 0.3}, name="Ana", folder=tmp_path, prediction=(0.7, 0.2),
                          verdict_text="Both.\n\tIndeed.", decisive_quotes=[("policy-trilemma", 1)], months=24)
    Draft202012Validator.check_schema(submission_schema())
    assert list(Draft202012Validator(submission_schema()).iter_errors(json.loads(path.read_bytes()))) == []


def test_the_schema_states_the_limits_the_code_enforces(case):
    from entente_lab.classroom import submission_file as f

    schema = f.submission_schema()
    props, defs = schema["properties"], schema["$defs"]
    assert props["name"]["maxLength"] == f.MAX_NAME_CHARS == 200
    assert props["verdict_text"]["maxLength"] == f.MAX_VERDICT_CHARS == 20_000
    assert defs["reason"]["maxLength"] == f.MAX_REASON_CHARS == 2_000
    assert props["decisive_quotes"]["items"]["properties"]["text"]["maxLength"] == f.MAX_QUOTE_CHARS == 2_000
    assert props["decisive_quotes"]["maxItems"] == f.MAX_DECISIVE_QUOTES == 200
    assert props["weights"]["maxProperties"] == f.MAX_WEIGHTS == 1_000
    assert props["options"]["properties"]["months"]["maximum"] == f.MAX_MONTHS == 1_200
    assert props["schema_version"]["enum"] == list(f.READABLE_VERSIONS) and f.SCHEMA_VERSION == 2
    assert defs["region"]["enum"] == list(REGIONS)
    # version 1 stored the bundled case's names of the regions, in the order of the codes
    assert defs["assessment-v1"]["properties"]["verdict"]["enum"] == [case.region_label(code) for code in REGIONS]


# ---------------------------------------------------------------- stale temporary files

def _temp_name(target: str, token: str = "0123456789ab") -> str:
    return f".{target}.{token}.tmp"


def test_a_save_removes_only_its_own_stale_temp_files(case, tmp_path):
    hours_ago = time.time() - 7200
    stale = tmp_path / _temp_name("ana-94666c8824-20240501-120000.json")
    fresh = tmp_path / _temp_name("ben-0000000000-20240501-120000.json", "abcdef012345")
    look_alikes = [tmp_path / name for name in (
        _temp_name("ana-94666c8824-20240501-120000.json") + ".bak",  # more after .tmp
        ".ana-94666c8824-20240501-120000.json.0123456789AB.tmp",  # capital hex: not ours
        ".ana-94666c8824-20240501-120000.json.0123456789a.tmp",  # 11 hex digits
        ".report.html.0123456789ab.tmp",  # another kind of file
        ".Ana.json.0123456789ab.tmp",  # our stems are lower case
    )]
    precious = tmp_path / "precious.txt"
    link = tmp_path / _temp_name("cat-0000000000-20240501-120000.json")
    for path in [stale, fresh, *look_alikes]:
        path.write_text("{partial", encoding="utf-8")
    precious.write_text("keep me", encoding="utf-8")
    link.symlink_to(precious)
    for path in [stale, *look_alikes, precious]:
        os.utime(path, (hours_ago, hours_ago))
    os.utime(link, (hours_ago, hours_ago), follow_symlinks=False)

    saved = save_weighting(case, {}, name="Dan", folder=tmp_path)
    assert not stale.exists()
    assert fresh.exists() and all(p.exists() for p in look_alikes)
    assert link.is_symlink() and precious.read_text(encoding="utf-8") == "keep me"
    assert saved.exists()


def test_the_stale_temp_file_pattern_is_the_one_write_atomic_uses(case, tmp_path, monkeypatch):
    seen: list[str] = []
    real_fsync = atomic.os.fsync

    def spy(fd):
        seen.extend(name for name in os.listdir(tmp_path) if name.endswith(".tmp"))
        return real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", spy)
    save_weighting(case, {}, name="Ana Müller", folder=tmp_path)
    assert seen and all(submissions._OUR_TEMP_FILE.fullmatch(name) for name in seen)


def test_a_temp_file_left_by_a_killed_save_is_removed_by_the_next_one(case, tmp_path, monkeypatch):
    def killed(*args, **kwargs):
        raise SystemExit("kill -9")  # write_atomic cleans up after an exception; kill -9 does not: undo that

    monkeypatch.setattr(atomic.os, "link", killed)
    monkeypatch.setattr(atomic.os, "unlink", lambda path: None)
    with pytest.raises(SystemExit):
        save_weighting(case, {}, name="Ana", folder=tmp_path)
    monkeypatch.undo()
    (left,) = _names(tmp_path)
    os.utime(tmp_path / left, (time.time() - 61, time.time() - 61))
    save_weighting(case, {}, name="Ben", folder=tmp_path)
    assert left not in _names(tmp_path) and len(_names(tmp_path)) == 1


# ---------------------------------------------------------------- names

def test_nfc_and_nfd_spellings_of_a_name_are_one_student_and_the_newest_counts(case, tmp_path):
    first = save_weighting(case, {"blames-nato": 0.1}, name="Jose\u0301", folder=tmp_path / "laptop")  # NFD
    second = save_weighting(case, {"blames-nato": 0.9}, name="Jos\u00e9", folder=tmp_path / "desktop")  # NFC
    assert first.name.rsplit("-", 2)[0] == second.name.rsplit("-", 2)[0]  # one name, one file stem
    report = aggregate(tmp_path, case=case)
    assert [s.name for s in report.submissions] == ["Jos\u00e9"] and report.submissions[0].path == str(second)
    assert report.duplicate_names == {"Jos\u00e9": 2}
    hand_written = tmp_path / "nfd.json"
    hand_written.write_text(_dump(_good_payload(case, name="Jose\u0301")), encoding="utf-8")
    assert load_weighting(hand_written).name == "Jos\u00e9"


LOOK_ALIKE = ["Ana Lee", "Ana\u200b Lee", "\uff21\uff4e\uff41 \uff2c\uff45\uff45", "ana  lee", "\ufeffAna Lee\u00ad"]


def test_look_alike_names_count_apart_and_are_flagged_in_report_and_terminal(case, tmp_path, capsys):
    for name in [*LOOK_ALIKE, "Bob"]:
        save_weighting(case, {}, name=name, folder=tmp_path / "class")
    report = aggregate(tmp_path / "class", case=case)
    assert report.n_students == 6
    assert report.similar_names == [tuple(LOOK_ALIKE)]
    (line,) = report.notices()
    assert line.startswith("Names that look alike count as different students; check whether these are one person: "
                           "'Ana Lee', 'Ana\\u200b Lee', '\uff21\uff4e\uff41 \uff2c\uff45\uff45'")
    page = report_html(report, figures=False)
    assert "Check these:" in page and "Ana\\u200b Lee" in page and "\u200b" not in page
    assert main(["aggregate", str(tmp_path / "class")]) == 0
    assert any(out.startswith("Names that look alike") for out in capsys.readouterr().out.splitlines())
    assert main(["aggregate", str(tmp_path / "class"), "--hide-names"]) == 0
    hidden = [out for out in capsys.readouterr().out.splitlines() if out.startswith("Names that look alike")]
    assert hidden == ["Names that look alike count as different students; check whether these are one person: "
                      "'Student 1', 'Student 2', 'Student 3', 'Student 4', 'Student 5'."]


# ---------------------------------------------------------------- case versions

def _edited(mutated_case, old: str, new: str):
    path, _ = mutated_case(old, new)
    return load_case(path)


LABEL = ("label: China echoes Russia's case against NATO", "label: China repeats Russia's case against NATO")
DEFAULT = ("default_weight: 0.6\n    quotes:\n      - {turn: answer, start: 717",
           "default_weight: 0.2\n    quotes:\n      - {turn: answer, start: 717")
EVIDENCE = ("the case Russia itself makes.\n    evidence: observed", "the case Russia itself makes.\n    evidence: hypothesis")


@pytest.mark.parametrize("edit", [LABEL, DEFAULT], ids=["label", "default weight"])
def test_a_case_edit_that_keeps_the_scoring_keeps_the_class(case, tmp_path, mutated_case, edit, capsys):
    saved = save_weighting(case, {"blames-nato": 0.3}, name="Ana", folder=tmp_path / "class", prediction="estrangement")
    edited = _edited(mutated_case, *edit)
    assert edited.content_hash != case.content_hash and scoring_fingerprint(edited) == scoring_fingerprint(case)
    report = aggregate(tmp_path / "class", case=edited)
    assert [s.path for s in report.submissions] == [str(saved)] and report.skipped == ()
    (counted,) = report.notes
    assert counted.note.startswith("saved against another version of the case file (content hash sha256:")
    assert counted.note.endswith("); the scoring is the same")
    assert counted.assess(edited) == counted.assess(case)
    assert report.notices() == [f"'Ana': {counted.note}."]
    assert "the scoring is the same" in report_html(report, figures=False)


def test_a_case_edit_that_changes_the_scoring_is_another_case_unless_accepted(case, tmp_path, mutated_case, capsys):
    saved = save_weighting(case, {"blames-nato": 0.3}, name="Ana", folder=tmp_path / "class")
    edited = _edited(mutated_case, *EVIDENCE)
    assert scoring_fingerprint(edited) != scoring_fingerprint(case)
    strict = aggregate(tmp_path / "class", case=edited)
    assert strict.n_students == 0 and [s.reason for s in strict.skipped] == ["other-case"]
    assert strict.skipped[0].message.endswith("the factors or how they are scored differ: to rescore it with this "
                                              "case file, use --accept-other-versions")
    assert [s.name for s in strict.other_case] == ["Ana"]

    accepted = aggregate(tmp_path / "class", case=edited, accept_other_versions=True)
    (counted,) = accepted.submissions
    assert counted.path == str(saved) and accepted.skipped == ()
    assert "scores differently" in counted.note and "rescored with this case file" in counted.note
    rescored = entente_lab.assess(edited, counted.weights, **counted.options)
    assert (counted.strength, counted.strain, counted.verdict) == (rescored.strength, rescored.strain,
                                                                  rescored.verdict)
    assert main(["aggregate", str(tmp_path / "class"), "--case", str(edited.path), "--accept-other-versions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Read 1 submission; skipped 0." and f"'Ana': {counted.note}." in out


def test_a_file_weighing_a_factor_the_case_lacks_cannot_be_rescored(case, tmp_path):
    weights = {**case.default_weights(), "a-factor-since-removed": 0.5}
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, weights=weights, **{
        "case.content_hash": "sha256:" + "0" * 64, "case.scoring_hash": "sha256:" + "1" * 64})), encoding="utf-8")
    with pytest.raises(SubmissionError, match="does not have: a-factor-since-removed; it cannot be rescored") as info:
        load_weighting(tmp_path / "s.json", case=case, accept_other_versions=True)
    assert info.value.reason == "other-case"


def test_a_factor_the_file_lacks_takes_its_default_when_rescored(case, tmp_path):
    weights = case.default_weights()
    del weights["india-divergence"]
    weights["blames-nato"] = 0.0
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, weights=weights, **{
        "case.content_hash": "sha256:" + "0" * 64, "case.scoring_hash": "sha256:" + "1" * 64})), encoding="utf-8")
    loaded = load_weighting(tmp_path / "s.json", case=case, accept_other_versions=True)
    assert loaded.weights["india-divergence"] == case.factor("india-divergence").default_weight
    assert loaded.weights["blames-nato"] == 0.0
    assert loaded.note.endswith("factor(s) india-divergence were not in it and take their default weights")


# ---------------------------------------------------------------- format version 1

def _version_1(case, **changes) -> dict:
    data = _good_payload(case, **changes)
    data["schema_version"] = 1
    del data["case"]["scoring_hash"]
    data["assessment"] = {"strength": 0.6, "strain": 0.6, "verdict": "limited entente"}
    data["prediction"] = {"verdict": "estrangement", "strength": None, "strain": None, "reason": "why not"}
    return data


def test_a_version_1_file_is_still_read_and_its_labels_become_codes(case, tmp_path):
    (tmp_path / "v1.json").write_text(_dump(_version_1(case, name="Old")), encoding="utf-8")
    loaded = load_weighting(tmp_path / "v1.json", case=case)
    assert loaded.schema_version == 1 and loaded.scoring_hash is None
    assert loaded.prediction.region == "strain-high" and case.region_label(loaded.prediction.region) == "estrangement"
    assert loaded.region == "both-high" and case.region_label(loaded.region) == "limited entente"
    raw = load_weighting(tmp_path / "v1.json")
    assert (raw.region, raw.strength) == ("both-high", 0.6)
    assert aggregate(tmp_path, case=case).n_students == 1


def test_a_version_1_file_of_another_case_version_says_it_cannot_tell_the_scoring(case, tmp_path):
    (tmp_path / "v1.json").write_text(_dump(_version_1(case, **{"case.content_hash": "sha256:" + "0" * 64})),
                                      encoding="utf-8")
    with pytest.raises(SubmissionError, match="it does not record its scoring \\(format version 1\\): to rescore"):
        load_weighting(tmp_path / "v1.json", case=case)
    assert load_weighting(tmp_path / "v1.json", case=case, accept_other_versions=True).note


def test_a_version_1_label_in_a_version_2_file_is_refused(case, tmp_path):
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, **{"assessment.region": "limited entente"})),
                                     encoding="utf-8")
    with pytest.raises(SubmissionError, match="assessment.region is 'limited entente', not one of: both-high, "):
        load_weighting(tmp_path / "s.json")


# ---------------------------------------------------------------- messages stay short

def test_a_huge_unknown_key_gives_a_one_line_message(case, tmp_path):
    data = _good_payload(case)
    data["x" * 500_000] = 1
    (tmp_path / "s.json").write_text(_dump(data), encoding="utf-8")
    with pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / "s.json")
    assert len(str(info.value)) < 400 and "\n" not in str(info.value)


def test_a_thousand_problems_are_counted_not_listed(case, tmp_path):
    data = _good_payload(case, weights={f"f-{i}": 2 for i in range(1000)})
    (tmp_path / "s.json").write_text(_dump(data), encoding="utf-8")
    with within(10, "a thousand bad weights"), pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / "s.json")
    assert info.value.reason == "bad-weight" and info.value.message.endswith("; and 47+ more problems")
    assert len(info.value.message) < 400


def test_an_array_over_a_thousand_entries_is_refused_before_the_schema(case, tmp_path):
    data = _good_payload(case, decisive_quotes=[{"factor": "a", "quote": 0, "text": ""}] * 20_000)
    (tmp_path / "s.json").write_text(_dump(data), encoding="utf-8")
    with within(10, "20,000 decisive quotes"), pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / "s.json")
    assert info.value.message == "decisive_quotes has 20,000 entries; the limit is 1,000"



@pytest.mark.parametrize("text", ["2024-W18-3T12:00:00Z", "20240501T120000Z", "2024-05-01T12:00:00+01:00:00.5",
                                  "2024-05-01 12:00:00Z", "2024-05-01T12:00:00.1234Z", "2024-05-01T12Z"])
def test_saved_at_outside_the_one_written_form_is_refused_on_every_python(text):
    # Python 3.11's fromisoformat reads these; 3.10's does not. The reader must not depend on which one runs it.
    with pytest.raises(ValueError, match="not an ISO 8601 time with a time zone"):
        parse_saved_at(text)


@pytest.mark.parametrize("text", ["2024-05-01T12:00Z", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123+02:00",
                                  "2024-05-01T12:00:00.123456z", "2024-05-01T12:00:00.000000-05:30"])
def test_saved_at_in_the_written_form_and_its_short_variants_is_read(text):
    assert parse_saved_at(text).tzinfo is not None
