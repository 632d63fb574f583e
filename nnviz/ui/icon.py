"""The nnviz application icon (resources/icons), for windows and dialogs."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from .. import resources_path

#: the pixel sizes rendered from resources/icons/nnviz.svg by packaging/render_icons.py
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The app icon with every shipped size, so each window manager picks a crisp one.

    Raises FileNotFoundError (naming the missing file) if the resources are incomplete.
    """
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resources_path("icons", f"nnviz-{size}.png")))
    return icon
