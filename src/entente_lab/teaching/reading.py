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


_HANDOUT_CSS = """
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #111; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0.2rem 0 0.3rem; }
h2 { font: bold 13pt/1.3 Helvetica, Arial, sans-serif; border-bottom: 2px solid #111; margin: 1.6rem 0 0.6rem;
     padding-bottom: 0.15rem; break-after: avoid; }
h3, h4 { font-family: Helvetica, Arial, sans-serif; break-after: avoid; }
h4 { font-size: 11pt; margin: 1rem 0 0.3rem; }
.kicker { font: 9pt Helvetica, Arial, sans-serif; letter-spacing: 0.08em; text-transform: uppercase; color: #555; }
.subtitle { font-style: italic; margin: 0 0 0.6rem; }
.note { font-size: 9.5pt; color: #333; border-left: 3px solid #999; padding: 0.2rem 0 0.2rem 0.6rem; }
.interview > h3:first-child, .interview > h3:first-child + p { display: none; }
.interview p { margin: 0.35rem 0; }
.interview p small b { font-family: Helvetica, Arial, sans-serif; color: #555; }
dl { margin: 0; } dt { margin-top: 0.4rem; } dd { margin: 0 0 0 1.2rem; }
ul { padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.3; }
th, td { border: 1px solid #999; padding: 0.2rem 0.3rem; vertical-align: top; text-align: left; }
th { font-family: Helvetica, Arial, sans-serif; background: #eee; }
tr { break-inside: avoid; }
.verdict { break-before: page; }
.prompt { margin: 1rem 0 0.2rem; font-weight: bold; break-after: avoid; }
.hint { font-weight: normal; font-size: 9.5pt; color: #444; }
.line { border-bottom: 1px solid #777; height: 1.9rem; }
.regions { display: flex; flex-wrap: wrap; gap: 0.3rem 1.4rem; font-size: 10pt; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #111; vertical-align: -0.1em;
       margin-right: 0.35em; }
.plane { float: right; margin: 0 0 0.5rem 1rem; }
.plane text { font: 8px Helvetica, Arial, sans-serif; fill: #333; }
footer { margin-top: 1.5rem; font-size: 8.5pt; color: #444; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
}
"""


def _plane_svg(case: Case) -> str:
    """A blank plane (strength across, strain up, thresholds at 0.5) to mark a point on; the case names it
    and its sides."""
    # Region order in REGIONS: (S high, T high), (high, low), (low, high), (low, low).
    spots = dict(zip(REGIONS, ((150, 52), (150, 152), (70, 52), (70, 152)), strict=True))
    labels = "".join(f"<text x='{x}' y='{y}' text-anchor='middle'>{_e(case.region(v).figure_label)}</text>"
                     for v, (x, y) in spots.items())
    across, up = (_e(case.side(kind).label) for kind in ("strength", "strain"))
    return ("<svg class='plane' width='230' height='230' viewBox='0 0 220 220' role='img' "
            f"aria-label='{_e(case.plane.title)}, blank: {across} across, {up} up, thresholds at 0.5'>"
            "<rect x='30' y='10' width='160' height='160' fill='none' stroke='#111'/>"
            "<line x1='110' y1='10' x2='110' y2='170' stroke='#777' stroke-dasharray='4 3'/>"
            "<line x1='30' y1='90' x2='190' y2='90' stroke='#777' stroke-dasharray='4 3'/>"
            f"{labels}"
            "<text x='30' y='182' text-anchor='middle'>0</text><text x='110' y='182' text-anchor='middle'>0.5</text>"
            "<text x='190' y='182' text-anchor='middle'>1</text>"
            f"<text x='110' y='200' text-anchor='middle'>{across} S</text>"
            "<text x='24' y='173' text-anchor='end'>0</text><text x='24' y='93' text-anchor='end'>0.5</text>"
            "<text x='24' y='13' text-anchor='end'>1</text>"
            f"<text x='10' y='90' text-anchor='middle' transform='rotate(-90 10 90)'>{up} T</text></svg>")


def _lines(count: int) -> str:
    return "<div class='line'></div>" * count


def _verdict_scaffold(case: Case) -> str:
    """The blank written-verdict scaffold, in the order the rubric marks it."""
    # REGIONS order: (S high, T high), (high, low), (low, high), (low, low); a score on 0.5 counts as high.
    where = ("S ≥ 0.5, T ≥ 0.5", "S ≥ 0.5, T < 0.5", "S < 0.5, T ≥ 0.5", "S < 0.5, T < 0.5")
    regions = "".join(f"<span><span class='box'></span>{_e(case.region_label(v))} <span class='hint'>({w})</span></span>"
                      for v, w in zip(REGIONS, where, strict=True))
    strength, strain = (case.side(kind).label for kind in ("strength", "strain"))
    prompts = [
        ("Name", "", 1),
        ("The factors that carry it (two or three, by label)", "", 2),
        (f"A quote for the {strength} side, verbatim",
         "in quotation marks, with the speaker, the turn and the paragraph number (¶)", 3),
        (f"A quote for the {strain} side, verbatim", "as above", 3),
        ("What kind of evidence each of your two quotes is",
         "observed behaviour, the speaker's own hypothesis, or cited analysis; and whether that changes how much "
         "you trust it", 2),
        ("The weight you are least sure of, and what evidence would change it", "", 3),
        ("Your verdict in two or three sentences",
         "keep the authors' words (in quotation marks) apart from your own interpretation", 5),
    ]
    body = "".join(f"<p class='prompt'>{_e(label)}"
                   + (f" <span class='hint'>({_e(hint)})</span>" if hint else "") + f"</p>{_lines(n)}"
                   for label, hint, n in prompts)
    return ("<section class='verdict'><h2>Your verdict</h2>"
            f"{_plane_svg(case)}"
            "<p class='prompt'>Region my weighting lands in <span class='hint'>(tick one; mark your point on the "
            "plane)</span></p>"
            f"<div class='regions'>{regions}</div>"
            f"<p class='prompt'>{_e(strength[:1].upper() + strength[1:])} S = ______ &nbsp; "
            f"{_e(strain[:1].upper() + strain[1:])} T = ______ &nbsp; Margin = ______</p>"
            "<p class='hint'>The margin is how far the score nearer its threshold (0.5) is from it: how much "
            "would have to change for the verdict to flip.</p>"
            "<div style='clear: both'></div>"
            f"{body}</section>")


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
    source = case.source
    subtitle = f"<p class='subtitle'>{_e(source.subtitle)}</p>" if source.subtitle else ""
    kind = f"{_e(source.kind)}, " if source.kind else ""
    url = html.escape(source.url)
    sections = [
        f"<header><div class='kicker'>Entente Lab · handout</div><h1>{_e(source.title)}</h1>{subtitle}"
        f"<p>{kind}{_e(', '.join(source.authors))}. {_e(source.publisher)}, {_e(source.published)}. "
        f"Original: <a class='source-link' href='{url}'>{_e(source.url)}</a></p>"
        f"<p class='note'>{_e(source.rights)}<br>{_e(source.interpretation)}</p></header>",
        f"<section><h2>The interview</h2><div class='interview'>{interview_html(case)}</div></section>",
    ]
    if any(person.role for person in case.people):
        sections.append(f"<section><h2>Who is who</h2>{people_html(case)}</section>")
    if case.glossary:
        sections.append(f"<section><h2>Words to know</h2>{glossary_html(case)}</section>")
    sections.append(
        f"<section><h2>The factors</h2><p class='note'>Labels, evidence types and default weights are "
        f"{_e(case.interpretation)}; the quotes are the text's, verbatim.</p>"
        f"{factor_table_html(case)}</section>")
    sections.append(_verdict_scaffold(case))
    sections.append(f"<footer>Made with Entente Lab from case “{_e(case.id)}”. {_e(source.rights)}</footer>")
    return ("<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<title>{_e(source.title)} — Entente Lab handout</title>\n<style>{_HANDOUT_CSS}</style>\n</head>\n"
            "<body>\n" + "\n".join(sections) + "\n</body>\n</html>\n")
