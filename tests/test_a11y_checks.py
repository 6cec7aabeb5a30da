"""The see-what-a-person-sees checks themselves, on small pages with a known defect and without it.

Each check must find the defect it is for (so it can fail) and stay quiet on the
same page done right (so a pass means something).
"""

from __future__ import annotations

import re

import pytest

from .a11y import axe_violations, cut_text, misplaced_terms, overflowing_frames, overlapping_text, unreachable_controls

SCOPE = ".ours"
#: Every check runs on a page in Chromium (see CONTRIBUTING.md).
pytestmark = pytest.mark.browser
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def _page(page, body: str) -> None:
    page.set_viewport_size({"width": 1000, "height": 700})
    page.set_content(f"<!DOCTYPE html><html lang='en'><head><title>t</title></head><body>"
                     f"<main><div class='ours'>{body}</div><img src='{PNG}' class='theirs'></main></body></html>")


def test_overlapping_text_is_found_and_text_side_by_side_is_not(page):
    _page(page, "<div style='position:relative;height:80px'>"
                "<span style='position:absolute;top:0;left:0'>The long fifth answer</span>"
                "<span style='position:absolute;top:6px;left:30px'>The sixth answer</span></div>")
    found = overlapping_text(page, SCOPE)
    assert len(found) == 1 and '"The long fifth answer" and "The sixth answer" overlap' in found[0], found
    _page(page, "<p style='line-height:1;width:120px;font-size:16px'>Tight lines of a paragraph that wraps over "
                "several lines <b>with bold</b> words next to plain ones.</p><label><input type=radio> A choice</label>")
    assert overlapping_text(page, SCOPE) == []


def test_text_over_a_control_is_an_overlap_but_a_buttons_own_label_is_not(page):
    _page(page, "<div style='position:relative;height:60px'><input type=radio style='position:absolute;left:0;top:0'>"
                "<span style='position:absolute;left:2px;top:2px;font-size:20px'>Over the circle</span></div>"
                "<button>Check</button>")
    found = overlapping_text(page, SCOPE)
    assert len(found) == 1 and "<input type=radio>" in found[0] and "Over the circle" in found[0], found


def test_only_the_scope_counts(page):
    page.set_content("<div style='position:relative'><span style='position:absolute'>One</span>"
                     "<span style='position:absolute'>Two</span></div><div class='ours'>Fine</div>")
    assert overlapping_text(page, SCOPE) == []


def test_a_control_in_a_box_squeezed_to_nothing_is_found_though_playwright_calls_it_visible(page):
    _page(page, "<div style='height:0;overflow:hidden'><input type=range aria-label='trust'></div>"
                "<div style='height:100px;overflow:auto'><div style='height:900px'></div><button>Far down</button></div>"
                "<button style='display:none'>Hidden on purpose</button>"
                "<details><summary>More</summary><button>Inside closed details</button></details>")
    assert page.locator(".ours input").is_visible()
    found = unreachable_controls(page, SCOPE)
    assert len(found) == 1 and re.fullmatch(r'<input type=range> "trust": \d+×0 of its \d+×\d+ px can be seen when scrolled to',
                                            found[0]), found


def test_a_control_off_to_the_side_is_found(page):
    _page(page, "<div style='overflow:clip'><div style='width:3000px'><button style='margin-left:2500px'>Out of reach"
                "</button></div></div>")
    found = unreachable_controls(page, SCOPE)
    assert len(found) == 1 and '"Out of reach"' in found[0], found


def test_a_label_cut_by_its_button_is_found(page):
    _page(page, "<button style='width:80px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis'>"
                "Record my prediction</button><button>Check</button>"
                # as ipywidgets draws a button: the text passes the content box by a few px, not the padding box
                "<button style='width:148px;padding:0 12px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;"
                "font:13px sans-serif'><i style='margin-right:16px'>*</i>Show the answer and more</button>")
    found = cut_text(page, SCOPE)
    assert len(found) == 2 and found[0].startswith('"Record my prediction" is cut by'), found
    assert found[1].startswith('"Show the answer and more" is cut by'), found
    _page(page, "<button style='overflow:hidden;white-space:nowrap'>Record my prediction</button>"
                "<div style='height:40px;overflow:auto'><p>A</p><p>B</p><p>C</p></div>")
    assert cut_text(page, SCOPE) == []


@pytest.mark.parametrize("width", ["100%", "auto"])
def test_a_box_passing_the_edge_of_its_frame_is_found(page, width):
    """As ipywidgets drew 07's verdict box: ``width: 100%`` plus the widget's 2 px margin, in a framed box with padding.

    The inner box scrolls (as ipywidgets' boxes do), so the 2 px are cut off, not drawn
    over the frame: the layout box is what counts. A long list that scrolls inside the
    frame, and a list's own options, are not findings.
    """
    frame = "border:1px solid #999;padding:6px;width:400px"
    widget = f"display:flex;box-sizing:border-box;width:{width};margin:2px"
    _page(page, f"<div style='{frame}'><div style='display:flex;flex-direction:column;overflow:auto'>"
                f"<div style='{widget}'><textarea style='box-sizing:border-box;width:100%' aria-label='verdict'></textarea></div>"
                "<select multiple size=3 aria-label='cited'>" + "".join(f"<option>Factor {i}</option>" for i in range(12)) +
                "</select><div style='height:60px;overflow:auto'>" + "<p>line</p>" * 10 + "</div></div></div>")
    found = overflowing_frames(page, SCOPE)
    if width == "auto":
        assert found == []
    else:  # the widget's box is named, not the text box inside it as well
        assert len(found) == 1 and found[0].startswith("<div> passes the edge of its framed box <div> by 2.0 px"), found


@pytest.mark.parametrize(("body", "rules"), [
    (f"<img src='{PNG}'>", {"image-alt"}),
    (f"<img src='{PNG}' alt='A red dot.'>", set()),
    ("<div style='height:40px;overflow:auto'><p>A</p><p>B</p><p>C</p><p>D</p></div>", {"scrollable-region-focusable"}),
    ("<div style='height:40px;overflow:auto' tabindex=0 role=region aria-label='List'><p>A</p><p>B</p><p>C</p></div>",
     set()),
])
def test_axe_finds_serious_violations_in_the_scope_only(page, body, rules):
    _page(page, body)  # the page also has an <img> without alt outside the scope
    found = axe_violations(page, SCOPE)
    assert {v.rule for v in found} == rules, found
    assert all(v.impact in ("serious", "critical") and v.target and v.summary for v in found)


def test_a_page_laid_out_like_jupyterlab_gives_no_false_findings_and_still_finds_a_defect_below_the_fold(page):
    """The app is absolutely placed in a <body> 0 px high that hides overflow, and scrolls inside its own box.

    <body>'s overflow is the viewport's, so it cuts nothing; a scroller outside our
    outputs moves them all alike, so text below the fold is compared as laid out.
    """
    outputs = "".join(f"<div class='ours'><p>Paragraph {i}</p><button>Button {i}</button></div>" for i in range(30))
    overlap = ("<div class='ours' style='position:relative;height:40px'><span style='position:absolute'>First</span>"
               "<span style='position:absolute;left:8px'>Second</span></div>")
    page.set_viewport_size({"width": 800, "height": 400})
    page.set_content("<!DOCTYPE html><html lang='en'><body style='margin:0;overflow:hidden;height:0'>"
                     "<div style='position:absolute;inset:0;overflow:hidden'><div style='height:380px;overflow:auto'>"
                     f"{outputs}{overlap}</div></div></body></html>")
    assert unreachable_controls(page, SCOPE) == []
    assert cut_text(page, SCOPE) == []
    found = overlapping_text(page, SCOPE)
    assert len(found) == 1 and found[0].startswith('"First" and "Second" overlap'), found


@pytest.mark.parametrize("clear", ["", "clear:left;"])
def test_a_glossary_term_floated_beside_the_entry_before_it_is_found(page, clear):
    """As JupyterLab lays a <dl> out: terms float left; a term on two lines lets the next one float up beside it."""
    terms = [("entente", "A friendly understanding."), ("special military operation", "An official name."),
             ("Belt and Road", "A programme of investment and lending.")]
    entries = "".join(f"<dt style='float:left;width:120px;{clear}'>{t}</dt><dd style='margin-left:130px'>{d}</dd>"
                      for t, d in terms)
    _page(page, f"<dl style='width:500px'>{entries}</dl>")
    found = misplaced_terms(page, SCOPE)
    if clear:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith('term "Belt and Road" starts'), found
