"""NetworkCanvas: the network drawn as a graph, animated with the player's events.

One custom-painted QWidget. The static picture (edges, units, values, thumbnails, legend)
is painted into a cached QPixmap, redrawn only when something changed; each frame blits it
and paints the moving parts (pulses, highlight, hover card) on top.

Columns: 0 is the inputs, column k + 1 is engine layer k. Edges are named like the engine's
weights: (layer k, unit i, input j) is W[k][i, j]; input BIAS is the bias b[k][i].
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..engine.events import BIAS
from . import canvas_hover, canvas_layout, canvas_thumbs, theme
from .canvas_edit import WeightEditor
from .canvas_hover import paint_card
from .canvas_layers import CanvasLayers
from .canvas_model import CanvasModel, fmt, sub
from .canvas_overlay import paint_overlay
from .canvas_paint import paint_static, paint_units
from .canvas_queries import CanvasQueries
from .canvas_thumbs import ThumbnailImages

THUMB_MAX_GRID = 96        # thumbnail heatmap resolution at most (points per side)
THUMB_MIN_INTERVAL = 1 / 15  # thumbnails are recomputed at most ~15×/s while training
DRAG_PIXELS = 4            # a press that moves farther than this is a drag, not a click


MIN_HEIGHT = 220


class NetworkCanvas(CanvasQueries, QWidget):
    """Draws session.net and animates the player's events; hover cards; click or drag an
    edge or a bias to change it (through session.set_weight)."""

    weight_edited = Signal(int, int, int, float)   # layer, unit, input, new value
    hovered = Signal(object)                       # ("unit", col, unit) / ("edge", k, i, j) / None

    def __init__(self, session, player=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.player = player
        self.model = CanvasModel(session, player)
        self.show_values = True
        self.show_bias_nodes = False
        self.show_thumbnails = True
        self.discretize = False      # thumbnails show only each unit's sign
        self.editable = True
        self.setMouseTracking(True)
        # (220 px tall at least: with 240 a lesson's XOR page, its formula panel at one
        # line, held a 1024×600 window 609 px tall)
        self.setMinimumSize(360, MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.net_layout = None
        self.layout_serial = 0
        self.layers = CanvasLayers()
        self._thumb_images = ThumbnailImages()
        self._lut = None
        self._thumbs: dict = {}
        self._thumbs_dirty = True
        self._thumbs_time = 0.0
        self._hover = None
        self.mouse_pos = QPointF(0, 0)
        self._press = None           # (target, QPointF, value at press) while the button is down
        self._dragging = False
        self._editor: WeightEditor | None = None
        self._edit_target = None
        session.weights_changed.connect(self._on_weights)
        session.structure_changed.connect(self._on_structure)
        theme.manager().changed.connect(self._on_theme)
        if player is not None:
            player.shown_changed.connect(self.invalidate)
            player.shown_changed.connect(self._follow_editor)
            player.trace_changed.connect(self._follow_editor)
            player.trace_changed.connect(self.invalidate)
            player.frame.connect(self.update)
            player.state_changed.connect(self.update)
        self._relayout()

    # -- options ------------------------------------------------------------------------------
    def set_show_values(self, on: bool):
        self.show_values = bool(on)
        self.invalidate()

    def set_show_bias_nodes(self, on: bool):
        self.show_bias_nodes = bool(on)
        self._relayout()

    def set_discretize(self, on: bool):
        """Thumbnails show only each unit's sign (two colours), as a discretized map."""
        if bool(on) == self.discretize:
            return
        self.discretize = bool(on)
        self._lut = None             # (canvas_thumbs picks the two-colour table)
        self._thumbs_dirty = True
        self.invalidate()

    def set_show_thumbnails(self, on: bool):
        self.show_thumbnails = bool(on)
        self._thumbs_dirty = True
        self._relayout()

    # -- thumbnails ---------------------------------------------------------------------------
    def thumbnail(self, col: int, unit: int):
        return self._thumbs.get((col, unit))

    def thumbnail_grid(self) -> int:
        """Thumbnails are computed at the size they are drawn (no scaling when painting)."""
        side = 2 * self.net_layout.radius * self.devicePixelRatioF()
        return int(max(16, min(THUMB_MAX_GRID, round(side))))

    def _refresh_thumbnails(self):
        canvas_thumbs.refresh(self)

    # -- model changes ------------------------------------------------------------------------
    def invalidate(self):
        """Repaint the units, values and header on the next frame (the edges and the
        static text repaint themselves when what they show changed)."""
        self.layers.invalidate_frame()
        self.update()

    def invalidate_all(self):
        """Forget every cached picture (the next frame is painted from scratch)."""
        self.layers.drop()
        self._thumbs_dirty = True
        self.update()

    def static_key(self):
        """What the cached static text (column titles, legend) depends on besides the
        layout: the legend's weight scale and the bias option."""
        return (f"{self.model.w_scale:.2g}", self.show_bias_nodes, self.show_thumbnails)

    def _on_weights(self):
        self.model.update_scale()
        self._thumbs_dirty = True
        self.invalidate()
        self._follow_editor()

    def _follow_editor(self):
        """An open weight editor shows the weight as the edge now does."""
        if self._editor is not None and self._edit_target is not None:
            _, k, i, j = self._edit_target
            self._editor.follow(self.edge_weight(k, i, j))

    def _on_structure(self):
        self._close_editor()
        self._hover = None
        self._relayout()

    def _on_theme(self):
        self.model.restyle()
        self._lut = None
        self._thumbs_dirty = True
        self._relayout()

    def _relayout(self):
        self.model.update_scale()
        self.net_layout = canvas_layout.compute(self.session.net.sizes, QRectF(self.rect()),
                                            theme.manager().zoom, self.show_bias_nodes,
                                            self.show_thumbnails)
        self.model.radius = self.net_layout.radius      # the widest edges follow the units
        self.layout_serial += 1
        self._thumbs_dirty = True
        self.layers.drop()
        self.invalidate()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._relayout()

    # -- painting -----------------------------------------------------------------------------
    def render_background(self) -> QImage:
        """The static picture (everything but the moving overlay), repainting only what
        changed: see canvas_layers. The thumbnails are computed while the edges paint."""
        return self.layers.render(self, paint_static, paint_units, self._thumbnails_due)

    def _thumbnails_due(self) -> bool:
        """Recompute the thumbnails if the weights changed (at most ~15×/s while training);
        True when they changed."""
        if not self._thumbs_wanted():
            return False
        self._refresh_thumbnails()
        return True

    def _thumbs_wanted(self) -> bool:
        if not (self._thumbs_dirty and self.show_thumbnails):
            return False
        training = self.player is not None and self.player.training
        return not (training and time.perf_counter() - self._thumbs_time < THUMB_MIN_INTERVAL)

    def paintEvent(self, event):
        p = QPainter(self)
        self.layers.paint(self, p, paint_static, paint_units, self._thumbnails_due)
        paint_overlay(self, p)
        if self._hover is not None and self._press is None:
            paint_card(self, p, self._hover)
        p.end()

    # -- hit testing --------------------------------------------------------------------------
    def target_at(self, pos: QPointF):
        """("unit", col, unit) / ("edge", layer, unit, input) / None at a point."""
        return canvas_hover.target_at(self, pos)

    def edge_name(self, layer: int, unit: int, input: int) -> str:
        to = self.model.unit_name(layer + 1, unit)
        if input == BIAS:
            return f"b({to})"
        return f"w({self.model.unit_name(layer, input)}→{to})"

    # -- mouse --------------------------------------------------------------------------------
    def mouseMoveEvent(self, event):
        pos = event.position()
        self.mouse_pos = pos
        if self._press is not None:
            target, start, value = self._press
            dy = start.y() - pos.y()
            if not self._dragging and abs(dy) + abs(pos.x() - start.x()) > DRAG_PIXELS:
                self._dragging = True
                self._begin_edit()
            if self._dragging:
                new = round(value + dy * self.model.w_scale / 100.0, 4)
                self._set_weight(target, new)
            return
        target = self.target_at(pos)
        if target != self._hover:
            self._hover = target
            self.setCursor(Qt.CursorShape.PointingHandCursor if target and target[0] == "edge"
                           and self.editable else Qt.CursorShape.ArrowCursor)
            self.hovered.emit(target)
            self.update()

    def leaveEvent(self, event):
        if self._hover is not None:
            self._hover = None
            self.hovered.emit(None)
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event):
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        target = self.target_at(event.position())
        self._close_editor()
        if target is not None and target[0] == "edge" and self.editable:
            _, k, i, j = target
            self._press = (target, event.position(), self.edge_weight(k, i, j))   # (shown)
            self._dragging = False
        else:
            self._press = None

    def mouseReleaseEvent(self, event):
        if self._press is None:
            return super().mouseReleaseEvent(event)
        target, start, _ = self._press
        self._press = None
        if self._dragging:
            self._dragging = False
            self._end_edit()
            self.update()
            return
        self.open_editor(target, start)

    def _begin_edit(self):
        if hasattr(self.player, "begin_edit"):   # (◀ undoes an edit as one step)
            self.player.begin_edit()

    def _end_edit(self):
        if hasattr(self.player, "end_edit"):
            self.player.end_edit()

    def _set_weight(self, target, value):
        _, k, i, j = target
        try:
            self.session.set_weight(k, i, j, value)
        except ValueError:
            return
        self.weight_edited.emit(k, i, j, float(value))

    # -- inline editor ------------------------------------------------------------------------
    def open_editor(self, target, at: QPointF):
        self._close_editor()
        _, k, i, j = target
        ed = WeightEditor(self.edge_name(k, i, j), self.edge_weight(k, i, j), self)
        ed.accepted.connect(self._editor_accepted)
        ed.cancelled.connect(self._close_editor)
        self._editor, self._edit_target = ed, target
        ed.adjustSize()
        x = min(max(0.0, at.x() - ed.width() / 2), self.width() - ed.width())
        y = min(at.y() + 12, self.height() - ed.height())
        ed.move(int(x), int(y))
        ed.open()

    @property
    def editor(self) -> WeightEditor | None:
        return self._editor

    def _editor_accepted(self, value: float):
        target = self._edit_target
        self._close_editor()
        if target is not None:
            self._begin_edit()
            self._set_weight(target, value)
            self._end_edit()
            _, k, i, j = target
            self.setToolTip("")
            self._status(f"{self.edge_name(k, i, j)} set to {fmt(value)}")

    def _status(self, text: str):
        self.window().statusBar().showMessage(text, 4000) if hasattr(self.window(), "statusBar") \
            else None

    def _close_editor(self):
        ed = self._editor
        self._editor = self._edit_target = None
        if ed is not None:
            ed.hide()
            ed.deleteLater()
            self.setFocus()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape and self._editor is not None:
            self._close_editor()
            return
        super().keyPressEvent(event)


__all__ = ["NetworkCanvas", "BIAS", "sub"]
