"""The live class view: a tick from the browser looks at the class folder, and the view redraws only on change.

Hand-ins owned by other users are made as the class folder's tests make them: root
hands in and gives the file away (tests/test_class_folder.py); the many-users run, with
real accounts and one process per student, is the browser test's.
"""

from __future__ import annotations

import html
import os
import re

import pytest

from entente_lab.classroom.class_folder import ClassInbox, create_class
from entente_lab.widgets.live_class import LiveClass, Ticker, open_live_class

from .bundled_words import find_bundled_words
from .test_class_folder import _hand_in_as, needs_root

TICK = {"event": "tick"}


def browser_tick(view: LiveClass) -> None:
    """What the view's clock in the browser sends: a custom message to the ticker, dispatched as ipywidgets does."""
    view.ticker._handle_custom_msg(TICK, [])


@pytest.fixture
def folder(tmp_path, case):
    return create_class(tmp_path / "class", case=case)


@pytest.fixture
def answers(monkeypatch):
    """The messages the kernel sends the browser's clock (each "tock" lets the next tick go)."""
    sent: list[dict] = []
    monkeypatch.setattr(Ticker, "send", lambda self, content, buffers=None: sent.append(content))
    return sent


@pytest.fixture
def looks(monkeypatch):
    """How many times any view looked at its class folder."""
    counter = {"n": 0}
    original = ClassInbox.refresh

    def counted(self):
        counter["n"] += 1
        return original(self)

    monkeypatch.setattr(ClassInbox, "refresh", counted)
    return counter


def alt_text(view: LiveClass) -> str:
    return html.unescape(re.search(r'alt="([^"]*)"', view.plane.image.value)[1])


@needs_root
def test_a_tick_with_a_new_hand_in_redraws_and_one_with_nothing_new_does_not(folder, case, tmp_path, answers):
    view = LiveClass(folder.path, case=case)
    assert view.report.n_students == 0 and view.redraws == 1
    assert "0 students have handed in" in view.count.value
    image, count = view.plane.image.value, view.count.value

    _hand_in_as(folder, case, tmp_path, 40001, "Ana")
    browser_tick(view)
    assert answers == [{"event": "tock"}]
    assert view.report.n_students == 1 and view.redraws == 2
    assert "1 student has handed in" in view.count.value
    assert view.plane.image.value != image and view.count.value != count
    assert alt_text(view) == view.plane.handle.summary and alt_text(view).startswith("Of 1 student")

    image, count = view.plane.image.value, view.count.value
    browser_tick(view)
    browser_tick(view)
    assert answers == [{"event": "tock"}] * 3  # every tick is answered, so the next may go
    assert view.redraws == 2  # nothing new: nothing drawn, nothing sent
    assert view.plane.image.value is image and view.count.value is count


@needs_root
def test_a_second_hand_in_replaces_the_first_in_the_count(folder, case, tmp_path):
    view = LiveClass(folder.path, case=case)
    _hand_in_as(folder, case, tmp_path, 40001, "Ana", weight=0.1)
    _hand_in_as(folder, case, tmp_path, 40002, "Ben")
    assert view.tick() and "2 students have handed in" in view.count.value
    _hand_in_as(folder, case, tmp_path, 40001, "Ana", weight=0.9)
    assert view.tick() and "2 students have handed in" in view.count.value
    assert view.report.superseded and view.report.submissions[-1].weights[case.factors[0].id] == 0.9


@needs_root
def test_the_view_shows_shares_contested_factors_and_the_plane_named_by_its_summary(folder, case, tmp_path):
    for uid, weight in zip(range(40001, 40005), (0.0, 1.0, 0.5, 0.9), strict=True):
        _hand_in_as(folder, case, tmp_path, uid, f"Student {uid}", weight=weight)
    view = LiveClass(folder.path, case=case)
    assert view.report.n_students == 4
    for code, count in view.report.region_counts.items():
        assert (f'>{html.escape(case.region_label(code))}</th><td style="text-align:right">{count}</td>'
                in view.shares.value)
    contested = view.report.contested
    assert contested and all(html.escape(case.factor(fid).label) in view.contested.value for fid in contested)
    assert alt_text(view).startswith("Of 4 students")
    assert html.escape(view.plane.handle.summary) in view.plane.caption.value


@needs_root
def test_hostile_files_are_listed_with_their_reason_and_the_rest_counts(folder, case, tmp_path, answers):
    view = LiveClass(folder.path, case=case)
    _hand_in_as(folder, case, tmp_path, 40001, "Ana")
    _hand_in_as(folder, case, tmp_path, 40002, "Ben")
    (folder.inbound / "evil.json").write_text('{"schema": "entente-lab/submission", "name": ', encoding="utf-8")
    (folder.inbound / "passwd.json").symlink_to("/etc/passwd")
    os.mkfifo(folder.inbound / "pipe.json")
    browser_tick(view)
    assert view.report.n_students == 2 and "2 students have handed in" in view.count.value
    assert "Files not counted: 3." in view.count.value
    for name in ("evil.json", "passwd.json", "pipe.json"):
        assert re.search(rf"<li>[^<]*{re.escape(name)}: [^<]+: [^<]+</li>", view.skipped.value), name
    assert "root:x:0" not in view.skipped.value  # the link was not followed: nothing of /etc/passwd is shown
    assert str(folder.inbound) not in view.skipped.value  # each by its name: the folder is the class's, said once
    assert "(put there by " in view.skipped.value  # who dropped it: the instructor can talk to them
    assert view.status.value == ""  # a bad file is not a failure of the view


@needs_root
def test_hide_names_shows_no_user_no_name_and_no_file_name(folder, case, tmp_path):
    _hand_in_as(folder, case, tmp_path, 40001, "Zoltan Quixote")
    (folder.inbound / "Yolanda Wexford.json").write_text("{oops", encoding="utf-8")
    shown = LiveClass(folder.path, case=case)
    hidden = LiveClass(folder.path, case=case, hide_names=True)
    assert "Zoltan Quixote" in shown.count.value and "uid 40001" in shown.count.value
    assert "Yolanda Wexford" in shown.skipped.value
    everything = " ".join(w.value for w in (hidden.count, hidden.shares, hidden.contested, hidden.skipped,
                                            hidden.notices, hidden.plane.image, hidden.plane.caption))
    for word in ("Zoltan", "Yolanda", "40001"):
        assert word not in everything
    assert "1 student has handed in" in hidden.count.value and "file 1: invalid JSON" in hidden.skipped.value


@needs_root
def test_a_name_from_a_file_is_shown_escaped(folder, case, tmp_path):
    _hand_in_as(folder, case, tmp_path, 40001, "<img src=x onerror=alert(1)>\u202e")
    view = LiveClass(folder.path, case=case)
    assert "<img src=x" not in view.count.value and "&lt;img src=x onerror=alert(1)&gt;\\u202e" in view.count.value


@needs_root
def test_inbound_gone_is_one_line_the_picture_stays_and_the_next_tick_recovers(folder, case, tmp_path, answers):
    _hand_in_as(folder, case, tmp_path, 40001, "Ana")
    view = LiveClass(folder.path, case=case)
    image = view.plane.image.value
    os.rename(folder.inbound, folder.path / "away")
    browser_tick(view)
    assert answers == [{"event": "tock"}]
    assert "cannot be read" in view.status.value and view.status.value.count("<p") == 1
    assert view.plane.image.value is image and view.report.n_students == 1
    os.rename(folder.path / "away", folder.inbound)
    _hand_in_as(folder, case, tmp_path, 40002, "Ben")
    browser_tick(view)
    assert view.status.value == "" and view.report.n_students == 2


def test_a_failing_look_never_raises_out_of_a_tick(folder, case, answers, monkeypatch):
    view = LiveClass(folder.path, case=case)

    def broken(self):
        raise MemoryError("no room")

    monkeypatch.setattr(ClassInbox, "refresh", broken)
    browser_tick(view)
    assert answers == [{"event": "tock"}] and "Could not look at the class folder" in view.status.value


def test_a_folder_that_is_not_a_class_folder_yet_is_said_and_watched_until_it_is(tmp_path, case):
    path = tmp_path / "later"
    view = LiveClass(path, case=case)
    assert view.report.n_students == 0 and str(path) in view.status.value and "no such folder" in view.status.value
    create_class(path, case=case)
    assert view.tick() and view.status.value == ""


def test_closing_stops_the_clock_and_the_looks(folder, case, answers, looks):
    view = LiveClass(folder.path, case=case)
    browser_tick(view)
    assert looks["n"] == 2 and view.ticker.running
    view.close()
    assert view.ticker.running is False  # the views' timers stop on this, and with the view's removal
    assert view.ticker.comm is None and view.comm is None
    browser_tick(view)  # a tick already on its way when the view closed
    assert looks["n"] == 2 and view.redraws == 1 and not view.tick()
    assert answers == [{"event": "tock"}]


def test_other_messages_to_the_clock_are_ignored(folder, case, answers, looks):
    view = LiveClass(folder.path, case=case)
    for message in ({"event": "tock"}, {"event": "focus"}, {}, ["tick"]):
        view.ticker._handle_custom_msg(message, [])
    assert looks["n"] == 1 and answers == []


def test_the_environment_names_the_class_folder_when_the_notebook_does_not(folder, case, monkeypatch):
    monkeypatch.delenv("ENTENTE_LAB_CLASS", raising=False)
    assert open_live_class(case=case) is None
    monkeypatch.setenv("ENTENTE_LAB_CLASS", str(folder.path))
    view = open_live_class(case=case)
    assert isinstance(view, LiveClass) and view.folder == str(folder.path) and view.status.value == ""
    assert open_live_class(folder.path / "elsewhere", case=case).folder == str(folder.path / "elsewhere")


def test_the_view_names_nothing_of_the_bundled_case_but_through_the_case(folder, case):
    view = LiveClass(folder.path, case=case)
    own_words = re.sub(r"<[^>]+>", " ", view.count.value + view.contested.value + view.skipped.value)
    assert find_bundled_words(own_words) == []


def _pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@needs_root
def test_the_plane_laid_out_once_shows_what_a_full_draw_shows(folder, case, tmp_path):
    """The live plane skips the layout pass on redraws: its pixels are those of the figure drawn with it."""
    import base64

    from entente_lab.classroom.aggregate import ClassReport
    from entente_lab.plots.classroom import plot_class_plane

    view = LiveClass(folder.path, case=case)  # laid out for the empty class
    for uid, weight in zip(range(40001, 40004), (0.0, 0.6, 1.0), strict=True):
        _hand_in_as(folder, case, tmp_path, uid, f"Student {uid}", weight=weight)
    assert view.tick()
    shown = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', view.plane.image.value)[1])
    drawn = plot_class_plane(ClassReport(case, ()))  # the same figure, moved to the same class, drawn with its layout
    drawn.update(view.report)
    assert drawn.figure.get_layout_engine() is not None
    assert (_pixels(shown) == _pixels(drawn.png(dpi=100))).all()


def test_ticks_from_two_threads_take_turns(folder, case, monkeypatch):
    """With comms over subshells, two views' ticks can arrive in two threads: one looks and draws at a time."""
    import threading
    import time

    view = LiveClass(folder.path, case=case)
    seen: list[str] = []
    original = ClassInbox.refresh

    def slow(self):
        seen.append("in")
        time.sleep(0.05)
        try:
            return original(self)
        finally:
            seen.append("out")

    monkeypatch.setattr(ClassInbox, "refresh", slow)
    threads = [threading.Thread(target=browser_tick, args=(view,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["in", "out", "in", "out"]
