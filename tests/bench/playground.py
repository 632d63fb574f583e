"""MLP playground benchmark: training fast while the whole window is redrawn every frame.

The real main window at 1920×1080 offscreen, the MLP scenario on circle data (250 training
and 250 test points), batch 10, in the player's "train" mode: each frame runs one
time-budgeted training slice (the player's own `_train_slice`, as its timer would), lets
Qt process the pending events, redraws the decision heatmap and the loss curves, and
repaints the whole window at once (canvas with thumbnails included).

(a) the default 2-4-2-1 tanh network, (b) 2-8-8-8-8-8-8-1 tanh.
Prints epochs per second and the median and 95th-percentile frame time; the last line is
one JSON object: {"playground": {"a": {"epochs_per_s", "frame_ms", "frame_p95_ms"}, "b": …}}.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/playground.py [seconds per case]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="nnviz-bench-"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from PySide6.QtWidgets import QApplication  # noqa: E402

CASES = {"a": {"hidden": [4, 2], "activations": ["tanh", "tanh"]},
         "b": {"hidden": [8] * 6, "activations": ["tanh"] * 6}}


def run_case(app, window, settings: dict, seconds: float) -> dict:
    sc = window.open_scenario("mlp")
    sc.load_state({"dataset": "circle", "test_ratio": 0.5, "batch_size": 10, "lr": 0.03,
                   **settings})
    assert sc.session.X.shape[0] == 250 and sc.session.X_test.shape[0] == 250
    player = sc.player
    for _ in range(5):
        app.processEvents()
    player.training = True               # the state set_training(True) sets, minus its timer
    player._last_record_epoch = sc.session.epoch
    frames = []
    e0 = sc.session.epoch
    t_start = time.perf_counter()
    while time.perf_counter() - t_start < seconds:
        t0 = time.perf_counter()
        player._train_slice()            # exactly what the player's timer does in train mode
        player.frame.emit()
        app.processEvents()              # queued signals and timers (not painting: below)
        sc.boundary._dirty = sc.loss_plot._dirty = True
        sc.boundary.refresh()            # the 100×100 heatmap from the engine's grid outputs
        sc.loss_plot.refresh()
        window.repaint()                 # the whole window, now: canvas, thumbnails, plots
        frames.append((time.perf_counter() - t0) * 1000.0)
    elapsed = time.perf_counter() - t_start
    epochs = sc.session.epoch - e0
    player.training = False
    player.shutdown()
    frames.sort()
    return {"epochs_per_s": round(epochs / elapsed, 1),
            "frame_ms": round(statistics.median(frames), 2),
            "frame_p95_ms": round(frames[int(0.95 * (len(frames) - 1))], 2),
            "frames": len(frames), "epochs": epochs,
            "loss": round(float(sc.session.evaluate()[0]), 4)}


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0
    app = QApplication.instance() or QApplication([])
    from nnviz.ui.mainwindow import MainWindow
    window = MainWindow()
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    results = {}
    print(f"{'case':6}{'network':24}{'epochs/s':>10}{'frame ms':>10}{'p95 ms':>9}"
          f"{'frames':>8}{'loss':>9}")
    for name, settings in CASES.items():
        r = run_case(app, window, settings, seconds)
        sizes = "-".join(str(s) for s in window.scenario.session.net.sizes)
        print(f"{name:6}{sizes:24}{r['epochs_per_s']:>10.1f}{r['frame_ms']:>10.2f}"
              f"{r['frame_p95_ms']:>9.2f}{r['frames']:>8}{r['loss']:>9.4f}")
        results[name] = {k: r[k] for k in ("epochs_per_s", "frame_ms", "frame_p95_ms")}
    window.close()
    print("bar: (a) ≥ 600 and (b) ≥ 260 epochs/s with the median frame ≤ 16.7 ms")
    print(json.dumps({"playground": results}))


if __name__ == "__main__":
    main()
