"""Engine benchmark: training speed in epochs per second against PyTorch and scikit-learn.

    python tests/bench/engine.py [--quick]

Work (the same for every contender: plain SGD, no momentum, no regularization, the same
loss, the same batches per epoch, reshuffled every epoch):
  a  2-4-2-1, tanh hidden, sigmoid output + cross-entropy, 250 points, batch 10
  b  2-8-8-8-8-8-8-1, the same otherwise
  c  2-2-1 sigmoid on XOR, full batch
  d  784-16-16-10, sigmoid hidden, softmax + cross-entropy, 1,000 random samples, batch 32
nnviz runs its fast path (Trainer.train_epochs, what "train fast" in the GUI uses) and, for
comparison, recorded steps (Trainer.next_step, each with its full StepTrace; the bar is at
most 2× the fast path's time per step: "recorded_ratio"). A trace builds its per-layer lists
when first read, so "nnviz recorded+read" also reads every field of every trace (what the
player does when it animates a step; reported, not held to the bar). PyTorch (CPU)
runs at one thread in float32 and float64 and at its default thread count in float32; its
best is reported. scikit-learn runs MLPClassifier.partial_fit (one epoch per call). BLAS is
limited to one thread for every contender; runs are interleaved in one process and the
median of the repeats is reported. Contenders that are not installed are reported as null.
On machines that set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, run with both unset:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python tests/bench/engine.py
The last line printed is one JSON object: {"engine": {"a": {"nnviz": …, "torch": …,
"sklearn": …, "recorded_ratio": …}, …}, "details": {…}} (epochs per second; recorded_ratio
is fast epochs/s over recorded epochs/s, i.e. how many times longer a recorded step takes,
the median of the ratios of the rounds).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from nnviz.engine import Network, Trainer  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:      # pragma: no cover - optional
    threadpool_limits = threadpool_info = None
try:
    import torch
except ImportError:      # pragma: no cover - optional
    torch = None
try:
    from sklearn.neural_network import MLPClassifier
except ImportError:      # pragma: no cover - optional
    MLPClassifier = None

LR = 0.05


def configs():
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, (250, 2))
    Y = (X[:, 0] * X[:, 1] > 0).astype(float)[:, None]
    Xx = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Yx = np.array([[0], [1], [1], [0]], dtype=float)
    Xd = rng.normal(0, 1, (1000, 784))
    yd = rng.integers(0, 10, 1000)
    Yd = np.eye(10)[yd]
    return {
        "a": dict(sizes=[2, 4, 2, 1], hidden="tanh", out="sigmoid", X=X, Y=Y, bs=10),
        "b": dict(sizes=[2] + [8] * 6 + [1], hidden="tanh", out="sigmoid", X=X, Y=Y, bs=10),
        "c": dict(sizes=[2, 2, 1], hidden="sigmoid", out="sigmoid", X=Xx, Y=Yx, bs=None),
        "d": dict(sizes=[784, 16, 16, 10], hidden="sigmoid", out="softmax", X=Xd, Y=Yd, bs=32),
    }


# -- contenders: each returns a function running one epoch ------------------------------------
TRACE_FIELDS = ("a_in", "targets", "z", "a", "delta", "grad_W", "grad_b", "W_before",
                "W_after", "b_before", "b_after", "sample_index", "mask", "reg_loss",
                "grad_W_reg", "grad_b_reg")


def nnviz_epoch(cfg, recorded=False, read=False):
    net = Network.build(cfg["sizes"], hidden=cfg["hidden"], output=cfg["out"],
                        init="xavier", seed=0)
    loss = "cce" if cfg["out"] == "softmax" else "bce"
    tr = Trainer(net, loss=loss, optimizer="sgd", lr=LR, batch_size=cfg["bs"], seed=0)
    X, Y = cfg["X"], cfg["Y"]
    if not recorded:
        return lambda k: tr.train_epochs(X, Y, k)     # the fast path, k epochs in one call
    per_epoch = tr.steps_per_epoch(len(X))

    def epochs(k):
        for _ in range(k * per_epoch):
            tr.next_step(X, Y)

    def epochs_read(k):
        for _ in range(k * per_epoch):
            t = tr.next_step(X, Y)
            for name in TRACE_FIELDS:
                getattr(t, name)
    return epochs_read if read else epochs


def torch_epoch(cfg, dtype, threads):
    torch.manual_seed(0)
    mods = []
    sizes = cfg["sizes"]
    act = {"tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}[cfg["hidden"]]
    for k, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        mods.append(torch.nn.Linear(a, b))
        if k < len(sizes) - 2:
            mods.append(act())
    model = torch.nn.Sequential(*mods).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    X = torch.tensor(cfg["X"], dtype=dtype)
    if cfg["out"] == "softmax":
        Y = torch.tensor(cfg["Y"].argmax(axis=1))
        loss_fn = torch.nn.CrossEntropyLoss()         # softmax + cross-entropy, fused
    else:
        Y = torch.tensor(cfg["Y"], dtype=dtype)
        loss_fn = torch.nn.BCEWithLogitsLoss()         # sigmoid + cross-entropy, fused
    n = len(X)
    bs = cfg["bs"] or n

    def epochs(k):
        prev = torch.get_num_threads()
        torch.set_num_threads(threads)
        for _ in range(k):
            if cfg["bs"]:
                perm = torch.randperm(n)
                Xp, Yp = X[perm], Y[perm]
            else:
                Xp, Yp = X, Y
            for i in range(0, n, bs):
                opt.zero_grad()
                loss = loss_fn(model(Xp[i:i + bs]), Yp[i:i + bs])
                loss.backward()
                opt.step()
        torch.set_num_threads(prev)
    return epochs


def sklearn_epoch(cfg):
    sizes = cfg["sizes"]
    act = {"tanh": "tanh", "sigmoid": "logistic"}[cfg["hidden"]]
    X = cfg["X"]
    y = cfg["Y"].argmax(axis=1) if cfg["out"] == "softmax" else cfg["Y"][:, 0].astype(int)
    classes = np.arange(sizes[-1]) if cfg["out"] == "softmax" else np.array([0, 1])
    m = MLPClassifier(tuple(sizes[1:-1]), activation=act, solver="sgd",
                      batch_size=cfg["bs"] or len(X), learning_rate="constant",
                      learning_rate_init=LR, momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                      shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.partial_fit(X, y, classes=classes)

    def epochs(k):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(k):
                m.partial_fit(X, y)
    return epochs


# -- timing ---------------------------------------------------------------------------------
def chunk_size(fn, target):
    fn(1)
    t = time.perf_counter()
    fn(3)
    one = max(time.perf_counter() - t, 1e-6) / 3
    return max(1, int(target / one))


def timed(fn, k):
    t = time.perf_counter()
    fn(k)
    return k / (time.perf_counter() - t)


def paired_ratio(eps, other):
    """Median over the rounds of fast epochs/s over `other`'s in the same round: timings
    taken side by side, so that a busy machine slows both sides of each ratio."""
    return round(statistics.median(f / o for f, o in zip(eps["nnviz"], eps[other])), 2)


DEFAULT_THREADS = torch.get_num_threads() if torch is not None else None


def run(quick=False):
    repeats, target = (3, 0.08) if quick else (11, 0.15)
    default_threads = DEFAULT_THREADS
    results, details = {}, {}
    rows = []
    for name, cfg in configs().items():
        contenders = {"nnviz": nnviz_epoch(cfg), "nnviz recorded": nnviz_epoch(cfg, True),
                      "nnviz recorded+read": nnviz_epoch(cfg, True, True)}
        if torch is not None:
            contenders["torch f32 1 thread"] = torch_epoch(cfg, torch.float32, 1)
            contenders["torch f64 1 thread"] = torch_epoch(cfg, torch.float64, 1)
            contenders[f"torch f32 {default_threads} threads"] = torch_epoch(
                cfg, torch.float32, default_threads)
        if MLPClassifier is not None:
            contenders["sklearn"] = sklearn_epoch(cfg)
        chunks = {k: chunk_size(fn, target) for k, fn in contenders.items()}
        eps = {k: [] for k in contenders}
        for _ in range(repeats):                  # interleaved
            for k, fn in contenders.items():
                eps[k].append(timed(fn, chunks[k]))
        med = {k: statistics.median(v) for k, v in eps.items()}
        torch_best = max((v for k, v in med.items() if k.startswith("torch")), default=None)
        results[name] = {"nnviz": round(med["nnviz"], 1),
                         "torch": None if torch_best is None else round(torch_best, 1),
                         "sklearn": round(med["sklearn"], 1) if "sklearn" in med else None,
                         "recorded_ratio": paired_ratio(eps, "nnviz recorded")}
        details[name] = {k: round(v, 1) for k, v in med.items()}
        steps = len(cfg["X"]) // (cfg["bs"] or len(cfg["X"])) + bool(
            cfg["bs"] and len(cfg["X"]) % cfg["bs"])
        details[name]["steps_per_epoch"] = steps
        details[name]["recorded_read_ratio"] = paired_ratio(eps, "nnviz recorded+read")
        rows.append((name, med, torch_best))
    return results, details, rows


def main(argv):
    quick = "--quick" in argv
    limiter = threadpool_limits(1, user_api="blas") if threadpool_limits is not None else None
    try:
        results, details, rows = run(quick)
    finally:
        if limiter is not None:
            limiter.unregister()
    if threadpool_info is not None:
        for info in threadpool_info():
            print(f"# {info.get('internal_api')} {info.get('version')} "
                  f"{info.get('architecture')} threads={info.get('num_threads')} "
                  f"({os.path.basename(info.get('filepath', ''))})")
    print(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} "
          f"torch={getattr(torch, '__version__', None)} numpy={np.__version__}")
    print(f"{'':3}{'contender':26}{'epochs/s':>12}{'nnviz ×':>10}")
    for name, med, torch_best in rows:
        for k, v in med.items():
            ratio = med["nnviz"] / v
            print(f"{name:3}{k:26}{v:12.1f}{ratio:10.2f}")
        bar = 2.0 if name == "d" else 4.0
        line = f"   → vs torch best: {med['nnviz'] / torch_best:.2f}× (bar {bar}×)" \
            if torch_best else "   → torch not installed"
        if "sklearn" in med and name != "d":
            line += f"; vs sklearn: {med['nnviz'] / med['sklearn']:.2f}× (bar 3×)"
        print(line)
        steps = details[name]["steps_per_epoch"]
        fast_us, rec_us, read_us = (1e6 / (med[k] * steps) for k in
                                    ("nnviz", "nnviz recorded", "nnviz recorded+read"))
        print(f"   → per step: fast {fast_us:.1f} µs, recorded {rec_us:.1f} µs: recorded/fast "
              f"{results[name]['recorded_ratio']:.2f}× (bar 2×); recorded and every field "
              f"read {read_us:.1f} µs ({details[name]['recorded_read_ratio']:.2f}×)")
    print(json.dumps({"engine": results, "details": details}))


if __name__ == "__main__":
    main(sys.argv[1:])
