"""The printable handout: valid, complete, escaped, self-contained, and not tied to one case."""

from __future__ import annotations

import html
import re

import pytest

from entente_lab import load_case
from entente_lab.app.handout import main
from entente_lab.teaching.reading import handout_html

from .conftest import OTHER_CASES
from .html_checks import well_formed

SECOND = OTHER_CASES["second"]


@pytest.fixture(scope="module", params=["bundled", *OTHER_CASES])
def case(request):
    return load_case() if request.param == "bundled" else load_case(OTHER_CASES[request.param])


def test_parses_and_nests(case):
    checker = well_formed(handout_html(case))
    assert {"html", "head", "title", "style", "body", "h1", "table"} <= checker.tags


def test_every_paragraph_appears_escaped(case):
    page = handout_html(case)
    text = " ".join(well_formed(page).text)
    for turn in case.turns:
        for paragraph in turn.paragraphs:
            assert html.escape(paragraph, quote=False) in page
            assert paragraph in text


def test_title_attribution_rights_glossary_factors_and_scaffold(case):
    page = handout_html(case)
    text = " ".join(well_formed(page).text)
    assert case.source.title in text
    assert case.source.rights in text
    for author in case.source.authors:
        assert author in text
    for entry in case.glossary:
        assert entry.term in text
    for factor in case.factors:
        assert factor.label in text
    assert "Your verdict" in text and "least sure" in text
    assert page.count("class='line'") >= 10


def test_no_external_assets_except_the_source_link(case):
    page = handout_html(case)
    checker = well_formed(page)
    external = [u for u in checker.urls if re.search(r"https?:", u[2])]
    assert external == [("a", "href", case.source.url)] * len(external)
    assert external, "the source link is missing"
    assert not any(tag in checker.tags for tag in ("script", "link", "img", "iframe"))
    assert "@import" not in page and "url(" not in page


def test_hostile_text_is_escaped():
    case = load_case()
    from dataclasses import replace
    hostile = replace(case, source=replace(case.source, title="<script>alert(1)</script> & co"))
    page = handout_html(hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_template_syntax_quotes_and_markup_in_the_case_are_shown_as_text():
    # the page is a Jinja2 template: a case's words must never be read as template code or attributes
    from dataclasses import replace

    case = load_case()
    trap = "{{ 7 * 1234567 }} {% if true %}yes{% endif %} {# c #} '\" onmouseover=\"x"  # a product no page shows by chance
    side = replace(case.side("strength"), label=trap)
    hostile = replace(case, source=replace(case.source, title=trap, subtitle=trap, rights=trap),
                      plane=replace(case.plane, title=trap, sides={**case.plane.sides, "strength": side}))
    page = handout_html(hostile)
    parsed = well_formed(page)
    text = "".join(parsed.text)
    assert str(7 * 1234567) not in text and "{{ 7 * 1234567 }}" in text and "{% if true %}yes{% endif %}" in text and "{# c #}" in text
    attributes = parsed.attrs
    assert not any(name == "onmouseover" for _, name, _ in attributes)
    aria = [value for tag, name, value in attributes if tag == "svg" and name == "aria-label"]
    assert aria and aria[0].startswith(trap + ", blank: " + trap + " across")


def test_command_writes_the_file_and_replaces_it(tmp_path, capsys):
    out = tmp_path / "handout.html"
    out.write_text("old", encoding="utf-8")
    assert main(["-o", str(out), "--case", str(SECOND)]) == 0
    assert out.read_text(encoding="utf-8") == handout_html(load_case(SECOND))
    assert "wrote" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["handout.html"]


def test_command_prints_to_stdout_without_o(capsys):
    assert main([]) == 0
    assert capsys.readouterr().out == handout_html(load_case())


def test_command_reports_a_bad_case_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: entente-lab-case/1\nid: x\n", encoding="utf-8")
    assert main(["--case", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


def test_command_usage_error_exits_2():
    with pytest.raises(SystemExit) as stop:
        main(["--no-such-option"])
    assert stop.value.code == 2


def test_no_bundled_word_in_the_handout_of_another_case():
    from .bundled_words import find_bundled_words

    for path in OTHER_CASES.values():
        text = " ".join(well_formed(handout_html(load_case(path))).text)
        assert find_bundled_words(text) == [], path.name


def test_the_words_around_the_text_come_from_the_case(case):
    """Whose interpretation, the sides' and regions' names, and the scenario's column are the case's."""
    page = handout_html(case)
    text = " ".join(well_formed(page).text)
    assert case.interpretation in text
    assert f"factor ({case.interpreter}'s label)" in text and f"default weight ({case.interpreter}'s)" in text
    for code in case.plane.regions:
        assert case.region_label(code) in text
    for kind in ("strength", "strain"):
        assert f"A quote for the {case.side(kind).label} side, verbatim" in text
    if case.scenario is None:
        assert "grows with" not in text
    else:
        assert f"grows with the {case.scenario.clock}?" in text


def test_renamed_sides_and_interpreter_reach_every_part_of_the_handout():
    from dataclasses import replace

    from entente_lab.case.records import Side

    case = load_case(OTHER_CASES["third"])
    sides = {"strength": Side("strength", "cooperation", "Cooperation"), "strain": Side("strain", "friction", "Friction")}
    renamed = replace(case, plane=replace(case.plane, sides=sides),
                      source=replace(case.source, interpreter="Dr Ruth Okafor"))
    text = " ".join(well_formed(handout_html(renamed)).text)
    assert "cooperation S" in text and "friction T" in text and "Cooperation S = ___" in text
    assert "A quote for the friction side" in text and "Dr Ruth Okafor's label" in text
    assert "Dr Ruth Okafor's interpretation" in text
    for own_words in [*(p for t in case.turns for p in t.paragraphs), *(r.label for r in case.plane.regions.values())]:
        text = text.replace(own_words, "")  # the case's own words may say "strength": the lab's may not
    assert not re.search(r"\b(strength|strain)\b", text), "a side is still called by the lab's own word"


@pytest.mark.browser
def test_the_handout_has_no_serious_accessibility_violation_in_chromium(case, tmp_path, page, screenshots_dir):
    """axe-core's WCAG 2.1 A/AA rules over the whole printable page (it has no images: nothing needs alt text)."""
    from .a11y import axe_violations

    path = tmp_path / "handout.html"
    path.write_text(handout_html(case), encoding="utf-8")
    page.goto(path.as_uri())
    assert axe_violations(page, include=None) == []
    assert page.evaluate("document.images.length") == 0
    name = re.sub(r"\W+", "_", case.source.title)[:30]
    page.screenshot(path=str(screenshots_dir / f"handout-{name}.png"), full_page=True)
