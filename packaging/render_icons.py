"""Render the app icon (resources/icons/nnviz.svg) into every file the installers need.

    QT_QPA_PLATFORM=offscreen python3 packaging/render_icons.py

writes resources/icons/nnviz-<N>.png (hicolor sizes, also used by the window),
packaging/windows/nnviz.ico (Windows executable, installer, .nnviz files) and
packaging/macos/nnviz.icns (the .app bundle). Run it after editing the SVG and commit
the results; the build does not need Qt's SVG module or any converter tool.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "nnviz.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)     # the hicolor sizes we ship
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, with their pixel size
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
              ("ic09", 512), ("ic10", 1024), ("ic11", 32), ("ic12", 64), ("ic13", 256),
              ("ic14", 512))


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon as PNG bytes, size x size pixels, transparent corners."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size}px icon as PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size          # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images (what iconutil writes from an .iconset)."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    sizes = set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES}
    pngs = {size: render(renderer, size) for size in sorted(sizes)}
    for size in PNG_SIZES:
        (SVG.parent / f"nnviz-{size}.png").write_bytes(pngs[size])
    (ROOT / "packaging" / "windows" / "nnviz.ico").write_bytes(
        ico({s: pngs[s] for s in ICO_SIZES}))
    (ROOT / "packaging" / "macos" / "nnviz.icns").write_bytes(icns(pngs))
    print(f"wrote {len(PNG_SIZES)} PNGs, nnviz.ico and nnviz.icns from {SVG.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
