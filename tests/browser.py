"""Drive JupyterLab in headless Debian Chromium with Playwright (support code for browser tests).

Everything here follows the pitfalls measured in shared/TESTING-NOTES.md: a private
server on loopback with fresh config/data/runtime folders, a kernel that is really
attached before anything runs, no news toasts, and a server that is always stopped.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str | None:
    """Debian's Chromium (or ``$ENTENTE_LAB_CHROMIUM``), or ``None``."""
    explicit = os.environ.get("ENTENTE_LAB_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The browser's path; skip without one, except under CI=true, where that is a failure."""
    path = find_chromium()
    if path:
        return path
    reason = ("no Chromium found: install Debian's `chromium` (apt-get install chromium) "
              "or set ENTENTE_LAB_CHROMIUM to a Chromium binary")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_settings(settings_dir: Path) -> None:
    settings = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"autoStartDefaultKernel": True},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false", "checkForUpdates": False},
    }
    for relative, value in settings.items():
        target = settings_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")


@dataclass
class JupyterServer:
    """A private JupyterLab server; ``root`` holds copies of the notebooks under test."""

    base: Path
    root: Path = field(init=False)
    port: int = field(init=False)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.base / "root"
        self.root.mkdir(parents=True)
        self.port = _free_port()
        self.log_path = self.base / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, env_extra: dict[str, str] | None = None, timeout: float = 60) -> None:
        dirs = {name: self.base / name for name in ("config", "data", "runtime", "ipython", "mpl", "settings",
                                                      "workspaces")}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        _write_settings(dirs["settings"])
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(dirs["config"]), "JUPYTER_DATA_DIR": str(dirs["data"]),
               "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]), "IPYTHONDIR": str(dirs["ipython"]),
               "MPLCONFIGDIR": str(dirs["mpl"]), "JUPYTER_PLATFORM_DIRS": "1", **(env_extra or {})}
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            f"--IdentityProvider.token={self.token}", "--allow-root", "--expose-app-in-browser",
            f"--ServerApp.root_dir={self.root}", f"--LabApp.workspaces_dir={dirs['workspaces']}",
            f"--LabApp.user_settings_dir={dirs['settings']}", "--ServerApp.open_browser=False",
            # the same for the Notebook 7 interface (/tree, /notebooks/...), served by the same server
            "--JupyterNotebookApp.expose_app_in_browser=True",
            f"--JupyterNotebookApp.user_settings_dir={dirs['settings']}",
            f"--JupyterNotebookApp.workspaces_dir={dirs['workspaces']}",
        ]
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                        cwd=self.root, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_path.read_text(encoding='utf-8')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if getattr(self, "log", None):
            self.log.close()

    def add_notebook(self, source: Path, name: str | None = None) -> str:
        """Copy a notebook into the server's root; returns its path relative to the root."""
        target = self.root / (name or source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return target.relative_to(self.root).as_posix()


@dataclass
class RunResult:
    """What a notebook showed after Run All."""

    errors: list[str]
    text: str  # what the cells' outputs show (not the narrative, which may name error messages)
    console_errors: list[str]
    widget_views: int


_KERNEL_READY = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext || !w.content) return false;
  const s = w.sessionContext;
  const k = s.session && s.session.kernel;
  return s.isReady && !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

_ALL_RUN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return cells.every(c => c.model.executionCount !== null) && k && k.status === 'idle';
}"""

_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const out = [];
  for (const c of w.content.widgets) {
    if (c.model.type !== 'code') continue;
    for (const o of c.model.outputs.toJSON()) {
      if (o.output_type === 'error') out.push(o.ename + ': ' + o.evalue);
    }
  }
  return out;
}"""


INTERFACES = ("lab", "notebook")


def notebook_url(server: JupyterServer, notebook: str, interface: str = "lab") -> str:
    """The address that opens ``notebook`` in JupyterLab (``lab``) or Notebook 7 (``notebook``).

    JupyterLab's ``?reset`` starts from an empty workspace, so a tab an earlier test
    opened is not restored beside this one (and made current, so Run All would run it).
    """
    if interface == "lab":
        return f"{server.url}/lab/tree/{notebook}?reset&token={server.token}"
    if interface == "notebook":
        return f"{server.url}/notebooks/{notebook}?token={server.token}"
    raise ValueError(f"interface is {interface!r}; use one of {INTERFACES}")


def open_and_run(page, server: JupyterServer, notebook: str, *, interface: str = "lab",
                 timeout: float = 120) -> RunResult:
    """Open ``notebook``, wait for its kernel, Run All, and report what it showed."""
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.goto(notebook_url(server, notebook, interface))
    page.wait_for_function(_KERNEL_READY, timeout=timeout * 1000, polling=250)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); return true; }")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        if page.evaluate(_ALL_RUN):
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"{notebook}: cells were still running after {timeout} s")
    page.wait_for_timeout(500)  # let widget views finish rendering
    outputs = page.locator(".jp-NotebookPanel:visible .jp-OutputArea")
    return RunResult(
        errors=page.evaluate(_ERRORS),
        text="\n".join(outputs.all_inner_texts()),
        console_errors=console_errors,
        widget_views=page.locator(".jp-NotebookPanel:visible .jupyter-widgets").count(),
    )
