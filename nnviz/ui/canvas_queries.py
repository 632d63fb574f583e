"""What the network canvas shows, read-only (a mixin of NetworkCanvas): an edge's colour,
width and weight, a unit's value text, fill and position, a point a click would hit,
the columns' titles and elided marks, the header. For tests and other views: what they
check is what is painted."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from ..engine.events import BIAS
from . import canvas_header, canvas_layout, theme
from .canvas_static import title_lines
from .canvas_units import more_mark


class CanvasQueries:
    """Read-only views of what NetworkCanvas draws (uses its model, net_layout, session and
    show_bias_nodes)."""

    def edge_style(self, layer: int, unit: int, input: int) -> tuple[QColor, float]:
        """(colour, width) the edge (or bias) is drawn with at rest."""
        w = self.model.weight(layer, unit, input, animated=False)
        return self.model.edge_colour(w), self.model.edge_width(w, theme.manager().zoom)

    def edge_weight(self, layer: int, unit: int, input: int) -> float:
        """The weight the edge shows (during a step: old until its update is revealed)."""
        return self.model.weight(layer, unit, input, animated=False)

    def unit_label(self, col: int, unit: int) -> str:
        """The value text under a unit (empty when nothing is shown)."""
        return self.model.unit_label(col, unit)

    def unit_fill(self, col: int, unit: int) -> QColor:
        return self.model.unit_fill(col, unit)

    def unit_pos(self, col: int, unit: int) -> QPointF | None:
        return self.net_layout.unit_pos(col, unit)

    def edge_point(self, layer: int, unit: int, input: int) -> QPointF | None:
        """A point on the edge (or the bias badge/edge) that a click would hit."""
        if input == BIAS:
            if self.show_bias_nodes:
                ends = self.net_layout.bias_ends(layer, unit)
                return None if ends is None else canvas_layout.lerp(ends[0], ends[1], 0.35)
            return self.bias_badge_rect(layer + 1, unit).center()
        ends = self.net_layout.edge_ends(layer, unit, input)
        return None if ends is None else canvas_layout.lerp(ends[0], ends[1], 0.35)

    def elided(self, col: int) -> int:
        """How many units of a column are not drawn."""
        return self.net_layout.columns[col].more

    def column_title(self, col: int) -> str:
        sizes = self.session.net.sizes
        if col == 0:
            return f"input ({sizes[0]})" if sizes[0] > 3 else "input"
        act = self.session.net.layers[col - 1].activation
        if col == len(sizes) - 1:
            return f"output · {act}"
        return f"hidden {col} · {act}" if len(sizes) > 3 else f"hidden · {act}"

    def column_title_lines(self, col: int, style: str = "full") -> list[str]:
        """The column title as drawn in a style: see canvas_static.title_lines."""
        return title_lines(self, col, style)

    def more_text(self, col: int) -> str:
        """The mark for a column's elided units (in full; as drawn: more_label)."""
        return f"⋮ {self.net_layout.columns[col].more:,} more"

    def more_label(self, col: int) -> str:
        """The mark as drawn, shortened to its room ("⋮ 5", "⋮"); "" when none fits."""
        mark = more_mark(self, col)
        return "" if mark is None else mark[0]

    def unit_dropped(self, col: int, unit: int) -> bool:
        """True when the unit is drawn as dropped out (greyed, outgoing edges faded)."""
        return self.model.unit_dropped(col, unit)

    def header_text(self) -> str:
        """The step (left of the header): see canvas_header."""
        return canvas_header.header_text(self)

    def phase_text(self):
        """(text, role, shorter text) of the phase being shown, or None."""
        return canvas_header.phase_text(self)

    def bias_badge_rect(self, col: int, unit: int) -> QRectF:
        pos = self.net_layout.unit_pos(col, unit)
        r = self.net_layout.radius
        s = max(7.0, r * 0.42)
        return QRectF(pos.x() - r * 0.95 - s * 0.5, pos.y() + r * 0.95 - s * 0.5, s, s)
