"""Creating the QApplication and the main window for the `nnviz` command."""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QEventLoop,
    Qt,
    QTimer,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

ORGANIZATION = "nnviz"
APPLICATION = "nnviz"


# Qt messages that say nothing useful to a user (the offscreen platform used for
# --screenshot prints this for every top-level window).
_QUIET = ("This plugin does not support propagateSizeHints",)


def _qt_messages(mode, context, message):
    if not message.startswith(_QUIET):
        print(message, file=sys.stderr)


class FileOpens:
    """Files the desktop hands the running application: macOS sends a file double-clicked
    in Finder (or dropped on the Dock icon) as a QFileOpenEvent, not on the command line,
    and nnviz had opened without it. Before the window exists they wait; then they open
    at start (a bad file gets the File ▸ Open message), later as File ▸ Open does (asking
    to save changed work first)."""

    def __init__(self):
        self.window = None
        self.pending: list[str] = []

    def attach(self, window) -> None:
        self.window = window
        for path in self.pending:
            QTimer.singleShot(0, lambda p=path: open_at_start(window, p))
        self.pending = []

    def event(self, event) -> bool:
        """Handle a QFileOpenEvent (True), or not (False)."""
        if event.type() != QEvent.Type.FileOpen:
            return False
        path = event.file()
        if path:
            if self.window is None:
                self.pending.append(path)
            else:
                window = self.window
                QTimer.singleShot(0, lambda: window.menus.open_file(path))
        return True


FILE_OPENS = FileOpens()


class NnvizApplication(QApplication):
    """The QApplication, taking the files the desktop hands it (FileOpens)."""

    def event(self, event):
        if FILE_OPENS.event(event):
            return True
        return super().event(event)


def make_app(argv=None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_messages)
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = NnvizApplication(list(argv or sys.argv[:1]))
        # matches packaging/linux/io.github.nnviz.nnviz.desktop: Wayland finds the icon by it
        app.setDesktopFileName("io.github.nnviz.nnviz")
    return app


def restore_preferences(window) -> None:
    """Theme, palette, zoom and window geometry from the user's settings."""
    from . import theme, zoom
    s = window.settings
    mode, palette = s.get("theme/mode"), s.get("theme/palette")
    try:
        theme.manager().set_appearance(mode=mode, palette=palette)
    except ValueError:
        theme.manager().set_appearance(mode="system", palette="default")
    zoom.set_zoom(s.get("view/zoom"))
    geometry, state = s.get("window/geometry"), s.get("window/state")
    if geometry:
        window.restoreGeometry(QByteArray(geometry))
    if state:
        window.restoreState(QByteArray(state))


def build_window(args, remember: bool = True):
    """The main window set up as the command-line arguments ask.

    Raises nnviz.files.NnvizFileError if --open names a file that cannot be used."""
    from .mainwindow import MainWindow
    window = MainWindow(remember=remember)
    if remember:
        restore_preferences(window)
    if getattr(args, "open", None):
        try:
            window.open_path(args.open)
        except Exception:
            window.close()
            window.deleteLater()
            raise
    elif args.scenario:
        window.open_scenario(args.scenario)
    if getattr(args, "projector", False):
        window.projector.set_active(True)
    return window


def run(args) -> int:
    from ..files import NnvizFileError
    from .crash import CrashReporter
    app = make_app()
    screenshot = bool(args.screenshot)
    path = getattr(args, "open", None)
    if screenshot:
        try:
            window = build_window(args, remember=False)
        except NnvizFileError as exc:
            print(f"nnviz: cannot open {exc}", file=sys.stderr)
            return 1
        return _screenshot(app, window, args)
    # a double-clicked file: the window opens whatever the file holds, and a file that
    # cannot be used gets the File ▸ Open message there (on stderr alone, a desktop or an
    # installer's start showed nothing at all)
    args.open = None
    window = build_window(args, remember=True)
    from .icon import app_icon
    app.setWindowIcon(app_icon())
    crash = CrashReporter(window, autosave=window.autosaver.save_now)
    crash.install()
    if not window.settings.get("window/geometry"):
        window.resize(1600, 1000)
    window.show()
    if path:
        QTimer.singleShot(0, lambda: open_at_start(window, path))
    FILE_OPENS.attach(window)
    try:
        return app.exec()
    finally:
        crash.uninstall()


def open_at_start(window, path: str) -> bool:
    """Open the file the command line named in the shown window: a message box (and a
    line on stderr) when it cannot be used, the window staying open."""
    from ..files import NnvizFileError
    try:
        window.open_path(path)
    except NnvizFileError as exc:
        print(f"nnviz: cannot open {exc}", file=sys.stderr)
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(window, "Cannot open this file",
                            f"{exc}\n\nnnviz started without it: open another file with "
                            "File ▸ Open, or choose a scenario.")
        return False
    window.menus._remember(path)
    return True


def _screenshot(app, window, args) -> int:
    w, h = args.size
    window.projector.set_blank(False)
    if window.projector.active:     # a screenshot has the asked size, not the screen's
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowFullScreen)
    window.resize(w, h)
    window.show()
    app.processEvents()
    if window.scenario is not None:
        if args.steps:
            window.scenario.run_steps(args.steps)
        window.scenario.settle()        # (an opening animation: its end, not a frame of it)
    for _ in range(3):
        app.processEvents()
    loop = QEventLoop()     # not app.exec(): QApplication.quit() closes every window
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    image = window.grab()
    ok = image.save(args.screenshot)
    window.close()
    if not ok:
        print(f"nnviz: could not write {args.screenshot!r}", file=sys.stderr)
        return 1
    print(f"saved {args.screenshot} ({image.width()}x{image.height()})")
    return 0
