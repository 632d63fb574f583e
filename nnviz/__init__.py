"""nnviz: watch neural networks work, step by step, with the real numbers."""

from __future__ import annotations

from importlib import metadata as _metadata
from pathlib import Path

try:
    __version__ = _metadata.version("nnviz")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"


def resources_path(*parts: str) -> Path:
    """Path of a shipped resource: in an installed package or a source checkout.

    Raises FileNotFoundError naming what was looked for and what exists.
    """
    here = Path(__file__).resolve().parent
    for root in (here / "resources", here.parent / "resources"):
        if root.is_dir():
            path = root.joinpath(*parts)
            if path.exists():
                return path
            known = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                           if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts)
            raise FileNotFoundError(
                f"nnviz resource {'/'.join(parts)!r} not found in {root}; "
                f"known: {', '.join(known)}")
    raise FileNotFoundError("nnviz resources folder not found next to the package")
