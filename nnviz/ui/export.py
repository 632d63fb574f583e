"""Export for slides and handouts: pictures (PNG at a scale, SVG vector), the current
step's trace (CSV) and animations (animated GIF or a numbered PNG sequence)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QWidget

from .. import gif, tracecsv
from ..files import NnvizFileError, write_atomic
from . import theme

MAX_SCALE = 8.0
MAX_FRAMES = 2000
FRAMES_BUDGET = 1 << 30   # bytes of recorded frames at most (they are held until encoded)
SVG_DPI = 96          # an SVG's size: screen pixels at the CSS 96 px per inch
STEP_FRAMES = 60      # at most this many frames for one step (coarser groups beyond: a GIF
#                       of 188 events took 80 s to make, and was too long to follow)


SUFFIXES = {".png": "a PNG picture", ".svg": "an SVG picture", ".gif": "an animated GIF",
            ".csv": "a CSV table"}


def check_target(path: str | os.PathLike, suffixes=tuple(SUFFIXES)) -> None:
    """Before any work: NnvizFileError when path cannot be written (a wrong ending, a
    folder that does not exist or cannot be written), saying what to do. A failed
    animation export had trained the scenario 200 steps before finding out."""
    path = os.fspath(path)
    suffix = Path(path).suffix.lower()
    if suffix not in suffixes:
        raise NnvizFileError(path, "", f"choose a name ending in {' or '.join(suffixes)} ("
                                       + " or ".join(SUFFIXES.get(x, x) for x in suffixes)
                                       + ")")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise NnvizFileError(path, "", f"the folder {folder} does not exist: choose another "
                                       "place")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise NnvizFileError(path, "", f"cannot write in the folder {folder} "
                                       f"({exc.strerror or exc}): choose another "
                                       "folder") from None
    if os.path.isdir(path):
        raise NnvizFileError(path, "", "there is a folder of that name: choose another name")
    _check_name(path, _longest_name(path, suffixes))


def _longest_name(path: str, suffixes) -> str:
    """The longest name an export to path writes: its temporary file, or that of a PNG
    sequence's first frame (name-0001.png)."""
    if ".gif" in suffixes and path.lower().endswith(".png"):
        return f"{os.path.splitext(path)[0]}-0001.png.part"
    return f"{path}.part"


def _check_name(path: str, probe: str) -> None:
    """NnvizFileError when a file called `probe` cannot be created (a name too long, a
    character the file system refuses): found before the work, not after it (an animation
    had trained its steps first, then said 'could not save')."""
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise NnvizFileError(path, "", f"cannot create a file of this name "
                                       f"({exc.strerror or exc}): choose a shorter or "
                                       "plainer name") from None
    os.close(fd)
    os.unlink(probe)


def _check_scale(scale: float) -> float:
    scale = float(scale)
    if not 0.25 <= scale <= MAX_SCALE:
        raise ValueError(f"scale {scale:g} is out of range (0.25 … {MAX_SCALE:g})")
    return scale


def paint_widget(widget: QWidget, painter: QPainter) -> None:
    """Paint a widget with its children; network canvases are painted as vectors (their
    on-screen cache is a bitmap), so a scaled PNG stays sharp and an SVG stays vector."""
    from .canvas import NetworkCanvas
    canvases = [widget] if isinstance(widget, NetworkCanvas) else \
        [c for c in widget.findChildren(NetworkCanvas) if c.isVisible()]
    if not isinstance(widget, NetworkCanvas):   # (QWidget's render: a plot is a
        QWidget.render(widget, painter, QPoint(0, 0))   # QGraphicsView, whose own differs)
    from .canvas_paint import edge_lines, paint_background, paint_edges, paint_overlay
    for c in canvases:
        painter.save()
        painter.translate(c.mapTo(widget, QPoint(0, 0)) if c is not widget else QPoint(0, 0))
        painter.setClipRect(c.rect())
        painter.fillRect(c.rect(), QColor(theme.current().background))
        paint_edges(c, painter, edge_lines(c))
        paint_background(c, painter)
        paint_overlay(c, painter)
        painter.restore()


def render_image(widget: QWidget, scale: float = 1.0) -> QImage:
    """The widget (and its children) painted at `scale` times its size."""
    scale = _check_scale(scale)
    size = widget.size()
    image = QImage(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(theme.current().background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        painter.scale(scale, scale)
        paint_widget(widget, painter)
    finally:
        painter.end()
    return image


def save_png(widget: QWidget, path: str | os.PathLike, scale: float = 2.0) -> QImage:
    check_target(path, (".png",))
    image = render_image(widget, scale)
    _save_image(image, path)
    return image


def _save_image(image: QImage, path) -> None:
    path = os.fspath(path)
    tmp = f"{path}.part"
    try:
        if not image.save(tmp, "PNG"):
            raise NnvizFileError(path, "", "could not write the picture (is the folder "
                                           "writable?)")
        os.replace(tmp, path)
    except OSError as exc:
        raise NnvizFileError(path, "", f"could not save ({exc.strerror or exc})") from None
    finally:
        _remove(tmp)


def _remove(tmp: str) -> None:
    """Remove a temporary file if it is still there (the export failed or was renamed)."""
    try:
        if os.path.isfile(tmp):
            os.unlink(tmp)
    except OSError:
        pass


def save_svg(widget: QWidget, path: str | os.PathLike, scale: float = 1.0,
             title: str = "nnviz") -> None:
    """A vector picture of the widget (lines and text stay sharp at any size).

    Its size is the widget's in screen pixels at SVG_DPI (96, the CSS pixel), so a slide
    program places it at the size it has on screen (Qt's default 72 dpi made it 1.33×
    too large). `scale` multiplies that size; save_picture (the menu) leaves it at 1: a
    vector picture needs no scale, the dialog's scale is for PNG only."""
    scale = _check_scale(scale)
    path = os.fspath(path)
    check_target(path, (".svg",))     # (before Qt prints warnings about the device)
    size = widget.size()
    out = QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
    tmp = f"{path}.part"
    gen = None
    try:
        gen = QSvgGenerator()
        gen.setFileName(tmp)
        gen.setResolution(SVG_DPI)
        gen.setSize(out)
        gen.setViewBox(QRect(0, 0, out.width(), out.height()))
        gen.setTitle(title)
        gen.setDescription("Exported from nnviz")
        painter = QPainter()
        if not painter.begin(gen):
            raise NnvizFileError(path, "", "could not write the SVG (is the folder writable?)")
        try:
            painter.fillRect(QRect(0, 0, out.width(), out.height()),
                             QColor(theme.current().background))
            painter.scale(scale, scale)
            paint_widget(widget, painter)
        finally:
            painter.end()
        gen = None                       # (the generator lets go of the file)
        os.replace(tmp, path)
    except OSError as exc:
        raise NnvizFileError(path, "", f"could not save ({exc.strerror or exc})") from None
    finally:
        gen = None
        _remove(tmp)


def save_picture(widget: QWidget, path: str | os.PathLike, scale: float = 2.0) -> None:
    """PNG or SVG by the file's suffix."""
    check_target(path, (".png", ".svg"))
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        _check_scale(scale)
        save_svg(widget, path)           # vector: the scale is for PNG only
    elif suffix == ".png":
        save_png(widget, path, scale)
    else:
        raise NnvizFileError(os.fspath(path), "", "choose a name ending in .png or .svg")


def save_trace_csv(trace, path: str | os.PathLike) -> None:
    """The step's trace as a CSV table (nnviz.tracecsv: the numbers, then the step's
    context)."""
    if trace is None:
        raise ValueError("there is no step to export yet: step forward once first")
    check_target(path, (".csv",))
    write_atomic(path, tracecsv.to_text(trace))


# -- animations -------------------------------------------------------------------------------
def image_to_rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    arr = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return arr[:, :w * 3].reshape(h, w, 3).copy()


class Cancelled(Exception):
    """The user stopped a recording (record's `progress` said so)."""


def frames_allowed(widget: QWidget, scale: float = 1.0) -> int:
    """How many frames of `widget` at `scale` a recording may hold (FRAMES_BUDGET: 2,000
    full-window frames had taken gigabytes), at most MAX_FRAMES."""
    w = max(1, round(widget.width() * scale))
    h = max(1, round(widget.height() * scale))
    return max(1, min(MAX_FRAMES, FRAMES_BUDGET // (w * h * 3) - 1))


def record(widget: QWidget, advance, n: int, scale: float = 1.0,
           progress=None) -> list[np.ndarray]:
    """Frames of `widget`: the current picture, then one after each of n calls of advance().

    advance() returns False to stop early (e.g. the step is over). An advance with a
    close() method (step_advancer's) is closed at the end, however the recording ends.
    progress(frames so far), when given, is called after each frame: False stops the
    recording with Cancelled. ValueError when n frames would not fit frames_allowed."""
    try:
        return _record(widget, advance, n, scale, progress)
    finally:
        close = getattr(advance, "close", None)
        if close is not None:
            close()


def _record(widget, advance, n, scale, progress=None):
    if not 1 <= n <= MAX_FRAMES:
        raise ValueError(f"frames must be between 1 and {MAX_FRAMES}")
    allowed = frames_allowed(widget, scale)
    if n > allowed:
        raise ValueError(f"{n:,} frames of a {widget.width()}×{widget.height()} picture would "
                         f"take more memory than an export may: choose at most {allowed:,} "
                         "steps, or make the window smaller")
    app = QApplication.instance()
    frames = [image_to_rgb(render_image(widget, scale))]
    h, w = frames[0].shape[:2]
    bg = np.array(QColor(theme.current().background).getRgb()[:3], dtype=np.uint8)
    for _ in range(n):
        if advance() is False:
            break
        app.processEvents()
        frame = image_to_rgb(render_image(widget, scale))
        if frame.shape[:2] != (h, w):      # the widget was resized: keep the first size
            fixed = np.empty((h, w, 3), np.uint8)
            fixed[...] = bg
            fh, fw = min(h, frame.shape[0]), min(w, frame.shape[1])
            fixed[:fh, :fw] = frame[:fh, :fw]
            frame = fixed
        frames.append(frame)
        if progress is not None and progress(len(frames) - 1) is False:
            raise Cancelled
    if len(frames) > 2 and np.array_equal(frames[-1], frames[-2]):
        frames.pop()          # (a settled last frame that the one before already showed)
    return frames


class StepAdvancer:
    """advance() for record(): the next step event by event, whatever the player's step
    size (the finest, "unit", while recording), each event shown whole (its animation
    finished), then a last frame once the step has settled: the user's step size back, at
    the end of the step, the updated weights shown. A step already under way is recorded
    from where it is to its end. When the step has more events than `max_frames` allows,
    a coarser step size is used (layer, then sample, then batch)."""

    COARSER = ("layer", "sample", "batch")

    def __init__(self, player, max_frames: int = STEP_FRAMES):
        self.player = player
        self.max_frames = max_frames
        self.granularity = None      # the user's, while recording at a finer one
        self.trace = None
        self.done = False

    def __call__(self) -> bool:
        p = self.player
        if self.done:
            return False
        p.pause()                    # (also finishes an animation under way)
        if self.trace is None:       # the first frame: the step's first event
            before, complete = p.trace, p.step_complete()
            self.granularity = p.granularity
            # the step ▶| makes: at "epoch", the rest of the epoch, its last update shown
            p.next_step_epoch = complete and p.granularity == "epoch"
            p.set_granularity("unit")
            p.step_forward()
            p.pause()
            if p.trace is None or (p.trace is before and complete):  # no step (diverged)
                self.close()
                return False
            self.trace = p.trace
            self._fit()
            return True
        if p.trace is not self.trace:     # changed meanwhile: stop here
            self.close()
            return False
        if not p.step_complete():
            p.step_forward()
            p.pause()
            return True
        self.close()                 # the last frame: settled, at the user's step size
        return True

    def _fit(self):
        """A coarser step size when the events left would not fit in max_frames (the
        first frame, this one and the settled one aside)."""
        p = self.player
        for name in self.COARSER:
            done, total = p.group_position()
            if total - done <= self.max_frames - 3:
                return
            p.set_granularity(name)

    def close(self):
        """Give the player the user's step size back (at most once)."""
        self.done = True
        self.player.next_step_epoch = False
        if self.granularity is not None:
            name, self.granularity = self.granularity, None
            self.player.pause()
            self.player.set_granularity(name)


def step_advancer(player, max_frames: int = STEP_FRAMES) -> StepAdvancer:
    """advance() for one training step, event by event (see StepAdvancer)."""
    return StepAdvancer(player, max_frames)


def save_animation(frames: list[np.ndarray], path: str | os.PathLike,
                   delay_ms: int = 120) -> list[str]:
    """An animated GIF (path ends in .gif) or a PNG sequence (path ends in .png: name-0001.png
    …). Returns the files written."""
    path = os.fspath(path)
    check_target(path, (".gif", ".png"))
    suffix = Path(path).suffix.lower()
    if suffix == ".gif":
        data = gif.encode(frames, delay_ms)
        tmp = f"{path}.part"
        try:
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            raise NnvizFileError(path, "", f"could not save ({exc.strerror or exc})") from None
        finally:
            _remove(tmp)
        return [path]
    if suffix == ".png":
        stem = path[:-4]
        written = []
        for i, frame in enumerate(frames):
            h, w = frame.shape[:2]
            data = np.ascontiguousarray(frame)
            image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            name = f"{stem}-{i + 1:04d}.png"
            _save_image(image, name)
            written.append(name)
        return written
    raise NnvizFileError(path, "", "choose a name ending in .gif (animation) or .png (sequence)")


__all__ = ["render_image", "save_png", "save_svg", "save_picture", "save_trace_csv", "record",
           "step_advancer", "StepAdvancer",
           "save_animation", "write_atomic"]
