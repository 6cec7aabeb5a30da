"""The class report: valid, self-contained HTML with every input escaped; the CSV; the class figures."""

from __future__ import annotations

import base64
import csv
import io
import re

import pytest

from entente_lab import VERDICTS, load_case, save_weighting
from entente_lab.classroom.aggregate import ClassReport, aggregate
from entente_lab.report import report_csv, report_html, write_report

from .conftest import OTHER_CASES
from .figures import render
from .html_checks import ParsedPage, well_formed
from .test_aggregate import HOSTILE_NAME, HOSTILE_VERDICT, _good_class, bad_files

ALLOWED = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong", "code", "div", "ul", "li",
           "table", "thead", "tbody", "tr", "th", "td", "span", "figure", "img", "figcaption", "details", "summary"}


def _check(page: str) -> ParsedPage:
    """The report's own rules on top of well-formed HTML: known tags only, no event handler, nothing fetched."""
    checker = well_formed(page)
    assert checker.tags <= ALLOWED, checker.tags - ALLOWED
    assert not [a for a in checker.attrs if a[1].startswith("on")]  # no event handlers
    for tag, name, value in checker.urls:  # nothing fetched from anywhere
        assert value.startswith("data:"), (tag, name, value)
    return checker


@pytest.fixture(scope="module")
def class_report(case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    names, _ = _good_class(case, folder)
    save_weighting(case, {}, name="Learner 00", folder=folder / "late")
    for file_name, (content, _) in bad_files(case).items():
        (folder / file_name).write_bytes(content)
    return aggregate(folder, case=case), names


def test_the_report_is_valid_self_contained_html_with_inputs_escaped(class_report):
    report, names = class_report
    page = report_html(report)
    checker = _check(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in checker.tags and "<script>" not in page.lower()
    # the hostile name and verdict are shown as text, never as markup
    text = "".join(checker.text)
    assert HOSTILE_NAME in text and HOSTILE_VERDICT in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    # a direction override cannot reorder the page's text: it is shown as an escape
    assert "Ana\\u202eevil" in text and "\u202e" not in page
    # the two figures are inside, with their one-sentence summaries as alt text and caption
    images = [value for tag, name, value in checker.attrs if tag == "img" and name == "src"]
    assert len(images) == 2
    for src in images:
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG")
    alts = [value for tag, name, value in checker.attrs if tag == "img" and name == "alt"]
    assert alts[0].startswith("Of 30 students") and alts[1].startswith("The class disagrees most on")
    # the summary line and the newest-counts notice
    assert report.summary() in text
    assert "Several submissions under one name: the newest counts." in text
    assert "Learner 00: 2 submissions; the newest counts" in text
    assert all(name in text or "\u202e" in name for name in names)
    assert "Submissions for another case (not counted)" in text and "Other-case student" in text


def test_the_page_forbids_scripts_even_if_something_slipped_through(class_report):
    page = report_html(class_report[0], figures=False)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_hide_names_shows_numbers_everywhere(class_report):
    report, names = class_report
    page = report_html(report, hide_names=True)
    text = "".join(_check(page).text)
    table = report_csv(report, hide_names=True)
    for name in names:
        assert name not in text and name not in table
    assert "Student 1" in text and "Student 30" in text and "Student 31" not in text
    assert "etc-passwd" not in page  # file names carry slugs of names: hidden too
    assert "Names are hidden" in text


def test_the_csv_has_every_good_submission_and_every_weight(case, class_report):
    report, _ = class_report
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert len(rows) == report.n_read == 31
    assert [r["counted"] for r in rows].count("superseded") == 1
    by_name = {r["student"]: r for r in rows if r["counted"] == "yes"}
    for s in report.submissions:
        row = by_name[s.name]
        assert {f.id: float(row[f.id]) for f in case.factors} == s.weights
        assert row["verdict"] == case.region_label(s.region) and float(row["strength"]) == round(s.strength, 4)


def test_the_csv_gives_each_students_scores_before_the_reference_event(case, class_report, tmp_path):
    from entente_lab import assess

    report, _ = class_report
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(report_csv(report))) if r["counted"] == "yes"}
    for s in report.submissions:
        before = assess(case, s.weights, **s.options).before
        assert (float(rows[s.name]["strength_before"]), float(rows[s.name]["strain_before"])) == tuple(round(v, 4) for v in before)
    third = load_case(OTHER_CASES["third"])  # no reference event: the columns are there, and empty
    save_weighting(third, {}, name="Ana", folder=tmp_path)
    row, = csv.DictReader(io.StringIO(report_csv(aggregate(tmp_path, case=third))))
    assert (row["strength_before"], row["strain_before"]) == ("", "") and row["strength"]


def test_every_number_in_the_csv_is_rounded_to_four_places(case, tmp_path):
    weights = {f.id: 0.35 for f in case.factors}  # sums of 0.35s are not exact in binary: 0.5900000000000001 and the like
    save_weighting(case, weights, name="Ana", folder=tmp_path, months=12)
    text = report_csv(aggregate(tmp_path, case=case))
    row, = csv.DictReader(io.StringIO(text))
    numbers = [value for key, value in row.items() if key not in ("student", "counted", "saved_at", "verdict", "prediction")]
    assert numbers and all(re.fullmatch(r"\d+\.\d{1,4}", value) for value in numbers if value), numbers
    assert "00000000" not in text and "99999999" not in text


def test_the_csv_defuses_spreadsheet_formulas(case, tmp_path):
    save_weighting(case, {}, name="=HYPERLINK(\"http://x\")", folder=tmp_path)
    rows = list(csv.DictReader(io.StringIO(report_csv(aggregate(tmp_path, case=case)))))
    assert rows[0]["student"] == "'=HYPERLINK(\"http://x\")"



def test_noncharacters_in_a_name_or_verdict_are_shown_as_escapes_not_written_into_the_page(case, tmp_path):
    """HTML does not allow noncharacters (a parse error: "noncharacter-in-input-stream"); a submission may hold them."""
    save_weighting(case, {}, name="Ana\uffff\ufdd0", verdict_text="Both\U0010fffe.", folder=tmp_path)
    page = report_html(aggregate(tmp_path, case=case), figures=False)
    _check(page)
    assert not [c for c in page if 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE]
    assert "Ana\\uffff\\ufdd0" in page and "Both\\U0010fffe." in page

def test_an_empty_class_gives_a_valid_page_without_figures(case):
    page = report_html(ClassReport(case, ()))
    checker = _check(page)
    assert "img" not in checker.tags and "Read 0 submissions; skipped 0." in "".join(checker.text)


def test_write_report_is_atomic_and_does_not_overwrite(case, tmp_path, class_report):
    out = write_report(class_report[0], tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(FileExistsError):
        write_report(class_report[0], out)
    assert write_report(class_report[0], tmp_path / "w.csv").read_text(encoding="utf-8").startswith("student,")


# ---------------------------------------------------------------- figures

def test_a_student_who_weighs_as_a_preset_does_is_drawn_on_its_marker_and_counted_there(case, tmp_path):
    from entente_lab import preset_weights
    from entente_lab.plots import plot_class_plane

    preset = case.presets[0]
    save_weighting(case, preset_weights(case, preset.id), name="Ana", folder=tmp_path)
    handle = plot_class_plane(aggregate(tmp_path, case=case))
    student = next(c for c in handle.students.values() if len(c.get_offsets()))
    marker, label = handle.presets[0]
    assert tuple(student.get_offsets()[0]) == tuple(marker.get_offsets()[0])  # the same point
    assert student.get_zorder() > marker.get_zorder()  # the student above the preset's marker, so seen
    assert "1 student here" in label.get_text()
    assert all("here" not in other.get_text() for _, other in handle.presets[1:])
    save_weighting(case, preset_weights(case, preset.id), name="Ben", folder=tmp_path)
    handle.update(aggregate(tmp_path, case=case))
    assert "2 students here" in label.get_text()


def _students_under_labels(handle) -> list[str]:
    """Each (student point, preset label) pair where the point is drawn inside the label's box."""
    renderer = render(handle)
    found = []
    for _, label in handle.presets:
        box = label.get_window_extent(renderer).padded(-1)
        for collection in handle.students.values():
            for x, y in collection.get_offset_transform().transform(collection.get_offsets()):
                if box.contains(x, y):
                    found.append(f"a student at {x:.0f},{y:.0f} px is under {label.get_text()!r}")
    return found


def test_no_student_is_hidden_under_a_preset_label_and_the_labels_move_as_the_class_arrives(case, tmp_path):
    import dataclasses

    from entente_lab.plots import plot_class_plane

    save_weighting(case, {}, name="Ana", folder=tmp_path)
    one = aggregate(tmp_path, case=case)
    handle = plot_class_plane(dataclasses.replace(one, submissions=()))
    renderer = render(handle)
    to_data = handle.ax.transData.inverted()
    spots = [tuple(to_data.transform(label.get_window_extent(renderer).get_points().mean(axis=0)))
             for _, label in handle.presets]  # where each label is written for an empty class
    student = one.submissions[0]
    arrived = dataclasses.replace(one, submissions=tuple(dataclasses.replace(student, strength=x, strain=y)
                                                         for x, y in spots))
    assert _students_under_labels(plot_class_plane(dataclasses.replace(one, submissions=()))) == []
    handle.update(arrived)  # students land where the labels were: the labels make room
    assert _students_under_labels(handle) == []
    drawn = plot_class_plane(arrived)  # and a plane drawn for that class places them clear at once
    assert _students_under_labels(drawn) == []
    assert all(c.get_zorder() > label.get_zorder() for c in drawn.students.values() for _, label in drawn.presets)


def test_the_class_plane_marks_each_region_by_colour_and_marker(class_report):
    from entente_lab.plots import plot_class_plane
    from entente_lab.plots.classroom import REGION_MARKERS
    from entente_lab.plots.style import OKABE_ITO

    report, _ = class_report
    handle = plot_class_plane(report)
    assert len(set(REGION_MARKERS.values())) == 4
    assert sum(len(handle.students[v].get_offsets()) for v in VERDICTS) == 30
    palette = {c.lower() for c in OKABE_ITO.values()}
    from matplotlib.colors import to_hex

    for collection in handle.students.values():
        assert {to_hex(c) for c in collection.get_facecolors()} <= palette
    labels = [" ".join(t.get_text().split()) for t in handle.ax.texts]  # a long name is drawn on two lines
    assert all(report.case.region_label(v) in labels for v in VERDICTS)  # the regions are named in the case's words
    shown = [" ".join(label.get_text().split("\n(+ ")[0].replace("-\n", "-").split()) for _, label in handle.presets]
    assert shown == [p.label for p in report.case.presets]  # whole (a line may end after a hyphen), never elided


def test_the_weight_distributions_show_every_student_and_flag_contested_factors(class_report):
    from entente_lab.plots import plot_weight_distributions, weight_distributions_summary

    report, _ = class_report
    handle = plot_weight_distributions(report)
    assert set(handle.dots) == {f.id for f in report.case.factors}
    assert all(len(d.get_offsets()) == 30 for d in handle.dots.values())
    flagged = [fid for fid, flag in handle.flags.items() if flag.get_visible() and flag.get_text() == "contested"]
    assert sorted(flagged) == sorted(report.contested) and len(flagged) == 3
    sentence = weight_distributions_summary(report)
    assert all(report.spreads[f].label in sentence for f in report.contested + report.consensus)


# ---------------------------------------------------------------- in a real browser

@pytest.mark.browser
def test_the_report_renders_in_chromium_with_no_script_and_every_image(class_report, tmp_path, page,
                                                                        screenshots_dir):
    out = write_report(class_report[0], tmp_path / "report.html")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(out.as_uri())
    page.screenshot(path=str(screenshots_dir / "class_report.png"), full_page=True)
    assert errors == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 300)")
    assert page.locator("#summary").inner_text() == class_report[0].summary()
    assert HOSTILE_NAME in page.locator("body").inner_text()


@pytest.mark.browser
def test_the_report_has_no_serious_accessibility_violation_and_every_figure_its_summary_as_alt_text(
        class_report, tmp_path, page):
    """axe-core's WCAG 2.1 A/AA rules over the whole page, as an instructor's browser shows it."""
    from entente_lab.plots.classroom import class_plane_summary, weight_distributions_summary

    from .a11y import axe_violations

    page.goto(write_report(class_report[0], tmp_path / "report.html").as_uri())
    assert axe_violations(page, include=None) == []
    alts = page.evaluate("[...document.images].map(i => i.alt)")
    assert alts == [class_plane_summary(class_report[0]), weight_distributions_summary(class_report[0])]


@pytest.mark.parametrize("name", sorted(OTHER_CASES))
def test_the_report_of_another_case_speaks_only_its_words(name, tmp_path):
    """A demo class for another case: no bundled-case word in the page or the CSV; sides in the case's words."""
    from dataclasses import replace

    from entente_lab import load_case
    from entente_lab.case.records import Side
    from entente_lab.classroom.demo import demo_class

    from .bundled_words import find_bundled_words

    case = load_case(OTHER_CASES[name])
    case = replace(case, plane=replace(case.plane, sides={"strength": Side("strength", "cooperation", "Cooperation"),
                                                          "strain": Side("strain", "friction", "Friction")}))
    demo_class(case, tmp_path, n=12)
    report = aggregate(tmp_path, case=case)
    assert report.n_students == 12
    # the figures' layout is the plots' business; their words are their summaries, checked here as text
    from entente_lab.plots.classroom import class_plane_summary, weight_distributions_summary

    page, table = report_html(report, figures=False), report_csv(report)
    text = " ".join([*_check(page).text, class_plane_summary(report), weight_distributions_summary(report)])
    assert find_bundled_words(text) == [] and find_bundled_words(table) == []
    assert "<td>cooperation</td>" in page and "<td>friction</td>" in page and "<td>strength</td>" not in page
    assert case.interpretation in text
    assert csv.DictReader(io.StringIO(table)).fieldnames[:10] == [
        "student", "counted", "saved_at", "verdict", "strength", "strain", "strength_before", "strain_before",
        "prediction", "scenario_clock"]


def test_template_syntax_and_quotes_in_a_name_or_verdict_are_shown_as_text(case, tmp_path):
    # the page is a Jinja2 template: a student's words are never template code, markup or attributes
    # (a product no page could show by chance: "49" was also the minute in the page's time stamp)
    trap = "{{ 7 * 1234567 }} {% if true %}yes{% endif %} '\" onmouseover=\"x"
    save_weighting(case, {}, name="Ana " + trap, verdict_text="Both. " + trap, folder=tmp_path)
    page = report_html(aggregate(tmp_path, case=case), figures=False)
    checker = _check(page)
    text = "".join(checker.text)
    assert ("Ana " + trap) in text and ("Both. " + trap) in text and str(7 * 1234567) not in text
    assert not [name for _, name, _ in checker.attrs if name == "onmouseover"]
