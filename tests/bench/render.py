"""Canvas rendering benchmark: offscreen 1920×1080, antialiased.

A 2-8-8-8-8-8-8-1 network with values and thumbnails showing:
- full frame: a frame after every weight changed its look, as in training: every edge
  repainted, the units, values and header, the thumbnails with the engine's grid forward
  pass, and the overlay (only the static text, column titles and legend, stays cached);
  median and 95th percentile (and the minimum and the median CPU time of this process:
  the machine may be shared; the load average is printed too, and the time of a fixed piece
  of Qt painting before and after, which tells a fast phase of the host from a slow one);
  also a frame from scratch (nothing cached, as after a resize);
- animating frame: the cached picture plus moving pulses (a forward beat in progress);
- process memory (RSS) after 100 and after 10,000 training steps through the player's
  time-budgeted "train" mode, the canvas redrawing each slice; with the edge worker running,
  its memory counts too (its RSS less the shared image, already counted here).

Edge worker A/B: unless NNVIZ_EDGE_WORKER=0, the edge-worker process (nnviz/ui/edge_worker.py)
is started and the full frames alternate, frame by frame, between edges painted by the worker
(in parallel with the thumbnails) and edges painted in this process; both are reported. The
headline numbers (JSON) are those of the mode the application uses by default.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/render.py
(NNVIZ_BENCH_STEPS=N trains N steps instead of 10,000 for a quick look; NNVIZ_EDGE_WORKER=0
measures in-process painting only; NNVIZ_BENCH_PIN=1 pins this process to CPU 0 and the
worker to CPU 1, which on a machine shared with other busy processes keeps the two from
being scheduled on the same core.)
The last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from nnviz.engine import Network, Trainer  # noqa: E402
from nnviz.ui import edge_worker  # noqa: E402
from nnviz.ui.canvas import NetworkCanvas  # noqa: E402
from nnviz.ui.player import Player  # noqa: E402
from nnviz.ui.session import TrainingSession  # noqa: E402

W, H = 1920, 1080
SIZES = [2, 8, 8, 8, 8, 8, 8, 1]


def _status_kb(pid, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def worker_rss_mb() -> float:
    """The edge worker's own memory: its RSS less the shared image (counted in ours)."""
    pid = edge_worker.client().pid if edge_worker.client().ready else None
    if pid is None:
        return 0.0
    return (_status_kb(pid, "VmRSS") - _status_kb(pid, "RssShmem")) / 1024.0


def rss_mb() -> float:
    """This process's RSS plus the edge worker's own (when it runs)."""
    return _status_kb("self", "VmRSS") / 1024.0 + worker_rss_mb()


CPU: list[float] = []        # process CPU time of each frame rendered (ms)


def reference_ms() -> float:
    """The median time this machine takes now for a fixed piece of Qt painting, unrelated
    to nnviz: 344 antialiased flat-capped lines of 1–5 px across a 1920×1080 RGB32 image.
    This host's speed drifts (the same frame has taken 8 ms in one phase and 15 ms in
    another): the figure tells which phase a run was in."""
    from PySide6.QtCore import QLineF, Qt
    from PySide6.QtGui import QColor, QPen
    rng = np.random.default_rng(7)
    x0 = rng.uniform(200, 1500, 344)
    lines = [QLineF(x, y0, x + 220, y1) for x, y0, y1 in
             zip(x0.tolist(), rng.uniform(100, 1000, 344).tolist(),
                 rng.uniform(100, 1000, 344).tolist())]
    pens = []
    for w, c in zip(rng.uniform(1, 5, 344).tolist(), rng.integers(0, 0xFFFFFF, 344).tolist()):
        pen = QPen(QColor.fromRgb(0xFF000000 | c), w)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pens.append(pen)
    img = QImage(W, H, QImage.Format.Format_RGB32)
    times = []
    for _ in range(15):
        img.fill(0xFFFFFFFF)
        t0 = time.perf_counter()
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for line, pen in zip(lines, pens):
            p.setPen(pen)
            p.drawLine(line)
        p.end()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def render(canvas: NetworkCanvas, target: QImage, full: bool, scratch: bool = False) -> float:
    t0, c0 = time.perf_counter(), time.process_time()
    if full:   # a frame after every weight changed: what training gives each frame
        canvas.session._grid_cache.clear()      # the thumbnails' grid forward pass too
        canvas._on_weights()                     # the canvas's own reaction to the change
        canvas.layers.forget_edges()             # every edge's look changed: all repainted
        if scratch:
            canvas.invalidate_all()              # and the static text too (resize, theme)
    p = QPainter(target)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    canvas.render(p, QPoint(0, 0))
    p.end()
    CPU.append((time.process_time() - c0) * 1000.0)
    return (time.perf_counter() - t0) * 1000.0


def main() -> int:
    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, (200, 2))
    Y = ((X[:, 0] * X[:, 1]) > 0).astype(float)[:, None]
    net = Network.build(SIZES, hidden="tanh", output="sigmoid", seed=1)
    session = TrainingSession(Trainer(net, loss="half_sse", lr=0.03, batch_size=10), X, Y)
    player = Player(session)
    canvas = NetworkCanvas(session, player)
    canvas.resize(W, H)
    canvas.show()
    app.processEvents()
    target = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)

    # values showing: a recorded step, its forward pass revealed up to the last hidden layer
    player.set_granularity("layer")
    for _ in range(6):
        player.step_forward()
    player.pause()
    default_worker = edge_worker.enabled()
    ab = os.environ.get(edge_worker.ENV, "").strip() != "0"
    worker = edge_worker.client()
    if ab:   # start the worker and wait until it answers
        edge_worker.set_enabled(True)
        worker.start()
        t0 = time.perf_counter()
        while not worker.usable() and time.perf_counter() - t0 < 30:
            time.sleep(0.01)
        if not worker.ready:
            print(f"edge worker did not start ({worker.reason}): in-process only")
            ab = False
    for _ in range(6):
        render(canvas, target, full=True)
    if ab:   # steady state: the worker painting frame after frame, as in a long training
        # run (its first frames, while it pages in the shared image, look like a busy
        # core and make the canvas paint alone for Balance.BACKOFF seconds); at most 10 s:
        # on a machine whose cores stay busy the canvas keeps backing off, and the figures
        # below show it (frames the worker painted in)
        t0, in_a_row = time.perf_counter(), 0
        while in_a_row < 30 and time.perf_counter() - t0 < 10:
            requests = worker.requests
            render(canvas, target, full=True)
            in_a_row = in_a_row + 1 if worker.requests > requests else 0
            app.processEvents()
    if ab and os.environ.get("NNVIZ_BENCH_PIN") and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})             # this process on one core, the worker on
        os.sched_setaffinity(worker.pid, {1})    # another (a shared machine: see above)
    load0, ref0 = os.getloadavg()[0], reference_ms()
    modes = ("worker", "in-process") if ab else ("in-process",)
    times: dict = {m: [] for m in modes}
    cpus: dict = {m: [] for m in modes}
    helped: list[int] = []        # worker-mode frames the worker painted in
    waits: list[float] = []       # how long each worker frame waited for the worker (ms)
    paints: list[float] = []      # how long the worker painted its strips (ms)
    paint_cpus: list[float] = []  # and its CPU time doing so
    for i in range(60 * len(modes)):       # interleaved A/B: frame by frame
        mode = modes[i % len(modes)]
        worker.paused = mode != "worker"
        CPU.clear()
        requests = worker.requests
        times[mode].append(render(canvas, target, full=True))
        cpus[mode].append(CPU[0])
        if mode == "worker" and worker.requests > requests:
            helped.append(len(times[mode]) - 1)
            waits.append(canvas.layers.last_wait_ms)
            paints.append(worker.paint_ms)
            paint_cpus.append(worker.paint_cpu_ms)
    load1, ref1 = os.getloadavg()[0], reference_ms()
    use = "worker" if ab and default_worker else "in-process"
    worker.paused = use != "worker"
    full, full_cpu = times[use], statistics.median(cpus[use])
    scratch = [render(canvas, target, full=True, scratch=True) for _ in range(30)]

    # animating: a beat in progress (pulses moving), the static picture cached
    player.step_forward()
    anim = []
    for i in range(120):
        player.progress = (i % 60) / 60 * 0.6
        anim.append(render(canvas, target, full=False))
    player.pause()

    # memory while training through the player's train mode, drawing each slice
    player.set_training(True)
    player._timer.stop()                 # drive the slices by hand, same code path
    steps_start = session.trainer.steps

    def train_until(n):
        while session.trainer.steps - steps_start < n:
            player._train_slice()
            render(canvas, target, full=False)
            app.processEvents()

    train_until(100)
    rss_100 = rss_mb()
    t0 = time.perf_counter()
    train_until(int(os.environ.get("NNVIZ_BENCH_STEPS", "10000")))
    train_s = time.perf_counter() - t0
    rss_10000 = rss_mb()
    player.set_training(False)
    player.shutdown()

    fm, fp = statistics.median(full), float(np.percentile(full, 95))
    am = statistics.median(anim)
    print(f"{'measure':<34}{'value':>12}")
    print(f"{'full frame median (ms)':<34}{fm:>12.2f}")
    print(f"{'full frame p95 (ms)':<34}{fp:>12.2f}")
    print(f"{'full frame min (ms)':<34}{min(full):>12.2f}")
    print(f"{'full frame CPU median (ms)':<34}{full_cpu:>12.2f}")
    print(f"{'load average (1 min) start/end':<34}{load0:>7.2f}/{load1:.2f}")
    print(f"{'reference paint (ms) start/end':<34}{ref0:>7.2f}/{ref1:.2f}"
          "   (fixed Qt work: this host's speed now)")
    print(f"{'headline mode':<34}{use:>12}")
    print(f"{'from scratch median (ms)':<34}{statistics.median(scratch):>12.2f}")
    print(f"{'animating frame median (ms)':<34}{am:>12.2f}")
    if ab:
        print("edge worker A/B (interleaved full frames, ms):")
        print(f"  (worker mode: the worker painted in {len(helped)} of {len(times['worker'])}"
              f" frames; it was found sharing a core {canvas.layers.balance.backoffs}×)")
        print(f"  {'mode':<12}{'median':>8}{'p95':>8}{'min':>8}{'CPU med':>9}")
        for m in modes:
            ts = times[m]
            print(f"  {m:<12}{statistics.median(ts):>8.2f}{np.percentile(ts, 95):>8.2f}"
                  f"{min(ts):>8.2f}{statistics.median(cpus[m]):>9.2f}")
        if helped:
            ts = [times["worker"][i] for i in helped]
            print(f"  {'(helped)':<12}{statistics.median(ts):>8.2f}"
                  f"{np.percentile(ts, 95):>8.2f}{min(ts):>8.2f}")
            print(f"{'  worker painting its strips (ms)':<34}{statistics.median(paints):>12.2f}")
            print(f"{'  its CPU time painting them (ms)':<34}"
                  f"{statistics.median(paint_cpus):>12.2f}")
            print(f"{'  frame waiting for it (ms)':<34}{statistics.median(waits):>12.2f}")
            print(f"{'  share of edge work it takes':<34}{canvas.layers.balance.share:>12.2f}")
        print(f"{'edge worker own RSS (MB)':<34}{worker_rss_mb():>12.1f}")
    print(f"{'RSS after 100 steps (MB)':<34}{rss_100:>12.1f}")
    print(f"{'RSS after 10,000 steps (MB)':<34}{rss_10000:>12.1f}")
    print(f"{'growth (MB)':<34}{rss_10000 - rss_100:>12.1f}")
    print(f"{'9,900 steps while drawing (s)':<34}{train_s:>12.2f}")
    print(f"{'bar: full frame < 8 ms':<34}{'met' if fm < 8 else 'NOT met':>12}")
    print(f"{'bar: memory growth < 50 MB':<34}"
          f"{'met' if rss_10000 - rss_100 < 50 else 'NOT met':>12}")
    print(json.dumps({"render": {"full_frame_ms": round(fm, 3), "full_frame_p95_ms": round(fp, 3),
                                 "animating_frame_ms": round(am, 3),
                                 "rss_mb_100": round(rss_100, 1),
                                 "rss_mb_10000": round(rss_10000, 1)}}))
    canvas.close()
    edge_worker.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
