"""An exercise as a widget: answer, Check (immediate, specific feedback: matches, defensible, or a hint), the
answer only on request."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as w

from ..case.records import Case
from ..teaching.exercises import Exercise, Feedback, exercise, unsupported_exercises
from . import controls

__all__ = ["ExerciseWidget", "markdown_to_html"]


def markdown_to_html(text: str) -> str:
    """The little Markdown the worked answers use (bullets, **bold**, *italic*), escaped.

    >>> markdown_to_html("- **a** <b>\\n- *b*")
    '<ul><li><b>a</b> &lt;b&gt;</li><li><i>b</i></li></ul>'
    """
    def inline(line: str) -> str:
        line = html.escape(line, quote=False)
        line = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", line)
        return re.sub(r"\*(.+?)\*", r"<i>\1</i>", line)

    parts, bullets = [], []
    for line in text.splitlines():
        if line.startswith("- "):
            bullets.append(f"<li>{inline(line[2:])}</li>")
            continue
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if line.strip():
            parts.append(f"<p>{inline(line)}</p>")
    if bullets:
        parts.append("<ul>" + "".join(bullets) + "</ul>")
    return "".join(parts)


#: How each outcome is marked: (mark, colour); the colours are of the Okabe-Ito palette.
_MARKS = {
    "matches": ("✔ Matches the case's reading.", "#009E73"),
    "defensible": ("✔ Defensible: a reading the text supports.", "#0072B2"),
    "not-supported": ("✘ Not yet.", "#D55E00"),
    None: ("…", "#555555"),
}

#: What Check and "Show the answer" say while the dashboard they read still waits for a prediction.
_PREDICT_FIRST = ("Record your prediction above first: then the sliders unlock, Check reads where your weighting "
                  "lands, and the answer can be shown.")

#: Forms whose answer is the student's own (a weighting, a verdict): there is no "case's reading" to match.
_OWN_ANSWER_MARK = "✔ Done."


def _feedback_html(feedback: Feedback, form: str = "") -> str:
    """The feedback, marked by its outcome; the hint only with an answer the text does not support.

    >>> from entente_lab.teaching.exercises import Feedback
    >>> "Defensible" in _feedback_html(Feedback("defensible", "Both readings hold."))
    True
    >>> "Hint" in _feedback_html(Feedback("not-supported", "Not yet.", "Look again.", "The answer."))
    True
    """
    mark, colour = _MARKS.get(feedback.outcome, _MARKS[None])
    if feedback.outcome == "matches" and form in ("weighting", "verdict"):
        mark = _OWN_ANSWER_MARK
    body = f"<b style='color:{colour}'>{mark}</b> {html.escape(feedback.message, quote=False)}"
    if feedback.hint and feedback.outcome == "not-supported":
        body += f"<br><i>Hint:</i> {html.escape(feedback.hint, quote=False)}"
    return f"<div role='status' aria-live='polite'>{body}</div>"


class ExerciseWidget(w.VBox):
    """One exercise, ready to display.

    Parameters
    ----------
    case : Case
    exercise_id : str
        One of :data:`entente_lab.teaching.exercises.EXERCISE_IDS`. An exercise the case lacks the
        data for (see :func:`~entente_lab.teaching.exercises.unsupported_exercises`) shows one line
        that says so, and nothing else; its ``exercise`` is ``None``.
    dashboard : optional
        For ``weighting`` and ``verdict`` exercises: anything with an ``assessment`` (the
        :class:`~entente_lab.widgets.Dashboard`); its current weights are checked (a verdict
        must name the region they give). While the dashboard waits for a prediction (its
        ``concealed`` is true), Check and *Show the answer* only say to record it first.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> box = ExerciseWidget(case, "find-thesis")
    >>> box.set_answer(case.thesis.quotes[0].text); box.check().correct
    True
    >>> from dataclasses import replace
    >>> none = ExerciseWidget(replace(case, trilemma=None), "trilemma-sacrifice")
    >>> none.exercise is None, len(none.children), none.check().correct is None
    (True, 1, True)
    """

    def __init__(self, case: Case, exercise_id: str, *, dashboard: Any = None):
        self.case = case
        self.dashboard = dashboard
        self.feedback: Feedback | None = None
        self._inputs: dict[str, Any] = {}
        self.unsupported = unsupported_exercises(case).get(exercise_id, "")
        if self.unsupported:
            self.exercise: Exercise | None = None
            super().__init__([w.HTML(f"<p><i>No exercise here: {html.escape(self.unsupported)}.</i></p>")])
            return
        self.exercise = exercise(case, exercise_id)
        ex = self.exercise
        # as wide as their labels: ipywidgets' fixed 148 px cuts "Show the answer" to "Show the ans…"
        self.check_button = w.Button(description="Check", button_style="primary", icon="check",
                                     tooltip="Check my answer", layout=w.Layout(width="auto"))
        self.reveal_button = w.ToggleButton(description="Show the answer", value=False, icon="eye",
                                            tooltip="Reveal the answer and the worked solution",
                                            layout=w.Layout(width="auto"))
        self.feedback_html = w.HTML("")
        self.worked_html = w.HTML("")
        self.check_button.on_click(lambda _: self.check())
        self.reveal_button.observe(self._on_reveal, names="value")
        header = w.HTML(f"<h4>Exercise: {html.escape(ex.title)}</h4><p>{html.escape(ex.prompt)}</p>")
        super().__init__([header, self._build_input(),
                          w.HBox([self.check_button, self.reveal_button]),
                          self.feedback_html, self.worked_html],
                         layout=w.Layout(border="1px solid #999999", padding="6px", margin="8px 0"))

    # ------------------------------------------------------------------ inputs
    def _build_input(self) -> w.Widget:
        ex = self.exercise
        # "auto" fills the column: "100%" and the widget's own 2 px margins passed the exercise's frame by 2 px
        full = w.Layout(width="auto")
        if ex.form == "choice":
            if not ex.choices:
                return w.HTML("")
            radio = controls.RadioButtons(options=[(label, value) for value, label in ex.choices], value=None,
                                          description="Your answer", layout=full)
            self._inputs["choice"] = radio
            return radio
        if ex.form == "choices":
            boxes = {value: w.Checkbox(description=label, value=False, indent=False, layout=full)
                     for value, label in ex.choices}
            self._inputs.update(boxes)
            return w.VBox(list(boxes.values()))
        if ex.form == "sort":
            rows = []
            for item_id, text in ex.items:
                # a radio group per statement, not ToggleButtons: those never tell a screen reader which is pressed
                choice = controls.RadioButtons(options=[(label, value) for value, label in ex.options], value=None,
                                               description=text, orientation="horizontal")
                self._inputs[item_id] = choice
                rows.append(choice)
            return w.VBox(rows)
        if ex.form == "weighting":
            return w.HTML("<p>Use the sliders of the dashboard above, then press Check.</p>")
        if ex.form == "verdict":
            self.region_html = w.HTML("")
            self._inputs["text"] = w.Textarea(placeholder="My verdict, in my own words…",
                                              layout=w.Layout(width="auto", height="8em"))
            self._inputs["cited"] = w.SelectMultiple(
                options=[(f"{self.case.side(f.kind).label}: {f.label}", f.id) for f in self.case.factors],
                description="I cite", rows=8, layout=w.Layout(width="auto"))
            self._show_region()
            how = w.HTML("<p>To choose more than one factor: Ctrl+click (⌘+click on a Mac); from the keyboard, hold Ctrl, "
                         "move with the arrow keys and press Space on each.</p>")
            return w.VBox([self.region_html, self._inputs["text"], self._inputs["cited"], how])
        return w.HTML("")

    @property
    def verdict_text(self) -> str:
        """For the verdict exercise: the text written so far (``''`` for other exercises)."""
        box = self._inputs.get("text")
        return box.value if box is not None else ""

    def cited_quotes(self) -> list[tuple[str, int]]:
        """For the verdict exercise: the cited factors as (factor id, quote index) pairs, first quote each."""
        cited = self._inputs.get("cited")
        return [(fid, 0) for fid in cited.value] if cited is not None else []

    @property
    def answer(self) -> Any:
        """The answer as the widgets hold it now, in the form the exercise checks."""
        ex = self.exercise
        if ex is None:
            return None
        if ex.form == "choice":
            return self._inputs["choice"].value if "choice" in self._inputs else None
        if ex.form == "choices":
            return [value for value, box in self._inputs.items() if box.value]
        if ex.form == "sort":
            return {item: choice.value for item, choice in self._inputs.items() if choice.value is not None}
        if ex.form == "weighting":
            return self._dashboard_weights()
        if ex.form == "verdict":
            return {"weights": self._dashboard_weights(), "text": self._inputs["text"].value,
                    "cited": list(self._inputs["cited"].value)}
        return None

    def set_answer(self, answer: Any) -> None:
        """Fill the widgets with ``answer`` (used by tests and by the instructor's demo)."""
        ex = self.exercise
        if ex is None:
            return
        if ex.form == "choice":
            self._inputs["choice"].value = answer
        elif ex.form == "choices":
            for value, box in self._inputs.items():
                box.value = value in set(answer)
        elif ex.form == "sort":
            for item, choice in self._inputs.items():
                choice.value = answer.get(item)
        elif ex.form == "verdict":  # the weights are the dashboard's, never set here
            self._inputs["text"].value = answer.get("text", "")
            self._inputs["cited"].value = tuple(answer.get("cited", ()))

    def _dashboard_weights(self) -> dict[str, float] | None:
        assessment = getattr(self.dashboard, "assessment", None)
        return dict(assessment.weights) if assessment is not None else None

    def _show_region(self) -> None:
        """For the verdict: say which region the dashboard's weighting gives now (what the verdict must name)."""
        assessment = getattr(self.dashboard, "assessment", None)
        if self._waiting_for_prediction():
            self.region_html.value = f"<p><i>{html.escape(_PREDICT_FIRST)}</i></p>"
            return
        self.region_html.value = (
            f"<p>Your weighting on the dashboard lands in <b>{html.escape(self.case.region_label(assessment.region))}"
            "</b>: name it in your verdict (move the sliders first if you argue for another).</p>"
            if assessment is not None else "<p><i>Run the dashboard above: the check reads the region your weighting "
                                           "gives from it.</i></p>")

    # ------------------------------------------------------------------ actions
    def _waiting_for_prediction(self) -> bool:
        """Whether the dashboard read here still hides where the weighting lands (its prediction is not recorded)."""
        return bool(getattr(self.dashboard, "concealed", False))

    def check(self) -> Feedback:
        """Mark the current answer and show the feedback (nothing but "record your prediction first" until then)."""
        if self.exercise is None:
            self.feedback = Feedback(None, f"No exercise here: {self.unsupported}.")
            return self.feedback
        if self._waiting_for_prediction():
            self.feedback = Feedback(None, _PREDICT_FIRST)
            self.feedback_html.value = _feedback_html(self.feedback, self.exercise.form)
            self.reveal_button.value = False
            return self.feedback
        if self.exercise.form in ("weighting", "verdict") and self.dashboard is None:
            self.feedback = Feedback(None, "This exercise reads the dashboard's sliders: create it with "
                                           "ExerciseWidget(case, id, dashboard=your_dashboard).")
        else:
            if self.exercise.form == "verdict":
                self._show_region()
            self.feedback = self.exercise.check(self.answer)
        self.feedback_html.value = _feedback_html(self.feedback, self.exercise.form)
        if self.reveal_button.value:
            self._show_answer()
        return self.feedback

    def _show_answer(self) -> None:
        attempt = self.feedback.answer if self.feedback is not None else ""
        self.worked_html.value = ("<div>" + (f"<b>The answer to your attempt</b><p>{html.escape(attempt, quote=False)}"
                                             "</p>" if attempt else "")
                                  + "<b>Worked answer</b>" + markdown_to_html(self.exercise.worked_answer)
                                  + (("<b>Also accepted, as defensible</b>" + markdown_to_html(self.exercise.also_accepted))
                                     if self.exercise.also_accepted else "") + "</div>")

    def _on_reveal(self, change: dict) -> None:
        if change["new"] and self._waiting_for_prediction():
            self.feedback_html.value = _feedback_html(Feedback(None, _PREDICT_FIRST), self.exercise.form)
            self.reveal_button.value = False  # nothing shown; the button stays "Show the answer"
            return
        if change["new"]:
            self._show_answer()
            self.reveal_button.description = "Hide the answer"
        else:
            self.worked_html.value = ""
            self.reveal_button.description = "Show the answer"
