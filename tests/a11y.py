"""What a person sees and can reach, checked in a real browser (support code for browser tests).

Three checks, each over *our* part of a page only (a notebook's outputs, the class
report, the handout), never over JupyterLab's own interface:

- :func:`axe_violations`: axe-core (the ``axe-playwright-python`` package, which
  bundles it) with the WCAG 2.0/2.1 A and AA rules; the serious and critical
  violations, each with its rule, its target and a short summary.
- :func:`unreachable_controls`: every interactive control that is meant to be shown
  has a non-zero box inside the viewport once scrolled to, and is not cut away by a
  box around it (a parent squeezed to 0 px leaves Playwright's ``is_visible()``
  true; the box, clipped by every ancestor that clips, is what a person sees).
- :func:`overlapping_text`: no two pieces of visible text, and no text and a
  control, are drawn over one another; :func:`cut_text` finds text a box cuts off
  ("Record my pre…"); :func:`misplaced_terms` finds a glossary term drawn beside the
  entry before it; :func:`overflowing_frames` finds a box that passes the edge of the
  framed box around it (an exercise's verdict box a few pixels too wide).

Each returns a list of one-line findings (empty when all is well), so a test can
collect them from several checks and viewport sizes and assert once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

#: The WCAG 2.0 and 2.1, level A and AA, rules of axe-core.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The impacts a test fails on.
BLOCKING = ("serious", "critical")
#: Our outputs in JupyterLab and in Notebook 7 (both lay a notebook out as a JupyterLab NotebookPanel).
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
#: The two viewport sizes a page is checked at: a laptop, and a desktop monitor.
VIEWPORTS = ({"width": 1366, "height": 900}, {"width": 1920, "height": 1080})
#: What a person can operate: buttons, text boxes, lists, sliders, checkboxes, radio buttons.
CONTROLS = ("button, input:not([type=hidden]), select, textarea, [role=slider], [role=button], [role=checkbox], "
            "[role=radio], [role=switch], [role=combobox], [role=textbox], [contenteditable=true]")


@dataclass(frozen=True)
class Violation:
    """One failed axe rule on one element."""

    rule: str
    impact: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"axe {self.impact} {self.rule}: {self.target} — {self.summary}"


def axe_violations(page, include: str | None = OUTPUTS, *, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """The WCAG A/AA violations of ``impacts`` on ``page``, within ``include`` (a CSS selector; ``None``: the page)."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[include]]} if include else None
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    response = Axe().run(page, context=context, options=options).response
    found = []
    for rule in response["violations"]:
        for node in rule["nodes"]:
            impact = node.get("impact") or rule.get("impact") or "unknown"
            if impact in impacts:
                target = " ".join(str(t) for t in node["target"])
                found.append(Violation(rule["id"], impact, target[-160:], rule["help"]))
    return found


def rule_counts(violations: list[Violation]) -> dict[str, int]:
    """How many violations of each rule (for the before/after tables)."""
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation.rule] = counts.get(violation.rule, 0) + 1
    return dict(sorted(counts.items()))


def record(folder: Path, name: str, **findings: list) -> Path:
    """Write ``findings`` (lists of violations or strings) to ``folder/name.json``, for CI's artifacts and the tables."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    data = {key: [asdict(v) if isinstance(v, Violation) else v for v in values] for key, values in findings.items()}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- geometry, measured in the page

_GEOMETRY_JS = r"""
// `rect` cut by each ancestor of `el` that clips (overflow other than visible, in each
// axis), up to and including `last` (or up to the page: the overflow of <body> and
// <html> belongs to the viewport, which the caller handles).
function clip(el, rect, last) {
  const r = {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom};
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    const ar = a.getBoundingClientRect();
    if (s.overflowX !== 'visible') { r.left = Math.max(r.left, ar.left); r.right = Math.min(r.right, ar.right); }
    if (s.overflowY !== 'visible') { r.top = Math.max(r.top, ar.top); r.bottom = Math.min(r.bottom, ar.bottom); }
    if (a === last) break;
  }
  return r;
}
// The box of `el` a person sees: cut by every ancestor that clips, and by the viewport.
function seenBox(el, rect) {
  const r = clip(el, rect, null);
  r.left = Math.max(r.left, 0); r.top = Math.max(r.top, 0);
  r.right = Math.min(r.right, innerWidth); r.bottom = Math.min(r.bottom, innerHeight);
  return r;
}
function shown(el) {
  return el.checkVisibility({visibilityProperty: true, opacityProperty: true});
}
function describe(el) {
  const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.placeholder || '').trim();
  const cls = [...el.classList].slice(0, 2).map(c => '.' + c).join('');
  return `<${el.tagName.toLowerCase()}${el.type ? ' type=' + el.type : ''}${cls}>` +
         (text ? ` "${text.replace(/\s+/g, ' ').slice(0, 40)}"` : '');
}
"""

_CONTROLS_JS = _GEOMETRY_JS + r"""
(args) => {
  const [scope, selector] = args;
  const out = [];
  const controls = [...document.querySelectorAll(scope)].flatMap(s => [...s.querySelectorAll(selector)]);
  for (const el of controls) {
    if (!shown(el)) continue;             // hidden on purpose (display:none, a closed <details>)
    el.scrollIntoViewIfNeeded ? el.scrollIntoViewIfNeeded(true) : el.scrollIntoView({block: 'center'});
    const rect = el.getBoundingClientRect();
    const seen = seenBox(el, rect);
    const w = seen.right - seen.left, h = seen.bottom - seen.top;
    if (rect.width < 1 || rect.height < 1) {
      out.push(`${describe(el)} has an empty box (${rect.width.toFixed(0)}×${rect.height.toFixed(0)} px)`);
    } else if (w < Math.min(rect.width, innerWidth) - 1 || h < Math.min(rect.height, innerHeight) - 1) {
      out.push(`${describe(el)}: ${Math.max(w, 0).toFixed(0)}×${Math.max(h, 0).toFixed(0)} of its ` +
               `${rect.width.toFixed(0)}×${rect.height.toFixed(0)} px can be seen when scrolled to`);
    }
  }
  return out;
}
"""

_BOXES_JS = _GEOMETRY_JS + r"""
// Every visible line of text (one box per line of a text node) and every control in
// the scope, each with `root`: the scope element it is in.
function textBoxes(scope, controlSelector) {
  const boxes = [];
  const roots = [...document.querySelectorAll(scope)];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      const el = node.parentElement;
      if (!el || !shown(el) || el.closest('svg, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width < 1 || rect.height < 1) continue;
        boxes.push({el, node, rect, root, label: `"${node.data.trim().replace(/\s+/g, ' ').slice(0, 40)}"`});
      }
    }
    for (const el of root.querySelectorAll(controlSelector)) {
      if (!shown(el)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      boxes.push({el, node: null, rect, root, label: describe(el)});
    }
  }
  return boxes;
}
// A box as drawn, cut by the boxes that clip it within its scope element: outside it,
// the page's own scrolling moves everything alike, so what overlaps stays the same.
function clipped(box) {
  return clip(box.node ? box.node : box.el, box.rect, box.root);
}
"""

_OVERLAP_JS = _BOXES_JS + r"""
(args) => {
  const [scope, controlSelector, minimum] = args;
  const boxes = textBoxes(scope, controlSelector).map(b => ({...b, seen: clipped(b)}))
    .filter(b => b.seen.right - b.seen.left >= minimum && b.seen.bottom - b.seen.top >= minimum)
    .sort((a, b) => a.seen.top - b.seen.top);
  const out = [];
  const seenPairs = new Set();
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].seen.top < a.seen.bottom - minimum; j++) {
      const b = boxes[j];
      if (a.el === b.el && a.node === b.node) continue;              // two lines of one text
      if ((a.node === null && a.el.contains(b.el)) || (b.node === null && b.el.contains(a.el))) continue;  // a button's own label
      if (a.node === null && b.node === null && (a.el.contains(b.el) || b.el.contains(a.el))) continue;
      const w = Math.min(a.seen.right, b.seen.right) - Math.max(a.seen.left, b.seen.left);
      const h = Math.min(a.seen.bottom, b.seen.bottom) - Math.max(a.seen.top, b.seen.top);
      if (w >= minimum && h >= minimum) {
        const key = a.label + '|' + b.label;
        if (seenPairs.has(key)) continue;
        seenPairs.add(key);
        out.push(`${a.label} and ${b.label} overlap by ${w.toFixed(0)}×${h.toFixed(0)} px`);
      }
    }
  }
  return out;
}
"""

_CUT_JS = _BOXES_JS + r"""
(args) => {
  const [scope, controlSelector] = args;
  const out = [];
  const reported = new Set();
  for (const box of textBoxes(scope, controlSelector)) {
    if (box.node === null) continue;
    // cut: hidden by an ancestor whose overflow is hidden or clip, up to the first box that
    // scrolls (which shows all of it when scrolled) or the scope element
    for (let a = box.el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll'].includes(s.overflowX) || ['auto', 'scroll'].includes(s.overflowY)) break;
      const ar = a.getBoundingClientRect();
      // overflow clips at the padding box; an ellipsis replaces what passes the content box
      const px = v => parseFloat(v) || 0;
      const inset = side => px(s[`border${side}Width`]) + (s.textOverflow === 'ellipsis' ? px(s[`padding${side}`]) : 0);
      const edge = {left: ar.left + inset('Left'), right: ar.right - inset('Right'),
                    top: ar.top + inset('Top'), bottom: ar.bottom - inset('Bottom')};
      const cutX = ['hidden', 'clip'].includes(s.overflowX) && (box.rect.left < edge.left - 1 || box.rect.right > edge.right + 1);
      const cutY = ['hidden', 'clip'].includes(s.overflowY) && (box.rect.top < edge.top - 1 || box.rect.bottom > edge.bottom + 1);
      if ((cutX || cutY) && !reported.has(box.node)) {
        reported.add(box.node);
        const kept = ar.width > 0 && ar.height > 0 ? `${ar.width.toFixed(0)}×${ar.height.toFixed(0)} px box` : 'a 0 px box';
        out.push(`${box.label} is cut by ${kept} <${a.tagName.toLowerCase()}${[...a.classList].slice(0, 1).map(c => '.' + c).join('')}>`);
      }
      if (a === box.root) break;
    }
  }
  return out;
}
"""


_FRAMES_JS = _GEOMETRY_JS + r"""
(scope) => {
  // A frame: a box with a visible border on all four sides (an exercise, the prediction gate).
  const px = v => parseFloat(v) || 0;
  const framed = s => ['Top', 'Right', 'Bottom', 'Left'].every(k => px(s[`border${k}Width`]) > 0 &&
                                                                    !['none', 'hidden'].includes(s[`border${k}Style`]));
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const frame of [root, ...root.querySelectorAll('*')]) {
      const s = getComputedStyle(frame);
      if (!framed(s) || !shown(frame)) continue;
      const f = frame.getBoundingClientRect();
      if (f.width < 1 || f.height < 1) continue;
      // what the frame holds must stay inside its padding: its content box
      const edge = side => px(s[`border${side}Width`]) + px(s[`padding${side}`]);
      const inner = {left: f.left + edge('Left'), right: f.right - edge('Right'), top: f.top + edge('Top'),
                     bottom: f.bottom - edge('Bottom')};
      const kinds = [...frame.classList].filter(c => c.startsWith('entente') || c.startsWith('widget')).slice(0, 2);
      const name = `<${frame.tagName.toLowerCase()}${kinds.map(c => '.' + c).join('')}>`;
      const reported = [];
      for (const child of frame.querySelectorAll('*')) {
        if (!shown(child) || child.closest('option, svg') || child.parentElement.closest('select, textarea')) continue;
        if (reported.some(r => r.contains(child))) continue;  // the box that passes the edge is named, not all it holds
        const r = child.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        // inside a box that scrolls vertically (a long list), the height is meant to pass the frame: only the width counts
        let vertical = true;
        for (let a = child.parentElement; a && a !== frame; a = a.parentElement) {
          const as = getComputedStyle(a);
          if (['auto', 'scroll'].includes(as.overflowY) && a.scrollHeight > a.clientHeight + 1) { vertical = false; break; }
        }
        const over = Math.max(inner.left - r.left, r.right - inner.right,
                              vertical ? inner.top - r.top : 0, vertical ? r.bottom - inner.bottom : 0);
        if (over > 0.5) {
          reported.push(child);
          out.push(`${describe(child)} passes the edge of its framed box ${name} by ${over.toFixed(1)} px`);
        }
      }
    }
  }
  return out;
}
"""


def unreachable_controls(page, scope: str = OUTPUTS) -> list[str]:
    """Each shown control in ``scope`` that, scrolled to, does not show its whole box in the viewport."""
    return page.evaluate(_CONTROLS_JS, [scope, CONTROLS])


def overlapping_text(page, scope: str = OUTPUTS, *, minimum: float = 4) -> list[str]:
    """Pairs of visible text lines (or a text and a control) in ``scope`` drawn over one another.

    A text box is one line of one text node, as laid out (``Range.getClientRects``),
    cut by the ancestors that clip it; a control's box is its border box. Two boxes
    overlap when they share at least ``minimum`` px in both directions, so lines that
    merely touch, or a font whose glyphs reach into the next line by a pixel or two,
    do not count. A control and the text inside it (a button's label) are one thing.
    """
    return page.evaluate(_OVERLAP_JS, [scope, CONTROLS, minimum])


def cut_text(page, scope: str = OUTPUTS) -> list[str]:
    """Each visible text in ``scope`` that a box with ``overflow: hidden`` cuts off (an elided label, a squeezed box)."""
    return page.evaluate(_CUT_JS, [scope, CONTROLS])


_TERMS_JS = r"""
(scope) => {
  // The terms of a definition list start at one left edge, each on a line of its own; a
  // term that floats up beside the last line of the entry before it reads as part of it.
  const out = [];
  for (const root of document.querySelectorAll(scope)) {
    for (const dl of root.querySelectorAll('dl')) {
      const terms = [...dl.querySelectorAll(':scope > dt, :scope > div > dt')];
      if (!terms.length) continue;
      const left = terms[0].getBoundingClientRect().left;
      for (const term of terms.slice(1)) {
        const shift = term.getBoundingClientRect().left - left;
        if (Math.abs(shift) > 2) {
          out.push(`term "${term.innerText.trim().slice(0, 40)}" starts ${shift.toFixed(0)} px to the side of the other terms`);
        }
      }
    }
  }
  return out;
}
"""


def overflowing_frames(page, scope: str = OUTPUTS) -> list[str]:
    """Each shown box in ``scope`` that passes the content edge of a framed box around it (a border on all four sides).

    A box with ``width: 100%`` and a margin is wider than its parent by the margin: it
    eats into the frame's padding on one side, or makes its parent scroll sideways by
    a few pixels. Measured on the layout box (not cut by the boxes that clip it, since
    being cut is the defect); options of a list and glyphs of a figure are left out,
    and inside a box that scrolls vertically only the width counts.
    """
    return page.evaluate(_FRAMES_JS, scope)


def misplaced_terms(page, scope: str = OUTPUTS) -> list[str]:
    """Each term of a definition list in ``scope`` drawn to the side of the other terms (beside the entry before it)."""
    return page.evaluate(_TERMS_JS, scope)


def what_a_person_sees(page, scope: str = OUTPUTS, *, screenshots: Path | None = None,
                       first_shown: str | None = None) -> list[str]:
    """Every finding of the geometry checks at each of :data:`VIEWPORTS`, prefixed with the size.

    The same page is resized (no second run). With ``screenshots`` (a path without
    suffix), the viewport at each size is saved as ``<screenshots>-<width>x<height>.png``,
    scrolled to the first element that ``first_shown`` selects (if any).
    """
    findings = []
    for size in VIEWPORTS:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)  # let the layout settle after the resize
        at = f"{size['width']}×{size['height']}"
        findings += [f"{at} overlap {f}" for f in overlapping_text(page, scope)]
        findings += [f"{at} cut {f}" for f in cut_text(page, scope)]
        findings += [f"{at} glossary {f}" for f in misplaced_terms(page, scope)]
        findings += [f"{at} frame {f}" for f in overflowing_frames(page, scope)]
        findings += [f"{at} control {f}" for f in unreachable_controls(page, scope)]
        if screenshots is not None:
            if first_shown and page.locator(first_shown).count():
                page.locator(first_shown).first.evaluate("el => el.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(200)
            page.screenshot(path=f"{screenshots}-{size['width']}x{size['height']}.png")
    return findings
