"""Notebook 07's "Hand in to the class" button: shown when there is a class, saves first, says what happened."""

from __future__ import annotations

import json
import os

import ipywidgets as widgets
import pytest

from entente_lab.classroom.class_folder import CLASS_FOLDER_VARIABLE, create_class
from entente_lab.widgets import SaveMyWork


def _all_widgets(root: widgets.Widget):
    yield root
    for child in getattr(root, "children", ()):
        yield from _all_widgets(child)


def _shown(panel: SaveMyWork, widget: widgets.Widget) -> bool:
    return any(w is widget for w in _all_widgets(panel))


@pytest.fixture
def class_folder(tmp_path, case):
    return create_class(tmp_path / "class", case=case, title="Tuesday seminar")


def test_without_a_class_there_is_no_hand_in_button(case, tmp_path, monkeypatch):
    monkeypatch.delenv(CLASS_FOLDER_VARIABLE, raising=False)
    panel = SaveMyWork(case, {}, folder=tmp_path / "own")
    assert panel.class_folder is None and not _shown(panel, panel.hand_in_button) and not _shown(panel, panel.class_line)
    assert list(panel.children) == [panel.prediction_line, panel.verdict_box, panel.name_box, panel.button, panel.status]


def test_the_environment_s_class_shows_the_button_beside_save(case, tmp_path, monkeypatch, class_folder):
    monkeypatch.setenv(CLASS_FOLDER_VARIABLE, str(class_folder.path))
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.lima")
    panel = SaveMyWork(case, {}, folder=tmp_path / "own")
    assert panel.class_folder == class_folder and _shown(panel, panel.hand_in_button)
    row = next(w for w in _all_widgets(panel) if isinstance(w, widgets.HBox))
    assert list(row.children) == [panel.button, panel.hand_in_button]
    assert "Tuesday seminar" in panel.class_line.value and "ana.lima" in panel.class_line.value


def test_hand_in_saves_first_then_hands_in_the_saved_file(case, tmp_path, monkeypatch, class_folder):
    monkeypatch.setenv("JUPYTERHUB_USER", "ana.lima")
    panel = SaveMyWork(case, {case.factors[0].id: 0.8}, folder=tmp_path / "own", name="Ana",
                       class_folder=class_folder.path)
    panel.verdict_box.value = "Both, at once."
    panel.hand_in_button.click()
    (handed,) = class_folder.inbound.iterdir()
    assert panel.last_path is not None and handed.read_bytes() == panel.last_path.read_bytes()
    assert handed.name.startswith("ana.lima+") and json.loads(handed.read_bytes())["name"] == "Ana"
    assert "Handed in." in panel.status.value and "Tuesday seminar" in panel.status.value
    assert "Saved" in panel.status.value and "download=" in panel.status.value
    assert "Hand in the downloaded file" not in panel.status.value  # handed in already: no second way to do it
    panel.hand_in_button.click()  # nothing changed: no second file
    assert len(list(class_folder.inbound.iterdir())) == 1
    panel.verdict_box.value = "Second thoughts."
    panel.hand_in_button.click()  # changed: saved and handed in again, the first one kept
    assert len(list(class_folder.inbound.iterdir())) == 2 and len(list((tmp_path / "own").glob("*.json"))) == 2


def test_a_failed_hand_in_keeps_the_local_save_and_says_why_in_one_line(case, tmp_path, class_folder):
    panel = SaveMyWork(case, {}, folder=tmp_path / "own", name="Ana", class_folder=class_folder)
    os.rmdir(class_folder.inbound)  # the class folder went away after the notebook opened
    panel.hand_in_button.click()
    assert panel.last_path is not None and panel.last_path.exists()
    assert panel.status.value.startswith("<p role='alert'><b>Not handed in:</b> cannot hand in to ")
    assert "its inbound folder is missing; tell your instructor" in panel.status.value and "Saved" in panel.status.value
    assert "Hand in the downloaded file" in panel.status.value  # not handed in: the other way is still said


def test_a_class_folder_that_cannot_be_used_is_said_and_saving_still_works(case, tmp_path, monkeypatch):
    monkeypatch.setenv(CLASS_FOLDER_VARIABLE, str(tmp_path / "nowhere"))
    panel = SaveMyWork(case, {}, folder=tmp_path / "own", name="Ana")
    assert panel.class_folder is None and not _shown(panel, panel.hand_in_button) and _shown(panel, panel.class_line)
    assert "The class folder cannot be used: ENTENTE_LAB_CLASS names" in panel.class_line.value
    panel.button.click()
    assert panel.last_path is not None and "Saved" in panel.status.value


def test_hand_in_without_a_name_saves_nothing(case, tmp_path, class_folder):
    panel = SaveMyWork(case, {}, folder=tmp_path / "own", class_folder=class_folder)
    panel.hand_in_button.click()
    assert "type your name" in panel.status.value and list(class_folder.inbound.iterdir()) == []
