"""The installed `nnviz` in a real X window (Xvfb, Qt's xcb platform): it opens, answers
a real key press (Ctrl+1 opens the first scenario, seen in the window title), and Ctrl+Q
quits it cleanly: exit status 0 and nothing on stderr but the harmless lines listed in HARMLESS.

Skipped, with the reason, where Xvfb, xdotool or an installed nnviz is missing (.ci/run
installs xvfb and xdotool).
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import time

import pytest

from nnviz import scenarios

# stderr lines that say nothing is wrong with nnviz. Under Xvfb with no window manager
# Qt 6.11 prints nothing at all; add a pattern here only for a line proven harmless.
HARMLESS: list[re.Pattern[str]] = [
    # XDG_RUNTIME_DIR is set below; this would only appear if a system lacked it
    re.compile(r"^QStandardPaths: XDG_RUNTIME_DIR not set"),
]
TIMEOUT = 12.0      # seconds for each wait; the whole test takes 2–4 s here


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package: "
                    f"{ {'Xvfb': 'xvfb'}.get(name, name) })")
    return path


@pytest.fixture
def xvfb(tmp_path):
    """A private X server on a free display; yields its DISPLAY value."""
    xvfb_bin = _tool("Xvfb")
    log_path = tmp_path / "xvfb.log"
    read_fd, write_fd = os.pipe()
    with open(log_path, "wb") as log:      # Xvfb picks a free display and writes its number
        server = subprocess.Popen(
            [xvfb_bin, "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=log)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], TIMEOUT)
        number = os.read(read_fd, 64).decode().strip() if ready else ""
        if not number.isdigit():
            server.kill()
            server.wait()
            pytest.fail(f"Xvfb did not start: {log_path.read_text(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        os.close(read_fd)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _xdotool(xdotool: str, env: dict, *args: str) -> str:
    result = subprocess.run([xdotool, *args], env=env, capture_output=True, text=True,
                            timeout=TIMEOUT)
    return result.stdout.strip() if result.returncode == 0 else ""


def _wait_for(what: str, probe, proc):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"nnviz exited ({proc.returncode}) while waiting for {what}:\n{err}")
        time.sleep(0.1)
    proc.kill()
    out, err = proc.communicate()
    pytest.fail(f"timed out waiting for {what}; stderr:\n{err}")


def test_installed_nnviz_opens_answers_a_key_and_quits_in_a_real_x_window(xvfb, tmp_path):
    nnviz = shutil.which("nnviz")
    if nnviz is None:
        pytest.skip("no installed `nnviz` command on PATH (pip install -e . makes one)")
    xdotool = _tool("xdotool")
    if not scenarios.names():
        pytest.skip("no scenario is registered yet, so Ctrl+1 has nothing to open")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(runtime),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen([nnviz], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        window = _wait_for("the nnviz window",
                           lambda: _xdotool(xdotool, env, "search", "--onlyvisible",
                                            "--name", "^nnviz").split("\n")[0], proc)
        assert _xdotool(xdotool, env, "getwindowname", window) == "nnviz"   # the start page
        # a real key press through the X server (XTEST), to the focused window
        _xdotool(xdotool, env, "windowfocus", "--sync", window)
        _xdotool(xdotool, env, "key", "--clearmodifiers", "ctrl+1")
        first = scenarios.get(scenarios.names()[0]).title
        title = _wait_for(f"the title to name {first!r}",
                          lambda: (t := _xdotool(xdotool, env, "getwindowname", window))
                          and first in t and t, proc)
        assert title.startswith("nnviz — ")
        _xdotool(xdotool, env, "key", "--clearmodifiers", "ctrl+q")
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, f"nnviz exited with {proc.returncode}; stderr:\n{err}"
    noise = [line for line in err.splitlines()
             if line.strip() and not any(p.match(line) for p in HARMLESS)]
    assert noise == [], "unexpected stderr from nnviz:\n" + "\n".join(noise)
