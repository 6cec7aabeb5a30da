"""The interview and its apparatus as HTML for the reading notebooks (pure strings, escaped).

Display the results with ``IPython.display.HTML``; nothing here imports IPython.
"""

from __future__ import annotations

import html

from ..analysis.model import REGIONS
from ..case.records import Case, Quote

__all__ = ["factor_table_html", "glossary_html", "handout_html", "interview_html", "people_html", "quote_html",
           "sources_html"]


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def quote_html(case: Case, quote: Quote) -> str:
    """One quote with its speaker and place.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> quote_html(case, case.thesis.quotes[0])[:60]
    '<blockquote>“It is paradoxical in that I would argue that it'
    """
    speaker = case.person(quote.speaker).name
    return (f"<blockquote>“{_e(quote.text)}”<br><small>— {_e(speaker)}, turn “{_e(quote.turn)}”, "
            f"characters {quote.start}–{quote.end}</small></blockquote>")


def interview_html(case: Case, *, highlight: Quote | None = None) -> str:
    """The interview turn by turn: speaker, numbered paragraphs, the source and its rights.

    ``highlight`` marks one quote in its paragraph.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> text = interview_html(case)
    >>> all(case.person(turn.speaker).name in text for turn in case.turns) and "¶ 2" in text
    True
    """
    parts = [f"<h3>{_e(case.source.title)}</h3>",
             f"<p><i>{_e(', '.join(case.source.authors))}, {_e(case.source.publisher)}, "
             f"{_e(case.source.published)}.</i> <a href='{html.escape(case.source.url)}' target='_blank' "
             f"rel='noopener'>Read the original</a>.</p>"]
    for turn in case.turns:
        speaker = case.person(turn.speaker).name
        parts.append(f"<h4>{_e(speaker)}</h4>")
        offset = 0
        for number, paragraph in enumerate(turn.paragraphs, start=1):
            body = _e(paragraph)
            if highlight is not None and highlight.turn == turn.id:
                start, end = highlight.start - offset, highlight.end - offset
                if 0 <= start and end <= len(paragraph):
                    body = (_e(paragraph[:start]) + "<mark>" + _e(paragraph[start:end]) + "</mark>"
                            + _e(paragraph[end:]))
            parts.append(f"<p><small><b>¶ {number}</b></small> {body}</p>")
            offset += len(paragraph) + 2
    parts.append(f"<p><small>{_e(case.source.rights)}</small></p>")
    return "\n".join(parts)


def glossary_html(case: Case) -> str:
    """The glossary as a definition list, labelled as the interpreter's definitions, not the authors' words."""
    # clear:left: JupyterLab floats each term left of its definition; a term on two lines
    # would let the next term float up beside it (a short term beside the last line of a long one)
    items = "".join(f'<dt style="clear:left"><b>{_e(g.term)}</b></dt><dd>{_e(g.definition)}</dd>' for g in case.glossary)
    return (f"<dl>{items}</dl><p><small>Definitions are {_e(case.interpreter)}'s, written for this lab; they are "
            "not the authors' words.</small></p>")


def people_html(case: Case) -> str:
    """Who speaks and who is named: the speakers and the people and works the text cites."""
    speakers = {t.speaker for t in case.turns}
    rows = "".join(f"<li><b>{_e(p.name)}</b>{' (speaks)' if p.id in speakers else ''}: {_e(p.role)}</li>"
                   for p in case.people)
    return f"<ul>{rows}</ul>"


def sources_html(case: Case) -> str:
    """The works the interview cites, for further reading."""
    rows = []
    for work in case.sources:
        venue = f", <i>{_e(work.venue)}</i>" if work.venue else ""
        date = f", {_e(work.date)}" if work.date else ""
        rows.append(f"<li>{_e(', '.join(work.authors))}, “{_e(work.title)}”{venue}{date}. "
                    f"<small>{_e(work.summary)}</small></li>")
    return f"<ul>{''.join(rows)}</ul>"


def factor_table_html(case: Case, *, evidence: bool = True) -> str:
    """Every factor: side, label, evidence type, default weight, first quote, and (when the case has a
    duration scenario) whether it grows with the scenario's clock.

    The column heads say whose each column is: the interpreter's labels and weights, the text's quotes.
    ``evidence=False`` leaves the evidence type out, for a page that asks the student to name it.

    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> table = factor_table_html(case)
    >>> f"{case.interpreter}'s label" in table and table.count("<tr>") == len(case.factors) + 1
    True
    >>> "<th>evidence</th>" in factor_table_html(case, evidence=False)
    False
    """
    whose = _e(case.interpreter)
    scenario = case.scenario
    grows = f"<th>grows with the {_e(scenario.clock)}?</th>" if scenario is not None else ""
    head = (f"<tr><th>side</th><th>factor ({whose}'s label)</th>{'<th>evidence</th>' if evidence else ''}{grows}"
            f"<th>default weight ({whose}'s)</th><th>first quote (the text)</th></tr>")
    rows = "".join(
        f"<tr><td>{_e(case.side(f.kind).label)}</td><td>{_e(f.label)}</td>{f'<td>{f.evidence}</td>' if evidence else ''}"
        + (f"<td>{'yes' if f.duration_linked else 'no'}</td>" if scenario is not None else "")
        + f"<td>{f.default_weight:.2f}</td><td>“{_e(f.quotes[0].text)}”</td></tr>"
        for f in case.factors)
    return f"<table>{head}{rows}</table>"


#: The verdict scaffold's prompts, in the order the rubric marks them: (label, hint, lines to write on).
#: ``{strength}`` and ``{strain}`` are the case's names for the two sides.
_PROMPTS = (
    ("Name", "", 1),
    ("The factors that carry it (two or three, by label)", "", 2),
    ("A quote for the {strength} side, verbatim",
     "in quotation marks, with the speaker, the turn and the paragraph number (¶)", 3),
    ("A quote for the {strain} side, verbatim", "as above", 3),
    ("What kind of evidence each of your two quotes is",
     "observed behaviour, the speaker's own hypothesis, or cited analysis; and whether that changes how much "
     "you trust it", 2),
    ("The weight you are least sure of, and what evidence would change it", "", 3),
    ("Your verdict in two or three sentences",
     "keep the authors' words (in quotation marks) apart from your own interpretation", 5),
)

# REGIONS order: (S high, T high), (high, low), (low, high), (low, low); a score on 0.5 counts as high.
_REGION_RULES = ("S ≥ 0.5, T ≥ 0.5", "S ≥ 0.5, T < 0.5", "S < 0.5, T ≥ 0.5", "S < 0.5, T < 0.5")
#: Where each region's name sits on the blank plane (strength across, strain up, thresholds at 0.5).
_REGION_SPOTS = ((150, 52), (150, 152), (70, 52), (70, 152))


def handout_html(case: Case) -> str:
    """The printable handout: a complete, self-contained HTML page for the case.

    Title and attribution, the interview turn by turn with numbered paragraphs,
    the rights notice, who is who, the glossary, the factor table and a blank
    verdict scaffold with lines to write on. The CSS is inline and there are no
    external assets; the only web address is the link to the original text.
    Print it, or use a browser's Print ▸ Save as PDF.

    Parameters
    ----------
    case : Case
        The case to print, e.g. ``load_case()``.

    Returns
    -------
    str
        An HTML5 document; every piece of the case's text is escaped.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> page = handout_html(case)
    >>> page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    True
    >>> "Your verdict" in page and all(case.region_label(code) in page for code in case.plane.regions)
    True
    """
    from markupsafe import Markup

    from ..templating import render

    strength, strain = (case.side(kind).label for kind in ("strength", "strain"))
    return render(
        "handout.html", source=case.source, case_id=case.id, interpretation=case.interpretation,
        # fragments the notebooks show too, escaped where they are built
        interview=Markup(interview_html(case)),
        people=Markup(people_html(case)) if any(person.role for person in case.people) else None,
        glossary=Markup(glossary_html(case)) if case.glossary else None,
        factors=Markup(factor_table_html(case)),
        plane_title=case.plane.title, across=strength, up=strain,
        spots=[(case.region(code).figure_label, x, y) for code, (x, y) in zip(REGIONS, _REGION_SPOTS, strict=True)],
        regions=[(case.region_label(code), rule) for code, rule in zip(REGIONS, _REGION_RULES, strict=True)],
        prompts=[(label.format(strength=strength, strain=strain), hint, lines) for label, hint, lines in _PROMPTS])
