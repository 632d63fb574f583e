"""What goes into the PyInstaller bundle and what is left out (used by nnviz.spec).

Kept apart from the spec so the rules are plain Python a test can import. The aim is a
lean bundle: only the Qt platform plugins a desktop needs, no platform theme dragging in
the build machine's GTK, no Qt module nnviz does not use, no Qt translations (nnviz loads
none), and none of the big optional packages the build environment happens to have.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

# Python packages never needed at run time (test tools, other Qt bindings, the heavy
# optional back-ends pyqtgraph and NumPy probe for).
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "idlelib", "lib2to3", "pydoc_data", "test",
    "PyQt5", "PyQt6", "PySide2", "sip",
    "scipy", "torch", "matplotlib", "pandas", "IPython", "jupyter_client", "ipykernel",
    "notebook", "OpenGL", "cupy", "numba", "h5py", "PIL", "sklearn",
    "pytest", "_pytest", "pytestqt", "hypothesis", "setuptools", "pkg_resources",
    # NumPy's build/test tooling and the optional modules it probes (YAML config dump,
    # charset detection in f2py); TLS is never used (nnviz makes no network connection)
    "numpy.f2py", "numpy.distutils", "yaml", "charset_normalizer", "ssl", "_ssl", "_hashlib",
    "readline",
    "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter",
]

# Qt modules pyqtgraph imports when present but nnviz does not need; left out unless
# nnviz's own code imports them (see qt_modules_used). QtOpenGL and QtOpenGLWidgets are
# not optional: pyqtgraph 0.14's plot curves import them on Qt 6.
# (Their Qt libraries may still come in when a kept library links them: libQt6Gui needs
# QtDBus, the Wayland EGL plugin needs QtOpenGL; prune_unreachable decides that.)
OPTIONAL_QT_MODULES = ["QtSvg", "QtSvgWidgets", "QtTest",
                       "QtNetwork", "QtPrintSupport", "QtXml", "QtSql", "QtConcurrent",
                       "QtUiTools", "QtDesigner", "QtHelp"]

# platform plugins per system: what a desktop session needs, plus offscreen for the
# screenshot smoke test and headless use
PLATFORMS = {
    "linux": {"xcb", "wayland", "offscreen"},
    "win32": {"windows", "offscreen"},
    "darwin": {"cocoa", "offscreen"},
}
# plugins kept in the folders that hold more than a desktop needs (by name without the
# lib prefix and suffix); folders not listed here and not dropped are kept whole
PLUGIN_ALLOW = {
    "imageformats": {"qgif", "qico", "qsvg"},       # PNG is built into QtGui
    "wayland-shell-integration": {"xdg-shell"},      # what every desktop compositor speaks
    "wayland-graphics-integration-client": {"qt-plugin-wayland-egl"},
}
# Qt plugin folders that are never needed by a desktop widgets app
DROPPED_PLUGIN_DIRS = {"platformthemes", "egldeviceintegrations", "designer", "qmltooling",
                       "qmllint", "sqldrivers", "wayland-graphics-integration-server",
                       "networkinformation", "tls", "printsupport", "generic",
                       "vectorimageformats"}

_QT_NAME = re.compile(r"\bQt[A-Z][A-Za-z0-9]+\b")
_PYSIDE_IMPORT = re.compile(r"(?:from|import)\s+PySide6(?:\.(Qt\w+)|\s+import\s+\(?([^)\n]+))")


def qt_modules_used(package_dir: str | Path) -> set[str]:
    """The PySide6 modules imported anywhere in nnviz's own source."""
    used: set[str] = set()
    for path in Path(package_dir).rglob("*.py"):
        for direct, listed in _PYSIDE_IMPORT.findall(path.read_text(encoding="utf-8")):
            used.update([direct] if direct else _QT_NAME.findall(listed))
    return used


def excluded_qt_modules(package_dir: str | Path) -> list[str]:
    """The optional Qt modules to leave out: those nnviz itself never imports."""
    used = qt_modules_used(package_dir)
    return [f"PySide6.{m}" for m in OPTIONAL_QT_MODULES if m not in used]


def keep(dest: str, platform: str, dropped_qt: set[str]) -> bool:
    """Whether a collected file (its destination path in the bundle) stays in.

    dropped_qt: Qt modules left out (e.g. "QtSvg"): their plugins go too. Qt *libraries*
    are not decided here but by reachability (prune_unreachable).
    """
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "PySide6" not in parts:
        return True
    inner = parts[parts.index("PySide6") + 1:]
    if "translations" in inner:
        return False
    if "plugins" not in inner:
        return True
    rest = inner[inner.index("plugins") + 1:]
    if len(rest) < 2:
        return True
    folder, stem = rest[0], re.sub(r"^lib", "", rest[-1].split(".")[0])
    if folder in DROPPED_PLUGIN_DIRS:
        return False
    if folder == "platforms":
        return stem in {f"q{p}" for p in PLATFORMS[platform]}
    if "svg" in stem and "QtSvg" in dropped_qt:
        return False
    if folder == "xcbglintegrations":
        return platform == "linux"
    allowed = PLUGIN_ALLOW.get(folder)
    return allowed is None or stem in allowed


def _name(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name


def is_root(dest: str, typecode: str) -> bool:
    """Files loaded by something other than the dynamic linker: Python extension modules
    (imported), Qt plugins (loaded by Qt), libpython (loaded by the bootloader)."""
    posix = dest.replace("\\", "/")
    return (typecode == "EXTENSION" or "/plugins/" in f"/{posix}"
            or _name(dest).startswith(("libpython", "python3")))


def prune_unreachable(entries, needed):
    """Drop shared libraries that no kept extension module or plugin links (directly or
    through other libraries). Plugins filtered out by `keep` leave their dependencies
    behind in PyInstaller's list (the GTK theme plugin brings cairo, pango, gdk…).

    entries: PyInstaller TOC tuples (dest, src, typecode); needed(src) → the sonames the
    file links. Returns the kept tuples in their order.
    """
    by_name = {}
    for entry in entries:
        by_name.setdefault(_name(entry[0]), entry)
    reached: set[str] = set()
    todo = [e for e in entries if is_root(e[0], e[2])]
    while todo:
        entry = todo.pop()
        for soname in needed(entry[1]):
            if soname in by_name and soname not in reached:
                reached.add(soname)
                todo.append(by_name[soname])
    return [e for e in entries if is_root(e[0], e[2]) or _name(e[0]) in reached]


def prune_symlinks(datas, binaries):
    """Drop PyInstaller's SYMLINK entries (dest, target, "SYMLINK") whose target is gone."""
    kept = {PurePosixPath(b[0].replace("\\", "/")).as_posix() for b in binaries}
    return [d for d in datas if d[2] != "SYMLINK"
            or PurePosixPath(d[1].replace("\\", "/")).as_posix() in kept]
