"""The live class view: a tick from the browser looks at the class folder, and the view redraws only on change."""

from __future__ import annotations

import html
import re

import pytest

from entente_lab import save_weighting
from entente_lab.widgets.live_class import LiveClass, Ticker

from .bundled_words import find_bundled_words

TICK = {"event": "tick"}


def browser_tick(view: LiveClass) -> None:
    """What the view's clock in the browser sends: a custom message to the ticker, dispatched as ipywidgets does."""
    view.ticker._handle_custom_msg(TICK, [])


@pytest.fixture
def answers(monkeypatch):
    """The messages the kernel sends the browser's clock (each "tock" lets the next tick go)."""
    sent: list[dict] = []
    monkeypatch.setattr(Ticker, "send", lambda self, content, buffers=None: sent.append(content))
    return sent


@pytest.fixture
def looks(monkeypatch):
    """How many times any view looked at its class folder."""
    from entente_lab.widgets import live_class

    counter = {"n": 0}
    original = live_class._FolderInbox.refresh

    def counted(self):
        counter["n"] += 1
        return original(self)

    monkeypatch.setattr(live_class._FolderInbox, "refresh", counted)
    return counter


def alt_text(view: LiveClass) -> str:
    return html.unescape(re.search(r'alt="([^"]*)"', view.plane.image.value)[1])


def test_a_tick_with_a_new_file_redraws_and_one_with_nothing_new_does_not(tmp_path, case, answers):
    view = LiveClass(tmp_path, case=case)
    assert view.report.n_students == 0 and view.redraws == 1
    assert "0 students have handed in" in view.count.value
    image, count = view.plane.image.value, view.count.value

    save_weighting(case, {}, name="Ana", folder=tmp_path)
    browser_tick(view)
    assert answers == [{"event": "tock"}]
    assert view.report.n_students == 1 and view.redraws == 2
    assert "1 student has handed in" in view.count.value
    assert view.plane.image.value != image and view.count.value != count
    assert alt_text(view) == view._plane.summary and "Of 1 student" in alt_text(view)

    image, count = view.plane.image.value, view.count.value
    browser_tick(view)
    browser_tick(view)
    assert answers == [{"event": "tock"}] * 3  # every tick is answered, so the next may go
    assert view.redraws == 2  # nothing new: nothing drawn, nothing sent
    assert view.plane.image.value is image and view.count.value is count


def test_the_view_shows_shares_contested_factors_and_the_plane_named_by_its_summary(tmp_path, case):
    low, high = case.factors_of_kind("strength")[0].id, case.factors_of_kind("strain")[0].id
    for i, (a, b) in enumerate([(0.0, 1.0), (1.0, 0.0), (0.5, 0.5), (0.1, 0.9)]):
        save_weighting(case, {low: a, high: b}, name=f"Student {i}", folder=tmp_path)
    view = LiveClass(tmp_path, case=case)
    assert view.report.n_students == 4
    for code, count in view.report.region_counts.items():
        assert f">{html.escape(case.region_label(code))}</th><td style=\"text-align:right\">{count}</td>" in view.shares.value
    contested = view.report.contested
    assert contested and all(html.escape(case.factor(fid).label) in view.contested.value for fid in contested)
    assert alt_text(view).startswith("Of 4 students")
    assert html.escape(view._plane.summary) in view.plane.caption.value


def test_a_hostile_file_is_listed_with_its_reason_and_the_rest_counts(tmp_path, case, answers):
    view = LiveClass(tmp_path, case=case)
    save_weighting(case, {}, name="Ana", folder=tmp_path)
    save_weighting(case, {}, name="Ben", folder=tmp_path)
    (tmp_path / "evil.json").write_text('{"schema": "entente-lab/submission", "name": ', encoding="utf-8")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    browser_tick(view)
    assert view.report.n_students == 2 and "2 students have handed in" in view.count.value
    assert "evil.json: invalid JSON" in view.skipped.value
    assert "loop.json" in view.skipped.value
    assert "Skipped files: 2." in view.count.value
    assert view.status.value == ""  # a bad file is not a failure of the view


def test_hide_names_shows_no_name_and_no_file_name(tmp_path, case):
    save_weighting(case, {}, name="Zoltan Quixote", folder=tmp_path)
    (tmp_path / "Yolanda Wexford.json").write_text("{oops", encoding="utf-8")
    shown = LiveClass(tmp_path, case=case)
    hidden = LiveClass(tmp_path, case=case, hide_names=True)
    assert "Zoltan Quixote" in shown.count.value and "Yolanda Wexford" in shown.skipped.value
    everything = " ".join(w.value for w in (hidden.count, hidden.shares, hidden.contested, hidden.skipped,
                                            hidden.plane.image, hidden.plane.caption))
    assert "Zoltan" not in everything and "Yolanda" not in everything
    assert "1 student has handed in" in hidden.count.value and "file 1: invalid JSON" in hidden.skipped.value


def test_a_name_from_a_file_is_shown_escaped(tmp_path, case):
    save_weighting(case, {}, name="<img src=x onerror=alert(1)>\u202e", folder=tmp_path)
    view = LiveClass(tmp_path, case=case)
    assert "<img src=x" not in view.count.value and "&lt;img src=x onerror=alert(1)&gt;\\u202e" in view.count.value


def test_a_failed_look_says_so_in_one_line_keeps_the_picture_and_the_next_tick_recovers(tmp_path, case, answers,
                                                                                        monkeypatch):
    from entente_lab.widgets import live_class

    save_weighting(case, {}, name="Ana", folder=tmp_path)
    view = LiveClass(tmp_path, case=case)
    image = view.plane.image.value
    original = live_class._FolderInbox.refresh

    def broken(self):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(live_class._FolderInbox, "refresh", broken)
    browser_tick(view)  # never raises
    assert answers == [{"event": "tock"}]
    assert "Could not look at the class folder" in view.status.value and "Input/output error" in view.status.value
    assert view.plane.image.value is image and view.report.n_students == 1
    monkeypatch.setattr(live_class._FolderInbox, "refresh", original)
    save_weighting(case, {}, name="Ben", folder=tmp_path)
    browser_tick(view)
    assert view.status.value == "" and view.report.n_students == 2


def test_a_folder_that_is_not_there_yet_is_watched_until_it_is(tmp_path, case):
    folder = tmp_path / "later"
    view = LiveClass(folder, case=case)
    assert view.report.n_students == 0
    folder.mkdir()
    save_weighting(case, {}, name="Ana", folder=folder)
    assert view.tick() and view.report.n_students == 1


def test_closing_stops_the_clock_and_the_looks(tmp_path, case, answers, looks):
    view = LiveClass(tmp_path, case=case)
    browser_tick(view)
    assert looks["n"] == 2 and view.ticker.running
    view.close()
    assert view.ticker.running is False  # the views' timers stop on this, and with the view's removal
    assert view.ticker.comm is None and view.comm is None
    save_weighting(case, {}, name="Ana", folder=tmp_path)
    browser_tick(view)  # a tick already on its way when the view closed
    assert looks["n"] == 2 and view.redraws == 1 and not view.tick()
    assert answers == [{"event": "tock"}]


def test_other_messages_to_the_clock_are_ignored(tmp_path, case, answers, looks):
    view = LiveClass(tmp_path, case=case)
    for message in ({"event": "tock"}, {"event": "focus"}, {}, ["tick"]):
        view.ticker._handle_custom_msg(message, [])
    assert looks["n"] == 1 and answers == []


def test_the_view_names_nothing_of_the_bundled_case_but_through_the_case(tmp_path, case):
    view = LiveClass(tmp_path, case=case)
    own_words = re.sub(r"<[^>]+>", " ", view.count.value + view.contested.value + view.skipped.value)
    assert find_bundled_words(own_words) == []
