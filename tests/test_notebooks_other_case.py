"""The whole notebook series runs, unchanged, on every case, and shows only that case's words.

Each notebook runs once per case (the bundled interview and every invented case in
tests/cases, through ``ENTENTE_LAB_CASE``), with the widget state the kernel leaves
saved (the session fixture ``notebook_run`` in conftest.py); the tests below share
those runs. A case's notebooks run in series in one kernel, emptied between notebooks
(namespace, widgets, working folder, warnings already shown); what only a fresh kernel
per notebook shows does not depend on the case, and nbval shows it (each notebook in a
fresh kernel of its own, as a student's). What a student sees is read from three places:

- the cells' outputs: printed text, ``text/plain``, ``text/html``, ``text/markdown``
  and any other text format (pictures are PNGs: their drawn words are tested on the
  figures themselves);
- the widgets' saved state: every description, value, option, tooltip and piece of
  HTML of every widget model, and the outputs an ``Output`` widget captured;
- nothing else: a Markdown cell's own text is checked in tests/test_narrative.py.

For a case other than the bundled one, none of those may hold a word that belongs
only to the bundled text (tests/bundled_words.py). For every case, no output may be
written to standard error or carry a ``Warning``.

tests/cases holds invented cases that differ from the bundled interview in structure:
second.yaml has a years-long scenario and no trilemma; third.yaml has fourteen turns,
three speakers, 7 strength and 4 strain factors, labels up to 128 characters,
non-ASCII names, no trilemma and no scenario; guide_example.yaml is the worked example
of lessons/writing_a_case.md, with a trilemma and a scenario of its own.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import re
from collections.abc import Iterator, Mapping

import pytest

import entente_lab

from .bundled_words import bundled_word_matches
from .conftest import ALL_CASES, NOTEBOOKS, OTHER_CASES, _execute_notebooks

#: Every notebook runs in a kernel on every case (in the background: see ``notebook_run``).
pytestmark = pytest.mark.slow

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Pictures in base64 (inline ``data:`` URIs in HTML), which hold no readable words.
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


def _ids(path):
    return path.stem


def readable(text: str) -> str:
    """What a reader sees of an output's text: inline pictures dropped, HTML entities decoded."""
    return html.unescape(DATA_URI.sub(" ", text))


def output_texts(output: Mapping) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` for every text a person can read in one output (pictures left out)."""
    kind = output.get("output_type")
    if kind == "stream":
        yield f"stream {output.get('name')}", readable(output.get("text", ""))
    elif kind in ("display_data", "execute_result", "update_display_data"):
        for mime, value in output.get("data", {}).items():
            if mime.startswith("image/") and mime != "image/svg+xml" or mime == WIDGET_VIEW:
                continue
            yield mime, readable(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    elif kind == "error":
        yield "error", f"{output.get('ename')}: {output.get('evalue')}"


def widget_models(notebook) -> dict[str, Mapping]:
    """The widget models the kernel left, by model id (empty when it left none)."""
    return dict(notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))


def _strings(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if not value.startswith("IPY_MODEL_"):
            yield where, readable(value)
    elif isinstance(value, Mapping):
        if "output_type" in value:  # an output an Output widget captured
            for kind, text in output_texts(value):
                yield f"{where} {kind}", text
            return
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def widget_texts(notebook) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every string in the saved state of every widget (binary buffers left out)."""
    for model_id, model in widget_models(notebook).items():
        yield from _strings(model.get("state", {}), f"widget {model.get('model_name', '?')} {model_id[:8]}")


def captured_outputs(notebook) -> Iterator[tuple[str, Mapping]]:
    """``(where, output)`` for every output of a code cell, and every output an ``Output`` widget captured."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                yield f"cell {index}", output
    for model_id, model in widget_models(notebook).items():
        for output in model.get("state", {}).get("outputs", []) or []:
            yield f"widget {model.get('model_name', '?')} {model_id[:8]}", output


def visible_texts(notebook) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every text of the notebook's outputs and widgets."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                for kind, text in output_texts(output):
                    yield f"cell {index} {kind}", text
    yield from widget_texts(notebook)


def bundled_hits(notebook) -> list[str]:
    """One line per place that shows a bundled-case word: where, the words, and the first one in context."""
    lines = []
    for where, text in visible_texts(notebook):
        matches = bundled_word_matches(text)
        if matches:
            start, word = matches[0]
            context = " ".join(text[max(0, start - 50):start + len(word) + 50].split())
            lines.append(f"{where}: {sorted({w for _, w in matches})} ... {context} ...")
    return lines


def finished(notebook_run, case_name: str, path):
    """The notebook's run on the case; fail unless it ran to its end (its outputs would be partial)."""
    run = notebook_run(case_name, path)
    assert not run.failure, f"{path.name} on the {case_name} case did not run to the end: {run.failure}"
    return run


# ------------------------------------------------------------------------ every case

@pytest.mark.parametrize("case_name", ALL_CASES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_runs_without_an_error(path, case_name, notebook_run):
    run = finished(notebook_run, case_name, path)
    errors = [f"cell {index}: {output.ename}: {output.evalue}" for index, cell in enumerate(run.notebook.cells)
              if cell.cell_type == "code" for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors, f"{path.name} fails on the {case_name} case:\n" + "\n".join(errors)
    if path.stem == "00_start_here":  # the kernel really loaded this case
        printed = "".join(text for _, text in visible_texts(run.notebook))
        assert entente_lab.load_case(ALL_CASES[case_name]).source.title in printed


@pytest.mark.parametrize("case_name", ALL_CASES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_writes_no_warning(path, case_name, notebook_run):
    """Nothing on standard error, and no ``...Warning`` (matplotlib's layout warnings, a deprecation) anywhere."""
    run = finished(notebook_run, case_name, path)
    problems = []
    for where, output in captured_outputs(run.notebook):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            problems.append(f"{where}: standard error: {' '.join(output.get('text', '').split())[:300]}")
            continue
        for kind, text in output_texts(output):
            if "Warning" in text:
                line = next(line for line in text.splitlines() if "Warning" in line)
                problems.append(f"{where} {kind}: {line.strip()[:300]}")
    assert not problems, f"{path.name} on the {case_name} case writes warnings:\n" + "\n".join(problems)


@pytest.mark.parametrize("case_name", ALL_CASES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_every_widget_shown_left_its_state(path, case_name, notebook_run):
    """The widget scan below reads the saved state: a widget shown without its state would escape it."""
    run = finished(notebook_run, case_name, path)
    models = widget_models(run.notebook)
    shown = [output["data"][WIDGET_VIEW]["model_id"] for _, output in captured_outputs(run.notebook)
             if WIDGET_VIEW in output.get("data", {})]
    missing = [model_id for model_id in shown if model_id not in models]
    assert not missing, f"{path.name}: widgets shown without saved state: {missing}"


# ------------------------------------------------------------------ the other cases

@pytest.mark.parametrize("case_name", OTHER_CASES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_no_bundled_word_on_screen_for_another_case(path, case_name, notebook_run):
    run = finished(notebook_run, case_name, path)
    hits = bundled_hits(run.notebook)
    assert not hits, (f"{path.name} on the {case_name} case shows words of the bundled text "
                      f"({len(hits)} place(s)):\n" + "\n".join(hits))


# ---------------------------------------------------------- the scan itself can fail

@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_the_scan_sees_the_bundled_words_in_the_bundled_case(path, notebook_run):
    """On the bundled case the same scan must find its words: it reads what the notebook shows."""
    run = finished(notebook_run, "bundled", path)
    assert bundled_hits(run.notebook), f"{path.name}: the scan found no bundled word on the bundled case"


def test_the_scan_reads_widget_state():
    """A word inside a widget's description, options or captured output is found; pictures are not read."""
    from types import SimpleNamespace

    state = {"a1": {"model_name": "DropdownModel", "state": {"description": "Pick", "_options_labels": ["x", "Wyne"]}},
             "b2": {"model_name": "OutputModel", "state": {"outputs": [
                 {"output_type": "stream", "name": "stdout", "text": "about China"},
                 {"output_type": "display_data", "data": {"image/png": "d2FyIHdhcg==", "text/plain": "<Figure>"}}]}},
             "c3": {"model_name": "HTMLModel", "state": {"value": "<img src='data:image/png;base64,+war/war+'>"}}}
    notebook = SimpleNamespace(cells=[], metadata={"widgets": {WIDGET_STATE: {"state": state}}})
    hits = bundled_hits(notebook)
    assert len(hits) == 2
    assert "DropdownModel" in hits[0] and "['Wyne']" in hits[0]
    assert "OutputModel" in hits[1] and "stream stdout" in hits[1] and "['China']" in hits[1]


def test_a_notebook_run_after_another_in_the_same_kernel_starts_afresh(tmp_path):
    """A case's notebooks share a kernel: each still gets an empty namespace, its own folder, and
    shows again a warning the one before it showed (Python shows each once per place)."""
    import nbformat

    (tmp_path / "warns.py").write_text("import warnings\n\ndef careful():\n    warnings.warn('careful', UserWarning)\n",
                                       encoding="utf-8")
    paths = []
    for name in ("first", "second"):
        code = (f"import os, sys\nsys.path.insert(0, {str(tmp_path)!r})\nimport warns\nwarns.careful()\n"
                f"{name} = 1\nprint(os.path.basename(os.getcwd()), sorted(n for n in ('first', 'second') if n in globals()))")
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
        paths.append(path)
    # in a thread of its own, as notebook_run runs it: the main thread may hold a running event loop
    # (Playwright's synchronous API keeps one once a browser test has started it)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        runs = pool.submit(_execute_notebooks, "bundled", paths, tmp_path).result()
    seen = []
    for path in paths:
        assert not runs[path].failure
        outputs = runs[path].notebook.cells[0].outputs
        seen.append(([o.text.strip() for o in outputs if o.name == "stdout"],
                     ["UserWarning: careful" in o.text for o in outputs if o.name == "stderr"]))
    assert seen == [(["work-0 ['first']"], [True]), (["work-1 ['second']"], [True])]
