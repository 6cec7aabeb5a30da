"""Build the map yourself: place statements, relate factors, then compare with the case's map (:mod:`entente_lab.teaching.mapping`)."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..case.records import Case, MapStatement
from ..teaching.mapping import (
    LINK_RELATIONS,
    PLACEMENTS,
    MapFeedback,
    compare_map,
    link_words,
    map_summary,
    placement_words,
    statements_in_exercise_order,
)
from . import controls
from .exercises import markdown_to_html

__all__ = ["MapBuilder"]

_CHOOSE = ("— choose —", None)
_COLOURS = {"matches": "#009E73", "defensible": "#0072B2", "not-supported": "#D55E00", "unanswered": "#555555"}
_MARKS = {"matches": "✔ Matches.", "defensible": "◆ Defensible.", "not-supported": "✘ Not supported.",
          "unanswered": "…"}


def _attribution(case: Case, statement: MapStatement) -> str:
    quote = statement.quote
    document = case.document(quote.document)
    who = case.person(quote.speaker).name
    return who if document.main else f"{who}, {document.title} ({document.published})"


def _feedback_html(feedback: MapFeedback) -> str:
    body = (f"<b style='color:{_COLOURS[feedback.outcome]}'>{_MARKS[feedback.outcome]}</b> "
            f"{markdown_to_html(feedback.message)}")
    if feedback.hint:
        body += f"<p><i>Hint:</i> {html.escape(feedback.hint, quote=False)}</p>"
    return f"<div role='status' aria-live='polite'>{body}</div>"


class MapBuilder(w.VBox):
    """Place each statement (a claim, or neither), relate each pair of factors, then compare with the case's map.

    A case without a ``mapping`` section shows one line saying so.

    Examples
    --------
    >>> from entente_lab import load_case
    >>> case = load_case()
    >>> builder = MapBuilder(case)
    >>> first = builder.statements[0]
    >>> builder.placement_menus[first.id].value = first.placement
    >>> builder.compare_button.click()
    >>> "✔ Matches." in builder.feedback[first.id].value and "the case's map" in builder.summary.value
    True
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.statements = statements_in_exercise_order(case)
        self.links = case.mapping.links if case.mapping else ()
        self.placement_menus: dict[str, controls.Dropdown] = {}
        self.relation_menus: dict[str, controls.Dropdown] = {}
        self.feedback: dict[str, w.HTML] = {}
        self.summary = w.HTML()
        self.compare_button = w.Button(description="Compare with the case's map", icon="check",
                                       layout=w.Layout(width="auto"),
                                       tooltip="Compare each of your answers with the case's reading")
        self.reveal_button = w.Button(description="Show the case's reading", icon="eye", layout=w.Layout(width="auto"),
                                      tooltip="For answers the text does not support: show the case's reading")
        self.reveal_button.disabled = True
        if case.mapping is None:
            super().__init__(children=[w.HTML("<p>This case has no map-building exercise (its file has no "
                                              "<code>mapping</code> section).</p>")])
            return
        children: list[w.Widget] = [w.HTML(f"<h4>Statements ({len(self.statements)})</h4>")]
        options = [_CHOOSE, *((placement_words(case, p), p) for p in PLACEMENTS)]
        for statement in self.statements:
            menu = controls.Dropdown(options=options, value=None, description="Supports", layout=w.Layout(width="36rem"))
            self.placement_menus[statement.id] = menu
            self.feedback[statement.id] = w.HTML()
            children += [w.HTML(f"<blockquote>“{html.escape(statement.quote.text)}”<br>"
                                f"<small>— {html.escape(_attribution(case, statement))}</small></blockquote>"),
                         menu, self.feedback[statement.id]]
        if self.links:
            children.append(w.HTML(f"<h4>Pairs of factors ({len(self.links)})</h4>"))
        for link in self.links:
            first, second = (case.factor(f).label for f in link.factors)
            menu = controls.Dropdown(options=[_CHOOSE, *((link_words(case, link, r), r) for r in LINK_RELATIONS)], value=None,
                                     tooltip=f"How “{first}” and “{second}” relate", layout=w.Layout(width="48rem"))
            self.relation_menus[link.id] = menu
            self.feedback[link.id] = w.HTML()
            children += [menu, self.feedback[link.id]]
        self.compare_button.on_click(lambda _button: self.compare())
        self.reveal_button.on_click(lambda _button: self.compare(reveal=True))
        children += [w.HBox([self.compare_button, self.reveal_button]), self.summary]
        super().__init__(children=children)

    def answers(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The student's placements and relations, by item id (``None`` where unanswered)."""
        return ({key: menu.value for key, menu in self.placement_menus.items()},
                {key: menu.value for key, menu in self.relation_menus.items()})

    def compare(self, *, reveal: bool = False) -> list[MapFeedback]:
        """Compare every answer with the case's map and show the feedback under each (what the buttons do)."""
        placements, relations = self.answers()
        result = compare_map(self.case, placements, relations, reveal=reveal)
        for item in result:
            self.feedback[item.item].value = _feedback_html(item)
        self.summary.value = (f"<p role='status'><b>{html.escape(map_summary(result), quote=False)}</b> The case's readings are "
                              f"{html.escape(self.case.interpretation, quote=False)}.</p>")
        self.reveal_button.disabled = not any(item.outcome == "not-supported" for item in result)
        return result
