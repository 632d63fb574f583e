"""Saved scenarios: the `.nnviz` file format (Qt-free).

A `.nnviz` file is UTF-8 JSON::

    {"format": "nnviz", "version": 1, "scenario": "xor",
     "state": {...scenario.get_state()...},
     "title": "optional words", "saved_by": "nnviz 0.1.0"}

`load` reads only a regular file of at most 64 MB (`read_bytes`: a folder, a named pipe or
a device such as /dev/zero gets a message, never a wait). `parse`/`load` check everything
that can be checked without the scenario (JSON syntax, format name, version, the keys,
NaN/∞, absurd sizes, the shape of any network in the state); the scenario's own
`load_state` checks its settings. Every problem is a `NnvizFileError` naming the file,
the place (a JSON path such as `$.state.network.layers[1].W[0]`) and the problem.

`save` is atomic: the text goes to a temporary file in the same folder, is flushed to
disk, then renamed over the target with `os.replace`; a failure leaves the old file as
it was and raises `NnvizFileError` saying why.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Any

FORMAT = "nnviz"
VERSION = 1
SUFFIX = ".nnviz"

REQUIRED_KEYS = ("format", "version", "scenario", "state")
OPTIONAL_KEYS = ("title", "saved_by")

MAX_FILE_BYTES = 64 * 1024 * 1024   # a few MB is a big saved session; 64 MB is not a session
MAX_DEPTH = 32                      # nesting deeper than this is not something we wrote
MAX_LIST = 1_000_000                # elements in one JSON list
MAX_UNITS = 4096                    # units in one layer: a teaching network is far smaller
MAX_ABS = 1e100                     # any bigger number is corruption, not a weight
# keys whose integer values (or lists of integers) count units in a layer
SIZE_KEYS = frozenset({"sizes", "hidden", "hidden_sizes", "layer_sizes", "units", "n_units",
                       "n_hidden", "width", "n_inputs", "n_outputs", "neurons"})


class NnvizFileError(ValueError):
    """A file that cannot be opened or saved: names the file, the place and the problem."""

    def __init__(self, path: str, place: str, problem: str):
        self.path, self.place, self.problem = str(path), place, problem
        where = f" at {place}" if place else ""
        super().__init__(f"{self.path}{where}: {problem}")


@dataclass
class Document:
    """An opened `.nnviz` file."""
    scenario: str
    state: dict[str, Any]
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows (NaN and Infinity are not)")


def _decode(text: str, path: str) -> Any:
    if not text.strip(" \t\r\n\ufeff"):
        raise NnvizFileError(path, "", "the file is empty (nothing was saved in it): open "
                                       "another file, or its backup if you have one")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise NnvizFileError(path, f"line {exc.lineno}, column {exc.colno}",
                             f"this is not valid JSON ({exc.msg})") from None
    except ValueError as exc:   # NaN / Infinity, or Python's integer-digit limit
        if "digits" in str(exc):
            raise NnvizFileError(path, "", "it holds a number thousands of digits long: no "
                                           "saved session has one") from None
        raise NnvizFileError(path, "", f"this is not valid JSON ({exc})") from None
    except RecursionError:
        raise NnvizFileError(path, "", "the JSON is nested far too deeply") from None


def check_values(value: Any, path: str, place: str = "$", depth: int = 0, key: str = "") -> None:
    """Walk decoded JSON: finite, sane numbers; sane sizes; bounded nesting and lengths."""
    if depth > MAX_DEPTH:
        raise NnvizFileError(path, place, f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise NnvizFileError(path, place, f"{value} is not a finite number")
        if abs(value) > MAX_ABS:
            raise NnvizFileError(path, place, f"{value:.3g} is absurdly large")
        if key in SIZE_KEYS and isinstance(value, int) and not 0 <= value <= MAX_UNITS:
            raise NnvizFileError(path, place, f"{value:,} units is out of range "
                                              f"(0 … {MAX_UNITS:,} per layer)")
        return
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise NnvizFileError(path, place, f"a list of {len(value):,} items is too long")
        for i, item in enumerate(value):
            check_values(item, path, f"{place}[{i}]", depth + 1, key)
        return
    if isinstance(value, dict):
        if key != "network" and "layers" in value and isinstance(value["layers"], list) \
                and all(isinstance(ld, dict) and "W" in ld for ld in value["layers"]):
            check_network(value, path, place)
        for k, item in value.items():
            check_values(item, path, f"{place}.{k}", depth + 1, k)
        if key == "network":
            check_network(value, path, place)
        return
    raise NnvizFileError(path, place, f"unexpected value of type {type(value).__name__}")


def _matrix_shape(W: Any, path: str, place: str) -> tuple[int, int]:
    if not isinstance(W, list) or not W:
        raise NnvizFileError(path, place, "weights must be a non-empty list of rows")
    n_in = None
    for i, row in enumerate(W):
        if not isinstance(row, list) or not row:
            raise NnvizFileError(path, f"{place}[{i}]", "each row of weights must be a "
                                                        "non-empty list of numbers")
        if n_in is None:
            n_in = len(row)
        elif len(row) != n_in:
            raise NnvizFileError(path, f"{place}[{i}]", f"row has {len(row)} weights, the "
                                                        f"first row has {n_in}")
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise NnvizFileError(path, f"{place}[{i}][{j}]", f"{v!r} is not a number")
    if len(W) > MAX_UNITS or n_in > MAX_UNITS:
        raise NnvizFileError(path, place, f"a {len(W):,}×{n_in:,} weight matrix is absurdly "
                                          f"large (at most {MAX_UNITS:,} units per layer)")
    return len(W), n_in


def check_network(d: Any, path: str, place: str) -> None:
    """A Network.to_dict() description: rectangular W, b matching it, layers that chain."""
    if not isinstance(d, dict) or not isinstance(d.get("layers"), list) or not d["layers"]:
        raise NnvizFileError(path, place, "a network needs a non-empty 'layers' list")
    previous = None
    for k, ld in enumerate(d["layers"]):
        here = f"{place}.layers[{k}]"
        if not isinstance(ld, dict):
            raise NnvizFileError(path, here, "a layer must be an object with W, b, activation")
        missing = {"W", "b", "activation"} - set(ld)
        if missing:
            raise NnvizFileError(path, here, f"missing {', '.join(sorted(missing))}")
        n_out, n_in = _matrix_shape(ld["W"], path, f"{here}.W")
        b = ld["b"]
        if not isinstance(b, list) or len(b) != n_out:
            raise NnvizFileError(path, f"{here}.b", f"needs {n_out} biases (one per unit), "
                                                    f"got {len(b) if isinstance(b, list) else b!r}")
        for i, v in enumerate(b):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise NnvizFileError(path, f"{here}.b[{i}]", f"{v!r} is not a number")
        if previous is not None and n_in != previous:
            raise NnvizFileError(path, f"{here}.W", f"takes {n_in} inputs but the layer "
                                                    f"before has {previous} units")
        if not isinstance(ld["activation"], str):
            raise NnvizFileError(path, f"{here}.activation", "must be an activation name")
        previous = n_out


def parse(text: str | bytes, path: str = "<file>") -> Document:
    """Check and decode a `.nnviz` file's text. NnvizFileError for anything wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NnvizFileError(path, f"byte {exc.start}",
                                 "this is not a text file (not UTF-8)") from None
    if len(text) > MAX_FILE_BYTES:
        raise NnvizFileError(path, "", f"the file is {len(text):,} characters long; a saved "
                                       f"session is far smaller")
    data = _decode(text, path)
    if not isinstance(data, dict):
        raise NnvizFileError(path, "$", "the file must hold a JSON object {…}, "
                                        f"not {type(data).__name__}")
    if data.get("format") != FORMAT:
        if data.get("format") == "nnviz-lesson":
            raise NnvizFileError(path, "$.format", "this is a lesson, not a saved scenario")
        raise NnvizFileError(path, "$.format", f"expected \"{FORMAT}\", got "
                                               f"{json.dumps(data.get('format'))[:60]}: "
                                               "not an nnviz file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise NnvizFileError(path, "$.version", f"must be a whole number, got "
                                                f"{json.dumps(version)[:60]}")
    if version != VERSION:
        newer = " (saved by a newer nnviz; please update)" if version > VERSION else ""
        raise NnvizFileError(path, "$.version",
                             f"version {version} is not supported; this nnviz reads version "
                             f"{VERSION}{newer}")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise NnvizFileError(path, "$", f"missing key(s): {', '.join(missing)}")
    extra = sorted(set(data) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if extra:
        raise NnvizFileError(path, "$", f"unexpected key(s): {', '.join(extra)}; allowed: "
                                        f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}")
    name = data["scenario"]
    from . import scenarios
    if not isinstance(name, str) or name not in scenarios.names():
        raise NnvizFileError(path, "$.scenario", f"unknown scenario {json.dumps(name)[:60]}; "
                                                 f"known: {', '.join(scenarios.names())}")
    if not isinstance(data["state"], dict):
        raise NnvizFileError(path, "$.state", "must be an object {…} of settings")
    for key in OPTIONAL_KEYS:
        if key in data and not isinstance(data[key], str):
            raise NnvizFileError(path, f"$.{key}", "must be text")
    check_values(data["state"], path, "$.state")
    return Document(name, data["state"], data.get("title", ""))


CHOOSE = "choose a .nnviz or .nnviz-lesson file"

# what a path that is not a regular file is, in words (stat's S_IS… tests)
_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"),
                (stat.S_ISCHR, "a device, such as /dev/zero or a terminal"),
                (stat.S_ISBLK, "a disk device"),
                (stat.S_ISSOCK, "a socket"))


def _refuse_unless_regular(path: str, st: os.stat_result) -> None:
    """NnvizFileError unless st is a regular file of at most MAX_FILE_BYTES."""
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise NnvizFileError(path, "", f"it is a folder, not a file: {CHOOSE} inside it")
    if not stat.S_ISREG(mode):
        kind = next((words for test, words in _NOT_REGULAR if test(mode)), "a special file")
        raise NnvizFileError(path, "", f"it is not a regular file (it is {kind}), so nnviz "
                                       f"cannot read it: {CHOOSE}")
    if st.st_size > MAX_FILE_BYTES:
        raise NnvizFileError(path, "", _too_large(st.st_size))


def _too_large(size: int) -> str:
    return (f"the file is {size / 2 ** 20:,.1f} MB; nnviz opens files of at most "
            f"{MAX_FILE_BYTES // 2 ** 20} MB (a saved scenario or a lesson is far smaller): "
            f"{CHOOSE}")


def _cannot_read(exc: OSError | ValueError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "there is no such file: check its name and folder"
    if isinstance(exc, PermissionError):
        return ("you do not have permission to read it: ask its owner, or copy it to a "
                "folder of yours")
    if isinstance(exc, ValueError):       # a name with a NUL character in it
        return f"this is not a usable file name: {CHOOSE}"
    return f"cannot read it ({exc.strerror or exc}): {CHOOSE}"


def check_readable(path: str | os.PathLike) -> int:
    """Check, without opening it, that path is a regular file nnviz may read: its size in
    bytes, else NnvizFileError saying what it is instead (a folder, a named pipe, a device
    such as /dev/zero, …) or that it is larger than MAX_FILE_BYTES. (Opening a named pipe
    waits for a writer, and /dev/zero never ends: either had hung the window.)"""
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        raise NnvizFileError(path, "", _cannot_read(exc)) from None
    _refuse_unless_regular(path, st)
    return st.st_size


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES (check_readable first; the
    file is opened without waiting, and checked again once open, in case it was replaced
    in between). NnvizFileError for anything else."""
    path = os.fspath(path)
    check_readable(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise NnvizFileError(path, "", _cannot_read(exc)) from None
    try:
        with os.fdopen(fd, "rb") as f:
            fd = None
            _refuse_unless_regular(path, os.fstat(f.fileno()))
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise NnvizFileError(path, "", _cannot_read(exc)) from None
    finally:
        if fd is not None:
            os.close(fd)
    if len(raw) > MAX_FILE_BYTES:                   # it grew since
        raise NnvizFileError(path, "", _too_large(len(raw)))
    return raw


def load(path: str | os.PathLike) -> Document:
    """Read and check a `.nnviz` file (read_bytes: a regular file of at most
    MAX_FILE_BYTES)."""
    path = os.fspath(path)
    return parse(read_bytes(path), path)


def dumps(scenario: str, state: dict, title: str = "") -> str:
    """The text of a `.nnviz` file. ValueError if the state is not JSON-safe and finite."""
    from . import version
    doc = {"format": FORMAT, "version": VERSION, "scenario": scenario, "state": state,
           "saved_by": f"nnviz {version()}"}
    if title:
        doc["title"] = title
    try:
        return json.dumps(doc, indent=1, allow_nan=False, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the {scenario} state cannot be saved: {exc}") from None


def _file_mode(path: str) -> int:
    """The permissions a saved file gets: the replaced file's, else what a new file gets
    (0666 less the umask)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write text to path atomically (temp file in the same folder, fsync, os.replace).
    A symbolic link is followed: the file it points to is written and the link stays (it
    had been replaced by an ordinary file, the shared file left as it was)."""
    path = os.fspath(path)
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(target))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".nnviz-", suffix=".tmp", dir=folder)
        os.chmod(tmp, _file_mode(path))   # (mkstemp's is 0600: students could not read a
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:   # shared lesson)
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise NnvizFileError(path, "", f"could not save ({exc.strerror or exc}): choose "
                                       "another folder or name; a file already there was "
                                       "left as it was") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def save(path: str | os.PathLike, scenario: str, state: dict, title: str = "") -> None:
    """Save a scenario's state as a `.nnviz` file, atomically."""
    try:
        text = dumps(scenario, state, title)
    except ValueError as exc:
        raise NnvizFileError(os.fspath(path), "$.state", str(exc)) from None
    write_atomic(path, text)
