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

from ..classroom import save_weighting
from ..model import Assessment
from ..records import Case

__all__ = ["SaveMyWork", "download_link"]


def download_link(path: str | os.PathLike[str], text: str = "Download a copy") -> str:
    """An HTML link that makes the browser save the file at ``path`` (its bytes are in the link).

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = file.write_text("{}", encoding="utf-8")
    >>> download_link(file)
    '<a download="a.json" href="data:application/json;base64,e30=">Download a copy</a>'
    """
    target = Path(path)
    data = base64.b64encode(target.read_bytes()).decode("ascii")
    mime = "application/json" if target.suffix == ".json" else "application/octet-stream"
    return (f'<a download="{html.escape(target.name)}" href="data:{mime};base64,{data}">'
            f"{html.escape(text)}</a>")


def _value(source: Any) -> Any:
    return source() if callable(source) and not isinstance(source, widgets.Widget) else source


class SaveMyWork(widgets.VBox):
    """Name box, written-verdict box and a "Save my work" button, with a status line.

    A save the class report would refuse is refused at once, and the status line
    says why and what to do ("verdict_text (the written verdict) is 23,456 characters; the limit
    is 20,000: shorten it"); the limits are those of
    :mod:`entente_lab.submission_file`.

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

    Attributes
    ----------
    last_path : pathlib.Path or None
        The file saved last.

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
                 decisive_quotes: Any = (), dated_evidence: Any = ()) -> None:
        self.case, self.source, self.folder = case, source, Path(folder)
        self._verdict_source, self._prediction, self._quotes = verdict_text, prediction, decisive_quotes
        self._evidence = dated_evidence
        self.last_path: Path | None = None
        self.name_box = widgets.Text(value=name, description="Your name", placeholder="a name or a pseudonym",
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="24rem"))
        self.verdict_box = widgets.Textarea(description="Your verdict", placeholder="Your written verdict, in a "
                                            "few sentences", style={"description_width": "initial"},
                                            layout=widgets.Layout(width="36rem", height="6rem"))
        self.button = widgets.Button(description="Save my work", icon="save", button_style="primary",
                                     tooltip="Save your weighting, prediction and verdict as a file, "
                                             "then download it")
        self.status = widgets.HTML(value="<p>Type your name, then press <b>Save my work</b> (Tab to the button, "
                                         "then Enter).</p>", layout=widgets.Layout(min_height="3.5rem"))
        self.button.on_click(self._on_click)
        children: list[widgets.Widget] = [self.name_box]
        if verdict_text is None:
            children.append(self.verdict_box)
        super().__init__(children=[*children, self.button, self.status])

    def _weighting(self) -> tuple[Assessment | Mapping[str, float] | None, Any]:
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

    def save(self) -> Path:
        """Save now (what the button does), returning the new file's path; errors propagate."""
        weighting, prediction = self._weighting()
        path = save_weighting(self.case, weighting, name=self.name_box.value, folder=self.folder,
                              prediction=prediction, verdict_text=self._verdict_text(),
                              decisive_quotes=_value(self._quotes) or (),
                              dated_evidence=_value(self._evidence) or ())
        self.last_path = path
        return path

    def _on_click(self, _button: Any = None) -> None:
        if not self.name_box.value.strip():
            self.status.value = ("<p role='alert'><b>Not saved:</b> type your name or a pseudonym in the "
                                 "<i>Your name</i> box first.</p>")
            return
        try:
            path = self.save()
        except (ValueError, TypeError, OSError) as error:
            self.status.value = f"<p role='alert'><b>Not saved:</b> {html.escape(str(error))}</p>"
            return
        where = html.escape(os.path.relpath(path) if not os.path.isabs(self.folder) else str(path))
        count = len(_value(self._evidence) or ())
        evidence = f", with {count} piece{'s' if count != 1 else ''} of dated evidence," if count else ""
        self.status.value = (
            f"<p role='status'>&#10003; <b>Saved</b>{evidence} to <code>{where}</code> (in the file browser on the left, "
            f"folder <code>{html.escape(self.folder.name or '.')}</code>). {download_link(path, 'Download a copy')} "
            "to keep it: an online session (Binder) is deleted when it ends. Hand in the downloaded file. "
            "Saving again makes a new file; nothing is overwritten.</p>")
