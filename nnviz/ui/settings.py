"""Persistent settings (QSettings) with one table of defaults, and the config folder.

`config_dir()` is where settings, recent files and the autosave live: $NNVIZ_CONFIG_DIR
when set (the tests set it, so they never touch the user's settings), otherwise Qt's
per-user application config folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

# key → (default, type). Values read back from QSettings are converted and checked against
# this table; anything unreadable falls back to the default.
DEFAULTS: dict[str, tuple[Any, type]] = {
    "theme/mode": ("system", str),          # system / light / dark
    "theme/palette": ("default", str),      # default / high-contrast / colour-blind
    "view/zoom": (1.0, float),
    "player/granularity": ("layer", str),
    "player/speed": (1.0, float),
    "session/last_scenario": ("", str),
    "window/geometry": (b"", bytes),
    "window/state": (b"", bytes),
    "files/recent": ([], list),
    "files/last_folder": ("", str),
    "export/scale": (2.0, float),
}
MAX_RECENT = 8
# key → test of a value read back: one that fails it (a hand-edited or corrupted file: a
# speed of 100 stopped every network scenario from opening) falls back to the default
VALID = {
    "player/granularity": lambda v: v in ("unit", "layer", "sample", "batch", "epoch"),
    "player/speed": lambda v: 0.25 <= v <= 16.0,
    "export/scale": lambda v: 0.25 <= v <= 16.0,
}


config_problem = ""      # why the usual config folder could not be used ("" when it can)


def config_dir() -> Path:
    """The config folder, created if need be. When it cannot be (a read-only home), a
    folder in the temporary directory stands in for it and `config_problem` says why:
    the app starts anyway (it stopped with a traceback)."""
    global config_problem
    env = os.environ.get("NNVIZ_CONFIG_DIR")
    if env:
        path = Path(env)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
        path = Path(base or Path.home() / ".config" / "nnviz")
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError as exc:
        user = os.getuid() if hasattr(os, "getuid") else "user"
        fallback = Path(tempfile.gettempdir()) / f"nnviz-config-{user}"
        config_problem = (f"cannot create the settings folder {path} "
                          f"({exc.strerror or exc}); settings and autosaves go to {fallback} "
                          "for now")
        try:
            fallback.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        return fallback


class Settings:
    """Typed access to the settings in DEFAULTS."""

    def __init__(self, path: str | os.PathLike | None = None):
        path = Path(path) if path is not None else config_dir() / "nnviz.ini"
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        default, kind = DEFAULTS[key]
        value = self.qsettings.value(key, None)
        if value is None:
            return default
        try:
            if kind is bytes:
                return bytes(value.data()) if isinstance(value, QByteArray) else bytes(value)
            if kind is list:
                if isinstance(value, str):
                    return [value] if value else []
                return [str(v) for v in value]
            if kind is float:
                value = float(value)
                if value != value:                            # NaN → default
                    return default
            else:
                value = kind(value)
        except (TypeError, ValueError):
            return default
        valid = VALID.get(key)
        return value if valid is None or valid(value) else default

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(f"unknown setting {key!r}")
        if DEFAULTS[key][1] is bytes:
            value = QByteArray(bytes(value))
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()

    # -- recent files -----------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return [p for p in self.get("files/recent") if os.path.isfile(p)][:MAX_RECENT]

    def add_recent(self, path: str) -> list[str]:
        path = os.path.abspath(path)
        recent = [path] + [p for p in self.get("files/recent") if p != path]
        self.set("files/recent", recent[:MAX_RECENT])
        return self.recent_files()
