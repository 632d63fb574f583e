"""Colours with one meaning everywhere, and the current theme.

One diverging palette for negative ↔ positive (weights, activations, heatmaps: orange ↔
blue, safe for red-green colour blindness), and one accent each for forward, backward
(delta) and update. Edges are drawn opaque: `blend` mixes a colour toward the background
instead of using alpha (much faster to paint).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    surface: str        # panels, cards
    text: str
    muted: str          # secondary text, grid lines
    negative: str       # diverging palette ends
    positive: str
    neutral: str        # the middle of the diverging palette
    forward: str        # accents
    backward: str
    update: str
    highlight: str      # the current unit or edge
    edge_scale: float = 1.0   # projector themes draw thicker lines
    dark: bool = False

    def qcolor(self, role: str) -> QColor:
        return QColor(getattr(self, role))


LIGHT = Theme("light", background="#ffffff", surface="#f4f5f7", text="#1b1f24", muted="#5b6470",
              negative="#e66101", positive="#1f63b4", neutral="#eeeeee",
              forward="#009988", backward="#c2185b", update="#7b3fa0", highlight="#f0b400")
DARK = Theme("dark", background="#16181d", surface="#20242b", text="#eef1f5", muted="#a7b0bc",
             negative="#ff8c33", positive="#4ea1ff", neutral="#3a3f47",
             forward="#33ccbb", backward="#ff5c9d", update="#c38cf0", highlight="#ffd34d",
             dark=True)
HIGH_CONTRAST = Theme("high-contrast", background="#000000", surface="#000000", text="#ffffff",
                      muted="#e0e0e0", negative="#ff9e3d", positive="#5cb8ff", neutral="#4d4d4d",
                      forward="#00e5cc", backward="#ff66b3", update="#d9a6ff", highlight="#ffff00",
                      edge_scale=1.6, dark=True)
HIGH_CONTRAST_LIGHT = Theme("high-contrast-light", background="#ffffff", surface="#ffffff",
                            text="#000000", muted="#262626", negative="#b84300",
                            positive="#0047b3", neutral="#c8c8c8", forward="#00695c",
                            backward="#a3004f", update="#5c1d91", highlight="#ff8c00",
                            edge_scale=1.6)
# Okabe–Ito colours: distinguishable with every common colour-vision deficiency
COLOUR_BLIND_LIGHT = Theme("colour-blind-light", background="#ffffff", surface="#f4f5f7",
                           text="#1b1f24", muted="#555e6a", negative="#d55e00",
                           positive="#0072b2", neutral="#ececec", forward="#009e73",
                           backward="#cc79a7", update="#56b4e9", highlight="#e69f00")
COLOUR_BLIND_DARK = Theme("colour-blind-dark", background="#16181d", surface="#20242b",
                          text="#eef1f5", muted="#a7b0bc", negative="#e69f00",
                          positive="#56b4e9", neutral="#3a3f47", forward="#009e73",
                          backward="#cc79a7", update="#f0e442", highlight="#ffffff", dark=True)
THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST, HIGH_CONTRAST_LIGHT,
                              COLOUR_BLIND_LIGHT, COLOUR_BLIND_DARK)}

MODES = ("system", "light", "dark")
# palette name → (light theme, dark theme)
PALETTES = {"default": (LIGHT, DARK), "high-contrast": (HIGH_CONTRAST_LIGHT, HIGH_CONTRAST),
            "colour-blind": (COLOUR_BLIND_LIGHT, COLOUR_BLIND_DARK)}
PALETTE_LABELS = {"default": "Default", "high-contrast": "High contrast",
                  "colour-blind": "Colour-blind safe (Okabe–Ito)"}


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (False without a GUI app)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance()
    if app is None:
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str, palette: str) -> Theme:
    """The theme for a light/dark/system mode and a palette name."""
    if mode not in MODES:
        raise ValueError(f"unknown theme mode {mode!r}; valid: {', '.join(MODES)}")
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}; valid: {', '.join(PALETTES)}")
    dark = system_is_dark() if mode == "system" else mode == "dark"
    return PALETTES[palette][1 if dark else 0]


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(c):
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


DARK_INK, LIGHT_INK = "#1b1f24", "#ffffff"


def ink_on(fill: QColor) -> QColor:
    """Text colour for a fill: near-black or white, whichever contrasts more (a firing
    cell's tint on a dark theme is dark: near-black on it was 1.9:1)."""
    name = fill.name()
    return QColor(DARK_INK if contrast_ratio(DARK_INK, name) >= contrast_ratio(LIGHT_INK, name)
                  else LIGHT_INK)


class ThemeManager(QObject):
    """The application's current theme and zoom; widgets listen to `changed`."""

    changed = Signal()

    def __init__(self, theme: Theme = LIGHT, zoom: float = 1.0):
        super().__init__()
        self.theme = theme
        self.zoom = zoom
        self.mode = "light"           # system / light / dark (see set_appearance)
        self.palette = "default"
        self.edge_boost = 1.0         # projector mode draws thicker edges

    def set_theme(self, theme: Theme | str):
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        self.changed.emit()

    def set_appearance(self, mode: str | None = None, palette: str | None = None,
                       edge_boost: float | None = None):
        """Choose light/dark/system and a palette (and projector edge thickness)."""
        mode = self.mode if mode is None else mode
        palette = self.palette if palette is None else palette
        theme = resolve(mode, palette)
        if edge_boost is not None:
            self.edge_boost = float(edge_boost)
        if self.edge_boost != 1.0:
            from dataclasses import replace
            theme = replace(theme, edge_scale=theme.edge_scale * self.edge_boost)
        self.mode, self.palette = mode, palette
        self.set_theme(theme)

    def set_zoom(self, zoom: float):
        self.zoom = float(zoom)
        self.changed.emit()


_manager: ThemeManager | None = None


def manager() -> ThemeManager:
    """The one ThemeManager (created on first use)."""
    global _manager
    if _manager is None:
        _manager = ThemeManager()
    return _manager


def current() -> Theme:
    return manager().theme


def _rgb(hex_colour: str) -> np.ndarray:
    c = QColor(hex_colour)
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def diverging(value: float, scale: float = 1.0, theme: Theme | None = None) -> QColor:
    """Colour of a signed value: negative end ← neutral → positive end, saturating at ±scale."""
    t = theme or current()
    s = max(-1.0, min(1.0, value / scale)) if scale > 0 else 0.0
    end = _rgb(t.positive if s >= 0 else t.negative)
    mid = _rgb(t.neutral)
    r, g, b = mid + (end - mid) * abs(s)
    return QColor(int(round(r)), int(round(g)), int(round(b)))


def diverging_lut(n: int = 256, theme: Theme | None = None) -> np.ndarray:
    """(n, 3) uint8 lookup table from negative (index 0) to positive (index n−1)."""
    t = theme or current()
    neg, mid, pos = _rgb(t.negative), _rgb(t.neutral), _rgb(t.positive)
    s = np.linspace(-1.0, 1.0, n)[:, None]
    lut = np.where(s < 0, mid + (neg - mid) * (-s), mid + (pos - mid) * s)
    return np.clip(np.round(lut), 0, 255).astype(np.uint8)


REGION_STRENGTH = 0.55   # how strongly a decision region is tinted (points keep full colour)


def region_lut(n: int = 256, theme: Theme | None = None) -> np.ndarray:
    """diverging_lut faded toward the neutral middle (to REGION_STRENGTH at the ends): the
    regions of a decision map, so that points drawn over them in full colour stand out even
    where they sit in a region of their own class."""
    t = theme or current()
    mid = _rgb(t.neutral)
    lut = diverging_lut(n, t).astype(float)
    return np.clip(np.round(mid + (lut - mid) * REGION_STRENGTH), 0, 255).astype(np.uint8)


def blend(colour: QColor, amount: float, theme: Theme | None = None) -> QColor:
    """`colour` mixed toward the background: amount 1 = colour, 0 = background (opaque)."""
    t = theme or current()
    bg = _rgb(t.background)
    c = np.array([colour.red(), colour.green(), colour.blue()], dtype=float)
    r, g, b = bg + (c - bg) * max(0.0, min(1.0, amount))
    return QColor(int(round(r)), int(round(g)), int(round(b)))


# Categories (Okabe–Ito, safe for colour blindness). Classes of a multi-class task take them
# in CLASS_ORDER: green and purple first, so that two or three classes never look like the
# orange ↔ blue pair that means negative ↔ positive everywhere else.
CATEGORY_LIGHT = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
                  "#7a6a00", "#000000")
CATEGORY_DARK = ("#56b4e9", "#e69f00", "#2fd4a0", "#e9a3c9", "#8fd0ff", "#ff7a33",
                 "#f0e442", "#ffffff")
CLASS_ORDER = (2, 3, 0, 1, 6, 5, 4)


def category_colours(theme: Theme | None = None) -> tuple[str, ...]:
    t = theme or current()
    return CATEGORY_DARK if t.dark else CATEGORY_LIGHT


def class_colours(k: int, theme: Theme | None = None) -> list[QColor]:
    """The colour of each class 0 … k−1 of a multi-class task, the same in every view."""
    cats = category_colours(theme)
    return [QColor(cats[CLASS_ORDER[c % len(CLASS_ORDER)]]) for c in range(k)]
