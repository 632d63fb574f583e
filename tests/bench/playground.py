"""MLP playground benchmark: training fast while the whole window is redrawn every frame.

The real main window at 1920×1080 offscreen, the MLP scenario on circle data (250 training
and 250 test points), batch 10, in the player's "train" mode driven by its own timer in the
real Qt event loop, as for a user: by default the engine trains in the training worker (a
helper process, nnviz/ui/train_worker.py) while each frame takes its latest state; with
NNVIZ_TRAIN_WORKER=0 each frame trains in-process for the frame period minus the drawing cost
it measured. Either way the app then redraws what changed: the canvas (units,
edges, thumbnails), the 100×100 heatmap and the loss curves (a new history row each frame),
the labels and toolbar. With --whole-window the whole window (controls included) is also
repainted every frame, more than the app ever needs.

A frame is the time from one frame signal to the next (training + drawing + events). The
script checks that every frame really was drawn: heatmaps recomputed per frame, and (counted
just after the timed run, because a Python event filter slows painting) paints per frame of
the canvas, the heatmap and the loss plot.

(a) the default 2-4-2-1 tanh network, (b) 2-8-8-8-8-8-8-1 tanh.
Prints epochs per second and the median and 95th-percentile frame time; the last line is
one JSON object: {"playground": {"a": {"epochs_per_s", "frame_ms", "frame_p95_ms"}, "b": …}}.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/playground.py [seconds per case]
     [--whole-window]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # as the nnviz command sets it
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="nnviz-bench-"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

CASES = {"a": {"hidden": [4, 2], "activations": ["tanh", "tanh"]},
         "b": {"hidden": [8] * 6, "activations": ["tanh"] * 6}}
WARMUP_S = 0.7


class PaintCounter(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def run_case(app, window, settings: dict, seconds: float, whole: bool) -> dict:
    sc = window.open_scenario("mlp")
    sc.load_state({"dataset": "circle", "test_ratio": 0.5, "batch_size": 10, "lr": 0.03,
                   **settings})
    assert sc.session.X.shape[0] == 250 and sc.session.X_test.shape[0] == 250
    player = sc.player
    for _ in range(5):
        app.processEvents()
    stamps: list[float] = []
    marks = {}

    cpu: list[float] = []     # this process's CPU time at each frame

    def on_frame():
        stamps.append(time.perf_counter())
        cpu.append(time.process_time())
        if whole:
            window.update()                   # the whole window repaints every frame

    def start_measuring():
        marks["t0"], marks["e0"] = time.perf_counter(), sc.session.epoch
        marks["frames0"] = len(stamps)
        marks["redraws0"] = sc.boundary.redraws

    player.frame.connect(on_frame)
    player.set_training(True)                 # the player's own timer drives everything
    QTimer.singleShot(int(WARMUP_S * 1000), start_measuring)
    loop = QEventLoop()                       # (app.quit() would close the window)
    QTimer.singleShot(int((WARMUP_S + seconds) * 1000), loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - marks["t0"]
    epochs = sc.session.epoch - marks["e0"]
    redraws = sc.boundary.redraws - marks["redraws0"]
    n_frames = len(stamps) - marks["frames0"]
    # then, untimed (a Python event filter slows painting down), count the paints of the
    # panel's three views per frame: the app's own updates must redraw each of them
    views = {"canvas": sc.canvas, "heatmap": sc.boundary.plot_widget.viewport(),
             "loss": sc.loss_plot.plot_widget.viewport()}
    counters = {k: PaintCounter() for k in views}
    for k, w in views.items():
        w.installEventFilter(counters[k])
    f0 = len(stamps)
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    per_frame = {k: round(c.count / max(1, len(stamps) - f0), 2) for k, c in counters.items()}
    for k, w in views.items():
        w.removeEventFilter(counters[k])
    player.set_training(False)
    player.frame.disconnect(on_frame)
    f_start = marks["frames0"]
    stamps = stamps[:f_start + n_frames]
    frames = [(b - a) * 1000.0 for a, b in zip(stamps[marks["frames0"]:],
                                                stamps[marks["frames0"] + 1:])]
    frames.sort()
    return {"epochs_per_s": round(epochs / elapsed, 1),
            "frame_ms": round(statistics.median(frames), 2),
            "frame_p95_ms": round(frames[int(0.95 * (len(frames) - 1))], 2),
            "frames": n_frames, "epochs": epochs,
            "paints_per_frame": per_frame,
            "heatmaps_per_frame": round(redraws / n_frames, 2),
            "step_us": round(player.step_cost * 1e6, 1),
            "cpu_ms": round(statistics.median(
                [(b - a) * 1000.0 for a, b in zip(cpu[f_start:f_start + n_frames],
                                                  cpu[f_start + 1:f_start + n_frames])]), 2),
            "loss": round(float(sc.session.evaluate()[0]), 4)}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    whole = "--whole-window" in sys.argv
    seconds = float(args[0]) if args else 6.0
    app = QApplication.instance() or QApplication([])
    from nnviz.ui.mainwindow import MainWindow
    window = MainWindow()
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    results = {}
    from nnviz.ui import train_worker
    mode = ("in the training worker (a helper process; NNVIZ_TRAIN_WORKER=0: in-process)"
            if train_worker.enabled() else "in-process, between frames")
    print("redrawn every frame: " + ("the whole window" if whole else "the panel (canvas "
                                     "with thumbnails, heatmap, loss curves), by the app"))
    print(f"{'case':6}{'network':20}{'epochs/s':>10}{'frame ms':>10}{'p95 ms':>9}"
          f"{'frames':>8}{'CPU ms':>9}{'step µs':>9}{'maps/fr':>9}{'loss':>9}  paints per frame")
    for name, settings in CASES.items():
        r = run_case(app, window, settings, seconds, whole)
        sizes = "-".join(str(s) for s in window.scenario.session.net.sizes)
        print(f"{name:6}{sizes:20}{r['epochs_per_s']:>10.1f}{r['frame_ms']:>10.2f}"
              f"{r['frame_p95_ms']:>9.2f}{r['frames']:>8}{r['cpu_ms']:>9.2f}{r['step_us']:>9.1f}"
              f"{r['heatmaps_per_frame']:>9.2f}{r['loss']:>9.4f}  "
              + " ".join(f"{k} {v:.2f}" for k, v in r["paints_per_frame"].items()))
        results[name] = {k: r[k] for k in ("epochs_per_s", "frame_ms", "frame_p95_ms")}
    window.close()
    print(f"training: {mode}; CPU ms: this process's CPU time per frame (drawing, events and "
          "taking the worker's state); step µs: the time per update the player measured; "
          "maps/fr: heatmaps "
          "recomputed per frame; paints per frame of each view (1.00: drawn every frame)")
    print("bar: (a) ≥ 600 and (b) ≥ 260 epochs/s with the median frame ≤ 16.7 ms")
    print(json.dumps({"playground": results}))


if __name__ == "__main__":
    main()
