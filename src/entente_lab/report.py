"""The class report: one self-contained HTML file (figures inside it) and a CSV of every weight.

The page is the Jinja2 template ``templates/report.html``, rendered with autoescaping:
every piece of text that came from a submission file (names, verdicts, paths) is
escaped, with control, invisible and bidirectional-override characters, lone
surrogates and noncharacters shown as visible escapes (:mod:`entente_lab.templating`);
the page also carries a content security policy that allows no script at all.
Nothing is fetched or sent: no external asset, no network. What the instructor
should check (look-alike names, saved times in the future, submissions saved
against another version of the case file) is listed near the top.
"""

from __future__ import annotations

import base64
import csv
import io
import os
from datetime import datetime, timezone
from pathlib import Path

from ._version import __version__
from .analysis.model import REGIONS, assess
from .atomic import write_atomic
from .classroom.aggregate import ClassReport
from .classroom.submissions import REASONS, Submission
from .safe_output import csv_cell

__all__ = ["report_csv", "report_html", "skipped_labels", "student_labels", "write_report"]

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


def _span(css_class: str, text: str, tag: str = "span"):
    """``text`` in a ``<span class=...>`` (or another tag), escaped as every value of the report is."""
    from markupsafe import Markup

    from .templating import visible

    return Markup("<{0} class='{1}'>{2}</{0}>").format(Markup(tag), Markup(css_class), visible(text))


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
    from .templating import render

    case = report.case
    labels = student_labels(report, hide_names=hide_names)
    n = report.n_students
    region = case.region_label
    side = {kind: case.side(kind).label for kind in ("strength", "strain")}
    images = [{"title": title, "data": data, "summary": summary}
              for title, data, summary in (_figures(report) if figures and n else [])]
    spreads = report.spreads if n and not report.spread_note else {}
    contested, consensus = set(report.contested), set(report.consensus)
    divide_rows = [["most contested" if fid in contested else "consensus" if fid in consensus else "", s.label,
                    side[s.kind], f"{s.median:.2f}", f"{s.q1:.2f}–{s.q3:.2f}", f"{s.iqr:.2f}", f"{s.std:.2f}",
                    f"{s.minimum:.2f}–{s.maximum:.2f}"]
                   for fid in [*report.contested, *report.consensus] for s in [spreads[fid]]] if spreads else []
    every_rows = [[s.label, side[s.kind], f"{s.mean:.2f}", f"{s.median:.2f}", f"{s.iqr:.2f}", f"{s.std:.2f}"]
                  for s in spreads.values()]
    kept, made = report.prediction_hits
    crosstab = report.predictions
    prediction_rows = [[region(p) if p else "no prediction", *(str(crosstab.get((p, v), 0)) for v in REGIONS)]
                       for p in [*REGIONS, None] if any(crosstab.get((p, v)) for v in REGIONS)]
    student_rows = []
    for s in report.submissions:
        saved = s.saved_datetime.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        if not s.time_trusted:
            saved += " (in the future: not trusted)"
        student_rows.append([_label(labels, s, hide_names), _span("nw", region(s.region)), f"{s.strength:.2f}",
                             f"{s.strain:.2f}", _span("nw", region(s.prediction.region) if s.prediction else "none"),
                             _span("verdict-text", s.verdict_text, "div"), _span("nw", saved)])
    evidence_rows = [[_label(labels, s, hide_names), _span("nw", piece.date), piece.source, piece.claim,
                      case.factor(piece.factor).label, piece.direction]
                     for s in report.submissions for piece in s.dated_evidence]
    other_rows = [[_label(labels, s, hide_names), s.case_id, s.case_hash[:19] + "…", s.region] for s in report.other_case]
    skipped_rows = [[label, REASONS[skip.reason], skip.message]
                    for label, skip in zip(skipped_labels(report, hide_names=hide_names), report.skipped, strict=True)]
    return render(
        "report.html", case=case, hide_names=hide_names, version=__version__,
        now=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), summary=report.summary(),
        duplicates=[(labels[name], count) for name, count in report.duplicate_names.items()],
        notices=report.notices(labels), n=n, images=images,
        region_rows=[[region(v), case.region(v).meaning, str(report.region_counts[v]), f"{report.region_shares[v]:.0%}"]
                     for v in REGIONS],
        spread_note=report.spread_note if n else "", divide_rows=divide_rows, every_rows=every_rows,
        kept=kept, made=made, prediction_head=["Predicted ↓ / final →", *(region(v) for v in REGIONS)],
        prediction_rows=prediction_rows, student_rows=student_rows, evidence_rows=evidence_rows,
        other_rows=other_rows, skipped_rows=skipped_rows)


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
