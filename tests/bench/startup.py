"""Start-up benchmark: time to a drawn main window vs. importing the heavy modules.

Bar (DESIGN.md): start-up to a drawn window within twice the time it takes just to import
NumPy, PySide6 (QtWidgets) and pyqtgraph. Each figure is the median of fresh interpreters.

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

IMPORTS = "import numpy, PySide6.QtWidgets, pyqtgraph"

WINDOW = """
import time
t0 = time.perf_counter()
from nnviz.ui.application import make_app
from nnviz.ui.mainwindow import MainWindow
app = make_app()
w = MainWindow(){open}
w.resize(1600, 1000)
w.show()
app.processEvents()
w.grab()   # forces a complete paint
print((time.perf_counter() - t0) * 1000)
"""


def run(code: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    wall = (time.perf_counter() - t0) * 1000
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return wall


def median_ms(code: str, repeats: int) -> float:
    return statistics.median(run(code) for _ in range(repeats))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    from nnviz import scenarios
    base = median_ms("pass", args.repeats)
    imports = median_ms(IMPORTS, args.repeats) - base
    window = median_ms(WINDOW.format(open=""), args.repeats) - base
    per_scenario = {}
    for name in scenarios.names():
        per_scenario[name] = round(
            median_ms(WINDOW.format(open=f"\nw.open_scenario({name!r})"), 3) - base, 1)
    ratio = window / imports
    print(f"{'what':<32}{'ms':>10}")
    print(f"{'python itself (subtracted)':<32}{base:>10.1f}")
    print(f"{'import numpy+PySide6+pyqtgraph':<32}{imports:>10.1f}")
    print(f"{'nnviz window drawn':<32}{window:>10.1f}   ratio {ratio:.2f} (bar ≤ 2.0)")
    for name, ms in per_scenario.items():
        print(f"{'  window on ' + name:<32}{ms:>10.1f}")
    print(json.dumps({"startup": {"imports_ms": round(imports, 1), "window_ms": round(window, 1),
                                  "ratio": round(ratio, 2), "scenario_ms": per_scenario}}))


if __name__ == "__main__":
    main()
