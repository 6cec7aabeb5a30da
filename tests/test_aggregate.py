"""Aggregating a class: every good file counts, every bad one is named and skipped, nothing is lost."""

from __future__ import annotations

import json
import os
import re
import sys

import numpy as np
import pytest

from entente_lab import VERDICTS, assess, load_weighting, save_weighting
from entente_lab.analysis.model import scoring_fingerprint
from entente_lab.app.cli import main
from entente_lab.classroom import submissions
from entente_lab.classroom.aggregate import aggregate, collect_files
from entente_lab.classroom.submissions import MAX_DEPTH, REASONS, SubmissionError

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_VERDICT = "<img src=x onerror=alert(2)> & </td></tr></table><b>bold?</b>"


def _weights(case, rng):
    """A varied weighting: each factor near its default, sometimes far from it."""
    return {f.id: float(np.clip(f.default_weight + rng.normal(0, 0.25), 0, 1).round(2)) for f in case.factors}


def _good_payload(case, **changes):
    """The JSON object of a good submission, with ``changes`` applied (dotted keys reach inside)."""
    data = save_payload(case)
    for key, value in changes.items():
        target = data
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    return data


_DELETE = object()


def save_payload(case):
    return submissions.Submission(
        name="Template", case_id=case.id, case_hash=case.content_hash, weights=case.default_weights(),
        evidence_trust={"observed": 1.0, "hypothesis": 1.0, "cited": 1.0}, months=None, thresholds=(0.5, 0.5),
        strength=0.6, strain=0.6, region="both-high", prediction=None, verdict_text="", decisive_quotes=(),
        package_version="0.1.0", saved_at="2024-05-01T12:00:00Z", case_title=case.source.title,
        scoring_hash=scoring_fingerprint(case)).to_dict()


def _dump(data) -> str:
    return json.dumps(data)


def bad_files(case) -> dict[str, tuple[bytes, str]]:
    """File name to (content, expected reason): one file of each bad kind the issue lists, and a few more."""
    weights = case.default_weights()
    nan_text = _dump(_good_payload(case, name="NaN student")).replace(
        '"russia-beholden": 0.8', '"russia-beholden": NaN')
    inf_text = _dump(_good_payload(case, name="Inf student")).replace(
        '"russia-beholden": 0.8', '"russia-beholden": Infinity')
    big_text = _dump(_good_payload(case, name="1e999 student")).replace(
        '"russia-beholden": 0.8', '"russia-beholden": 1e999')
    deep = '{"schema": "entente-lab-submission", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"
    return {
        "invalid.json": (b'{"schema": "entente-lab-submission", "name": "Bo",', "invalid-json"),
        "empty.json": (b"", "empty"),
        "latin1.json": (json.dumps(_good_payload(case, name="Jos\u00e9"), ensure_ascii=False).encode("latin-1"),
                        "not-utf8"),
        "array.json": (b"[1, 2, 3]", "not-an-object"),
        "stranger.json": (b'{"name": "a package.json, not a submission"}', "not-a-submission"),
        "missing.json": (_dump(_good_payload(case, weights=_DELETE)).encode(), "missing-field"),
        "future.json": (_dump(_good_payload(case, schema_version=3)).encode(), "unknown-version"),
        "othercase.json": (_dump(_good_payload(case, name="Other-case student",
                                               **{"case.content_hash": "sha256:" + "ab" * 32,
                                                  "case.scoring_hash": "sha256:" + "cd" * 32})).encode(),
                           "other-case"),
        "nan.json": (nan_text.encode(), "bad-weight"),
        "infinity.json": (inf_text.encode(), "bad-weight"),
        "overflow.json": (big_text.encode(), "bad-weight"),
        "negative.json": (_dump(_good_payload(case, weights={**weights, "blames-nato": -0.1})).encode(),
                          "bad-weight"),
        "above-one.json": (_dump(_good_payload(case, weights={**weights, "blames-nato": 1.5})).encode(),
                           "bad-weight"),
        "unknown-factor.json": (_dump(_good_payload(case, weights={**weights, "energy-concesions": 0.5})).encode(),
                                "unknown-factor"),
        "huge.json": (b'{"pad": "' + b"x" * (submissions.MAX_SUBMISSION_BYTES + 10) + b'"}', "too-large"),
        "deep.json": (deep.encode(), "too-deep"),
    }


BAD_KINDS = ["invalid.json", "empty.json", "latin1.json", "array.json", "stranger.json", "missing.json", "future.json",
             "othercase.json", "nan.json", "infinity.json", "overflow.json", "negative.json", "above-one.json",
             "unknown-factor.json", "huge.json", "deep.json"]


def _good_class(case, folder, n=30, seed=7):
    """``n`` students saved with varied weightings, names (hostile ones too) and predictions."""
    rng = np.random.default_rng(seed)
    names = [HOSTILE_NAME, "Zoë", "zoë", "O'Brien, Pat", "../../etc/passwd", "李明", "Ana\u202eevil"]
    names += [f"Learner {i:02d}" for i in range(n - len(names))]
    paths = {}
    for i, name in enumerate(names):
        paths[name] = save_weighting(case, _weights(case, rng), name=name, folder=folder,
                                     prediction=VERDICTS[i % 4] if i % 5 else None,
                                     verdict_text=HOSTILE_VERDICT if name == HOSTILE_NAME else f"Verdict {i}",
                                     months=None if i % 3 else 12.0)
    return names, paths


@pytest.fixture
def class_folder(case, tmp_path):
    """30 good students, one resubmission, and one bad file of every kind (in a subfolder too)."""
    folder = tmp_path / "class"
    names, paths = _good_class(case, folder)
    # Learner 00 saves again, with other weights: the newer one must count
    newer = save_weighting(case, {f.id: 0.0 for f in case.factors}, name="Learner 00", folder=folder / "late")
    expected = {}
    for file_name, (content, reason) in bad_files(case).items():
        (folder / file_name).write_bytes(content)
        expected[str(folder / file_name)] = reason
    empty = folder.parent / "empty-folder"  # named on the command line beside the class folder
    empty.mkdir()
    (empty / "readme.txt").write_text("no submissions here", encoding="utf-8")
    expected[str(empty)] = "no-submissions"
    (folder / "notes.txt").write_text("not a submission, not *.json: ignored", encoding="utf-8")
    (folder / ".hidden.json").write_text("{broken", encoding="utf-8")  # hidden: ignored
    if sys.platform != "win32":
        (folder / "loop").symlink_to(folder, target_is_directory=True)
        expected[str(folder / "loop")] = "symlink-loop"
        (folder / "self.json").symlink_to(folder / "self.json")
        expected[str(folder / "self.json")] = "symlink-loop"
    return [folder, empty], names, paths, newer, expected


# ---------------------------------------------------------------- the "done when" test

def test_thirty_students_and_one_bad_file_of_each_kind(case, class_folder):
    folders, names, paths, newer, expected = class_folder
    report = aggregate(folders, case=case)

    assert report.n_read == 31 and report.n_students == 30
    assert sorted(s.name for s in report.submissions) == sorted(names)
    assert {s.path: s.reason for s in report.skipped} == expected
    counts = {}
    for reason in expected.values():
        counts[reason] = counts.get(reason, 0) + 1
    assert report.skip_counts == {r: counts[r] for r in REASONS if r in counts}
    loops = "2 symlink loops, " if sys.platform != "win32" else ""
    assert report.summary() == (
        "Read 31 submissions from 30 students (1 older save under a repeated name superseded; the newest counts); "
        f"skipped {len(expected)}: {loops}1 over the size limit, 1 empty file, 1 not UTF-8 text, "
        "1 nested too deeply, 1 invalid JSON, 1 JSON value not an object, 1 not a submission, "
        "1 unknown schema version, 1 missing field, 5 bad weights, 1 unknown factor, 1 for another case, "
        "1 folder with no submissions.")

    # newest per name: the late save of Learner 00 counts, the first is superseded
    counted = {s.name: s for s in report.submissions}
    assert counted["Learner 00"].path == str(newer)
    assert [s.path for s in report.superseded] == [str(paths["Learner 00"])]
    assert report.duplicate_names == {"Learner 00": 2}
    # another case is kept apart, not mixed in
    assert [s.name for s in report.other_case] == ["Other-case student"]
    # every good student's scores are the model's
    for name, path in paths.items():
        if name != "Learner 00":
            saved = load_weighting(path, case=case)
            assert counted[name].weights == saved.weights and counted[name].verdict == saved.verdict
    assert sum(report.region_counts.values()) == 30
    assert report.similar_names == [("Zoë", "zoë")]


@pytest.mark.slow  # the command in a subprocess
def test_the_cli_reads_the_same_class_and_writes_report_and_csv(case, class_folder, tmp_path, capsys):
    folders, names, paths, newer, expected = class_folder
    out, table = tmp_path / "report.html", tmp_path / "weights.csv"
    status = main(["aggregate", *map(str, folders), "-o", str(out), "--csv", str(table)])
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert status == 0 and "Traceback" not in captured.out + captured.err
    assert lines[-1] == aggregate(folders, case=case).summary()
    for path, reason in expected.items():
        assert any(line.startswith(f"{path}: {REASONS[reason]}: ") for line in lines), path
    html_text = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text and HOSTILE_NAME not in html_text
    assert len(table.read_text(encoding="utf-8").splitlines()) == 1 + 31


# ---------------------------------------------------------------- each bad kind on its own

@pytest.mark.parametrize("file_name", BAD_KINDS)
def test_each_bad_kind_is_named_and_skipped_and_the_good_neighbour_still_counts(case, tmp_path, file_name):
    content, reason = bad_files(case)[file_name]
    good = save_weighting(case, {}, name="Good neighbour", folder=tmp_path)
    (tmp_path / file_name).write_bytes(content)
    report = aggregate(tmp_path, case=case)
    assert [s.name for s in report.submissions] == ["Good neighbour"] and report.submissions[0].path == str(good)
    assert [(s.path, s.reason) for s in report.skipped] == [(str(tmp_path / file_name), reason)]
    with pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / file_name, case=case)
    assert info.value.reason == reason


@pytest.mark.parametrize("file_name, match", [
    ("invalid.json", r"line 1 column \d+: Expecting"),
    ("latin1.json", r"byte \d+ is not UTF-8"),
    ("array.json", "holds an array, not a JSON object"),
    ("missing.json", "no 'weights'"),
    ("future.json", "schema version 3; entente-lab .* reads versions 1, 2"),
    ("nan.json", "'russia-beholden' is NaN"),
    ("infinity.json", "'russia-beholden' is Infinity"),
    ("overflow.json", "'russia-beholden' is 1e999, not a finite number"),
    ("negative.json", "'blames-nato' is -0.1"),
    ("above-one.json", "'blames-nato' is 1.5"),
    ("unknown-factor.json", "'energy-concesions' \\(did you mean 'energy-concessions'\\?\\)"),
    ("huge.json", "bytes, over the limit of 1,000,000; not read"),
    ("deep.json", f"nest more than {MAX_DEPTH} deep"),
])
def test_each_reason_says_where_and_how(case, tmp_path, file_name, match):
    content, _ = bad_files(case)[file_name]
    (tmp_path / file_name).write_bytes(content)
    with pytest.raises(SubmissionError, match=match):
        load_weighting(tmp_path / file_name, case=case)


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(case, tmp_path, monkeypatch):
    path = save_weighting(case, {}, name="Ana", folder=tmp_path)

    def never(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(submissions, "open", never, raising=False)
    with pytest.raises(SubmissionError) as info:
        load_weighting(path, case=case, max_bytes=100)
    assert info.value.reason == "too-large"


def test_brackets_inside_strings_do_not_count_as_nesting(case, tmp_path):
    name = "[" * (MAX_DEPTH * 3) + "{"
    path = save_weighting(case, {}, name=name, folder=tmp_path, verdict_text="]}" * 40)
    assert load_weighting(path, case=case).name == name


def test_a_recursion_error_from_the_parser_is_a_too_deep_skip(case, tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_DEPTH", 10**9)  # let the pre-scan pass; the parser must still not crash
    (tmp_path / "deep.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / "deep.json")
    assert info.value.reason == "too-deep"


def test_a_duplicate_key_is_invalid_json(case, tmp_path):
    text = _dump(_good_payload(case))[:-1] + ', "name": "Someone else"}'
    (tmp_path / "dup.json").write_text(text, encoding="utf-8")
    with pytest.raises(SubmissionError, match="the key 'name' appears twice"):
        load_weighting(tmp_path / "dup.json", case=case)


@pytest.mark.parametrize("changes, match", [
    ({"name": ""}, "^name is empty; give a name or a pseudonym$"),
    ({"name": " \t "}, "name holds a tab at character 2; keep it on one line"),
    ({"name": "  "}, "name is only white space; give a name or a pseudonym"),
    ({"name": 3}, "^name is 3, not text$"),
    ({"saved_at": "yesterday"}, "saved_at is 'yesterday', not an ISO 8601 time with a time zone"),
    ({"saved_at": "2024-05-01T12:00:00"}, "without a time zone"),
    ({"options.thresholds": [0.5]}, "^options.thresholds has 1 entry; it needs at least 2$"),
    ({"options.thresholds": [0.5, 1]}, "^options.thresholds\\[1\\] is 1, outside \\(0, 1\\)$"),
    ({"options.months": -1}, "^options.months \\(the duration scenario's clock\\) is -1, outside \\[0, 1,200\\]$"),
    ({"prediction": {"region": "limited", "strength": None, "strain": None, "reason": ""}},
     "^prediction.region is 'limited', not one of: both-high, strength-high, strain-high, both-low$"),
    ({"prediction": {"region": "both-high", "strength": 0.5, "strain": None, "reason": ""}},
     "the predicted point has only one of strength and strain"),
    ({"decisive_quotes": [{"factor": "blames-nato", "quote": 7, "text": ""}]}, "has no quote 7"),
    ({"decisive_quotes": [{"factor": "blames-nato", "quote": 0.0, "text": ""}]},
     "^decisive_quotes\\[0\\].quote is 0.0, not a whole number$"),
    ({"options.evidence_trust": {"observed": 1.0, "gossip": 0.5}},
     "^unknown key 'gossip' in options.evidence_trust; allowed keys: observed, hypothesis, cited$"),
    ({"case.scoring_hash": "md5:abc"}, "^case.scoring_hash is 'md5:abc', not 'sha256:' and 64 hexadecimal digits$"),
    ({"verdict": "both-high"}, "^unknown key 'verdict' in the top level \\(did you mean 'verdict_text'\\?\\)$"),
])
def test_a_bad_field_is_named(case, tmp_path, changes, match):
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, **changes)), encoding="utf-8")
    with pytest.raises(SubmissionError) as info:
        load_weighting(tmp_path / "s.json", case=case)
    assert info.value.reason == "bad-field"
    assert re.search(match, info.value.message), info.value.message


def test_a_template_submission_is_good(case, tmp_path):
    """The helper the bad files are made from is itself a good file (so each bad file has one defect)."""
    (tmp_path / "s.json").write_text(_dump(_good_payload(case)), encoding="utf-8")
    assert load_weighting(tmp_path / "s.json", case=case).name == "Template"


def test_a_missing_weight_is_a_missing_field(case, tmp_path):
    weights = case.default_weights()
    del weights["india-divergence"]
    (tmp_path / "s.json").write_text(_dump(_good_payload(case, weights=weights)), encoding="utf-8")
    with pytest.raises(SubmissionError, match="no weight for factor\\(s\\) india-divergence"):
        load_weighting(tmp_path / "s.json", case=case)


# ---------------------------------------------------------------- folders and links

def test_a_folder_with_no_submissions_reads_nothing_and_says_so(case, tmp_path, capsys):
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    report = aggregate(tmp_path, case=case)
    assert report.n_read == 0
    assert [(s.path, s.reason) for s in report.skipped] == [(str(tmp_path), "no-submissions")]
    assert main(["aggregate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "Read 0 submissions; skipped 1: 1 folder with no submissions."


def test_a_missing_path_is_named_not_a_traceback(case, tmp_path, capsys):
    save_weighting(case, {}, name="Ana", folder=tmp_path)
    assert main(["aggregate", str(tmp_path), str(tmp_path / "nope")]) == 0
    captured = capsys.readouterr()
    assert f"{tmp_path / 'nope'}: not found: no such file or folder" in captured.out
    assert "Traceback" not in captured.out + captured.err


@needs_symlinks
def test_symlink_loops_end_and_each_file_is_read_once(case, tmp_path):
    save_weighting(case, {}, name="Ana", folder=tmp_path / "a")
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)  # a -> up -> (root) -> a ...
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)  # the same folder twice
    (tmp_path / "x.json").symlink_to(tmp_path / "y.json")
    (tmp_path / "y.json").symlink_to(tmp_path / "x.json")
    files, problems = collect_files([tmp_path, tmp_path / "a"])
    assert len(files) == 3  # Ana's file once (not via b, up or the repeated argument), x.json and y.json
    report = aggregate([tmp_path, tmp_path / "a"], case=case)
    assert [s.name for s in report.submissions] == ["Ana"] and report.n_read == 1
    reasons = sorted((os.path.relpath(s.path, tmp_path), s.reason) for s in report.skipped)
    assert reasons == [("a/up", "symlink-loop"), ("b", "symlink-loop"), ("x.json", "symlink-loop"),
                       ("y.json", "symlink-loop")]


def test_a_file_named_directly_is_read_whatever_its_extension(case, tmp_path):
    path = save_weighting(case, {}, name="Ana", folder=tmp_path)
    renamed = path.rename(tmp_path / "ana-submission.txt")
    assert aggregate([renamed], case=case).n_read == 1
    assert aggregate([tmp_path], case=case).skip_counts == {"no-submissions": 1}


# ---------------------------------------------------------------- the class's numbers

def test_shares_spreads_contested_consensus_and_predictions(case, tmp_path):
    wide = "dollar-workaround"
    for i, value in enumerate([0.0, 0.25, 0.5, 0.75, 1.0]):
        weights = {**case.default_weights(), wide: value, "policy-trilemma": 0.8 + 0.01 * (i % 2)}
        save_weighting(case, weights, name=f"S{i}", folder=tmp_path, prediction="both-high" if i else None)
    save_weighting(case, {f.id: 0.0 for f in case.factors}, name="Low", folder=tmp_path,
                   prediction="both-low")
    report = aggregate(tmp_path, case=case)
    assert report.n_students == 6
    assert report.region_counts == {"both-high": 5, "strength-high": 0, "strain-high": 0,
                                    "both-low": 1}
    assert report.region_shares["both-high"] == pytest.approx(5 / 6)
    assert report.contested[0] == wide
    spread = report.spreads[wide]
    assert (spread.minimum, spread.maximum, spread.n) == (0.0, 1.0, 6)
    assert spread.median == pytest.approx(float(np.median([0, 0.25, 0.5, 0.75, 1.0, 0.0])))
    assert wide not in report.consensus and len(report.consensus) == 3
    assert report.predictions == {(None, "both-high"): 1, ("both-high", "both-high"): 4,
                                  ("both-low", "both-low"): 1}
    assert report.prediction_hits == (5, 5)
    assert report.weight_matrix.shape == (6, len(case.factors))


def test_one_student_or_a_class_of_one_mind_names_no_contested_factor(case, tmp_path):
    """A "most contested" list of factors nobody disagrees on is no finding: the report says why instead."""
    from entente_lab.plots.classroom import weight_distributions_summary
    from entente_lab.report import report_html

    save_weighting(case, case.default_weights(), name="Only", folder=tmp_path / "one")
    one = aggregate(tmp_path / "one", case=case)
    assert one.contested == () and one.consensus == () and "at least two" in one.spread_note
    assert weight_distributions_summary(one) == one.spread_note
    assert "most contested" not in report_html(one) and "at least two" in report_html(one)
    for name in ("Ana", "Ben"):
        save_weighting(case, case.default_weights(), name=name, folder=tmp_path / "alike")
    alike = aggregate(tmp_path / "alike", case=case)
    assert alike.contested == () and "same weight" in alike.spread_note
    save_weighting(case, {**case.default_weights(), "blames-nato": 0.0}, name="Cy", folder=tmp_path / "alike")
    differ = aggregate(tmp_path / "alike", case=case)
    assert differ.spread_note is None and differ.contested[0] == "blames-nato"
    assert all(differ.spreads[f].iqr > 0 or differ.spreads[f].std > 0 for f in differ.contested)


def test_newest_counts_by_saved_time_not_by_file_order(case, tmp_path):
    first = save_weighting(case, {"blames-nato": 0.1}, name="Ana", folder=tmp_path / "z-late-folder")
    second = save_weighting(case, {"blames-nato": 0.9}, name="Ana", folder=tmp_path / "a-early-folder")
    report = aggregate(tmp_path, case=case)  # the folder holding the newer file is searched first
    assert [s.path for s in report.submissions] == [str(second)]
    assert [s.path for s in report.superseded] == [str(first)]
    assert report.submissions[0].weights["blames-nato"] == 0.9


def test_names_are_compared_exactly(case, tmp_path):
    for name in ("Ana", "ana", "Ana "):
        save_weighting(case, {}, name=name, folder=tmp_path)
    report = aggregate(tmp_path, case=case)
    assert report.n_students == 3 and report.duplicate_names == {}
    assert report.similar_names == [("Ana", "ana", "Ana ")]


def test_an_empty_class_has_empty_statistics(case):
    from entente_lab.classroom.aggregate import ClassReport

    report = ClassReport(case, ())
    assert report.spreads == {} and report.contested == () and report.consensus == ()
    assert report.region_shares == dict.fromkeys(VERDICTS, 0.0) and report.prediction_hits == (0, 0)


def test_the_aggregated_scores_are_the_models(case, tmp_path):
    rng = np.random.default_rng(3)
    weights = _weights(case, rng)
    save_weighting(case, weights, name="Ana", folder=tmp_path, evidence_trust={"cited": 0.3}, months=30)
    (s,) = aggregate(tmp_path, case=case).submissions
    a = assess(case, weights, evidence_trust={"cited": 0.3}, months=30)
    assert (s.strength, s.strain, s.verdict) == (a.strength, a.strain, a.verdict)


# ---------------------------------------------------------------- the command line

def test_cli_exit_1_with_no_good_file_and_usage_error_2(case, tmp_path, capsys):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "bad.json")]) == 1
    assert capsys.readouterr().out.strip().splitlines()[-1] == "Read 0 submissions; skipped 1: 1 invalid JSON."
    with pytest.raises(SystemExit) as info:
        main(["aggregate"])
    assert info.value.code == 2


def test_cli_refuses_to_overwrite_a_report_without_force(case, tmp_path, capsys):
    save_weighting(case, {}, name="Ana", folder=tmp_path / "class")
    out = tmp_path / "report.html"
    out.write_text("precious", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "class"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "precious"
    assert "already exists; use --force" in capsys.readouterr().err
    assert main(["aggregate", str(tmp_path / "class"), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_hide_names_keeps_names_out_of_both_files(case, tmp_path, capsys):
    save_weighting(case, {}, name="Very Secret Name", folder=tmp_path / "class")
    out, table = tmp_path / "r.html", tmp_path / "w.csv"
    assert main(["aggregate", str(tmp_path / "class"), "-o", str(out), "--csv", str(table), "--hide-names"]) == 0
    for path in (out, table):
        text = path.read_text(encoding="utf-8")
        assert "Very Secret Name" not in text and "very-secret-name" not in text and "Student 1" in text


def test_cli_with_a_bad_case_file_names_its_problems(tmp_path, capsys):
    bad_case = tmp_path / "case.yaml"
    bad_case.write_text("id: [", encoding="utf-8")
    assert main(["aggregate", str(tmp_path), "--case", str(bad_case)]) == 1
    captured = capsys.readouterr()
    assert f"{bad_case}:" in captured.err and "Traceback" not in captured.err


def test_a_byte_identical_copy_is_one_save_counted_once_and_named_a_copy(case, tmp_path):
    import shutil

    first = save_weighting(case, {"blames-nato": 0.2}, name="Ana", folder=tmp_path / "a")
    (tmp_path / "b").mkdir()
    copy = shutil.copy(first, tmp_path / "b" / "ana (1).json")  # the same download, handed in twice
    save_weighting(case, {}, name="Ben", folder=tmp_path / "a")
    report = aggregate(tmp_path, case=case)
    assert sorted(s.name for s in report.submissions) == ["Ana", "Ben"] and report.superseded == ()
    assert [(s.path, s.reason) for s in report.skipped] == [(str(copy), "duplicate")]
    assert "same save as another file" in report.skipped[0].message
    assert report.summary() == "Read 2 submissions; skipped 1: 1 copy of a save already read."
    assert "older save" not in report.summary()
