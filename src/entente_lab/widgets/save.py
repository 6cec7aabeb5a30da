"""A "Save my work" panel: save the weighting as a submission file, then offer it for download.

Binder sessions die; a saved file only survives if it leaves the server. So after
saving, the panel says in words where the file went and gives a download link (an
``<a download>`` with the file inside it as a ``data:`` URI: nothing is sent
anywhere, the browser just saves what the page already holds). Every control is a
native text box, button or link, so the panel works from the keyboard (Tab, Enter).
"""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..analysis.model import Assessment
from ..case.records import Case
from ..classroom.class_folder import ClassFolder, ClassFolderError, class_folder_from_environment, hand_in, hand_in_user
from ..classroom.prediction_file import record_prediction, recorded_prediction
from ..classroom.submissions import save_weighting
from . import controls

__all__ = ["SaveMyWork", "download_link", "keep_prediction"]


#: A link looks like a link (JupyterLab's widget text gives links the text's colour and no underline).
_LINK_STYLE = "color: var(--jp-content-link-color, #0b57d0); text-decoration: underline"


def download_link(path: str | os.PathLike[str], text: str = "Download a copy") -> str:
    """An HTML link that makes the browser save the file at ``path`` (its bytes are in the link).

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = file.write_text("{}", encoding="utf-8")
    >>> download_link(file)  # doctest: +ELLIPSIS
    '<a download="a.json" href="data:application/json;base64,e30=" style="...">Download a copy</a>'
    """
    target = Path(path)
    data = base64.b64encode(target.read_bytes()).decode("ascii")
    mime = "application/json" if target.suffix == ".json" else "application/octet-stream"
    return (f'<a download="{html.escape(target.name)}" href="data:{mime};base64,{data}" style="{_LINK_STYLE}">'
            f"{html.escape(text)}</a>")


def keep_prediction(dashboard: Any, folder: str | os.PathLike[str] = "submissions") -> None:
    """Keep the prediction recorded on ``dashboard`` (or on a prediction gate) for the save made later.

    The notebook that saves runs in another kernel: when the student records a
    prediction, it is written next to the saves (see :mod:`entente_lab.classroom.prediction_file`),
    where :class:`SaveMyWork` finds it, and the gate says so (or why it could not).
    When 03 runs again, a prediction kept from an earlier run counts as recorded: the
    gate shows it and the dashboard is unlocked (:meth:`~entente_lab.widgets.dashboard.PredictionGate.restore`);
    its *Predict again* button lets a student replace it on purpose.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case
    >>> from entente_lab.widgets import Dashboard
    >>> case, folder = load_case(), tempfile.mkdtemp()
    >>> dashboard = Dashboard(case, require_prediction=True)
    >>> keep_prediction(dashboard, folder)
    >>> dashboard.gate.choice.value, dashboard.gate.reason.value = "both-high", "both at once"
    >>> dashboard.gate.record.click()
    >>> SaveMyWork(case, {}, folder=folder).recorded.region
    'both-high'
    >>> rerun = Dashboard(case, require_prediction=True)  # Restart & Run All
    >>> keep_prediction(rerun, folder)
    >>> rerun.prediction.region, rerun.concealed, rerun.gate.restored
    ('both-high', False, True)
    """
    gate = getattr(dashboard, "gate", dashboard)
    if not hasattr(gate, "on_record"):
        raise ValueError("keep_prediction needs a dashboard made with require_prediction=True (it has no prediction gate)")
    kept, _problem = recorded_prediction(gate.case, folder)
    if kept is not None and hasattr(gate, "restore"):
        # a run after a reload or a restart: the kept prediction counts as recorded (it was made before the
        # result was seen); "Predict again" replaces it on purpose
        gate.restore(kept)

    def keep(prediction: Any) -> None:
        try:
            path = record_prediction(gate.case, prediction, folder)
        except (ValueError, OSError) as error:
            gate.feedback.value += (f"<br><span role='alert'>&#9888; Not kept for your final save: "
                                    f"{html.escape(str(error))}</span>")
            return
        gate.feedback.value += (f"<br>Kept in <code>{html.escape(os.fspath(path))}</code> (in the file browser on the "
                                "left): it goes into the file you save with your verdict, the one to hand in.")

    gate.on_record(keep)


def _same(inputs: Any, saved: Any) -> bool:
    """Whether a save of ``inputs`` would hold what the last save held (anything not comparable differs)."""
    try:
        return bool(inputs == saved)
    except Exception:  # noqa: BLE001 - values that cannot be compared (arrays, say) count as changed
        return False


def _value(source: Any) -> Any:
    return source() if callable(source) and not isinstance(source, widgets.Widget) else source


class SaveMyWork(widgets.VBox):
    """Name box, written-verdict box and a "Save my work" button, with a status line.

    A save the class report would refuse is refused at once, and the status line
    says why and what to do ("verdict_text (the written verdict) is 23,456 characters; the limit
    is 20,000: shorten it"); the limits are those of
    :mod:`entente_lab.classroom.submission_file`.

    Parameters
    ----------
    case : Case
        The case the class is weighing.
    source : Dashboard, Assessment, mapping or callable
        Where the weighting comes from when the button is pressed: a dashboard (its
        ``assessment`` and ``prediction`` are saved), an assessment, a mapping of
        factor id to weight, or a function returning one of these.
    folder : path-like, default "submissions"
        Where files are saved (created if missing).
    name : str
        A name to fill in the name box.
    verdict_text : str, widget with a ``value``, callable or None
        The written verdict. ``None`` (default) shows a text area for it in the panel.
    prediction : optional
        The prediction, when ``source`` is not a dashboard that holds it (see
        :func:`~entente_lab.save_weighting`).
    decisive_quotes : sequence or callable
        Quotes marked as decisive, or a function returning them.
    dated_evidence : sequence or callable
        Dated evidence the student brought (see :class:`~entente_lab.widgets.DatedEvidenceForm`),
        or a function returning it.
    class_folder : ClassFolder, path-like or None
        The class to hand in to. ``None`` (default) uses the folder named by the
        ``ENTENTE_LAB_CLASS`` environment variable, when there is one (see
        :func:`~entente_lab.classroom.class_folder.class_folder_from_environment`). With a class,
        a "Hand in to the class" button stands beside "Save my work": it saves first,
        then hands the saved file in (:func:`~entente_lab.classroom.class_folder.hand_in`); if
        handing in fails, the status line says why in one line and the saved file stays.

    Attributes
    ----------
    last_path : pathlib.Path or None
        The file saved last.
    last_hand_in : HandIn or None
        The hand-in made last.
    class_folder : ClassFolder or None
        The class handed in to (``None`` without one, or when the one named cannot be used:
        ``class_line`` then says why).
    recorded : Prediction or None
        The prediction recorded in another notebook (see :func:`keep_prediction`),
        read from ``folder`` when the panel is made and again at each save; it is
        saved when neither ``prediction`` nor the dashboard holds one, and the
        panel's ``prediction_line`` says which prediction goes with the save.

    Pressing Enter in the name box saves, as the button does
    (:meth:`~entente_lab.widgets.controls.TextBox.on_enter`); leaving the box saves
    nothing. A save of exactly what was saved last writes no second file, so Enter and
    then the button make one file, not two.

    Examples
    --------
    >>> import tempfile
    >>> from entente_lab import load_case, load_weighting
    >>> case = load_case()
    >>> factor = case.factors[-1]
    >>> panel = SaveMyWork(case, {factor.id: 0.9}, folder=tempfile.mkdtemp(), name="Ana")
    >>> panel.verdict_box.value = "Both sides count, the strains a little more."
    >>> panel.button.click()
    >>> saved = load_weighting(panel.last_path)
    >>> saved.verdict_text, saved.weights[factor.id]
    ('Both sides count, the strains a little more.', 0.9)
    >>> "Saved" in panel.status.value and "download=" in panel.status.value
    True
    """

    def __init__(self, case: Case, source: Any, *, folder: str | os.PathLike[str] = "submissions", name: str = "",
                 verdict_text: Any = None, prediction: Any = None,
                 decisive_quotes: Any = (), dated_evidence: Any = (),
                 class_folder: ClassFolder | str | os.PathLike[str] | None = None) -> None:
        self.case, self.source, self.folder = case, source, Path(folder)
        self._verdict_source, self._prediction, self._quotes = verdict_text, prediction, decisive_quotes
        self._evidence = dated_evidence
        self.last_path: Path | None = None
        self.name_box = controls.TextBox(value=name, description="Your name", placeholder="a name or a pseudonym",
                                         layout=widgets.Layout(width="24rem"))
        self.verdict_box = widgets.Textarea(description="Your verdict", placeholder="Your written verdict, in a "
                                            "few sentences", style={"description_width": "initial"},
                                            layout=widgets.Layout(width="36rem", height="6rem"))
        self.button = widgets.Button(description="Save my work", icon="save", button_style="primary",
                                     tooltip="Save your weighting, prediction and verdict as a file, "
                                             "then download it")
        self.status = widgets.HTML(value="<p>Type your name, then press <b>Enter</b> or <b>Save my work</b>.</p>",
                                   layout=widgets.Layout(min_height="3.5rem"))
        self.prediction_line = widgets.HTML()
        self.recorded: Any = None
        self._saved_inputs: Any = None
        self.last_hand_in: Any = None
        self._handed_in_path: Path | None = None
        self.hand_in_button = widgets.Button(description="Hand in to the class", icon="paper-plane",
                                             tooltip="Save your work, then hand the saved file in to your class")
        self.class_line = widgets.HTML()
        self.class_folder = self._class_folder(class_folder)
        self.button.on_click(self._on_click)
        self.hand_in_button.on_click(self._on_hand_in)
        self.name_box.on_enter(lambda _name: self._on_click())  # Enter in the name box saves (the box holds the name)
        children: list[widgets.Widget] = [self.prediction_line]
        if verdict_text is None:
            children.append(self.verdict_box)
        buttons: widgets.Widget = (widgets.HBox([self.button, self.hand_in_button]) if self.class_folder is not None
                                   else self.button)
        class_line = [self.class_line] if self.class_line.value else []  # without a class, the panel is as it was
        super().__init__(children=[*children, self.name_box, *class_line, buttons, self.status])
        self._read_recorded()

    def _class_folder(self, given: ClassFolder | str | os.PathLike[str] | None) -> ClassFolder | None:
        """The class to hand in to, from ``given`` or the environment; ``class_line`` says which, or why none."""
        try:
            found = (class_folder_from_environment() if given is None
                     else given if isinstance(given, ClassFolder) else ClassFolder.open(given))
        except ClassFolderError as error:
            self.class_line.value = (f"<p role='alert'>&#9888; The class folder cannot be used: {html.escape(str(error))}. "
                                     "Save your work and download it instead.</p>")
            return None
        if found is not None:
            self.class_line.value = (f"<p>Class: <b>{html.escape(found.title)}</b>. <i>Hand in to the class</i> saves "
                                     f"your work and hands it in to your instructor as "
                                     f"<b>{html.escape(hand_in_user())}</b>; your name below is shown with it.</p>")
        return found

    def _read_recorded(self) -> None:
        """Read the prediction recorded in another notebook, and say which prediction goes with the save."""
        self.recorded, problem = recorded_prediction(self.case, self.folder)
        try:
            weighting_prediction = self._weighting()[1]
        except Exception:  # noqa: BLE001 - a source that cannot answer yet: the save will say why
            weighting_prediction = None
        if weighting_prediction is not None:
            shown = weighting_prediction
            where = "Your prediction"
        elif self.recorded is not None:
            shown, where = self.recorded, "Your recorded prediction"
        else:
            why = f" ({html.escape(problem)})" if problem else ""
            self.prediction_line.value = (
                f"<p>No prediction recorded{why}: it would be saved with your work. To record one, run the "
                "weighing notebook's <i>Predict first</i> step, press <i>Record my prediction</i>, then save here. "
                "You can also save without one.</p>")
            return
        region = getattr(shown, "region", shown)
        label = self.case.region_label(region) if isinstance(region, str) and region in self.case.plane.regions else region
        reason = getattr(shown, "reason", "")
        because = f", because &ldquo;{html.escape(reason)}&rdquo;" if reason else ""
        self.prediction_line.value = (f"<p>{where} goes with this save: you expected "
                                      f"<b>{html.escape(str(label))}</b>{because}.</p>")

    def _weighting(self) -> tuple[Assessment | Mapping[str, float] | None, Any]:
        """The weighting, and the prediction given or held by the dashboard (``None`` when neither has one)."""
        source = _value(self.source)
        prediction = _value(self._prediction)
        if hasattr(source, "assessment") and not isinstance(source, Mapping):
            if prediction is None:
                prediction = getattr(source, "prediction", None)
            source = source.assessment
        return source, prediction

    def _verdict_text(self) -> str:
        source = self._verdict_source
        if source is None:
            return self.verdict_box.value
        if isinstance(source, widgets.Widget):
            return source.value
        return str(_value(source))

    def _inputs(self) -> dict[str, Any]:
        """Everything a save is made of, read now (the recorded prediction read again)."""
        self._read_recorded()
        weighting, prediction = self._weighting()
        return {"weights": weighting, "name": self.name_box.value,
                "prediction": self.recorded if prediction is None else prediction,
                "verdict_text": self._verdict_text(), "decisive_quotes": tuple(_value(self._quotes) or ()),
                "dated_evidence": tuple(_value(self._evidence) or ())}

    def save(self) -> Path:
        """Save now (what the button does), returning the new file's path; errors propagate."""
        return self._save(self._inputs())

    def _save(self, inputs: dict[str, Any]) -> Path:
        fields = dict(inputs)
        path = save_weighting(self.case, fields.pop("weights"), folder=self.folder, **fields)
        self.last_path = path
        return path

    def _save_for_click(self) -> tuple[Path, dict[str, Any], bool] | None:
        """Save for a button press: ``(path, inputs, saved_now)``, or ``None`` with the reason in the status line.

        Nothing changed since the last save: that save is reused (``saved_now`` false), no second file.
        """
        if not self.name_box.value.strip():
            self.status.value = ("<p role='alert'><b>Not saved:</b> type your name or a pseudonym in the "
                                 "<i>Your name</i> box first.</p>")
            return None
        try:
            inputs = self._inputs()
            if self.last_path is not None and _same(inputs, self._saved_inputs):
                return self.last_path, inputs, False
            path = self._save(inputs)
        except (ValueError, TypeError, OSError) as error:
            self.status.value = f"<p role='alert'><b>Not saved:</b> {html.escape(str(error))}</p>"
            return None
        self._saved_inputs = inputs
        return path, inputs, True

    def _saved_message(self, path: Path, inputs: dict[str, Any], *, handed_in: bool = False) -> str:
        where = html.escape(os.path.relpath(path) if not os.path.isabs(self.folder) else str(path))
        count = len(_value(self._evidence) or ())
        evidence = f", with {count} piece{'s' if count != 1 else ''} of dated evidence," if count else ""
        return (
            f"<p role='status'>&#10003; <b>Saved</b>{evidence} to <code>{where}</code> (in the file browser on the left, "
            f"folder <code>{html.escape(self.folder.name or '.')}</code>). {download_link(path, 'Download a copy')} "
            "to keep it: an online session (Binder) is deleted when it ends. "
            + ("" if handed_in else "Hand in the downloaded file. ") +
            "Saving again after a change makes a new file; nothing is overwritten.</p>"
            + ("" if inputs["verdict_text"].strip() else
               "<p role='status'>&#9888; This save holds <b>no written verdict</b>: write one in the verdict box "
               "and save again, so that your reasons go with your weighting.</p>"))

    def _on_click(self, _button: Any = None) -> None:
        saved = self._save_for_click()
        if saved is None or not saved[2]:
            return  # not saved (the status says why), or saved a moment ago with nothing changed since
        self.status.value = self._saved_message(saved[0], saved[1])

    def hand_in(self) -> Any:
        """Save now and hand the saved file in to the class (what the hand-in button does); errors propagate."""
        if self.class_folder is None:
            raise ClassFolderError("no class to hand in to; set ENTENTE_LAB_CLASS or pass class_folder=")
        path = self.save()
        self.last_hand_in = hand_in(self.class_folder, path.read_bytes())
        return self.last_hand_in

    def _on_hand_in(self, _button: Any = None) -> None:
        saved = self._save_for_click()
        if saved is None or self.class_folder is None:
            return
        path, inputs, saved_now = saved
        if not saved_now and self._handed_in_path == path:
            return  # handed in a moment ago, nothing changed since: the status already says so
        try:
            self.last_hand_in = hand_in(self.class_folder, path.read_bytes())
        except (ClassFolderError, OSError) as error:
            self.status.value = (f"<p role='alert'><b>Not handed in:</b> {html.escape(str(error))}. Your work is saved "
                                 "(below); download it and hand the file in another way.</p>"
                                 + self._saved_message(path, inputs))
            return
        self._handed_in_path = path
        self.status.value = (f"<p role='status'>&#10003; <b>Handed in.</b> {html.escape(self.last_hand_in.message)}</p>"
                             + self._saved_message(path, inputs, handed_in=True))
