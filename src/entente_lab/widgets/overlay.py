"""The moving layer of a live figure, with the next steps of one slider drawn ahead.

A key press on a slider costs a kernel round trip before the kernel's new picture can
show: on a 2-core machine that round trip alone (browser, Jupyter server, kernel and
back, for a message that does nothing) takes 40 ms at the median and 70-80 ms at the
95th percentile (``benchmarks/browser_latency.py --floor``). So the kernel draws ahead:
after each change it also draws, with the same matplotlib code, what the figure will
show one step down and one step up on the slider that has the keyboard focus, and
sends those frames with the current one. A :class:`FigureOverlay` shows the current
frame; when a slider with a ``key`` (:class:`~entente_lab.widgets.controls.FloatSlider`)
steps to a value drawn ahead, the browser shows that frame at once, and the kernel's
answer, the same markup, changes nothing on screen.

A frame drawn ahead is shown only when it is the frame the kernel would draw: the
frames carry the value of every keyed slider they were drawn for (``base``), and the
browser checks them against the sliders it shows; a frame is used once, and any other
control touched in the same scope (a checkbox, a menu, a button) puts the frames aside
until the kernel sends new ones. Otherwise the browser waits for the kernel, as before.

Examples
--------
>>> overlay = FigureOverlay(value="<svg></svg>")
>>> overlay.ahead = {"base": {"weight/a": "0.80"}, "frames": {"weight/a": {"0.85": "<svg>…</svg>"}}}
>>> sorted(overlay.ahead["frames"]["weight/a"])
['0.85']
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["FigureOverlay"]

_OVERLAY_JS = """
function render({ model, el }) {
  let shown = null;
  let fresh = false;  // frames drawn ahead, not used yet, for the sliders as they are
  let parsed = new Map();  // the frames drawn ahead, parsed when they arrive: a key press only swaps nodes
  const show = (markup) => {
    if (markup === shown) return;
    const ready = parsed.get(markup);
    if (ready) el.replaceChildren(ready.content); else el.innerHTML = markup;
    parsed.delete(markup);
    shown = markup;
  };
  const inScope = (target) => { const scope = model.get("scope"); return !!scope && !!target.closest && !!target.closest(`.${scope}`); };
  function onStep(event) {
    if (!inScope(event.target)) return;
    const usable = fresh;
    fresh = false;
    const ahead = model.get("ahead") || {};
    const { key, value, previous } = event.detail;
    const frame = ahead.frames && ahead.frames[key] && ahead.frames[key][value];
    if (!usable || frame === undefined || ahead.base[key] !== previous) return;
    for (const slider of document.querySelectorAll(`.${model.get("scope")} [data-entente-key]`)) {
      const other = slider.dataset.ententeKey;
      if (other !== key && other in ahead.base && slider.dataset.ententeValue !== ahead.base[other]) return;
    }
    show(frame);
  }
  function onOther(event) {  // a control that is not a keyed slider: the frames no longer fit
    const target = event.target;
    if (target.closest && target.closest("input, button, select, textarea") && !target.closest("[data-entente-key]")
        && inScope(target)) fresh = false;
  }
  const onValue = () => show(model.get("value"));
  const onAhead = () => {
    parsed = new Map();
    for (const frames of Object.values((model.get("ahead") || {}).frames || {})) {
      for (const markup of Object.values(frames)) {
        const template = document.createElement("template");
        template.innerHTML = markup;
        parsed.set(markup, template);
      }
    }
    fresh = parsed.size > 0;
  };
  document.addEventListener("entente-step", onStep);
  document.addEventListener("click", onOther, true);
  document.addEventListener("change", onOther, true);
  model.on("change:value", onValue);
  model.on("change:ahead", onAhead);
  onValue();
  onAhead();
  return () => {
    document.removeEventListener("entente-step", onStep);
    document.removeEventListener("click", onOther, true);
    document.removeEventListener("change", onOther, true);
    model.off("change:value", onValue);
    model.off("change:ahead", onAhead);
  };
}
export default { render };
"""


class FigureOverlay(anywidget.AnyWidget):
    """A figure's moving layer (SVG markup), and the frames its keyed sliders' next steps will show.

    Attributes
    ----------
    value : str
        The markup shown now (an ``<svg role="img">`` named by the figure's summary).
    ahead : dict
        ``{"base": {key: value text}, "frames": {key: {value text: markup}}}``: for the
        sliders named by ``key`` (every keyed slider's value in ``base``), the markup the
        figure shows after one step; ``{}`` for none.
    scope : str
        A class on the element that holds this figure and its sliders; the browser looks
        for keyed sliders there only ('' turns the frames ahead off).
    """

    _esm = _OVERLAY_JS
    value = traitlets.Unicode("", help="The markup shown now.").tag(sync=True)
    ahead = traitlets.Dict(help="Frames drawn ahead: {'base': {...}, 'frames': {key: {value: markup}}}.").tag(sync=True)
    scope = traitlets.Unicode("", help="The class of the element holding the figure and its sliders.").tag(sync=True)
