"""The class report: one self-contained HTML file (figures inside it) and a CSV of every weight.

Every piece of text that came from a submission file (names, verdicts, paths) is
escaped with :func:`html.escape`, with control, invisible and
bidirectional-override characters and lone surrogates shown as visible escapes;
the page also carries a content security policy that allows no script at all.
Nothing is fetched or sent: no external asset, no network. What the instructor
should check (look-alike names, saved times in the future, submissions saved
against another version of the case file) is listed near the top.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from ._version import __version__
from .analysis.model import REGIONS, assess
from .atomic import write_atomic
from .classroom.aggregate import ClassReport
from .classroom.submissions import REASONS, Submission
from .safe_output import csv_cell

__all__ = ["report_csv", "report_html", "skipped_labels", "student_labels", "write_report"]

#: Characters shown as ``\\uXXXX`` escapes: controls, invisible and direction-changing characters, lone
#: surrogates (a file name that is not UTF-8 decodes to them; they cannot be written as UTF-8), and the
#: noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane), which HTML does not allow.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        f"\ufeff\ud800-\udfff{_NONCHARACTERS}]")


def _esc(text: str) -> str:
    """Escape for HTML, showing invisible and direction-changing characters as ``\\u....``.

    >>> _esc('<b onclick="x">\\u202e&')
    '&lt;b onclick=&quot;x&quot;&gt;\\\\u202e&amp;'
    """
    shown = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000 else
                           f"\\U{ord(m.group()):08x}", text)
    return html.escape(shown, quote=True)


def student_labels(report: ClassReport, *, hide_names: bool = False) -> dict[str, str]:
    """Name to how the report shows it: the name itself, or "Student N" with ``hide_names``.

    Numbers follow the order of saving (of each name's newest submission), so they do
    not reveal the alphabetical order of the names.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> student_labels(ClassReport(load_case(), ()), hide_names=True)
    {}
    """
    names = [s.name for s in report.submissions]
    if not hide_names:
        return {name: name for name in names}
    return {name: f"Student {i}" for i, name in enumerate(names, start=1)}


def skipped_labels(report: ClassReport, *, hide_names: bool = False) -> list[str]:
    """How the report and the command line show each skipped file, in :attr:`ClassReport.skipped` order.

    File names carry students' names, so with ``hide_names`` a skipped file is
    "file 1", "file 2", ..., numbered as listed; otherwise it is its path.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import Skipped
    >>> report = ClassReport(load_case(), (), skipped=(Skipped("class/Ana Lima.json", "empty", "the file is empty"),))
    >>> skipped_labels(report), skipped_labels(report, hide_names=True)
    (['class/Ana Lima.json'], ['file 1'])
    """
    return [f"file {i}" if hide_names else skip.path for i, skip in enumerate(report.skipped, start=1)]


def _label(labels: dict[str, str], submission: Submission, hide: bool) -> str:
    if not hide:
        return submission.name
    return labels.get(submission.name, "a student for another case")


def _png(figure) -> str:
    from .plots._canvas import png_bytes

    return base64.b64encode(png_bytes(figure, dpi=110)).decode("ascii")


def _figures(report: ClassReport) -> list[tuple[str, str, str]]:
    """``(title, base64 PNG, one-sentence summary)`` for each figure (matplotlib imported here, lazily)."""
    from .plots.classroom import plot_class_plane, plot_weight_distributions

    plane, spread = plot_class_plane(report), plot_weight_distributions(report)
    return [(f"The class on {report.case.plane.in_sentence}", _png(plane.figure), plane.summary),
            ("How the class weighted each factor", _png(spread.figure), spread.summary)]


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;max-width:74rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.meta{color:#555;margin-top:0}.summary{background:#f3f3f3;border-left:4px solid #0072B2;padding:.6rem .9rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#333;font-style:italic;margin-top:.3rem}.verdict-text{white-space:pre-wrap;min-width:16rem;max-width:30rem}.nw{white-space:nowrap}
.wide{overflow-x:auto}.note{color:#555}.warn{border-left:4px solid #E69F00;padding:.3rem .8rem;background:#fff8e6}
"""


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table; ``head`` and ``rows`` hold already-escaped HTML."""
    out = ["<div class='wide'><table>", "<thead><tr>" + "".join(f"<th scope='col'>{h}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td class='num'>{c}</td>" if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _evidence_section(report: ClassReport, labels: dict[str, str], hide_names: bool) -> str:
    """The dated evidence the students brought, one row a piece, every text escaped (the students' words, unchecked)."""
    case = report.case
    rows = [[_esc(_label(labels, s, hide_names)), f"<span class='nw'>{_esc(piece.date)}</span>", _esc(piece.source),
             _esc(piece.claim), _esc(case.factor(piece.factor).label), _esc(piece.direction)]
            for s in report.submissions for piece in s.dated_evidence]
    head = "<h2>Evidence the students brought</h2>"
    if not rows:
        return head + "<p>No counted submission holds dated evidence.</p>"
    return (head + "<p>Each row is a student's own dated evidence, attached to a factor, as they gave it: "
            "Entente Lab checks its form, never its truth.</p>"
            + _table(["Student", "Date", "Source", "Claim", "Factor", "Supports or weakens"], rows))


def report_html(report: ClassReport, *, hide_names: bool = False, figures: bool = True) -> str:
    """The class report as one self-contained HTML page.

    Parameters
    ----------
    report : ClassReport
        From :func:`~entente_lab.classroom.aggregate.aggregate`.
    hide_names : bool
        Show "Student 1", "Student 2", ... instead of names, and hide file paths
        (which carry names) in the list of skipped files.
    figures : bool
        Embed the two figures (base64 PNG ``data:`` URIs); ``False`` gives a text-only page.

    Returns
    -------
    str
        HTML5 with inline CSS, images as ``data:`` URIs, no script.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> page = report_html(ClassReport(load_case(), ()), figures=False)
    >>> page.startswith("<!DOCTYPE html>"), "Read 0 submissions; skipped 0." in page
    (True, True)
    """
    case = report.case
    labels = student_labels(report, hide_names=hide_names)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>", "<html lang='en'>", "<head>", "<meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Class report: {_esc(case.source.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>Class report: {_esc(case.source.title)}</h1>",
        f"<p class='meta'>Case <code>{_esc(case.id)}</code> (content hash <code>{_esc(case.content_hash[:19])}"
        f"&hellip;</code>) &middot; made {now} by Entente Lab {_esc(__version__)} on this computer, from files; "
        f"nothing was sent anywhere.{' Names are hidden: students are numbered in the order they saved.' if hide_names else ''}"
        "</p>",
        f"<p class='summary' id='summary'><strong>{_esc(report.summary())}</strong></p>",
    ]
    if report.duplicate_names:
        items = "".join(f"<li>{_esc(labels[name])}: {count} submissions; the newest counts</li>"
                        for name, count in report.duplicate_names.items())
        parts.append(f"<div class='warn'><p>Several submissions under one name: the newest counts.</p>"
                     f"<ul>{items}</ul></div>")
    notices = report.notices(labels)
    if notices:
        items = "".join(f"<li>{_esc(line)}</li>" for line in notices)
        parts.append(f"<div class='warn' id='check'><p>Check these:</p><ul>{items}</ul></div>")

    # regions
    n = report.n_students
    parts.append("<h2>Where the class lands</h2>")
    region = case.region_label
    rows = [[_esc(region(v)), _esc(case.region(v).meaning), str(report.region_counts[v]),
             f"{report.region_shares[v]:.0%}"] for v in REGIONS]
    parts.append(_table(["Region", "Meaning", "Students", "Share"], rows, numeric={2, 3}))
    images = _figures(report) if figures and n else []
    if images:
        title, data, summary = images[0]
        parts.append(f"<figure><img src='data:image/png;base64,{data}' alt='{_esc(summary)}'>"
                     f"<figcaption>{_esc(summary)}</figcaption></figure>")

    # factors
    parts.append("<h2>Which factors divide the class</h2>")
    side = {kind: case.side(kind).label for kind in ("strength", "strain")}
    if n and report.spread_note:
        parts.append(f"<p>{_esc(report.spread_note)}</p>")
    elif n:
        spreads = report.spreads
        contested, consensus = set(report.contested), set(report.consensus)
        rows = []
        for fid in [*report.contested, *report.consensus]:
            s = spreads[fid]
            tag = "most contested" if fid in contested else "consensus" if fid in consensus else ""
            rows.append([_esc(tag), _esc(s.label), _esc(side[s.kind]), f"{s.median:.2f}", f"{s.q1:.2f}&ndash;{s.q3:.2f}",
                         f"{s.iqr:.2f}", f"{s.std:.2f}", f"{s.minimum:.2f}&ndash;{s.maximum:.2f}"])
        parts.append("<p>Spread is the interquartile range (the middle half of the class); the standard "
                     "deviation breaks ties.</p>")
        parts.append(_table(["", "Factor", "Side", "Median", "Middle half", "IQR", "Std", "Range"], rows,
                            numeric={3, 4, 5, 6, 7}))
        if len(images) > 1:
            title, data, summary = images[1]
            parts.append(f"<figure><img src='data:image/png;base64,{data}' alt='{_esc(summary)}'>"
                         f"<figcaption>{_esc(summary)}</figcaption></figure>")
        rows = [[_esc(s.label), _esc(side[s.kind]), f"{s.mean:.2f}", f"{s.median:.2f}", f"{s.iqr:.2f}", f"{s.std:.2f}"]
                for s in spreads.values()]
        parts.append("<details><summary>Every factor</summary>"
                     + _table(["Factor", "Side", "Mean", "Median", "IQR", "Std"], rows, numeric={2, 3, 4, 5})
                     + "</details>")
    else:
        parts.append("<p>No submission was counted, so there is nothing to compare yet.</p>")

    # predictions
    parts.append("<h2>Predictions against final verdicts</h2>")
    kept, made = report.prediction_hits
    if made:
        parts.append(f"<p>{kept} of {made} students who recorded a prediction ended in the region they "
                     f"predicted.{f' {n - made} recorded none.' if n - made else ''}</p>")
        crosstab = report.predictions
        head = ["Predicted &darr; / final &rarr;", *(_esc(region(v)) for v in REGIONS)]
        rows = [[_esc(region(p) if p else "no prediction"), *(str(crosstab.get((p, v), 0)) for v in REGIONS)]
                for p in [*REGIONS, None] if any(crosstab.get((p, v)) for v in REGIONS)]
        parts.append(_table(head, rows, numeric={1, 2, 3, 4}))
    else:
        parts.append("<p>No counted submission holds a prediction.</p>")

    # students
    parts.append("<h2>Students</h2>")
    rows = []
    for s in report.submissions:
        saved = s.saved_datetime.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        if not s.time_trusted:
            saved += " (in the future: not trusted)"
        rows.append([_esc(_label(labels, s, hide_names)), f"<span class='nw'>{_esc(region(s.region))}</span>",
                     f"{s.strength:.2f}", f"{s.strain:.2f}",
                     f"<span class='nw'>{_esc(region(s.prediction.region) if s.prediction else 'none')}</span>",
                     f"<div class='verdict-text'>{_esc(s.verdict_text)}</div>", f"<span class='nw'>{saved}</span>"])
    parts.append(_table(["Student", "Verdict", "Strength", "Strain", "Prediction", "Written verdict", "Saved (UTC)"],
                        rows, numeric={2, 3}) if rows else "<p>None.</p>")

    parts.append(_evidence_section(report, labels, hide_names))

    if report.other_case:
        parts.append("<h2>Submissions for another case (not counted)</h2>")
        parts.append("<p>These are good files for a different case, or for a version of this case file that "
                     "scores differently (other factors, sides, evidence types or duration flags); they are listed "
                     "here and left out of everything above. To rescore them with this case file, run "
                     "<code>entente-lab aggregate</code> with <code>--accept-other-versions</code>.</p>")
        rows = [[_esc(_label(labels, s, hide_names)), _esc(s.case_id), _esc(s.case_hash[:19]) + "&hellip;",
                 _esc(s.region)] for s in report.other_case]
        parts.append(_table(["Student", "Case", "Content hash", "Region there (code)"], rows))

    parts.append("<h2>Files not counted</h2>")
    if report.skipped:
        rows = [[_esc(label), _esc(REASONS[skip.reason]), _esc(skip.message)]
                for label, skip in zip(skipped_labels(report, hide_names=hide_names), report.skipped, strict=True)]
        parts.append(_table(["File", "Reason", "Details"], rows))
    else:
        parts.append("<p>None: every file was read.</p>")
    parts += [f"<p class='note'>Weights and presets are {_esc(case.interpretation)}; the scoring rule is the "
              "package's model.</p>", "</body>", "</html>", ""]
    return "\n".join(parts)


#: Decimal places of every number in the CSV. The sliders move in steps of 0.05, so a
#: weight keeps every digit it can have; a score rounded to 4 places is within 0.00005
#: of the model's, far below what one slider step moves it, and the rounding hides
#: only the binary noise of float sums (``0.5900000000000001`` is written ``0.59``).
CSV_PLACES = 4


def _csv_number(value: float) -> str:
    """``value`` rounded to :data:`CSV_PLACES` places, written without trailing zeros.

    >>> _csv_number(0.5900000000000001), _csv_number(1.0), _csv_number(2 / 3), _csv_number(12)
    ('0.59', '1.0', '0.6667', '12.0')
    """
    return repr(round(float(value), CSV_PLACES))


def report_csv(report: ClassReport, *, hide_names: bool = False) -> str:
    """Every good submission for the case, one row each, with every factor's weight.

    Columns: ``student``, ``counted`` (``yes``, or ``superseded`` for an older save
    under the same name), ``saved_at``, ``verdict`` (the case's name for the region),
    ``strength``, ``strain`` (the two scores), ``strength_before``, ``strain_before``
    (the scores before the case's reference event, counting only the factors the text
    dates earlier: :attr:`~entente_lab.Assessment.before`; empty for a case that names
    no reference event), ``prediction`` (the case's name for the
    predicted region), ``scenario_clock`` (the duration scenario's clock, in the case's
    ``scenario.unit``; empty when the scenario was off), ``trust_<type>`` for each evidence type,
    ``threshold_strength``, ``threshold_strain``, then one column per factor id in case
    order. Numbers are rounded to :data:`CSV_PLACES` (4) decimal places. Text cells that a
    spreadsheet would run as a formula get a leading ``'``.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> report_csv(ClassReport(load_case(), ())).split(",")[:4]
    ['student', 'counted', 'saved_at', 'verdict']
    """
    case = report.case
    labels = student_labels(report, hide_names=hide_names)
    ids = [f.id for f in case.factors]
    trust_keys = ("observed", "hypothesis", "cited")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["student", "counted", "saved_at", "verdict", "strength", "strain", "strength_before", "strain_before",
                     "prediction", "scenario_clock",
                     *(f"trust_{k}" for k in trust_keys), "threshold_strength", "threshold_strain", *ids])
    rows = [(s, "yes") for s in report.submissions] + [(s, "superseded") for s in report.superseded]
    for s, counted in rows:
        before = assess(case, s.weights, **s.options).before
        writer.writerow([csv_cell(_label(labels, s, hide_names)), counted, s.saved_at,
                         csv_cell(case.region_label(s.region)), _csv_number(s.strength), _csv_number(s.strain),
                         *(("", "") if before is None else (_csv_number(before[0]), _csv_number(before[1]))),
                         csv_cell(case.region_label(s.prediction.region)) if s.prediction else "",
                         "" if s.months is None else _csv_number(s.months),
                         *(_csv_number(s.evidence_trust.get(k, 1.0)) for k in trust_keys),
                         _csv_number(s.thresholds[0]), _csv_number(s.thresholds[1]),
                         *(_csv_number(s.weights[i]) for i in ids)])
    return buffer.getvalue()


def write_report(report: ClassReport, path: str | os.PathLike[str], *, hide_names: bool = False,
                 overwrite: bool = False, kind: str | None = None) -> Path:
    """Write the HTML report (or, for a ``.csv`` path or ``kind='csv'``, the CSV) atomically.

    Raises
    ------
    FileExistsError
        ``path`` exists and ``overwrite`` is false.
    """
    kind = kind or ("csv" if os.fspath(path).lower().endswith(".csv") else "html")
    if kind not in ("csv", "html"):
        raise ValueError(f"kind is {kind!r}; use 'html' or 'csv'")
    text = report_csv(report, hide_names=hide_names) if kind == "csv" else report_html(report, hide_names=hide_names)
    return write_atomic(path, text, overwrite=overwrite)
