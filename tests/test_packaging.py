"""Fast checks of packaging/: the spec and its bundle rules, the Linux desktop metadata,
the icon files, the PNG checker, the launcher, and the single source of the version.
(The real build and its smoke test are packaging/linux/build.sh and smoke.sh: too slow
for the test command.)"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QImage, QPainter

import nnviz
from nnviz import files as nnviz_files
from nnviz.app import main as nnviz_main

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"
APP_ID = "io.github.nnviz.nnviz"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load("bundle_rules", PKG / "bundle_rules.py")
check_png = _load("check_png", PKG / "check_png.py")
elfdeps = _load("elfdeps", PKG / "linux" / "elfdeps.py")


# -- version: one source ------------------------------------------------------------------
def test_version_comes_from_the_package_metadata_everywhere(capsys):
    pyproject = (ROOT / "pyproject.toml").read_text()
    declared = re.search(r'^\[project\][^\[]*?^version = "([^"]+)"', pyproject, re.M | re.S)[1]
    assert nnviz.__version__ == declared
    with pytest.raises(SystemExit) as exit_:
        nnviz_main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"nnviz {declared}"
    # the installers take it from the build, never a copy of their own
    assert "metadata.version(\"nnviz\")" in (PKG / "nnviz.spec").read_text()
    iss = (PKG / "windows" / "nnviz.iss").read_text()
    assert "AppVersion={#MyAppVersion}" in iss and declared not in iss
    assert "Version: $VERSION" in (PKG / "linux" / "build.sh").read_text()
    assert "@VERSION@" in (PKG / "linux" / f"{APP_ID}.metainfo.xml").read_text()


# -- the spec and its rules ---------------------------------------------------------------
def test_spec_is_valid_python_using_the_rules_and_excluding_unused_modules():
    tree = ast.parse((PKG / "nnviz.spec").read_text())
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls
    exe = next(n for n in ast.walk(tree) if isinstance(n, ast.Call)
               and getattr(n.func, "id", "") == "EXE")
    console = next(k.value.value for k in exe.keywords if k.arg == "console")
    assert console is False                          # windowed: no console on Windows
    for heavy in ("torch", "scipy", "matplotlib", "tkinter", "PyQt5", "pytest"):
        assert heavy in rules.EXCLUDED_MODULES


def test_optional_qt_modules_are_left_out_only_when_nnviz_does_not_import_them(tmp_path):
    (tmp_path / "a.py").write_text("from PySide6.QtSvg import QSvgGenerator\n")
    (tmp_path / "b.py").write_text("from PySide6 import QtCore, QtTest\nimport PySide6.QtGui\n")
    assert rules.qt_modules_used(tmp_path) == {"QtSvg", "QtCore", "QtTest", "QtGui"}
    excluded = rules.excluded_qt_modules(tmp_path)
    assert "PySide6.QtSvg" not in excluded and "PySide6.QtTest" not in excluded
    assert "PySide6.QtNetwork" in excluded
    # pyqtgraph 0.14 needs QtOpenGL on Qt 6: never optional
    assert "QtOpenGL" not in rules.OPTIONAL_QT_MODULES


@pytest.mark.parametrize(("dest", "platform", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "linux", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", "linux", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "linux", False),
    ("PySide6/Qt/translations/qtbase_de.qm", "linux", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "linux", False),
    ("PySide6/Qt/plugins/imageformats/libqico.so", "linux", True),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "linux", True),
    ("PySide6/Qt/plugins/wayland-shell-integration/libivi-shell.so", "linux", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", "win32", True),
    ("PySide6\\plugins\\platforms\\qoffscreen.dll", "win32", True),
    ("PySide6\\plugins\\platforms\\qminimal.dll", "win32", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "darwin", True),
    ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "linux", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", "linux", True),
])
def test_bundle_keeps_only_the_plugins_a_desktop_needs(dest, platform, kept):
    assert rules.keep(dest, platform, {"QtTest"}) is kept


def test_svg_plugins_follow_the_qtsvg_module():
    dest = "PySide6/Qt/plugins/imageformats/libqsvg.so"
    assert rules.keep(dest, "linux", set()) is True
    assert rules.keep(dest, "linux", {"QtSvg"}) is False


def test_libraries_only_a_dropped_plugin_needed_are_pruned_with_their_symlinks():
    links = {"/s/QtGui.abi3.so": ["libQt6Gui.so.6"], "/s/libQt6Gui.so.6": ["libQt6Core.so.6"],
             "/s/libqxcb.so": ["libQt6XcbQpa.so.6"], "/s/libQt6XcbQpa.so.6": ["libxcb-cursor.so.0"],
             "/s/libcairo.so.2": ["libpixman-1.so.0"]}
    binaries = [("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
                ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
                ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
                ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/s/libQt6XcbQpa.so.6", "BINARY"),
                ("libxcb-cursor.so.0", "/s/libxcb-cursor.so.0", "BINARY"),
                ("libcairo.so.2", "/s/libcairo.so.2", "BINARY"),        # from the GTK theme
                ("libpixman-1.so.0", "/s/libpixman-1.so.0", "BINARY"),
                ("libpython3.11.so.1.0", "/s/libpython3.11.so.1.0", "BINARY")]
    kept = rules.prune_unreachable(binaries, lambda src: links.get(src, []))
    assert [Path(d).name for d, _, _ in kept] == [
        "QtGui.abi3.so", "libQt6Gui.so.6", "libQt6Core.so.6", "libqxcb.so",
        "libQt6XcbQpa.so.6", "libxcb-cursor.so.0", "libpython3.11.so.1.0"]
    datas = [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
             ("libcairo-link.so", "libcairo.so.2", "SYMLINK"),
             ("nnviz/resources/icons/nnviz-16.png", "/r/nnviz-16.png", "DATA")]
    assert [d[0] for d in rules.prune_symlinks(datas, kept)] == [
        "libQt6Gui.so.6", "nnviz/resources/icons/nnviz-16.png"]


# -- icon ---------------------------------------------------------------------------------
def test_app_icon_loads_every_size_and_the_pngs_are_the_svg_rendered(qapp):
    from nnviz.ui.icon import ICON_SIZES, app_icon
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    for size in ICON_SIZES:
        image = QImage(str(nnviz.resources_path("icons", f"nnviz-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(0, 0).alpha() == 0                 # rounded, transparent corner
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
    ET.parse(nnviz.resources_path("icons", "nnviz.svg"))


def test_windows_ico_and_macos_icns_hold_valid_pngs(qapp):
    ico = (PKG / "windows" / "nnviz.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    sizes = set()
    for i in range(count):
        w, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i:22 + 16 * i])
        image = QImage.fromData(ico[offset:offset + length], "PNG")
        assert image.width() == (w or 256)
        sizes.add(image.width())
    assert {16, 32, 48, 256} <= sizes
    icns = (PKG / "macos" / "nnviz.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, kinds = 8, {}
    while pos < len(icns):
        kind, length = icns[pos:pos + 4].decode(), struct.unpack(">I", icns[pos + 4:pos + 8])[0]
        kinds[kind] = QImage.fromData(icns[pos + 8:pos + length], "PNG").width()
        pos += length
    assert kinds["ic07"] == 128 and kinds["ic10"] == 1024 and kinds["icp4"] == 16


# -- file types ---------------------------------------------------------------------------
def test_every_installer_associates_both_file_types():
    assert nnviz_files.SUFFIX == ".nnviz"
    spec = (PKG / "nnviz.spec").read_text()
    iss = (PKG / "windows" / "nnviz.iss").read_text()
    for ext in ("nnviz", "nnviz-lesson"):
        assert f'"{ext}", "application/x-{ext}")' in spec
        assert f'Subkey: "Software\\Classes\\.{ext}"' in iss
    assert iss.count('--open ""%1""') == 2


# -- Linux desktop integration ------------------------------------------------------------
def test_desktop_file_launches_nnviz_with_our_icon_and_file_type():
    path = PKG / "linux" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path)
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Exec"] == "nnviz %f" and d["Terminal"] == "false"
    assert d["Icon"] == "nnviz" and "Education" in d["Categories"].split(";")
    mime = ET.parse(PKG / "linux" / "nnviz-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    types = {t.get("type"): t.find("m:glob", ns).get("pattern")
             for t in mime.findall("m:mime-type", ns)}
    assert types == {"application/x-nnviz": "*.nnviz",
                     "application/x-nnviz-lesson": "*.nnviz-lesson"}
    assert d["MimeType"].split(";")[:-1] == sorted(types)
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True)
        assert result.returncode == 0 and result.stdout == "", result.stdout


def test_appstream_metainfo_names_the_desktop_file_and_validates(tmp_path):
    text = (PKG / "linux" / f"{APP_ID}.metainfo.xml").read_text()
    root = ET.fromstring(text)
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("content_rating") is not None
    if shutil.which("appstreamcli"):
        filled = tmp_path / f"{APP_ID}.metainfo.xml"
        filled.write_text(text.replace("@VERSION@", nnviz.__version__)
                          .replace("@DATE@", "2025-01-01"))
        result = subprocess.run(["appstreamcli", "validate", "--no-net", str(filled)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_launcher_opens_a_lone_nnviz_file_and_passes_everything_else_on(tmp_path):
    if shutil.which("sh") is None:
        pytest.skip("no POSIX shell")
    (tmp_path / "bin").mkdir()
    (tmp_path / "lib" / "nnviz").mkdir(parents=True)
    fake = tmp_path / "lib" / "nnviz" / "nnviz"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n')
    fake.chmod(0o755)
    launcher = tmp_path / "bin" / "nnviz"
    shutil.copy(PKG / "linux" / "nnviz-launcher.sh", launcher)
    launcher.chmod(0o755)
    lesson = tmp_path / "my lesson.nnviz"
    lesson.write_text("{}")

    def run(*args):
        return subprocess.run([str(launcher), *args], capture_output=True, text=True,
                              check=True).stdout.split("\n")[:-1]

    assert run(str(lesson)) == ["[--open]", f"[{lesson}]"]
    slides = tmp_path / "course.nnviz-lesson"
    slides.write_text("{}")
    assert run(str(slides)) == ["[--open]", f"[{slides}]"]
    assert run("--scenario", "xor") == ["[--scenario]", "[xor]"]
    assert run() == []
    assert run(str(tmp_path / "missing.nnviz")) == [f"[{tmp_path / 'missing.nnviz'}]"]


# -- screenshot checker -------------------------------------------------------------------
def _png(width, height, colour_type, rows, filters):
    """A PNG written with the given row filters (what check_png must undo)."""
    bpp = {0: 1, 2: 3, 6: 4}[colour_type]
    raw, prev = b"", bytes(width * bpp)
    for row, f in zip(rows, filters):
        out = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            paeth = a if pa <= pb and pa <= pc else b if pb <= pc else c
            out.append((x - (0, a, b, (a + b) >> 1, paeth)[f]) & 255)
        raw += bytes([f]) + bytes(out)
        prev = row

    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def test_png_decoder_undoes_every_row_filter():
    import random
    rnd = random.Random(7)
    width, height = 23, 10
    rows = [bytes(rnd.randrange(256) for _ in range(width * 4)) for _ in range(height)]
    data = _png(width, height, 6, rows, [0, 1, 2, 3, 4, 4, 3, 2, 1, 0])
    assert check_png.decode(data) == (width, height, 4, rows)


def test_screenshot_check_accepts_a_picture_and_rejects_blank_wrong_or_broken_ones(qapp, tmp_path):
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setFont(QFont("DejaVu Sans", 14))
    for i in range(12):
        painter.fillRect(20 + 30 * i, 40, 24, 200, QColor.fromHsv(i * 30, 200, 220))
        painter.drawText(20 + 30 * i, 270, str(i))
    painter.end()
    real = tmp_path / "real.png"
    image.save(str(real))
    assert check_png.judge(real.read_bytes(), (400, 300)).startswith("400x300")
    with pytest.raises(ValueError, match="expected 800x600"):
        check_png.judge(real.read_bytes(), (800, 600))
    image.fill(QColor("#ffffff"))
    blank = tmp_path / "blank.png"
    image.save(str(blank))
    with pytest.raises(ValueError, match="blank"):
        check_png.judge(blank.read_bytes())
    broken = bytearray(real.read_bytes())
    broken[60] ^= 0xFF
    with pytest.raises(ValueError, match="corrupt|truncated|checksum"):
        check_png.judge(bytes(broken))
    assert check_png.main([str(blank)]) == 1 and check_png.main([str(real), "400x300"]) == 0


# -- ELF dependencies ---------------------------------------------------------------------
def test_glibc_version_is_read_from_the_binaries_symbol_versions():
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        pytest.skip("needs Linux and readelf (binutils)")
    python = Path(sys.executable).resolve()
    version = elfdeps.glibc_version([python])
    assert (2, 2, 5) <= version < (3,)
    assert elfdeps.needed(python) or elfdeps.glibc_version([python]) > (2, 2, 5)
