"""Make the whole application follow the theme manager: Qt palette, font size, pyqtgraph.

`install(app)` connects once to `theme.manager().changed`; every theme or zoom change
then restyles every standard widget (palette + application font scaled by the zoom).
Custom-drawn widgets (canvas, plots) listen to the same signal themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

from . import theme

BASE_FONT_PX = 14        # body text at zoom 1 (logical pixels)


def font_px(zoom: float | None = None) -> int:
    """Body-text size in logical pixels at a zoom (default: the current zoom)."""
    z = theme.manager().zoom if zoom is None else zoom
    return max(8, round(BASE_FONT_PX * z))


def qpalette(t: theme.Theme) -> QPalette:
    pal = QPalette()
    bg, surface, text, muted = (QColor(c) for c in (t.background, t.surface, t.text, t.muted))
    accent = QColor(t.positive)
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, surface), (roles.WindowText, text),
                         (roles.Base, bg), (roles.AlternateBase, surface), (roles.Text, text),
                         (roles.Button, surface), (roles.ButtonText, text),
                         (roles.ToolTipBase, surface), (roles.ToolTipText, text),
                         (roles.PlaceholderText, muted), (roles.BrightText, text),
                         (roles.Highlight, accent), (roles.Link, accent)):
        pal.setColor(role, colour)
    hi_text = QColor("#ffffff") if theme.contrast_ratio("#ffffff", t.positive) >= \
        theme.contrast_ratio("#000000", t.positive) else QColor("#000000")
    pal.setColor(roles.HighlightedText, hi_text)
    # disabled text half-way to the background: the muted colour is nearly the text's own
    # in the high-contrast themes (#e0e0e0 on black), and a disabled ◀ looked enabled
    disabled = theme.blend(QColor(t.text), 0.5, t)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def high_contrast(t: theme.Theme | None = None) -> bool:
    return (t or theme.current()).name.startswith("high-contrast")


def dock_font() -> QFont:
    """The application font for a dock widget, so that its title follows the zoom.

    QDockWidget paints its title in the platform's small title font whenever its own font
    equals the application's (the "Plots" title stayed at 11 px in projector type); a font
    equal in all but its (default) antialiasing strategy breaks that equality."""
    font = QFont(QApplication.font())
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


INDICATOR_PX = 13        # a check box's or radio button's box at zoom 1 (Qt's own size)


class ZoomStyle(QProxyStyle):
    """The platform's style, with check boxes' and radio buttons' boxes that grow with the
    zoom like their text (Qt keeps them 13 px: beside projector type they were hard to see
    and to hit). At zoom 1 every measure is the platform's own."""

    def pixelMetric(self, metric, option=None, widget=None):
        # no error may leave a style override: PySide 6.11 crashed in its error path when
        # one did (a segfault in a test run, QProxyStyle::pixelMetric's override called
        # while a table's header was being built); a widget that cannot be passed on (one
        # being built or deleted) is left out
        try:
            size = super().pixelMetric(metric, option, widget)
        except RuntimeError:
            size = super().pixelMetric(metric, option, None)
        if metric in _INDICATORS:
            z = theme.manager().zoom
            if z > 1.0:
                return round(size * z)
        return size

    def drawPrimitive(self, element, option, painter, widget=None):
        super().drawPrimitive(element, option, painter, widget)
        if element in _PANELS:
            self._mark_button(element, option, painter)
        if element in _BOXES and self.baseStyle().name().lower() == "fusion":
            # Fusion outlines the box in a grey a shade darker than the panel (1.7:1 on
            # white): redrawn in the theme's muted text colour (≥ 4.5:1), as wide as the zoom
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            width = max(1.0, float(round(theme.manager().zoom)))
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = QRectF(option.rect).adjusted(width / 2, width / 2, -width / 2, -width / 2)
            if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(r)
            else:
                painter.drawRect(r)
            painter.restore()


    def _mark_button(self, element, option, painter):
        """A checked (or pressed) button gets an accent-tinted fill and an accent border,
        as thick as the zoom: Fusion shades it a little darker than its panel, which is
        nothing on the black of the high-contrast theme (the step size in use could not be
        seen) and little in the dark ones. In the high-contrast themes every push button
        is outlined too (Fusion's outline is its panel's colour, darker: black on black)."""
        t = theme.current()
        on = bool(option.state & (QStyle.StateFlag.State_On | QStyle.StateFlag.State_Sunken))
        outline = high_contrast(t) and element == QStyle.PrimitiveElement.PE_PanelButtonCommand
        if not on and not outline:
            return
        width = max(1.0, float(round(theme.manager().zoom)))
        r = QRectF(option.rect).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if on:
            accent = QColor(t.positive)
            painter.setBrush(theme.blend(accent, 0.35 if t.dark else 0.2, t))
            painter.setPen(QPen(accent, 2 * width))
            r = r.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(t.muted), width))
        painter.drawRoundedRect(r, 3, 3)
        painter.restore()

    def drawComplexControl(self, control, option, painter, widget=None):
        if control == QStyle.ComplexControl.CC_Slider and high_contrast():
            self._slider(option, painter, widget)
            return
        super().drawComplexControl(control, option, painter, widget)

    def _slider(self, option, painter, widget):
        """A horizontal slider the high-contrast themes can show (Fusion drew its groove and
        handle in shades of the panel: black on black): a groove in the muted colour, filled
        in the accent up to the handle, and a handle in the text colour."""
        t = theme.current()
        cc, sc = QStyle.ComplexControl.CC_Slider, QStyle.SubControl
        groove = QRectF(self.subControlRect(cc, option, sc.SC_SliderGroove, widget))
        handle = QRectF(self.subControlRect(cc, option, sc.SC_SliderHandle, widget))
        width = max(1.0, float(round(theme.manager().zoom)))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if option.orientation == Qt.Orientation.Horizontal:
            mid, h = groove.center().y(), 4 * width
            track = QRectF(groove.left(), mid - h / 2, groove.width(), h)
            done = QRectF(track.left(), track.top(), handle.center().x() - track.left(), h)
        else:
            mid, w = groove.center().x(), 4 * width
            track = QRectF(mid - w / 2, groove.top(), w, groove.height())
            done = QRectF(track.left(), handle.center().y(), w,
                          track.bottom() - handle.center().y())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.muted))
        radius = min(track.width(), track.height()) / 2
        painter.drawRoundedRect(track, radius, radius)
        painter.setBrush(QColor(t.positive))
        painter.drawRect(done)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        painter.setBrush(QColor(t.text) if enabled else theme.blend(QColor(t.text), 0.5, t))
        painter.setPen(QPen(QColor(t.background), width))
        painter.drawRoundedRect(handle.adjusted(width, width, -width, -width), 3, 3)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(t.highlight), 2 * width))
            painter.drawRoundedRect(handle, 3, 3)
        painter.restore()


_PANELS = {QStyle.PrimitiveElement.PE_PanelButtonCommand,
           QStyle.PrimitiveElement.PE_PanelButtonTool}
_BOXES = {QStyle.PrimitiveElement.PE_IndicatorCheckBox,
          QStyle.PrimitiveElement.PE_IndicatorRadioButton}
_INDICATORS = {QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
               QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
               QStyle.PixelMetric.PM_ExclusiveIndicatorHeight}


def apply(app: QApplication | None = None) -> None:
    """Restyle the application from the current theme and zoom."""
    app = app or QApplication.instance()
    if app is None:
        return
    t = theme.current()
    app.setPalette(qpalette(t))
    font = QFont(app.font())
    font.setPixelSize(font_px())
    app.setFont(font)
    try:
        import pyqtgraph as pg
        pg.setConfigOptions(background=t.background, foreground=t.text)
    except ImportError:   # pragma: no cover - pyqtgraph is a dependency
        pass


_installed = False


def install(app: QApplication | None = None) -> None:
    """Follow theme.manager().changed from now on (idempotent)."""
    global _installed
    if not _installed:
        theme.manager().changed.connect(lambda: apply())
        _installed = True
        app = app or QApplication.instance()
        if app is not None and not isinstance(app.style(), ZoomStyle):
            app.setStyle(ZoomStyle(app.style().name()))
    apply(app)
