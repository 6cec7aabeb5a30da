"""The interview and its apparatus as HTML for the reading notebooks (pure strings, escaped).

Display the results with ``IPython.display.HTML``; nothing here imports IPython.
"""

from __future__ import annotations

import html

from .records import Case, Quote

__all__ = ["factor_table_html", "glossary_html", "interview_html", "people_html", "quote_html", "sources_html"]


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
    >>> text = interview_html(load_case())
    >>> "Ali Wyne" in text and "¶ 7" in text and "©" in text
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
    """The glossary as a definition list, labelled as our definitions."""
    items = "".join(f"<dt><b>{_e(g.term)}</b></dt><dd>{_e(g.definition)}</dd>" for g in case.glossary)
    return (f"<dl>{items}</dl><p><small>Definitions are Entente Lab's, written for this lab; they are not the "
            "authors' words.</small></p>")


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


def factor_table_html(case: Case) -> str:
    """Every factor: kind, label, evidence type, whether tied to the war's length, default weight, first quote."""
    head = ("<tr><th>kind</th><th>factor (our label)</th><th>evidence</th><th>grows with the war?</th>"
            "<th>default weight (ours)</th><th>first quote (the text)</th></tr>")
    rows = "".join(
        f"<tr><td>{f.kind}</td><td>{_e(f.label)}</td><td>{f.evidence}</td>"
        f"<td>{'yes' if f.duration_linked else 'no'}</td><td>{f.default_weight:.2f}</td>"
        f"<td>“{_e(f.quotes[0].text)}”</td></tr>"
        for f in case.factors)
    return f"<table>{head}{rows}</table>"
