"""Small live pictures for the start page's scenario cards.

Each picture owns a tiny engine model and advances it on `tick()` (a perceptron learning
OR, a 2-3-1 network learning XOR, …); `paint()` draws its current state. All maths is the
engine's; the pictures only draw.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from ..engine import ACTIVATIONS, Dense, Network, Trainer
from . import theme

GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _heatmap(values: np.ndarray, lo: float, hi: float) -> QImage:
    """A QImage of `values` (rows = y from the top) through the diverging palette."""
    lut = theme.diverging_lut(256)
    idx = np.clip((values - lo) / (hi - lo) * 255, 0, 255).astype(np.uint8)
    rgb = np.ascontiguousarray(lut[idx])
    h, w = idx.shape
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return img.copy()


def _dot(p: QPainter, x: float, y: float, r: float, fill: QColor, outline: QColor):
    """A data point: filled, with a light halo so it stands out on a heatmap of its colour."""
    p.setPen(QPen(QColor(theme.current().background), 3.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(x, y), r, r)
    p.setPen(QPen(outline, 1.2))
    p.setBrush(fill)
    p.drawEllipse(QPointF(x, y), r, r)


def _square(r: QRectF, margin: float) -> QRectF:
    """The largest square inside r, centred, less a margin."""
    side = min(r.width(), r.height()) - 2 * margin
    return QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side)


class Picture:
    """Base: a model that ticks and a painter."""

    def tick(self):
        pass

    def paint(self, p: QPainter, r: QRectF):
        raise NotImplementedError


class PlanePicture(Picture):
    """A 2-input network's output over the plane with data points on top."""

    def __init__(self, net: Network, X, Y, extent, trainer: Trainer | None = None,
                 steps_per_tick: int = 5, res: int = 28, lo: float = 0.0, hi: float = 1.0):
        self.net, self.X, self.Y, self.extent = net, X, Y, extent
        self.trainer, self.steps_per_tick = trainer, steps_per_tick
        self.lo, self.hi = lo, hi
        x0, x1, y0, y1 = extent
        xs = np.linspace(x0, x1, res)
        ys = np.linspace(y1, y0, res)   # top row = largest y
        gx, gy = np.meshgrid(xs, ys)
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.res = res
        self.initial = net.get_params()
        if trainer is not None:   # start part-way, so the first look already shows learning
            trainer.train_steps(X, Y, 20 * steps_per_tick)

    def tick(self):
        if self.trainer is None:
            return
        if self.trainer.diverged or self.trainer.steps > 4000:
            self.net.set_params(self.initial)
            self.trainer.reset()
        self.trainer.train_steps(self.X, self.Y, self.steps_per_tick)

    def paint(self, p: QPainter, r: QRectF):
        r = _square(r, 2)
        out = self.net.forward(self.grid)[:, 0].reshape(self.res, self.res)
        p.drawImage(r, _heatmap(out, self.lo, self.hi))
        t = theme.current()
        x0, x1, y0, y1 = self.extent
        radius = r.width() / (20 if len(self.X) <= 10 else 45)
        for (x, y), target in zip(self.X, self.Y[:, 0]):
            px = r.left() + (x - x0) / (x1 - x0) * r.width()
            py = r.bottom() - (y - y0) / (y1 - y0) * r.height()
            fill = t.qcolor("positive" if target > (self.lo + self.hi) / 2 else "negative")
            _dot(p, px, py, max(2.5, radius), fill, QColor(t.text))


class ThresholdPicture(Picture):
    """McCulloch–Pitts: x1 + x2 ≥ θ for θ = 0 … 3 in turn (always, OR, AND, never)."""

    def __init__(self):
        self.theta = 1
        self.unit = Network([Dense([[1.0, 1.0]], [-1.0], "step")])

    def tick(self):
        self.theta = (self.theta + 1) % 4
        self.unit.layers[0].b[0] = -self.theta

    def paint(self, p: QPainter, r: QRectF):
        t = theme.current()
        fires = self.unit.forward(GATE_X)[:, 0]
        gate = ["always on", "OR", "AND", "never on"][self.theta]
        label = f"x₁ + x₂ ≥ {self.theta}\n{gate}"
        text_w = max(p.fontMetrics().horizontalAdvance(t) for t in label.split("\n")) + 12
        box = _square(r, r.height() * 0.18)
        room = text_w + box.width() * 0.2     # the line overhangs the square by 0.2
        if box.left() < r.left() + room:      # the label left of the square, not over it
            box.moveLeft(min(r.left() + room, r.right() - box.width() * 1.2 - 4))
        p.setPen(QPen(QColor(t.muted), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
        # the line x1 + x2 = θ, clipped to the drawing
        th = self.theta

        def to_px(x, y):
            return QPointF(box.left() + x * box.width(), box.bottom() - y * box.height())
        p.setPen(QPen(t.qcolor("forward"), 2.5))
        if 0 < th <= 2:   # the line x1 + x2 = θ across the square
            lo, hi = max(-0.2, th - 1.2), min(1.2, th + 0.2)
            p.drawLine(to_px(lo, th - lo), to_px(hi, th - hi))
        for (x, y), f in zip(GATE_X, fires):
            _dot(p, to_px(x, y).x(), to_px(x, y).y(), box.width() / 12,
                 t.qcolor("positive" if f else "negative"), QColor(t.text))
        p.setPen(QColor(t.text))
        p.drawText(r.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                   label)


class PerceptronPicture(PlanePicture):
    """Rosenblatt's rule learning OR, one epoch per tick, then starting over."""

    def __init__(self):
        from ..engine.units import Perceptron
        self._cls = Perceptron
        self.t = np.array([0.0, 1.0, 1.0, 1.0])
        self._restart()
        super().__init__(self._net(), GATE_X, self.t[:, None], (-0.5, 1.5, -0.5, 1.5))

    def _restart(self):
        self.perc = self._cls(2, lr=0.2, w=np.array([-0.6, 0.3]), b=0.4)
        self.epochs = 0

    def _net(self):
        w = np.asarray(self.perc.w, dtype=float)
        return Network([Dense(w[None, :], [float(self.perc.b)], "step")])

    def tick(self):
        if self.epochs >= 8:
            self._restart()
        else:
            self.perc.train_epoch(self.X, self.t)
            self.epochs += 1
        self.net = self._net()


class CurvesPicture(Picture):
    """Activation functions (or one neuron's curve as its weight changes)."""

    def __init__(self, names, sweep_weight: bool = False):
        self.names = names
        self.sweep = sweep_weight
        self.phase = 0
        self.z = np.linspace(-4, 4, 81)

    def tick(self):
        self.phase += 1

    def curves(self):
        if self.sweep:   # h = σ(w·x + b) for a weight that grows and shrinks
            w = 0.6 + 1.8 * (0.5 + 0.5 * np.sin(self.phase / 3))
            net = Network([Dense([[w]], [0.8], "sigmoid")])
            return [(net.forward(self.z[:, None])[:, 0], "positive")]
        return [(ACTIVATIONS[n](self.z), self.ROLES[i % len(self.ROLES)])
                for i, n in enumerate(self.names)]

    ROLES = ["positive", "negative", "forward", "backward", "update"]

    def probe(self) -> float:
        """The z the picture reads the functions at; it sweeps slowly back and forth."""
        return 3.0 * float(np.sin(self.phase / 4))

    def paint(self, p: QPainter, r: QRectF):
        t = theme.current()
        m = 8
        box = r.adjusted(m, m, -m, -m)
        lo, hi = -1.3, 1.3
        p.setPen(QPen(QColor(t.muted), 1))
        p.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()))
        p.drawLine(QPointF(box.center().x(), box.top()), QPointF(box.center().x(), box.bottom()))
        for ys, role in self.curves():
            path = QPainterPath()
            for i, (z, y) in enumerate(zip(self.z, ys)):
                pt = QPointF(box.left() + (z + 4) / 8 * box.width(),
                             box.bottom() - (np.clip(y, lo, hi) - lo) / (hi - lo) * box.height())
                path.moveTo(pt) if i == 0 else path.lineTo(pt)
            p.setPen(QPen(t.qcolor(role), 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        if not self.sweep:   # read every function off at one z, like the scenario's slider
            z = self.probe()
            x = box.left() + (z + 4) / 8 * box.width()
            p.setPen(QPen(t.qcolor("highlight"), 2))
            p.drawLine(QPointF(x, box.top()), QPointF(x, box.bottom()))
            for i, n in enumerate(self.names):
                y = float(np.clip(ACTIVATIONS[n](np.array([z]))[0], lo, hi))
                _dot(p, x, box.bottom() - (y - lo) / (hi - lo) * box.height(), 4,
                     t.qcolor(self.ROLES[i % len(self.ROLES)]), QColor(t.text))


class NetworkPicture(Picture):
    """A small network drawn as a graph, edges coloured by weight, training as it ticks."""

    def __init__(self, sizes, hidden="tanh", seed=3):
        rng = np.random.default_rng(seed)
        self.net = Network.build(sizes, hidden=hidden, output="sigmoid", seed=seed)
        self.X = rng.uniform(-1, 1, (32, sizes[0]))
        self.Y = (np.sum(self.X ** 2, axis=1, keepdims=True) < 0.6).astype(float)
        self.trainer = Trainer(self.net, loss="bce", optimizer="adam", lr=0.05, batch_size=8)

    def tick(self):
        if self.trainer.steps > 3000 or self.trainer.diverged:
            self.trainer.reset()
        self.trainer.train_steps(self.X, self.Y, 4)

    def paint(self, p: QPainter, r: QRectF):
        t = theme.current()
        sizes = self.net.sizes
        m = 14
        box = r.adjusted(m, m, -m, -m)

        def pos(k, i):
            x = box.left() + k / (len(sizes) - 1) * box.width()
            y = box.top() + (i + 0.5) / sizes[k] * box.height()
            return QPointF(x, y)
        for k, layer in enumerate(self.net.layers):
            scale = max(1e-9, float(np.max(np.abs(layer.W))))
            for i in range(layer.n_out):
                for j in range(layer.n_in):
                    w = layer.W[i, j]
                    pen = QPen(theme.diverging(w, scale), 0.6 + 3 * abs(w) / scale)
                    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                    p.setPen(pen)
                    p.drawLine(pos(k, j), pos(k + 1, i))
        for k, n in enumerate(sizes):
            for i in range(n):
                c = pos(k, i)
                _dot(p, c.x(), c.y(), min(9.0, box.height() / (2.6 * max(sizes))),
                     QColor(t.surface), QColor(t.text))


class ClassesPicture(PlanePicture):
    """A softmax network's argmax regions over the plane, three classes."""

    def paint(self, p: QPainter, r: QRectF):
        t = theme.current()
        r = _square(r, 2)
        probs = self.net.forward(self.grid)
        winner = np.argmax(probs, axis=1).reshape(self.res, self.res)
        colours = theme.class_colours(probs.shape[1])
        palette = np.array([[c.red(), c.green(), c.blue()] for c in
                            (theme.blend(c, 0.45) for c in colours)], dtype=np.uint8)
        rgb = np.ascontiguousarray(palette[winner])
        img = QImage(rgb.data, self.res, self.res, 3 * self.res, QImage.Format.Format_RGB888)
        p.drawImage(r, img.copy())
        x0, x1, y0, y1 = self.extent
        for (x, y), target in zip(self.X, self.Y):
            px = r.left() + (x - x0) / (x1 - x0) * r.width()
            py = r.bottom() - (y - y0) / (y1 - y0) * r.height()
            _dot(p, px, py, max(2.5, r.width() / 50), colours[int(np.argmax(target))],
                 QColor(t.text))


class ContourPicture(Picture):
    """Gradient descent on the loss surface of a two-weight linear unit."""

    def __init__(self):
        rng = np.random.default_rng(4)
        self.X = rng.normal(0, 1, (24, 2)) * [1.0, 0.45]
        self.Y = self.X @ np.array([[1.2], [-0.8]])
        self.lim = 3.0
        ws = np.linspace(-self.lim, self.lim, 40)
        w1, w2 = np.meshgrid(ws, ws[::-1])          # row i: w2 from the top, column j: w1
        # every (w1, w2) of the grid at once: one linear layer with a unit per weight pair,
        # its outputs (samples, pairs) scored per pair by the engine's loss
        probe = Network([Dense(np.column_stack([w1.ravel(), w2.ravel()]),
                               np.zeros(w1.size), "linear")])
        o = probe.forward(self.X).T[:, :, None]      # (pairs, samples, 1)
        loss = Trainer(probe, loss="half_sse").loss_fn
        per_sample = loss.per_sample(o, np.broadcast_to(self.Y, o.shape))
        self.surface = per_sample.mean(axis=1).reshape(w1.shape)
        self._restart()

    def _restart(self):
        self.net = Network([Dense([[-2.5, 2.4]], [0.0], "linear")])
        self.trainer = Trainer(self.net, loss="half_sse", optimizer="momentum", lr=0.05)
        self.path = [tuple(self.net.layers[0].W[0])]

    def tick(self):
        if len(self.path) > 40:
            self._restart()
            return
        self.trainer.step(self.X, self.Y)
        self.path.append(tuple(self.net.layers[0].W[0]))

    def paint(self, p: QPainter, r: QRectF):
        t = theme.current()
        box = _square(r, 4)
        levels = np.log1p(self.surface)
        p.drawImage(box, _heatmap(levels, levels.max(), levels.min() - 0.3 * np.ptp(levels)))

        def to_px(w1, w2):
            return QPointF(box.left() + (w1 + self.lim) / (2 * self.lim) * box.width(),
                           box.bottom() - (w2 + self.lim) / (2 * self.lim) * box.height())
        pen = QPen(t.qcolor("update"), 2.5)
        p.setPen(pen)
        for a, b in zip(self.path[:-1], self.path[1:]):
            p.drawLine(to_px(*a), to_px(*b))
        end = to_px(*self.path[-1])
        _dot(p, end.x(), end.y(), 5, t.qcolor("update"), QColor(t.text))


def picture_for(name: str) -> Picture:
    """The live picture for scenario `name` (a small network for those without their own)."""
    if name == "mcculloch-pitts":
        return ThresholdPicture()
    if name == "perceptron":
        try:
            return PerceptronPicture()
        except ImportError:
            pass
    if name == "xor":
        net = Network.build([2, 3, 1], hidden="sigmoid", output="sigmoid", seed=2)
        return PlanePicture(net, GATE_X, np.array([[0.0], [1.0], [1.0], [0.0]]),
                            (-0.5, 1.5, -0.5, 1.5),
                            Trainer(net, loss="bce", optimizer="adam", lr=0.05), steps_per_tick=6)
    if name == "mlp":
        rng = np.random.default_rng(0)
        X = rng.uniform(-5, 5, (80, 2))
        Y = (np.hypot(X[:, 0], X[:, 1]) < 2.8).astype(float)[:, None]
        net = Network.build([2, 4, 2, 1], hidden="tanh", output="sigmoid", seed=1)
        return PlanePicture(net, X, Y, (-6, 6, -6, 6),
                            Trainer(net, loss="bce", optimizer="adam", lr=0.03, batch_size=10),
                            steps_per_tick=8)
    if name == "neuron":
        return CurvesPicture(["sigmoid"], sweep_weight=True)
    if name == "activations":
        return CurvesPicture(["sigmoid", "tanh", "relu", "step"])
    if name == "gradient-descent":
        return ContourPicture()
    if name == "softmax":
        rng = np.random.default_rng(5)
        centres = np.array([[-3.0, -2.0], [3.0, -2.0], [0.0, 3.0]])
        labels = np.repeat(np.arange(3), 12)
        X = centres[labels] + rng.normal(0, 1.1, (36, 2))
        Y = np.eye(3)[labels]
        net = Network.build([2, 5, 3], hidden="tanh", output="softmax", seed=2)
        return ClassesPicture(net, X, Y, (-6, 6, -6, 6),
                              Trainer(net, loss="cce", optimizer="adam", lr=0.03, batch_size=12),
                              steps_per_tick=6)
    if name == "representation":
        return NetworkPicture([2, 3, 2, 1], seed=7)
    if name == "gradients":
        return NetworkPicture([3, 3, 3, 3, 3, 3, 1], hidden="sigmoid")
    if name == "regularization":
        return NetworkPicture([2, 6, 6, 1])
    return NetworkPicture([2, 3, 3, 1])
