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

Ticks may be handled in a kernel thread of their own (ipykernel's subshells), beside a
cell or a tick of another view of the same widget: a view looks and draws one tick at a
time (:mod:`~entente_lab.widgets.threads`).

Nothing stops it and nothing it reads can make it raise: a file the inbox refuses is
listed with its reason while the rest counts, and a look that fails (the shared volume
gone for a moment) is said in one line while the last picture stays; the next tick tries
again.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from entente_lab import load_case, save_weighting
>>> from entente_lab.classroom.class_folder import create_class, hand_in
>>> case = load_case()
>>> folder = create_class(Path(tempfile.mkdtemp()) / "class", case=case)
>>> view = LiveClass(folder.path, case=case)
>>> view.report.n_students
0
>>> _ = hand_in(folder, save_weighting(case, {}, name="Ana", folder=tempfile.mkdtemp()).read_bytes())
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
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from ..case.loading import load_case
from ..case.records import Case
from ..classroom.aggregate import ClassReport
from ..classroom.class_folder import CLASS_FOLDER_VARIABLE, ClassFolderError, ClassInbox, ClassState, skips_in_brief
from ..classroom.submissions import REASONS
from ..plots.classroom import ClassPlaneArtists, plot_class_plane
from ..report import skipped_labels
from ..templating import visible
from .explorers import FigurePanel
from .threads import one_at_a_time, take_turns

__all__ = ["DEFAULT_INTERVAL", "LiveClass", "Ticker", "open_live_class"]

#: Seconds between two looks at the class folder while a view is shown.
DEFAULT_INTERVAL = 1.0

#: How long the browser waits for the kernel's answer to a tick before it ticks again all the same (an answer lost,
#: or a kernel busy with a long cell: then one tick more waits in its queue every this often, each cheap).
_ANSWER_TIMEOUT_MS = 10_000

_TICKER_JS = """
function render({ model, el }) {
  el.style.display = "none";  // a clock, nothing to see
  let timer = null;
  let waiting = 0;  // when the tick in flight went out (0: none): one at a time
  const tick = () => {
    if (!model.get("running")) return;
    if (waiting && performance.now() - waiting < ANSWER_TIMEOUT_MS) return;
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
""".replace("ANSWER_TIMEOUT_MS", str(_ANSWER_TIMEOUT_MS))


class Ticker(anywidget.AnyWidget):
    """A clock in the browser: while a view of it is shown and ``running``, a "tick" message every ``interval`` seconds.

    The kernel answers each tick with ``{"event": "tock"}`` (:meth:`answer`); the view
    sends no new tick while one is unanswered (for up to 10 s). Listen with
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

def _open_inbox(folder: str | os.PathLike[str], case: Case | None) -> ClassInbox:
    """The reader of ``folder``'s class (a one-line ``ClassFolderError`` when it is not a class folder for ``case``)."""
    return ClassInbox(folder, case=case)


# --------------------------------------------------------------------------- what the view shows

def _students(count: int) -> str:
    return f"{count} student{'s' if count != 1 else ''}"


def count_html(state: ClassState, *, hide_names: bool = False) -> str:
    """How many students have handed in, and who (their hub user and display name) unless ``hide_names``.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> count_html(ClassState(ClassReport(load_case(), ())))
    '<p class="entente-live-count" role="status"><b>0 students have handed in.</b> Files not counted: 0.</p>'
    """
    n = state.n_handed_in
    line = (f'<p class="entente-live-count" role="status"><b>{_students(n)} {"has" if n == 1 else "have"} handed in.'
            f"</b> Files not counted: {len(state.skipped)}.</p>")
    if hide_names or not n:
        return line
    names = ", ".join(html.escape(visible(user if s.name == user else f"{user} ({s.name})"))
                      for user, s in zip(state.users, state.report.submissions, strict=True))
    return line + f"<details><summary>Who has handed in</summary><p>{names}</p></details>"


def notices_html(lines: list[str], *, hide_names: bool = False) -> str:
    """What the instructor should check (one line each), or how many there are while names are hidden.

    Examples
    --------
    >>> notices_html([])
    ''
    >>> notices_html(["a line naming ana"], hide_names=True)
    '<p role="note">1 thing to check, hidden while names are hidden.</p>'
    """
    if not lines:
        return ""
    if hide_names:
        return (f'<p role="note">{len(lines)} thing{"s" if len(lines) != 1 else ""} to check, hidden while names are '
                "hidden.</p>")
    items = "".join(f"<li>{html.escape(visible(line))}</li>" for line in lines)
    return f'<ul class="entente-live-notices" role="note">{items}</ul>'


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


def _put_there_by(skip: Any, hide_names: bool) -> str:
    user = getattr(skip, "user", "")
    return f" (put there by {html.escape(visible(user))})" if user and not hide_names else ""


def skipped_html(report: ClassReport, *, hide_names: bool = False) -> str:
    """Every file not counted, with its reason ("" when none); with ``hide_names`` files are numbered, not named.

    Every file is in the class folder's inbound folder, so a file is shown by its name alone.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> from entente_lab.classroom.aggregate import Skipped
    >>> report = ClassReport(load_case(), (), skipped=(Skipped("class/x.json", "empty", "the file is empty"),))
    >>> "<li>x.json: empty file: the file is empty" in skipped_html(report)
    True
    """
    if not report.skipped:
        return ""
    shown, rest = skips_in_brief(report.skipped, hide_names=hide_names)
    items = "".join(f"<li>{html.escape(visible(os.path.basename(label)))}: {html.escape(REASONS[skip.reason])}"
                    f"{_put_there_by(skip, hide_names)}: {html.escape(visible(skip.message))}</li>"
                    for label, skip in zip(skipped_labels(report, hide_names=hide_names)[:shown], report.skipped[:shown],
                                           strict=True))
    items += f"<li>{html.escape(visible(rest))}</li>" if rest else ""
    return (f'<details class="entente-live-skipped" open><summary>Not counted ({len(report.skipped)}): '
            f"the rest of the class still counts</summary><ul>{items}</ul></details>")


# --------------------------------------------------------------------------- the view

class LiveClass(widgets.VBox):
    """The class in a class folder, on the plane and in numbers, kept up to date as students hand in.

    Parameters
    ----------
    folder : path-like
        The class folder (made by ``entente-lab class create``). One that cannot be
        opened yet is said in one line, and looked for again at every tick.
    case : Case, optional
        The case the class works on; the bundled (or ``$ENTENTE_LAB_CASE``) one by
        default. It must be the case the class folder was made for.
    hide_names : bool
        Show no user's name, display name or file name (for projecting to the class).
    interval : float
        Seconds between two looks at the folder while the view is shown.

    Attributes
    ----------
    state : ClassState
        The class as last seen (``state.report`` is the :class:`ClassReport`).
    ticker : Ticker
        The browser's clock.
    count, shares, contested, skipped, notices, status : ipywidgets.HTML
        Who has handed in; the region shares; the most contested factors; the files not
        counted, with their reasons; what the instructor should check; a line when the
        folder could not be read (the picture is then the last one read).
    plane : FigurePanel
        The class on the plane (an ``<img>`` whose alt text is the figure's summary, and the summary).
    redraws : int
        How many times the view has been drawn (the first time included).
    """

    def __init__(self, folder: str | os.PathLike[str], *, case: Case | None = None, hide_names: bool = False,
                 interval: float = DEFAULT_INTERVAL, **kwargs: Any) -> None:
        self.folder, self.case = os.fspath(folder), load_case() if case is None else case
        self.hide_names = hide_names
        self.redraws = 0
        self.updated_at = 0.0
        self._closed = False
        take_turns(self)  # ticks may come in a subshell's thread, beside a cell or another view's tick
        self._inbox: ClassInbox | None = None
        self.ticker = Ticker(interval=interval)
        self.ticker.on_msg(self._on_message)
        self.count, self.shares, self.contested = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.skipped, self.notices, self.status = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.plane = FigurePanel(frozen_layout=True)
        self._plane: ClassPlaneArtists | None = None
        self.state = ClassState(ClassReport(self.case, ()), changed=False)
        if not self.tick():
            self._draw()  # the empty class, until the folder can be read
        width = self.plane.handle.figure.get_figwidth() * 100 + 20  # the figure's pixels (FigurePanel draws at 100 dpi)
        self.plane.box.layout = widgets.Layout(flex="0 1 auto", width=f"{width:.0f}px", max_width="100%")
        side = widgets.VBox([self.shares, self.contested], layout=widgets.Layout(flex="1 1 20em", min_width="18em",
                                                                                 margin="0 0 0 1em"))
        self._boxes = (side, widgets.HBox([self.plane.box, side], layout=widgets.Layout(flex_flow="row wrap")))
        super().__init__([self.ticker, self.count, self.status, self.notices, self._boxes[1], self.skipped], **kwargs)
        self.add_class("entente-live-class")

    @property
    def report(self) -> ClassReport:
        """The class as last seen."""
        return self.state.report

    @one_at_a_time
    def tick(self) -> bool:
        """Look at the class folder again and redraw if anything changed; whether it did. Never raises.

        Only new or changed files are read (:class:`ClassInbox`). A look that fails
        leaves the last picture and says why in :attr:`status`.
        """
        if self._closed:
            return False
        try:
            if self._inbox is None:
                try:
                    self._inbox = _open_inbox(self.folder, self.case)
                except ClassFolderError as error:
                    self._say(f"{error}. Looking again every few seconds.")
                    return False
            state = self._inbox.refresh()
            self._say(state.problem or "")
            if not state.changed:
                return False
            self.state = state
            self._draw()
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
        self.count.value = count_html(self.state, hide_names=self.hide_names)
        self.shares.value = shares_html(report)
        self.contested.value = contested_html(report)
        self.skipped.value = skipped_html(report, hide_names=self.hide_names)
        checks = [line for line in self.state.notices() if line != self.state.problem]
        if self._inbox is not None:
            checks += self._inbox.folder.permission_problems()
        self.notices.value = notices_html(checks, hide_names=self.hide_names)
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

    @one_at_a_time
    def close(self) -> None:
        """Stop looking (the views' clocks stop) and close the view and its parts."""
        self._closed = True
        self.ticker.running = False
        for part in (self.ticker, self.count, self.shares, self.contested, self.skipped, self.notices, self.status,
                     self.plane.image, self.plane.caption, self.plane.box, *getattr(self, "_boxes", ())):
            part.close()
        super().close()


def open_live_class(folder: str | os.PathLike[str] | None = None, *, case: Case | None = None,
                    hide_names: bool = False, interval: float = DEFAULT_INTERVAL) -> LiveClass | None:
    """The live view of ``folder``, or of the class folder the environment names; ``None`` when neither names one.

    The class dashboard notebook calls it with the instructor's ``CLASS_FOLDER``
    (``None`` unless set), so on a hub that names a class folder for every user the
    view appears with nothing to set.

    Examples
    --------
    >>> saved = os.environ.pop(CLASS_FOLDER_VARIABLE, None)
    >>> open_live_class() is None
    True
    >>> if saved is not None:
    ...     os.environ[CLASS_FOLDER_VARIABLE] = saved
    """
    if folder is None:
        folder = os.environ.get(CLASS_FOLDER_VARIABLE, "").strip() or None
    if folder is None:
        return None
    return LiveClass(folder, case=case, hide_names=hide_names, interval=interval)
