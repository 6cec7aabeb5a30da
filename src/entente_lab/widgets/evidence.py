"""A form for dated evidence the student brings: attach a dated piece to a factor, see it listed, save it with the work.

The evidence is the student's: the lab checks its form (a real date, a source, a
one-line claim, a factor of the case, supports or weakens) exactly as a save checks
it, and never its truth. Every control is a native text box, menu or button, so the
form works from the keyboard.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..case.records import Case
from ..classroom.submissions import EVIDENCE_DIRECTIONS, DatedEvidence, check_dated_evidence
from . import controls

__all__ = ["DatedEvidenceForm"]

_WIDE = widgets.Layout(width="36rem")
_LABELLED = {"description_width": "8rem"}


class DatedEvidenceForm(widgets.VBox):
    """Date, source, claim, factor and direction boxes, an "Attach" button and the list of attached pieces.

    Pass :meth:`pieces` to :class:`~entente_lab.widgets.SaveMyWork` as ``dated_evidence``
    so the pieces are saved with the work.

    Parameters
    ----------
    case : Case
        The case whose factors the evidence is attached to.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> form = DatedEvidenceForm(case)
    >>> form.date_box.value, form.source_box.value, form.claim_box.value = "2023-03", "A report <b>", "It grew"
    >>> form.factor_menu.value, form.direction_menu.value = case.factors[0].id, "weakens"
    >>> form.attach_button.click()
    >>> [(p.date, p.factor, p.direction) for p in form.pieces()] == [("2023-03", case.factors[0].id, "weakens")]
    True
    >>> "A report &lt;b&gt;" in form.listing.value and "Attached" in form.status.value
    True
    >>> form.date_box.value, form.source_box.value, form.claim_box.value = "2023-02-30", "A report", "It fell"
    >>> form.attach_button.click()
    >>> len(form.pieces()), "not a real date" in form.status.value
    (1, True)
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self._pieces: list[DatedEvidence] = []
        self.date_box = widgets.Text(description="Date", placeholder="YYYY-MM-DD (or YYYY-MM, or YYYY)",
                                     style=_LABELLED, layout=widgets.Layout(width="24rem"))
        self.source_box = widgets.Text(description="Source", placeholder="where it is from: a citation or an address",
                                       style=_LABELLED, layout=_WIDE)
        self.claim_box = widgets.Text(description="What it shows", placeholder="one line, in your words",
                                      style=_LABELLED, layout=_WIDE)
        self.factor_menu = controls.Dropdown(description="Factor", options=[(f.label, f.id) for f in case.factors],
                                             description_width=_LABELLED["description_width"], layout=_WIDE)
        self.direction_menu = controls.Dropdown(description="It", options=[(f"{d} the factor", d)
                                                                           for d in EVIDENCE_DIRECTIONS],
                                                description_width=_LABELLED["description_width"],
                                                layout=widgets.Layout(width="24rem"))
        self.attach_button = widgets.Button(description="Attach", icon="paperclip",
                                            tooltip="Attach this dated evidence to the factor")
        self.remove_button = widgets.Button(description="Remove the last", icon="undo",
                                            tooltip="Remove the piece attached last")
        self.status = widgets.HTML(value="<p>Fill in the five boxes, then press <b>Attach</b>.</p>")
        self.listing = widgets.HTML()
        self.attach_button.on_click(self._on_attach)
        self.remove_button.on_click(self._on_remove)
        self._show()
        super().__init__(children=[self.date_box, self.source_box, self.claim_box, self.factor_menu,
                                   self.direction_menu, widgets.HBox([self.attach_button, self.remove_button]),
                                   self.status, self.listing])

    def pieces(self) -> tuple[DatedEvidence, ...]:
        """The pieces attached so far, in the order they were attached."""
        return tuple(self._pieces)

    def attach(self, piece: DatedEvidence | dict[str, Any]) -> DatedEvidence:
        """Check one piece as a save would and attach it (``ValueError`` or ``TypeError`` with the fix otherwise)."""
        (checked,) = check_dated_evidence(self.case, [piece])
        check_dated_evidence(self.case, [*self._pieces, checked])  # the limit on how many
        self._pieces.append(checked)
        self._show()
        return checked

    def _on_attach(self, _button: Any = None) -> None:
        piece = {"date": self.date_box.value, "source": self.source_box.value, "claim": self.claim_box.value,
                 "factor": self.factor_menu.value, "direction": self.direction_menu.value}
        try:
            checked = self.attach(piece)
        except (ValueError, TypeError) as error:
            message = str(error).replace("dated_evidence[0].", "").replace(f"dated_evidence[{len(self._pieces)}].", "")
            self.status.value = f"<p role='alert'><b>Not attached:</b> {html.escape(message)}</p>"
            return
        self.status.value = (f"<p role='status'>&#10003; Attached to <i>{html.escape(self.case.factor(checked.factor).label)}"
                             "</i>. It is saved with your work when you press <b>Save my work</b>.</p>")
        self.source_box.value = self.claim_box.value = ""

    def _on_remove(self, _button: Any = None) -> None:
        if self._pieces:
            self._pieces.pop()
            self._show()
            self.status.value = "<p role='status'>Removed the piece attached last.</p>"

    def _show(self) -> None:
        if not self._pieces:
            self.listing.value = "<p><i>No dated evidence attached yet.</i></p>"
            return
        items = "".join(
            f"<li><b>{html.escape(p.date)}</b>, {html.escape(p.source)}: {html.escape(p.claim)} "
            f"&rarr; {html.escape(p.direction)} <i>{html.escape(self.case.factor(p.factor).label)}</i></li>"
            for p in self._pieces)
        self.listing.value = f"<p>Your dated evidence ({len(self._pieces)}):</p><ul>{items}</ul>"
