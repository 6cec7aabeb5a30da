"""Accessible controls built on native HTML elements: a slider, a single choice, a dropdown and a text box.

ipywidgets' own sliders are noUiSlider handles without an accessible name (ipywidgets
does not pass noUiSlider's ``handleAttributes``), its radio items have a fixed height,
so a long answer wraps over the next one, and in JupyterLab and Notebook 7 the arrow
keys on a radio button or a menu move between cells instead of changing the answer.
These controls are small :class:`anywidget.AnyWidget` subclasses that draw the
browser's own elements:

- :class:`FloatSlider` and :class:`IntSlider`: a visible ``<label>``, an
  ``<input type=range>`` with ``aria-label`` and ``aria-valuetext``, and a number box
  beside it that is both the readout and a place to type a value;
- :class:`RadioButtons`: a ``<fieldset>`` with a ``<legend>`` and native radio inputs,
  each label wrapping under its own circle;
- :class:`Dropdown`: a ``<label>`` and a ``<select>``;
- :class:`TextBox`: a ``<label>`` and an ``<input type=text>`` that acts on Enter, never
  on leaving the box (ipywidgets' ``Text`` sends its value either key by key, with a
  ``submit`` message on Enter that overtakes the paced key-by-key value, or only on
  Enter and on blur, which cannot tell the two apart).

Each root carries ``data-lm-suppress-shortcuts``, so JupyterLab's and Notebook 7's
command-mode shortcuts leave the keys to the focused control (arrow keys change it;
Tab leaves it), and each has a visible focus ring and a minimum size, so it never
collapses to 0 px inside a flex box.

They keep the traitlets API of the ipywidgets they replace (``value``, ``min``,
``max``, ``step``, ``options``, ``index``, ``label``, ``description``, ``disabled``,
``tooltip``, ``layout``, ``observe``, ``hold_sync``), so a swap is a constructor
change; ``style={"description_width": w}`` becomes ``description_width=w``. Every
value is checked in Python, so a kernel without a front end (nbval, nbclient) holds
the same state as one with a browser attached.

How a slider's messages are paced: the browser sends the value on every ``input``
event (each key press, each step of a drag) unless ``continuous_update`` is false,
then only on ``change`` (a key press, or the end of a drag). The widget model keeps at
most one message in flight and merges the rest into one carrying the latest value,
so a fast drag costs one message per kernel round trip, never a queue.

Examples
--------
>>> slider = FloatSlider(value=0.8, min=0.0, max=1.0, step=0.05, description="weight")
>>> slider.value = 1.7  # clipped to the range, as ipywidgets does
>>> slider.value
1.0
>>> menu = Dropdown(options=[("one", 1), ("two", 2)], description="Pick")
>>> menu.value, menu.index, menu.label
(1, 0, 'one')
>>> menu.index = 1
>>> menu.value, menu.label
(2, 'two')
>>> box, seen = TextBox(description="Because"), []
>>> box.on_enter(seen.append)
>>> box.value = "typed"  # key by key: nothing happens
>>> seen
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import anywidget
import traitlets

__all__ = ["Dropdown", "FloatSlider", "IntSlider", "RadioButtons", "TextBox"]

#: Styles shared by every control, scoped to the controls' own classes.
_CSS = """
.entente-control { box-sizing: border-box; min-width: 10rem; min-height: 1.75rem; flex: 0 0 auto;
  font-size: var(--jp-widgets-font-size, 13px); color: var(--jp-widgets-label-color, var(--jp-ui-font-color1, #111)); }
.entente-control *:focus-visible, .entente-control input:focus, .entente-control select:focus {
  outline: 2px solid var(--jp-brand-color1, #1565c0); outline-offset: 2px; }
.entente-control .entente-label { flex: 0 1 auto; white-space: normal; line-height: 1.2; overflow-wrap: anywhere; }
.entente-slider, .entente-dropdown, .entente-text { display: flex; align-items: center; gap: 0.5rem; }
.entente-slider input[type=range] { flex: 1 1 6rem; min-width: 6rem; height: 1.5rem; margin: 0;
  accent-color: var(--jp-brand-color1, #1565c0); }
.entente-slider .entente-readout { flex: 0 0 4.5rem; width: 4.5rem; min-height: 1.5rem; box-sizing: border-box; }
.entente-dropdown select { flex: 1 1 8rem; min-width: 8rem; max-width: 100%; min-height: 1.75rem; }
.entente-text input { flex: 1 1 8rem; min-width: 8rem; min-height: 1.75rem; box-sizing: border-box; margin: 0;
  padding: 0.15rem 0.4rem; font: inherit; color: var(--jp-widgets-input-color, var(--jp-ui-font-color1, #111));
  background: var(--jp-widgets-input-background-color, var(--jp-layout-color1, #fff));
  border: 1px solid var(--jp-ui-font-color2, #616161); border-radius: 2px; }
.entente-text input::placeholder { color: var(--jp-ui-font-color2, #616161); opacity: 1; }
.entente-text input:disabled { background: var(--jp-layout-color2, #eeeeee); }
.entente-choice fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.entente-choice legend { padding: 0; margin: 0 0 0.25rem 0; }
.entente-choice.entente-horizontal { margin: 0.25rem 0 0.5rem 0; }
.entente-choice.entente-horizontal .entente-options { display: flex; flex-wrap: wrap; column-gap: 1.25rem; }
.entente-choice .entente-option { display: flex; align-items: flex-start; gap: 0.5rem; margin: 0.2rem 0;
  line-height: 1.35; white-space: normal; height: auto; overflow-wrap: anywhere; }
.entente-choice .entente-option input { flex: 0 0 auto; width: 1rem; height: 1rem; margin: 0.15rem 0 0 0; }
.entente-control [disabled], .entente-control .entente-disabled { cursor: not-allowed; }
"""

#: What every control's script starts with: mark the root (class, shortcuts left to the
#: control), give ids unique on the page, apply the label width, run updates on change.
_COMMON_JS = """
let counter = 0;
function uid(kind) { counter += 1; return `entente-${kind}-${counter}-${Math.random().toString(36).slice(2, 8)}`; }
function make(tag, props = {}) { return Object.assign(document.createElement(tag), props); }
// Lumino tests each element from the key's target up and stops at this attribute, so the
// focusable element itself must carry it (a shortcut's selector may match the element).
function keys(element) { element.setAttribute("data-lm-suppress-shortcuts", "true"); return element; }
function root(el, kind) {
  el.classList.add("entente-control", `entente-${kind}`);
  el.setAttribute("data-lm-suppress-shortcuts", "true");
}
function labelWidth(label, width) {
  label.style.flex = width ? `0 0 ${width}` : "";
  label.style.width = width || "";
}
function listen(model, names, update) {
  const events = names.map((n) => `change:${n}`).join(" ");
  model.on(events, update);
  update();
  return () => model.off(events, update);
}
"""

_SLIDER_JS = _COMMON_JS + """
function decimals(format, step) {
  const m = /\\.(\\d+)f$/.exec(format || "");
  if (m) return Number(m[1]);
  const s = String(step);
  return s.includes(".") ? s.split(".")[1].length : 0;
}
function render({ model, el }) {
  root(el, "slider");
  const id = uid("slider");
  const label = make("label", { htmlFor: id, className: "entente-label" });
  const range = keys(make("input", { type: "range", id }));
  const box = keys(make("input", { type: "number", className: "entente-readout" }));
  el.append(label, range, box);
  const places = () => decimals(model.get("readout_format"), model.get("step"));
  const text = (v) => Number(v).toFixed(places());
  function snap(v) {
    const min = model.get("min"), max = model.get("max"), step = model.get("step");
    if (!Number.isFinite(v)) return null;
    v = Math.min(max, Math.max(min, v));
    if (step > 0) v = Math.min(max, min + Math.round((v - min) / step) * step);
    return Number(v.toFixed(places()));
  }
  function send(v) {
    const value = snap(v);
    if (value === null) { box.value = text(model.get("value")); return; }
    box.value = text(value);
    range.setAttribute("aria-valuetext", text(value));
    if (value !== model.get("value")) {
      el.dataset.ententeValue = text(value);
      if (model.get("key")) {  // a figure that drew this step ahead shows it now, before the kernel answers
        el.dispatchEvent(new CustomEvent("entente-step", { bubbles: true, detail: {
          key: model.get("key"), value: text(value), previous: text(model.get("value")) } }));
      }
      model.set("value", value); model.save_changes();
    }
  }
  range.addEventListener("focus", () => { if (model.get("key")) model.send({ event: "focus" }); });
  // The kernel asks for the focus (after it unlocks the slider): a custom message may overtake
  // the state update that enables the slider, so the request waits until the slider is enabled.
  let wantsFocus = false;
  function takeFocus() { if (wantsFocus && !range.disabled && range.isConnected) { wantsFocus = false; range.focus(); } }
  function onCommand(message) { if (message && message.command === "focus") { wantsFocus = true; takeFocus(); } }
  model.on("msg:custom", onCommand);
  range.addEventListener("pointerdown", () => {  // a drag: the kernel draws nothing ahead until it ends
    if (!model.get("key")) return;
    model.send({ event: "drag", active: true });
    window.addEventListener("pointerup", () => model.send({ event: "drag", active: false }), { once: true });
  });
  range.addEventListener("input", () => {
    box.value = text(range.valueAsNumber);
    range.setAttribute("aria-valuetext", text(range.valueAsNumber));
    if (model.get("continuous_update")) send(range.valueAsNumber);
  });
  range.addEventListener("change", () => send(range.valueAsNumber));
  box.addEventListener("change", () => send(box.valueAsNumber));
  box.addEventListener("keydown", (event) => { if (event.key === "Enter") send(box.valueAsNumber); });
  const names = ["value", "min", "max", "step", "description", "disabled", "readout_format", "description_width", "key"];
  const stop = listen(model, names, () => {
    const name = model.get("description");
    if (model.get("key")) el.dataset.ententeKey = model.get("key"); else delete el.dataset.ententeKey;
    el.dataset.ententeValue = text(model.get("value"));
    label.textContent = name;
    label.hidden = !name;
    labelWidth(label, model.get("description_width"));
    for (const input of [range, box]) {
      input.min = model.get("min"); input.max = model.get("max"); input.step = model.get("step");
      input.disabled = model.get("disabled");
    }
    range.value = model.get("value");
    range.setAttribute("aria-label", name || "value");
    range.setAttribute("aria-valuetext", text(model.get("value")));
    box.setAttribute("aria-label", `${name || "value"}: type a value`);
    if (document.activeElement !== box) box.value = text(model.get("value"));
    takeFocus();
  });
  return () => { stop(); model.off("msg:custom", onCommand); };
}
export default { render };
"""

_CHOICE_JS = _COMMON_JS + """
function render({ model, el }) {
  root(el, "choice");
  const name = uid("choice");
  const fieldset = make("fieldset");
  const legend = make("legend", { className: "entente-label" });
  const options = make("div", { className: "entente-options" });
  fieldset.append(legend, options);
  el.append(fieldset);
  let shown = null;
  fieldset.addEventListener("change", (event) => {
    if (event.target.name !== name) return;
    model.set("index", Number(event.target.value));
    model.save_changes();
  });
  return listen(model, ["_options_labels", "index", "description", "disabled", "orientation"], () => {
    const labels = model.get("_options_labels");
    if (shown !== labels) {
      options.replaceChildren(...labels.map((text, i) => {
        const option = make("label", { className: "entente-option" });
        option.append(keys(make("input", { type: "radio", name, value: String(i) })), make("span", { textContent: text }));
        return option;
      }));
      shown = labels;
    }
    el.classList.toggle("entente-horizontal", model.get("orientation") === "horizontal");
    const description = model.get("description");
    legend.textContent = description;
    legend.hidden = !description;
    fieldset.disabled = model.get("disabled");
    const index = model.get("index");
    fieldset.querySelectorAll("input").forEach((input, i) => { input.checked = i === index; });
  });
}
export default { render };
"""

_DROPDOWN_JS = _COMMON_JS + """
function render({ model, el }) {
  root(el, "dropdown");
  const id = uid("dropdown");
  const label = make("label", { htmlFor: id, className: "entente-label" });
  const select = keys(make("select", { id }));
  el.append(label, select);
  let shown = null;
  select.addEventListener("change", () => {
    model.set("index", select.selectedIndex < 0 ? null : select.selectedIndex);
    model.save_changes();
  });
  return listen(model, ["_options_labels", "index", "description", "disabled", "description_width", "tooltip"], () => {
    const labels = model.get("_options_labels");
    if (shown !== labels) {
      select.replaceChildren(...labels.map((text, i) => make("option", { textContent: text, value: String(i) })));
      shown = labels;
    }
    const description = model.get("description");
    label.textContent = description;
    label.hidden = !description;
    labelWidth(label, model.get("description_width"));
    if (!description) select.setAttribute("aria-label", model.get("tooltip") || "choose one");
    else select.removeAttribute("aria-label");
    select.disabled = model.get("disabled");
    const index = model.get("index");
    select.selectedIndex = index === null ? -1 : index;
  });
}
export default { render };
"""

_TEXT_JS = _COMMON_JS + """
function render({ model, el }) {
  root(el, "text");
  const id = uid("text");
  const label = make("label", { htmlFor: id, className: "entente-label" });
  const input = keys(make("input", { type: "text", id, autocomplete: "off", spellcheck: true }));
  el.append(label, input);
  // The value follows each key press; the model paces those messages (one in flight, the
  // rest merged), so a message sent now may overtake them: Enter and leaving the box send
  // the text itself, and the kernel takes the value from them.
  input.addEventListener("input", () => { model.set("value", input.value); model.save_changes(); });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    model.send({ event: "enter", value: input.value });
  });
  input.addEventListener("blur", () => model.send({ event: "blur", value: input.value }));
  return listen(model, ["value", "placeholder", "description", "disabled", "description_width"], () => {
    const name = model.get("description");
    label.textContent = name;
    label.hidden = !name;
    labelWidth(label, model.get("description_width"));
    input.placeholder = model.get("placeholder");
    if (!name) input.setAttribute("aria-label", model.get("placeholder") || "text");
    else input.removeAttribute("aria-label");
    input.disabled = model.get("disabled");
    // while the student types, the box is ahead of the model: never write an older value over it
    if (document.activeElement !== input && input.value !== model.get("value")) input.value = model.get("value");
  });
}
export default { render };
"""

_READOUT_FORMAT = re.compile(r"^(\.\d+f|d)$")


class _Control(anywidget.AnyWidget):
    """What every control has: a description, a disabled state, the shared styles and a short repr."""

    _css = _CSS
    description = traitlets.Unicode("", help="The visible label, also the control's accessible name.").tag(sync=True)
    disabled = traitlets.Bool(False, help="Greyed out and skipped by the keyboard.").tag(sync=True)

    def __repr__(self) -> str:  # no memory address: outputs stay the same run to run
        return f"{type(self).__name__}(value={self.value!r}, description={self.description!r})"


class _Slider(_Control):
    """The slider's behaviour; the value's type comes from :class:`FloatSlider` or :class:`IntSlider`."""

    _esm = _SLIDER_JS
    continuous_update = traitlets.Bool(True, help="Send the value while dragging, not only on release.").tag(sync=True)
    description_width = traitlets.Unicode("", help="CSS width of the label, e.g. '190px'; '' fits the text.").tag(sync=True)
    key = traitlets.Unicode("", help="Names the slider to figures that draw its next steps ahead "
                                     "(:class:`~entente_lab.widgets.overlay.FigureOverlay`); '' for none.").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._focus_callbacks: list[Any] = []
        self._drag_callbacks: list[Any] = []
        self.on_msg(self._on_browser_message)

    def on_focus(self, callback: Any) -> None:
        """Call ``callback(slider)`` when the slider gets the keyboard focus in the browser (only while it has a ``key``)."""
        self._focus_callbacks.append(callback)

    def on_drag(self, callback: Any) -> None:
        """Call ``callback(slider, dragging)`` when a pointer drag on the slider starts (True) and ends (False)."""
        self._drag_callbacks.append(callback)

    def focus(self) -> None:
        """Give the slider the keyboard focus in the browser, as soon as it is enabled there.

        Examples
        --------
        >>> slider, sent = FloatSlider(description="weight"), []
        >>> slider.send = sent.append  # what goes to the browser
        >>> slider.focus()
        >>> sent
        [{'command': 'focus'}]
        """
        self.send({"command": "focus"})

    def _on_browser_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        if event == "focus":
            for callback in self._focus_callbacks:
                callback(self)
        elif event == "drag":
            for callback in self._drag_callbacks:
                callback(self, bool(content.get("active")))

    def text(self, value: float) -> str:
        """``value`` as the browser writes it: the readout's decimals (the step's when the format is ``'d'``).

        Examples
        --------
        >>> FloatSlider(value=0.85, min=0, max=1, step=0.05).text(0.85), IntSlider(value=3, max=12).text(3)
        ('0.85', '3')
        """
        found = re.match(r"\.(\d+)f$", self.readout_format)
        if found:
            places = int(found.group(1))
        else:
            step = float(self.step)
            places = 0 if step.is_integer() else len(repr(step).split(".")[1])
        return f"{value:.{places}f}"

    def steps(self) -> dict[str, float]:
        """The values one step down and one step up (inside the range), by their :meth:`text`: what a key press reaches.

        Examples
        --------
        >>> FloatSlider(value=0.8, min=0.0, max=1.0, step=0.05).steps()
        {'0.75': 0.75, '0.85': 0.85}
        >>> IntSlider(value=0, min=0, max=12).steps()
        {'1': 1}
        """
        index = round((self.value - self.min) / self.step)
        found = {}
        for move in (-1, 1):
            value = min(self.max, max(self.min, self.min + (index + move) * self.step))
            value = type(self.value)(self.text(value))
            if value != self.value:
                found[self.text(value)] = value
        return found

    @traitlets.validate("value")
    def _clip_value(self, proposal: dict) -> Any:
        return min(max(proposal["value"], self.min), self.max)

    @traitlets.validate("min", "max")
    def _check_bounds(self, proposal: dict) -> Any:
        low, high = (proposal["value"], self.max) if proposal["trait"].name == "min" else (self.min, proposal["value"])
        if low > high:
            raise traitlets.TraitError(f"{type(self).__name__}: min {low} is above max {high}; give min <= max")
        return proposal["value"]

    @traitlets.validate("step")
    def _check_step(self, proposal: dict) -> Any:
        if proposal["value"] <= 0:
            raise traitlets.TraitError(f"{type(self).__name__}: step {proposal['value']} must be above 0")
        return proposal["value"]

    @traitlets.validate("readout_format")
    def _check_format(self, proposal: dict) -> str:
        if not _READOUT_FORMAT.match(proposal["value"]):
            raise traitlets.TraitError(f"{type(self).__name__}: readout_format {proposal['value']!r} is not "
                                       "'.Nf' (N decimals) or 'd'")
        return proposal["value"]

    @traitlets.observe("min", "max")
    def _keep_value_inside(self, _change: dict) -> None:
        self.value = min(max(self.value, self.min), self.max)


class FloatSlider(_Slider):
    """A slider for a number: label, native range input, and a number box to read or type the value.

    Parameters
    ----------
    value, min, max, step : float
        As in :class:`ipywidgets.FloatSlider`; ``value`` is clipped to ``[min, max]``.
    description : str
        The visible label and the slider's accessible name.
    readout_format : str
        ``".2f"`` (two decimals) by default.
    continuous_update : bool
        True: send each step of a drag; False: only where the drag ends.
    description_width : str
        The label's CSS width (``style={"description_width": ...}`` in ipywidgets).

    Examples
    --------
    >>> slider = FloatSlider(value=0.5, min=0.0, max=1.0, step=0.05, description="trust")
    >>> seen = []
    >>> slider.observe(lambda change: seen.append(change["new"]), names="value")
    >>> slider.set_state({"value": 0.55})  # what a move in the browser sends
    >>> slider.value, seen
    (0.55, [0.55])
    >>> slider.max = 0.5  # the value follows a narrower range
    >>> slider.value
    0.5
    """

    value = traitlets.CFloat(0.0).tag(sync=True)
    min = traitlets.CFloat(0.0).tag(sync=True)
    max = traitlets.CFloat(10.0).tag(sync=True)
    step = traitlets.CFloat(0.1).tag(sync=True)
    readout_format = traitlets.Unicode(".2f").tag(sync=True)


class IntSlider(_Slider):
    """A slider for a whole number, otherwise as :class:`FloatSlider`.

    Examples
    --------
    >>> months = IntSlider(value=3, min=0, max=12, description="months")
    >>> months.value = 20
    >>> months.value, type(months.value).__name__
    (12, 'int')
    """

    value = traitlets.CInt(0).tag(sync=True)
    min = traitlets.CInt(0).tag(sync=True)
    max = traitlets.CInt(100).tag(sync=True)
    step = traitlets.CInt(1).tag(sync=True)
    readout_format = traitlets.Unicode("d").tag(sync=True)


#: The value given when none is: the first option, as ipywidgets' Dropdown and RadioButtons do.
_FIRST = object()


def _pairs(options: Any) -> tuple[tuple[str, Any], ...]:
    """Options as ``(label, value)`` pairs: from pairs, from plain labels, or from a mapping."""
    if isinstance(options, str) or not isinstance(options, Iterable):
        raise traitlets.TraitError(f"options must be a list of labels or of (label, value) pairs, not {options!r}")
    items = options.items() if isinstance(options, dict) else options
    pairs = []
    for item in items:
        if isinstance(item, (tuple, list)) and len(item) == 2:
            label, value = item
        else:
            label, value = item, item
        pairs.append((str(label), value))
    return tuple(pairs)


class _Selection(_Control):
    """One choice among options: ``index`` is what the browser sends, ``value`` and ``label`` follow it.

    ``value=None`` selects the option whose value is ``None`` if there is one (a
    "choose" line), else nothing; without ``value`` the first option is selected.
    """

    options = traitlets.Any((), help="(label, value) pairs, or labels that are their own values.")
    _options_labels = traitlets.List(traitlets.Unicode(), read_only=True).tag(sync=True)
    index = traitlets.Int(None, allow_none=True).tag(sync=True)
    value = traitlets.Any(None)
    label = traitlets.Unicode(None, allow_none=True, read_only=True)

    def __init__(self, options: Any = (), value: Any = _FIRST, **kwargs: Any) -> None:
        super().__init__(options=options, **kwargs)
        if value is _FIRST:
            self.index = 0 if self.options else None
        else:
            self.value = value
        self._select(self.index)

    @traitlets.validate("options")
    def _check_options(self, proposal: dict) -> tuple[tuple[str, Any], ...]:
        return _pairs(proposal["value"])

    @traitlets.observe("options")
    def _on_options(self, _change: dict) -> None:
        self.set_trait("_options_labels", [label for label, _ in self.options])
        self._select(self._index_of(self.value))

    def _index_of(self, value: Any) -> int | None:
        return next((i for i, (_, v) in enumerate(self.options) if v is value or v == value), None)

    @traitlets.validate("index")
    def _check_index(self, proposal: dict) -> int | None:
        index = proposal["value"]
        if index is not None and not 0 <= index < len(self.options):
            raise traitlets.TraitError(f"{type(self).__name__}: index {index} is outside the {len(self.options)} options")
        return index

    @traitlets.validate("value")
    def _check_value(self, proposal: dict) -> Any:
        value = proposal["value"]
        if value is not None and not any(v == value for _, v in self.options):
            shown = ", ".join(repr(v) for _, v in self.options[:6]) + (", ..." if len(self.options) > 6 else "")
            raise traitlets.TraitError(f"{type(self).__name__}: {value!r} is not one of the options ({shown})")
        return value

    @traitlets.observe("value")
    def _on_value(self, change: dict) -> None:
        self._select(self._index_of(change["new"]))

    @traitlets.observe("index")
    def _on_index(self, change: dict) -> None:
        self._select(change["new"])

    def _select(self, index: int | None) -> None:
        """Make index, value and label agree (each set only when it differs, so no loop)."""
        value, label = self.options[index][::-1] if index is not None else (None, None)
        if self.index != index:
            self.index = index
        if self.value is not value and self.value != value:
            self.value = value
        self.set_trait("label", label)


class RadioButtons(_Selection):
    """One choice shown as native radio buttons in a fieldset: long labels wrap under their own circle.

    Parameters
    ----------
    options : list
        ``(label, value)`` pairs, or labels that are their own values.
    value : optional
        The selected value; ``None`` for no selection; the first option when left out.
    description : str
        The fieldset's legend (left out when empty).
    orientation : {"vertical", "horizontal"}
        One answer under the other, or side by side (wrapping when the line is full).

    Examples
    --------
    >>> choice = RadioButtons(options=[("Mostly strong", "a"), ("Mostly strained", "b")], value=None,
    ...                       description="I expect:")
    >>> choice.index is None
    True
    >>> choice.set_state({"index": 1})  # the student picks the second
    >>> choice.value, choice.label
    ('b', 'Mostly strained')
    """

    _esm = _CHOICE_JS
    orientation = traitlets.Enum(("vertical", "horizontal"), "vertical").tag(sync=True)


class Dropdown(_Selection):
    """One choice from a native ``<select>`` with a label.

    Parameters
    ----------
    options, value : as :class:`RadioButtons`
    description : str
        The visible label and the menu's accessible name (the ``tooltip`` names it when empty).
    description_width : str
        The label's CSS width.

    Examples
    --------
    >>> menu = Dropdown(options=[("— choose —", None), ("yes", True), ("no", False)], value=None)
    >>> menu.index, menu.label  # value None selects the option whose value is None
    (0, '— choose —')
    >>> menu.value = False
    >>> menu.index
    2
    """

    _esm = _DROPDOWN_JS
    description_width = traitlets.Unicode("", help="CSS width of the label, e.g. '8rem'; '' fits the text.").tag(sync=True)


class TextBox(_Control):
    """A one-line text box that acts on Enter: its ``value`` follows each key press, leaving it does nothing else.

    Replaces :class:`ipywidgets.Text` where Enter does something (records, saves).
    Enter sends the text itself with the key (never a bare signal that could overtake
    the value typed just before), so :meth:`on_enter` callbacks get exactly what the
    box showed. Leaving the box (Tab, a click elsewhere) sends the text too, so a
    button pressed next reads it, but runs nothing: a student may type first and
    choose or change the rest afterwards.

    Parameters
    ----------
    value : str
        The text in the box.
    description : str
        The visible label and the box's accessible name (the ``placeholder`` names it when empty).
    placeholder : str
        Shown in the empty box.
    description_width : str
        The label's CSS width (``style={"description_width": ...}`` in ipywidgets); '' fits the text.

    Examples
    --------
    >>> box, seen = TextBox(description="Your name", placeholder="a name"), []
    >>> box.on_enter(lambda text: seen.append(text))
    >>> box.set_state({"value": "An"})  # the browser, key by key
    >>> seen
    []
    >>> box._handle_custom_msg({"event": "blur", "value": "Ana"}, [])  # the student leaves the box
    >>> box.value, seen
    ('Ana', [])
    >>> box._handle_custom_msg({"event": "enter", "value": "Ana B"}, [])  # Enter carries the text
    >>> box.value, seen
    ('Ana B', ['Ana B'])
    """

    _esm = _TEXT_JS
    value = traitlets.Unicode("", help="The text in the box.").tag(sync=True)
    placeholder = traitlets.Unicode("", help="Shown in the empty box.").tag(sync=True)
    description_width = traitlets.Unicode("", help="CSS width of the label, e.g. '8rem'; '' fits the text.").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._enter_callbacks: list[Callable[[str], Any]] = []
        self.on_msg(self._on_browser_message)

    def on_enter(self, callback: Callable[[str], Any]) -> None:
        """Call ``callback(text)`` when Enter is pressed in the box, with the text the box showed (blank too).

        ``value`` is already ``text`` when it runs.
        """
        self._enter_callbacks.append(callback)

    def _on_browser_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        text = content.get("value") if isinstance(content, dict) else None
        if event not in ("enter", "blur") or not isinstance(text, str):
            return
        if text != self.value:
            self.set_state({"value": text})  # as a key-by-key value is taken: no message back to the browser
        if event == "enter" and not self.disabled:
            for callback in self._enter_callbacks:
                callback(text)
