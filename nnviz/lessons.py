"""Lessons: an ordered list of slides a teacher steps through (Qt-free).

A lesson file (`.nnviz-lesson`, UTF-8 JSON) looks like::

    {"format": "nnviz-lesson", "version": 1, "title": "From neurons to backprop",
     "slides": [
       {"title": "A neuron that computes AND",
        "scenario": "mcculloch-pitts",
        "settings": {"threshold": 2},
        "caption": "Two inputs, threshold 2: it fires only when both are on.",
        "locked": ["threshold"],
        "predict": {"question": "What does it output for 1, 0?", "answer": "0: one input ...",
                    "steps": 1, "hide": ["table"]},
        "clicker_steps": 4}
     ]}

Slide keys: `scenario` and `caption` are required; `title`, `settings` (passed to the
scenario's `load_state`, partial dicts allowed), `locked` (names of controls the slide
disables: the scenario's `named_controls`, listed per scenario in README "Lessons"; they stay
disabled whatever else changes on the slide, see Scenario.set_locked), `predict` (a question
shown first; the step waits until the teacher reveals the answer, then `steps` player steps
run — default 1, 0 for none; the views named in `hide`, e.g. a truth table that would give
the answer away, are veiled until then) and `clicker_steps` (how many presenter-clicker
presses step the player on this slide before the next press moves to the next slide;
default 0; only a scenario with a step player has steps to click, and the check a lesson
gets when it opens says so of any other: see slide_warnings) are optional. See README
"Lessons".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .files import MAX_FILE_BYTES, NnvizFileError, _decode, check_values, read_bytes

FORMAT = "nnviz-lesson"
VERSION = 1
SUFFIX = ".nnviz-lesson"
MAX_SLIDES = 500
MAX_STEPS = 10_000
MAX_REVEAL_STEPS = 100    # a reveal runs its steps one by one (10,000 froze the app 2 min)

LESSON_KEYS = {"format": True, "version": True, "title": True, "slides": True,
               "description": False, "author": False}
SLIDE_KEYS = {"scenario": True, "caption": True, "title": False, "settings": False,
              "locked": False, "predict": False, "clicker_steps": False}
PREDICT_KEYS = {"question": True, "answer": False, "steps": False, "hide": False}


@dataclass
class Prediction:
    question: str
    answer: str = ""
    steps: int = 1          # player steps run when the answer is revealed
    hide: list[str] = field(default_factory=list)   # views veiled until then (by name)


@dataclass
class Slide:
    scenario: str
    caption: str
    title: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    locked: list[str] = field(default_factory=list)
    predict: Prediction | None = None
    clicker_steps: int = 0


@dataclass
class Lesson:
    title: str
    slides: list[Slide]
    description: str = ""
    author: str = ""
    path: str = ""


def _keys(obj: Any, spec: dict[str, bool], path: str, place: str) -> None:
    if not isinstance(obj, dict):
        raise NnvizFileError(path, place, f"must be an object {{…}}, not {type(obj).__name__}")
    missing = [k for k, required in spec.items() if required and k not in obj]
    if missing:
        raise NnvizFileError(path, place, f"missing key(s): {', '.join(missing)}")
    extra = sorted(set(obj) - set(spec))
    if extra:
        raise NnvizFileError(path, place, f"unexpected key(s): {', '.join(extra)}; allowed: "
                                          f"{', '.join(spec)}")


def _text(obj: dict, key: str, path: str, place: str, required: bool = False) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise NnvizFileError(path, f"{place}.{key}", "must be text in quotes")
    if required and not value.strip():
        raise NnvizFileError(path, f"{place}.{key}", "must not be empty")
    return value


def _count(obj: dict, key: str, default: int, path: str, place: str,
           most: int = MAX_STEPS, why: str = "") -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise NnvizFileError(path, f"{place}.{key}",
                             f"must be a whole number from 0 to {most:,}, got "
                             f"{json.dumps(value)[:40]}{why}")
    return value


def _check_settings(settings: dict, path: str, place: str) -> None:
    """A slide's settings: finite, sane numbers, bounded nesting and lengths, and any network
    in them well formed (files.check_values). The range of a setting of the slide's own,
    though, is its scenario's to check (its load_state, tried on every slide by the check a
    lesson gets when it opens): the generic per-layer bound had refused the whole lesson
    with "out of range (0 … 4,096 per layer)" for n_inputs = 5000, where the
    McCulloch–Pitts neuron takes 1 to 4 inputs. The bound still holds inside a setting's
    own objects (a network's layers). Every scenario refuses an absurd size of its own
    at once (tests/classroom/test_lesson_input_checks.py)."""
    for key, value in settings.items():
        # (key "" for a number or a list: no generic size bound on the setting itself)
        check_values(value, path, f"{place}.{key}", 1, key if isinstance(value, dict) else "")


def _slide(obj: Any, path: str, place: str, known: list[str]) -> Slide:
    _keys(obj, SLIDE_KEYS, path, place)
    name = obj["scenario"]
    if not isinstance(name, str) or name not in known:
        raise NnvizFileError(path, f"{place}.scenario",
                             f"unknown scenario {json.dumps(name)[:60]}; known: {', '.join(known)}")
    settings = obj.get("settings", {})
    if not isinstance(settings, dict):
        raise NnvizFileError(path, f"{place}.settings", "must be an object {…} of settings")
    _check_settings(settings, path, f"{place}.settings")
    locked = obj.get("locked", [])
    if not isinstance(locked, list) or not all(isinstance(n, str) for n in locked):
        raise NnvizFileError(path, f"{place}.locked", "must be a list of control names")
    predict = None
    if "predict" in obj:
        p = obj["predict"]
        _keys(p, PREDICT_KEYS, path, f"{place}.predict")
        hide = p.get("hide", [])
        if not isinstance(hide, list) or not all(isinstance(n, str) for n in hide):
            raise NnvizFileError(path, f"{place}.predict.hide", "must be a list of view names")
        predict = Prediction(_text(p, "question", path, f"{place}.predict", True),
                             _text(p, "answer", path, f"{place}.predict"),
                             _count(p, "steps", 1, path, f"{place}.predict", MAX_REVEAL_STEPS,
                                    " (the reveal runs them one by one: for longer training "
                                    "let the class press ▶▶ train)"), list(hide))
    return Slide(name, _text(obj, "caption", path, place, True), _text(obj, "title", path, place),
                 settings, list(locked), predict, _count(obj, "clicker_steps", 0, path, place))


def slide_warnings(slide: Slide, scenario) -> list[str]:
    """What a slide asks that its scenario (built, with the slide's settings loaded) cannot
    do, in words for the lesson's author: the lesson still plays, and the check it gets
    when it opens (nnviz.ui.lesson_player.LessonPlayer.check) lists these with the slide's
    other problems. clicker_steps on a scenario with no step player (McCulloch–Pitts, the
    neuron, activations, gradient descent) had been ignored without a word: the clicker
    steps only a step player (its Page Up undoes the steps), so there they do nothing."""
    out = []
    if slide.clicker_steps and getattr(scenario, "player", None) is None:
        title = getattr(scenario, "title", "") or slide.scenario
        out.append(f"clicker_steps is {slide.clicker_steps}, but the {title} scenario "
                   f"({slide.scenario}) has no step player, so the presenter clicker has "
                   "nothing to step on this slide and Page Down goes straight to the next "
                   "slide: remove clicker_steps from this slide (or set it to 0)")
    return out


def parse(text: str | bytes, path: str = "<lesson>") -> Lesson:
    """Check and decode a lesson file's text. NnvizFileError (file, place, problem)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NnvizFileError(path, f"byte {exc.start}",
                                 "this is not a text file (not UTF-8)") from None
    if len(text) > MAX_FILE_BYTES:
        raise NnvizFileError(path, "", "the file is far too large for a lesson")
    data = _decode(text, path)
    if not isinstance(data, dict):
        raise NnvizFileError(path, "$", "a lesson must be a JSON object {…}")
    if data.get("format") != FORMAT:
        raise NnvizFileError(path, "$.format", f"expected \"{FORMAT}\", got "
                                               f"{json.dumps(data.get('format'))[:60]}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        newer = (" (written for a newer nnviz; please update)"
                 if isinstance(version, int) and not isinstance(version, bool)
                 and version > VERSION else "")
        raise NnvizFileError(path, "$.version", f"version {json.dumps(version)[:40]} is not "
                                                f"supported; this nnviz reads version {VERSION}"
                                                f"{newer}")
    _keys(data, LESSON_KEYS, path, "$")
    slides = data["slides"]
    if not isinstance(slides, list) or not slides:
        raise NnvizFileError(path, "$.slides", "must be a non-empty list of slides")
    if len(slides) > MAX_SLIDES:
        raise NnvizFileError(path, "$.slides", f"{len(slides):,} slides is too many "
                                               f"(at most {MAX_SLIDES})")
    from . import scenarios
    known = scenarios.names()
    parsed = [_slide(s, path, f"$.slides[{i}]", known) for i, s in enumerate(slides)]
    return Lesson(_text(data, "title", path, "$", True), parsed,
                  _text(data, "description", path, "$"), _text(data, "author", path, "$"), path)


def load(path: str | os.PathLike) -> Lesson:
    """Read and check a lesson file: a regular file of at most MAX_FILE_BYTES (a named pipe,
    a device or a folder gets a message saying so, and is never opened: see
    files.read_bytes)."""
    path = os.fspath(path)
    return parse(read_bytes(path), path)


def is_lesson(path: str | os.PathLike) -> bool:
    """True if the file looks like a lesson (by suffix, or by its "format" field,
    wherever it stands in the file: JSON keys come in any order, and a lesson whose
    "format" came after its first 4 KB had been refused as "a lesson, not a saved
    scenario")."""
    path = os.fspath(path)
    if path.endswith(SUFFIX):
        return True
    try:
        raw = read_bytes(path)   # (not a named pipe or a device: opening one had hung)
    except NnvizFileError:
        return False             # files.load, which reads it next, says what is wrong
    if f'"{FORMAT}"'.encode() not in raw:
        return False
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return True          # broken: opened as a lesson, whose reader says what is wrong
    return not isinstance(data, dict) or data.get("format") == FORMAT


def shipped() -> list[str]:
    """Paths of the lessons shipped in resources/lessons, sorted by file name."""
    from . import resources_path
    try:
        folder = resources_path("lessons")
    except FileNotFoundError:
        return []
    return sorted(str(p) for p in folder.glob(f"*{SUFFIX}"))
