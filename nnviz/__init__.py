"""nnviz: watch neural networks work, step by step, with the real numbers."""

from __future__ import annotations

from pathlib import Path


def version() -> str:
    """The installed package's version (the one source: the package metadata); read on first
    use, since importlib.metadata costs ~20 ms of start-up."""
    v = globals().get("__version__")
    if v is None:
        from importlib import metadata
        try:
            v = metadata.version("nnviz")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            v = "0.0.0+source"
        globals()["__version__"] = v
    return v


def __getattr__(name: str):
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'nnviz' has no attribute {name!r}")


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
