"""Creating the QApplication and the main window for the `nnviz` command."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

ORGANIZATION = "nnviz"
APPLICATION = "nnviz"


def make_app(argv=None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
        app = QApplication(list(argv or sys.argv[:1]))
    return app


def build_window(args):
    """The main window set up as the command-line arguments ask."""
    from .mainwindow import MainWindow
    window = MainWindow()
    if args.scenario:
        window.open_scenario(args.scenario)
    return window


def run(args) -> int:
    app = make_app()
    window = build_window(args)
    if args.screenshot:
        return _screenshot(app, window, args)
    window.resize(1600, 1000)
    window.show()
    return app.exec()


def _screenshot(app, window, args) -> int:
    w, h = args.size
    window.resize(w, h)
    window.show()
    app.processEvents()
    if args.steps and window.scenario is not None:
        window.scenario.run_steps(args.steps)
    for _ in range(3):
        app.processEvents()
    QTimer.singleShot(0, app.quit)
    app.exec()
    image = window.grab()
    ok = image.save(args.screenshot)
    window.close()
    if not ok:
        print(f"nnviz: could not write {args.screenshot!r}", file=sys.stderr)
        return 1
    print(f"saved {args.screenshot} ({image.width()}x{image.height()})")
    return 0
