"""Start-up benchmark: time to a drawn main window vs. importing the heavy modules.

Bar (DESIGN.md): start-up to a drawn window within twice the time it takes just to import
NumPy, PySide6 (QtWidgets) and pyqtgraph. Each figure is the median of fresh interpreters,
timed from starting the interpreter to the moment the work is done (the window drawn, the
imports imported); the time until the process ends is printed too (it adds the exit: the
window's and Qt's teardown, ~0.1 s, which is not start-up). nnviz's bytecode is compiled
first, as in an installed copy.

    python3 tests/bench/startup.py [--repeats 7]

The last line is one JSON object: {"startup": {"imports_ms": I, "window_ms": W, "ratio": R,
"scenario_ms": {"xor": …}}}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

MARK = "\nimport sys, time; sys.stdout.write(f'\\nMARK {time.time()!r}\\n')"

BASE = "pass" + MARK

IMPORTS = "import numpy, PySide6.QtWidgets, pyqtgraph" + MARK

WINDOW = """
from nnviz.ui.application import make_app
from nnviz.ui.mainwindow import MainWindow
app = make_app()
w = MainWindow(){open}
w.resize(1600, 1000)
w.show()
app.processEvents()
w.grab()   # forces a complete paint
"""


def window_code(open_: str = "") -> str:
    return WINDOW.format(open=open_) + MARK


def run(code: str) -> tuple[float, float]:
    """(ms from starting the interpreter to the code's MARK, ms until the process ended)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0, p0 = time.time(), time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - p0) * 1000
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    mark = float(out.stdout.rsplit("MARK ", 1)[1])
    return (mark - t0) * 1000, wall


def medians(codes: dict, repeats: int) -> dict:
    """Each code's median (to MARK, to exit) over `repeats` fresh interpreters, the codes
    taking turns (this machine's speed drifts over minutes: a ratio of figures measured
    minutes apart would carry the drift)."""
    runs: dict = {k: [] for k in codes}
    for _ in range(repeats):
        for k, code in codes.items():
            runs[k].append(run(code))
    return {k: (statistics.median(m for m, _w in r), statistics.median(w for _m, w in r))
            for k, r in runs.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    import compileall

    import nnviz
    from nnviz import scenarios
    # nnviz's bytecode, as an installed copy has it (pip and the installers compile it); a
    # source tree run with PYTHONDONTWRITEBYTECODE would compile every module at each start
    compileall.compile_dir(os.path.dirname(nnviz.__file__), quiet=1)
    m = medians({"base": BASE, "imports": IMPORTS, "window": window_code()},
                args.repeats)
    base, imports, window = (m[k][0] for k in ("base", "imports", "window"))
    imports, window = imports - base, window - base
    per_scenario = {}
    for name in scenarios.names():
        code = window_code(f"\nw.open_scenario({name!r})")
        per_scenario[name] = round(medians({"w": code}, 3)["w"][0] - base, 1)
    ratio = window / imports
    wall_imports, wall_window = m["imports"][1] - m["base"][1], m["window"][1] - m["base"][1]
    print(f"{'what (to the moment it is done)':<34}{'ms':>10}")
    print(f"{'python starting (subtracted)':<34}{base:>10.1f}")
    print(f"{'import numpy+PySide6+pyqtgraph':<34}{imports:>10.1f}")
    print(f"{'nnviz window drawn':<34}{window:>10.1f}   ratio {ratio:.2f} (bar ≤ 2.0)")
    for name, ms in per_scenario.items():
        print(f"{'  window on ' + name:<34}{ms:>10.1f}")
    print(f"(to the process's end, exit included: imports {wall_imports:.1f}, window "
          f"{wall_window:.1f}, ratio {wall_window / wall_imports:.2f}; an application's exit "
          "tears down its window and Qt, after the user is done)")
    print(json.dumps({"startup": {"imports_ms": round(imports, 1), "window_ms": round(window, 1),
                                  "ratio": round(ratio, 2), "scenario_ms": per_scenario}}))


if __name__ == "__main__":
    main()
