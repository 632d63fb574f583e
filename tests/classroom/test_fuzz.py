"""Hypothesis fuzz of the loaders: random and mutated files only ever raise NnvizFileError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz import files, lessons
from nnviz.files import NnvizFileError

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

GOOD = files.dumps("mcculloch-pitts", {
    "threshold": 2, "n_inputs": 2, "kinds": ["excitatory", "inhibitory"],
    "network": {"layers": [{"W": [[0.5, -1.25], [2.0, 0.0]], "b": [0.1, -0.2],
                            "activation": "tanh"},
                           {"W": [[1.0, -1.0]], "b": [0.0], "activation": "sigmoid"}]}})
GOOD_LESSON = json.dumps({"format": "nnviz-lesson", "version": 1, "title": "T", "slides": [
    {"scenario": "mcculloch-pitts", "caption": "c", "settings": {"threshold": 1},
     "locked": ["threshold"], "predict": {"question": "q", "answer": "a", "steps": 1}}]})

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=5),
    max_leaves=30)


def _only_own_error(parse, text):
    try:
        parse(text, "fuzz.nnviz")
    except NnvizFileError as exc:
        assert str(exc).startswith("fuzz.nnviz")


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data):
    _only_own_error(files.parse, data)
    _only_own_error(lessons.parse, data)


@SETTINGS
@given(json_values)
def test_random_json(value):
    text = json.dumps(value)
    _only_own_error(files.parse, text)
    _only_own_error(lessons.parse, text)


@SETTINGS
@given(st.data())
def test_mutated_files(data):
    for good, parse in ((GOOD, files.parse), (GOOD_LESSON, lessons.parse)):
        raw = bytearray(good.encode())
        for _ in range(data.draw(st.integers(1, 6))):
            op = data.draw(st.sampled_from(["flip", "delete", "insert"]))
            i = data.draw(st.integers(0, len(raw) - 1))
            if op == "flip":
                raw[i] = data.draw(st.integers(0, 255))
            elif op == "delete":
                del raw[i]
            else:
                raw[i:i] = data.draw(st.sampled_from(
                    [b"NaN", b"1e999", b"[", b"{", b"-", b"9" * 12, b'"', b",", b"null"]))
        _only_own_error(parse, bytes(raw))


@SETTINGS
@given(st.data())
def test_structurally_mutated_state(data):
    """Replace any value inside a good file with a random JSON value."""
    doc = json.loads(GOOD)

    def paths(v, here=()):
        yield here
        if isinstance(v, dict):
            for k, item in v.items():
                yield from paths(item, here + (k,))
        elif isinstance(v, list):
            for i, item in enumerate(v):
                yield from paths(item, here + (i,))
    all_paths = [p for p in paths(doc) if p]
    target = data.draw(st.sampled_from(all_paths))
    node = doc
    for key in target[:-1]:
        node = node[key]
    node[target[-1]] = data.draw(json_values)
    _only_own_error(files.parse, json.dumps(doc))


def test_good_files_parse():
    assert files.parse(GOOD).scenario == "mcculloch-pitts"
    assert lessons.parse(GOOD_LESSON).slides[0].predict.steps == 1


def test_deep_nesting_and_huge_numbers_are_refused():
    import pytest
    with pytest.raises(NnvizFileError, match="nested"):
        files.parse('{"format": "nnviz", "version": 1, "scenario": "mcculloch-pitts", '
                    '"state": {"a": ' + "[" * 50 + "]" * 50 + "}}")
    with pytest.raises(NnvizFileError):
        files.parse("[" * 100_000 + "]" * 100_000)
    with pytest.raises(NnvizFileError) as exc:       # in plain words, not Python's advice
        files.parse('{"version": ' + "9" * 5000 + "}")
    assert "digits long" in str(exc.value) and "sys." not in str(exc.value)
