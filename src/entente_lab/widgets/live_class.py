"""The live class: the instructor's view of a class folder, redrawn by itself as students hand in.

:class:`LiveClass` shows, for a class folder, the class on the case's plane, the share of
the class in each region, the factors the class disagrees on most, how many students have
handed in (and who, unless ``hide_names``), and every file it did not count, with the
reason. It keeps itself up to date without any cell being run again.

How it updates by itself
------------------------
A :class:`Ticker` (a small anywidget with nothing to show) runs a timer in the browser,
in its view: every ``interval`` seconds it sends the kernel a "tick" message, and it sends
the next one only once the kernel has answered the last ("tock"), so ticks never pile up
behind a kernel busy with another cell. On a tick the kernel asks the class inbox what is
new (it reads only new or changed files) and redraws only what changed; a tick with
nothing new redraws nothing and sends nothing but the answer. There is no thread in the
kernel and no timer without a view: the timer lives and dies with the view (clearing the
output, closing the notebook or :meth:`LiveClass.close` stops it).

Nothing stops it and nothing it reads can make it raise: a file the inbox refuses is
listed with its reason while the rest counts, and a look that fails (the shared volume
gone for a moment) is said in one line while the last picture stays; the next tick tries
again.

Examples
--------
>>> import tempfile
>>> from entente_lab import load_case, save_weighting
>>> case, folder = load_case(), tempfile.mkdtemp()
>>> view = LiveClass(folder, case=case)
>>> view.report.n_students
0
>>> _ = save_weighting(case, {}, name="Ana", folder=folder)
>>> view.tick(), view.report.n_students
(True, 1)
>>> view.tick()  # nothing new: nothing redrawn
False
>>> view.close()
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from ..case.loading import load_case
from ..case.records import Case
from ..classroom.aggregate import ClassReport, aggregate
from ..classroom.submissions import REASONS
from ..plots.classroom import ClassPlaneArtists, plot_class_plane
from ..report import skipped_labels, student_labels
from ..templating import visible
from .explorers import FigurePanel

__all__ = ["DEFAULT_INTERVAL", "LiveClass", "Ticker", "open_live_class"]

#: Seconds between two looks at the class folder while a view is shown.
DEFAULT_INTERVAL = 1.0

#: The environment variable that names the class folder (set by a hub administrator for every user).
_CLASS_VARIABLE = "ENTENTE_LAB_CLASS"

#: How long the browser waits for the kernel's answer to a tick before it ticks again all the same (a lost answer).
_ANSWER_TIMEOUT_MS = 30_000

_TICKER_JS = """
function render({ model, el }) {
  el.style.display = "none";  // a clock, nothing to see
  let timer = null;
  let waiting = 0;  // when the tick in flight went out (0: none): one at a time
  const tick = () => {
    if (!model.get("running")) return;
    if (waiting && performance.now() - waiting < %(timeout)d) return;
    waiting = performance.now();
    model.send({ event: "tick" });
  };
  const onAnswer = (message) => { if (message && message.event === "tock") waiting = 0; };
  const restart = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
    if (model.get("running")) timer = setInterval(tick, Math.max(250, 1000 * model.get("interval")));
  };
  model.on("msg:custom", onAnswer);
  model.on("change:running change:interval", restart);
  restart();
  return () => {  // the view is gone (output cleared, notebook closed, widget closed): so is the clock
    if (timer !== null) clearInterval(timer);
    model.off("msg:custom", onAnswer);
    model.off("change:running change:interval", restart);
  };
}
export default { render };
""" % {"timeout": _ANSWER_TIMEOUT_MS}


class Ticker(anywidget.AnyWidget):
    """A clock in the browser: while a view of it is shown and ``running``, a "tick" message every ``interval`` seconds.

    The kernel answers each tick with ``{"event": "tock"}`` (:meth:`answer`); the view
    sends no new tick while one is unanswered (for up to 30 s). Listen with
    ``on_msg(callback)``: ``callback(ticker, {"event": "tick"}, buffers)``.

    Examples
    --------
    >>> ticker = Ticker(interval=2.0)
    >>> ticker.running, ticker.interval
    (True, 2.0)
    """

    _esm = _TICKER_JS
    interval = traitlets.Float(DEFAULT_INTERVAL, help="Seconds between ticks (at least 0.25).").tag(sync=True)
    running = traitlets.Bool(True, help="Whether the views tick at all.").tag(sync=True)

    def answer(self) -> None:
        """Tell the views the last tick is handled, so the next may go."""
        if self.comm is not None:
            self.send({"event": "tock"})


# --------------------------------------------------------------------------- where the class comes from

@dataclass(frozen=True)
class _Look:
    """One look at the class: the report as it is now, and whether it differs from the last look."""

    report: ClassReport
    changed: bool


class _FolderInbox:
    """A folder of submission files, read again whole when its listing (names, sizes, times) changes."""

    def __init__(self, folder: str | os.PathLike[str], case: Case) -> None:
        self.folder, self.case = os.fspath(folder), case
        self._listing: object = None
        self._report: ClassReport | None = None

    def _fingerprint(self) -> object:
        try:
            with os.scandir(self.folder) as entries:
                return sorted((e.name, e.stat(follow_symlinks=False).st_size, e.stat(follow_symlinks=False).st_mtime_ns)
                              for e in entries)
        except OSError as error:
            return ("unreadable", error.errno)

    def refresh(self) -> _Look:
        listing = self._fingerprint()
        if self._report is not None and listing == self._listing:
            return _Look(self._report, False)
        self._listing, self._report = listing, aggregate(self.folder, case=self.case)
        return _Look(self._report, True)


def _open_inbox(folder: str | os.PathLike[str], case: Case | None) -> Any:
    """The object whose ``refresh()`` gives each look at ``folder``'s class."""
    return _FolderInbox(folder, load_case() if case is None else case)


# --------------------------------------------------------------------------- what the view shows

def _students(count: int) -> str:
    return f"{count} student{'s' if count != 1 else ''}"


def count_html(report: ClassReport, *, hide_names: bool = False) -> str:
    """How many students have handed in (and who, unless ``hide_names``), as HTML.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> count_html(ClassReport(load_case(), ()))
    '<p class="entente-live-count" role="status"><b>0 students have handed in.</b> Skipped files: 0.</p>'
    """
    n = report.n_students
    line = (f'<p class="entente-live-count" role="status"><b>{_students(n)} {"has" if n == 1 else "have"} handed in.'
            f"</b> Skipped files: {len(report.skipped)}.</p>")
    if hide_names or not n:
        return line
    names = ", ".join(html.escape(visible(label)) for label in student_labels(report).values())
    return line + f"<details><summary>Who has handed in</summary><p>{names}</p></details>"


def shares_html(report: ClassReport) -> str:
    """The share of the class in each region, as an HTML table in the case's words.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> "<th scope=\\"col\\">Share</th>" in shares_html(ClassReport(load_case(), ()))
    True
    """
    case = report.case
    rows = "".join(f'<tr><th scope="row" style="text-align:left">{html.escape(case.region_label(code))}</th>'
                   f'<td style="text-align:right">{count}</td>'
                   f'<td style="text-align:right">{report.region_shares[code]:.0%}</td></tr>'
                   for code, count in report.region_counts.items())
    return ('<table class="entente-live-shares"><caption style="text-align:left"><b>Where the class lands</b></caption>'
            '<tr><th scope="col">Region</th><th scope="col">Students</th><th scope="col">Share</th></tr>'
            f"{rows}</table>")


def contested_html(report: ClassReport) -> str:
    """The factors the class disagrees on most (widest middle half first), or why there are none yet.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> "Fewer than two students" in contested_html(ClassReport(load_case(), ()))
    True
    """
    heading = "<p><b>Most contested factors</b></p>"
    if report.spread_note:
        return f"{heading}<p>{html.escape(report.spread_note)}</p>"
    spreads = report.spreads
    items = "".join(f"<li>{html.escape(spreads[fid].label)}: middle half of the class from {spreads[fid].q1:.2f} "
                    f"to {spreads[fid].q3:.2f} (median {spreads[fid].median:.2f})</li>" for fid in report.contested)
    return f'{heading}<ol class="entente-live-contested">{items}</ol>'


def skipped_html(report: ClassReport, *, hide_names: bool = False) -> str:
    """Every file not counted, with its reason ("" when none); with ``hide_names`` files are numbered, not named.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import Skipped
    >>> report = ClassReport(load_case(), (), skipped=(Skipped("class/x.json", "empty", "the file is empty"),))
    >>> "class/x.json: empty file: the file is empty" in skipped_html(report)
    True
    """
    if not report.skipped:
        return ""
    items = "".join(f"<li>{html.escape(visible(label))}: {html.escape(REASONS[skip.reason])}: "
                    f"{html.escape(visible(skip.message))}</li>"
                    for label, skip in zip(skipped_labels(report, hide_names=hide_names), report.skipped, strict=True))
    return (f'<details class="entente-live-skipped" open><summary>Not counted ({len(report.skipped)}): '
            f"the rest of the class still counts</summary><ul>{items}</ul></details>")


# --------------------------------------------------------------------------- the view

class LiveClass(widgets.VBox):
    """The class in a class folder, on the plane and in numbers, kept up to date as files arrive.

    Parameters
    ----------
    folder : path-like
        The class folder.
    case : Case, optional
        The case the class works on; the bundled (or ``$ENTENTE_LAB_CASE``) one by default.
    hide_names : bool
        Show no student's name and no file's name (for projecting to the class).
    interval : float
        Seconds between two looks at the folder while the view is shown.

    Attributes
    ----------
    report : ClassReport
        The class as last seen.
    ticker : Ticker
        The browser's clock.
    count, shares, contested, skipped, status : ipywidgets.HTML
        Who has handed in; the region shares; the most contested factors; the files not
        counted, with their reasons; a line when the last look failed.
    plane : FigurePanel
        The class on the plane (an ``<img>`` whose alt text is the figure's summary, and the summary).
    redraws : int
        How many times the view has been drawn (the first time included).
    """

    def __init__(self, folder: str | os.PathLike[str], *, case: Case | None = None, hide_names: bool = False,
                 interval: float = DEFAULT_INTERVAL, **kwargs: Any) -> None:
        self.folder = os.fspath(folder)
        self.hide_names = hide_names
        self.redraws = 0
        self.updated_at = 0.0
        self._closed = False
        self._inbox = _open_inbox(folder, case)
        self.ticker = Ticker(interval=interval)
        self.ticker.on_msg(self._on_message)
        self.count, self.shares, self.contested = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.skipped, self.status = widgets.HTML(), widgets.HTML()
        self.plane = FigurePanel()
        self._plane: ClassPlaneArtists | None = None
        self.report: ClassReport = self._inbox.refresh().report
        self._draw()
        width = self._plane.figure.get_figwidth() * 100 + 20  # the figure's pixels (FigurePanel draws at 100 dpi)
        self.plane.box.layout = widgets.Layout(flex="0 1 auto", width=f"{width:.0f}px", max_width="100%")
        side = widgets.VBox([self.shares, self.contested], layout=widgets.Layout(flex="1 1 20em", min_width="18em",
                                                                                 margin="0 0 0 1em"))
        self._boxes = (side, widgets.HBox([self.plane.box, side], layout=widgets.Layout(flex_flow="row wrap")))
        super().__init__([self.ticker, self.count, self.status, self._boxes[1], self.skipped], **kwargs)
        self.add_class("entente-live-class")

    def tick(self) -> bool:
        """Look at the class folder again and redraw if anything changed; whether it did. Never raises.

        A look that fails leaves the last picture and says so in :attr:`status`.
        """
        if self._closed:
            return False
        try:
            look = self._inbox.refresh()
            if not look.changed:
                self._say("")
                return False
            self.report = look.report
            self._draw()
            self._say("")
            return True
        except Exception as error:  # noqa: BLE001 - one failed look must not stop the view; the next tick tries again
            self._say(f"Could not look at the class folder {self.folder} just now ({type(error).__name__}: {error}); "
                      "showing the last look, trying again in a moment.")
            return False

    def _say(self, line: str) -> None:
        text = f'<p role="alert" style="color:#8a1c1c">{html.escape(visible(line))}</p>' if line else ""
        if self.status.value != text:
            self.status.value = text

    def _draw(self) -> None:
        report = self.report
        if self._plane is None:
            self._plane = self.plane.attach(plot_class_plane(report))
        else:
            try:
                self._plane.update(report)
            except ValueError:  # the thresholds changed (the first submission came): draw it anew
                self._plane = self.plane.attach(plot_class_plane(report))
        self.plane.show()
        self.count.value = count_html(report, hide_names=self.hide_names)
        self.shares.value = shares_html(report)
        self.contested.value = contested_html(report)
        self.skipped.value = skipped_html(report, hide_names=self.hide_names)
        self.redraws += 1
        self.updated_at = time.time()

    def _on_message(self, widget: Any, content: Mapping[str, Any], buffers: Any) -> None:
        if not isinstance(content, Mapping) or content.get("event") != "tick":
            return
        try:
            self.tick()
        finally:
            if not self._closed:
                self.ticker.answer()

    def close(self) -> None:
        """Stop looking (the views' clocks stop) and close the view and its parts."""
        self._closed = True
        self.ticker.running = False
        for part in (self.ticker, self.count, self.shares, self.contested, self.skipped, self.status,
                     self.plane.image, self.plane.caption, self.plane.box, *self._boxes):
            part.close()
        super().close()


def open_live_class(folder: str | os.PathLike[str] | None = None, *, case: Case | None = None, hide_names: bool = False,
               interval: float = DEFAULT_INTERVAL) -> LiveClass | None:
    """The live view of ``folder``, or of the class folder the environment names; ``None`` when neither names one.

    The class dashboard notebook calls it with the instructor's ``CLASS_FOLDER``
    (``None`` unless set), so on a hub that names a class folder for every user the
    view appears with nothing to set.

    Examples
    --------
    >>> saved = os.environ.pop(_CLASS_VARIABLE, None)
    >>> open_live_class() is None
    True
    >>> if saved is not None:
    ...     os.environ[_CLASS_VARIABLE] = saved
    """
    if folder is None:
        folder = os.environ.get(_CLASS_VARIABLE) or None
    if folder is None:
        return None
    return LiveClass(folder, case=case, hide_names=hide_names, interval=interval)
