"""A network canvas and the decision map of the same session, linked as in TensorFlow
Playground: hovering a unit on the canvas shows that unit's output in the map (under a
heading), and the map's "Discretize output" applies to the canvas's thumbnails too."""

from __future__ import annotations


def link_map(canvas, boundary) -> None:
    """Link `canvas` (NetworkCanvas) and `boundary` (DecisionBoundaryPlot) of one session;
    nothing when either is None or they are linked already (call it whenever one of them
    is built: the other may come first)."""
    if canvas is None or boundary is None or getattr(boundary, "linked_canvas", None) is canvas:
        return
    boundary.linked_canvas = canvas
    canvas.hovered.connect(boundary.show_hovered)
    boundary.discretize_changed.connect(canvas.set_discretize)
    canvas.set_discretize(boundary.discretize)


__all__ = ["link_map"]
