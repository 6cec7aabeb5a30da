"""The browser harness itself: a missing Chromium skips locally and fails under CI=true."""

from __future__ import annotations

import pytest

from . import browser


def test_missing_chromium_skips_locally_with_the_fix(monkeypatch):
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.require_chromium()


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and no Chromium found"):
        browser.require_chromium()


def test_explicit_chromium_path_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("ENTENTE_LAB_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert browser.find_chromium() is None
    fake = tmp_path / "chromium"
    fake.write_text("", encoding="utf-8")
    monkeypatch.setenv("ENTENTE_LAB_CHROMIUM", str(fake))
    assert browser.find_chromium() == str(fake)


def test_notebook_urls_for_both_interfaces(tmp_path):
    server = browser.JupyterServer(tmp_path)
    assert browser.notebook_url(server, "a.ipynb", "lab").endswith(f"/lab/tree/a.ipynb?reset&token={server.token}")
    assert browser.notebook_url(server, "a.ipynb", "notebook").endswith(f"/notebooks/a.ipynb?token={server.token}")
    with pytest.raises(ValueError, match="use one of"):
        browser.notebook_url(server, "a.ipynb", "classic")
